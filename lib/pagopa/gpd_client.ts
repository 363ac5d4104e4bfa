/**
 * Client of pagoPA GPD v1 (debt positions): create and publish, get, invalidate. Each call has a
 * timeout; network errors, timeouts and 5xx answers are retried with back-off (a retried create
 * that had in fact succeeded answers 409, which the caller confirms with a GET); 4xx are not.
 * Failures become `GpdError` with a code, Italian and English words for the office, and whether
 * trying again later may help.
 *
 * @module
 */

import type { GpdPosition } from "./gpd_mapping.ts";

export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export type GpdErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "already_exists"
  | "conflict"
  | "unavailable"
  | "timeout"
  | "unreachable"
  | "bad_response";

const MESSAGES: Record<GpdErrorCode, { it: string; en: string; transient: boolean }> = {
  bad_request: {
    it: "pagoPA ha respinto la posizione come non conforme",
    en: "pagoPA refused the position as malformed",
    transient: false,
  },
  unauthorized: {
    it: "pagoPA ha rifiutato la chiave di sottoscrizione GPD (Ocp-Apim-Subscription-Key)",
    en: "pagoPA refused the GPD subscription key (Ocp-Apim-Subscription-Key)",
    transient: false,
  },
  forbidden: {
    it: "La chiave GPD non è abilitata per il codice fiscale di questo Ente",
    en: "The GPD key is not enabled for this Ente's tax code",
    transient: false,
  },
  not_found: {
    it: "La posizione debitoria non esiste su pagoPA",
    en: "The debt position does not exist on pagoPA",
    transient: false,
  },
  already_exists: {
    it: "Su pagoPA esiste già una posizione con lo stesso identificativo o lo stesso IUV",
    en: "pagoPA already has a position with the same identifier or IUV",
    transient: false,
  },
  conflict: {
    it: "Lo stato della posizione su pagoPA non consente l'operazione",
    en: "The position's state on pagoPA does not allow the operation",
    transient: false,
  },
  unavailable: {
    it: "Il servizio GPD di pagoPA non è al momento disponibile; nuovo tentativo più tardi",
    en: "pagoPA's GPD service is currently unavailable; it will be tried again later",
    transient: true,
  },
  timeout: {
    it: "Il servizio GPD di pagoPA non ha risposto in tempo; nuovo tentativo più tardi",
    en: "pagoPA's GPD service did not answer in time; it will be tried again later",
    transient: true,
  },
  unreachable: {
    it: "Il servizio GPD di pagoPA non è raggiungibile; nuovo tentativo più tardi",
    en: "pagoPA's GPD service cannot be reached; it will be tried again later",
    transient: true,
  },
  bad_response: {
    it: "Il servizio GPD di pagoPA ha dato una risposta non comprensibile",
    en: "pagoPA's GPD service gave an answer that cannot be read",
    transient: true,
  },
};

export class GpdError extends Error {
  readonly code: GpdErrorCode;
  readonly it: string;
  readonly en: string;
  readonly transient: boolean;
  readonly status: number | null;

  constructor(code: GpdErrorCode, status: number | null, detail?: string) {
    const m = MESSAGES[code];
    const suffix = detail ? `: ${detail.slice(0, 300)}` : "";
    super(`${m.en}${suffix}`);
    this.code = code;
    this.it = `${m.it}${suffix}.`;
    this.en = `${m.en}${suffix}.`;
    this.transient = m.transient;
    this.status = status;
  }
}

export interface GpdClientOptions {
  /** e.g. `https://api.platform.pagopa.it/gpd/debt-positions-service/v1` */
  baseUrl: string;
  subscriptionKey: string;
  fetchFn?: FetchFn;
  timeoutMs?: number;
  /** Further attempts after the first, on network errors, timeouts and 5xx. */
  retries?: number;
  backoffMs?: number;
}

// deno-lint-ignore no-explicit-any
type Json = any;

function abortable<T>(signal: AbortSignal, p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export class GpdClient {
  readonly #o: Required<GpdClientOptions>;

  constructor(o: GpdClientOptions) {
    this.#o = {
      fetchFn: (i, init) => fetch(i, init),
      timeoutMs: 10_000,
      retries: 2,
      backoffMs: 500,
      ...o,
      baseUrl: o.baseUrl.replace(/\/$/, ""),
    };
  }

  async #call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const url = `${this.#o.baseUrl}${path}`;
    let last: GpdError | null = null;
    for (let attempt = 0; attempt <= this.#o.retries; attempt++) {
      if (attempt > 0) {
        await new Promise((r) => setTimeout(r, this.#o.backoffMs * 2 ** (attempt - 1)));
      }
      let res: Response;
      const signal = AbortSignal.timeout(this.#o.timeoutMs);
      try {
        // Raced against the signal too: a fetchFn that ignores it still times out.
        res = await abortable(
          signal,
          this.#o.fetchFn(url, {
            method,
            headers: {
              "Ocp-Apim-Subscription-Key": this.#o.subscriptionKey,
              "X-Request-Id": crypto.randomUUID(),
              accept: "application/json",
              ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal,
          }),
        );
      } catch (e) {
        const timedOut = e instanceof DOMException &&
          (e.name === "TimeoutError" || e.name === "AbortError");
        last = new GpdError(timedOut ? "timeout" : "unreachable", null);
        continue;
      }
      const text = await res.text();
      let parsed: Json = null;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          if (res.ok) throw new GpdError("bad_response", res.status);
        }
      }
      if (res.status >= 500) {
        last = new GpdError("unavailable", res.status, parsed?.detail);
        continue;
      }
      return { status: res.status, body: parsed };
    }
    throw last!;
  }

  #fail(status: number, body: Json, conflictCode: GpdErrorCode = "conflict"): never {
    const detail = typeof body?.detail === "string" ? body.detail : undefined;
    if (status === 400) throw new GpdError("bad_request", status, detail);
    if (status === 401) throw new GpdError("unauthorized", status);
    if (status === 403) throw new GpdError("forbidden", status);
    if (status === 404) throw new GpdError("not_found", status, detail);
    if (status === 409) throw new GpdError(conflictCode, status, detail);
    throw new GpdError("bad_response", status, detail);
  }

  static #path(org: string, iupd?: string, action?: string): string {
    let p = `/organizations/${encodeURIComponent(org)}/debtpositions`;
    if (iupd) p += `/${encodeURIComponent(iupd)}`;
    if (action) p += `/${action}`;
    return p;
  }

  /** Creates the position and publishes it at once (`toPublish=true`); 409 → `already_exists`. */
  async createAndPublish(org: string, position: GpdPosition): Promise<Json> {
    const r = await this.#call("POST", `${GpdClient.#path(org)}?toPublish=true`, position);
    if (r.status === 201) return r.body;
    this.#fail(r.status, r.body, "already_exists");
  }

  /** The position as GPD has it; null when it does not exist. */
  async get(org: string, iupd: string): Promise<Json | null> {
    const r = await this.#call("GET", GpdClient.#path(org, iupd));
    if (r.status === 200) return r.body;
    if (r.status === 404) return null;
    this.#fail(r.status, r.body);
  }

  /** Publishes a DRAFT position. */
  async publish(org: string, iupd: string): Promise<Json> {
    const r = await this.#call("POST", GpdClient.#path(org, iupd, "publish"));
    if (r.status === 200) return r.body;
    this.#fail(r.status, r.body);
  }

  /** Deletes a position not yet paid (a DRAFT that should never be published). */
  async delete(org: string, iupd: string): Promise<void> {
    const r = await this.#call("DELETE", GpdClient.#path(org, iupd));
    if (r.status === 200) return;
    this.#fail(r.status, r.body);
  }

  /** Invalidates a published position: it can no longer be paid. */
  async invalidate(org: string, iupd: string): Promise<Json> {
    const r = await this.#call("POST", GpdClient.#path(org, iupd, "invalidate"));
    if (r.status === 200) return r.body;
    this.#fail(r.status, r.body);
  }
}

/** GPD settings (`GPD_URL`, `GPD_SUBSCRIPTION_KEY`); both unset: null (in-process simulator). */
export interface GpdConfig {
  baseUrl: string;
  subscriptionKey: string;
  timeoutMs: number;
}

export function gpdFromEnv(env: Record<string, string | undefined>): GpdConfig | null {
  const url = env.GPD_URL?.trim();
  const key = env.GPD_SUBSCRIPTION_KEY?.trim();
  if (!url && !key) return null;
  if (!url || !key) {
    throw new Error(
      `Configurazione GPD incompleta, manca: ${!url ? "GPD_URL" : "GPD_SUBSCRIPTION_KEY"}`,
    );
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`GPD_URL non valido: ${url}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new Error(`GPD_URL deve essere un indirizzo https: ${url}`);
  }
  const timeoutMs = Number(env.GPD_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) {
    throw new Error(`GPD_TIMEOUT_MS non valido: ${env.GPD_TIMEOUT_MS}`);
  }
  return { baseUrl: u.href.replace(/\/$/, ""), subscriptionKey: key, timeoutMs };
}

/** The GPD client of this process; `simulator` is set when it talks to the in-process one. */
export interface GpdGateway {
  client: GpdClient;
  simulated: boolean;
  simulator?: import("../../simulators/gpd.ts").GpdSimulator;
}

/** A client wired to a fresh in-process simulator (embedded default, tests). */
export async function simulatedGpdGateway(
  opts: { timeoutMs?: number; retries?: number; backoffMs?: number } = {},
): Promise<GpdGateway> {
  const { createGpdSimulator, GPD_SIM_BASE } = await import("../../simulators/gpd.ts");
  const simulator = createGpdSimulator({ subscriptionKey: "simulatore-gpd" });
  const host = new URL(GPD_SIM_BASE).host;
  const fetchFn: FetchFn = (input, init) => {
    const req = new Request(input, init);
    return new URL(req.url).host === host ? Promise.resolve(simulator.fetch(req)) : fetch(req);
  };
  const client = new GpdClient({
    baseUrl: GPD_SIM_BASE,
    subscriptionKey: "simulatore-gpd",
    fetchFn,
    timeoutMs: opts.timeoutMs ?? 5_000,
    retries: opts.retries ?? 1,
    backoffMs: opts.backoffMs ?? 50,
  });
  return { client, simulated: true, simulator };
}

const gateways = new WeakMap<object, Promise<GpdGateway>>();

/** The gateway for a configuration object (built once): real GPD when `gpd` is set. */
export function gpdGateway(config: { gpd?: GpdConfig | null }): Promise<GpdGateway> {
  let g = gateways.get(config);
  if (!g) {
    const c = config.gpd;
    g = c
      ? Promise.resolve({
        client: new GpdClient({
          baseUrl: c.baseUrl,
          subscriptionKey: c.subscriptionKey,
          timeoutMs: c.timeoutMs,
        }),
        simulated: false,
      })
      : simulatedGpdGateway();
    gateways.set(config, g);
  }
  return g;
}

/** Replaces the gateway of a configuration (tests: a counting simulator, short timeouts). */
export function setGpdGateway(config: object, gateway: GpdGateway): void {
  gateways.set(config, Promise.resolve(gateway));
}

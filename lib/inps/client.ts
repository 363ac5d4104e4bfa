/**
 * INPS ISEE consultation over PDND: a voucher, then the SOAP call with `Authorization: Bearer`,
 * each attempt bounded by a timeout; transient failures (database offline, internal error, 5xx,
 * network, timeout) are retried with exponential backoff, everything else fails at once.
 *
 * ```ts
 * const r = await client.lookup({ tipo: "Minorenne", ricerca: { codiceFiscale, prestazione: "A2.12" } });
 * if (r.found) r.indicatore.isee_cents;
 * ```
 *
 * @module
 */

import type { TipoIndicatore } from "./codes.ts";
import { ESITO_ERROR, InpsError } from "./errors.ts";
import type { FetchFn, VoucherSource } from "./pdnd.ts";
import {
  type Attestazione,
  attestazioneRequest,
  type Identity,
  type Indicatore,
  indicatoreRequest,
  type Operation,
  parseAttestazione,
  parseIndicatore,
  parseSoapResponse,
  type RicercaCF,
  SOAP_ACTION_BASE,
  type SoapResult,
} from "./soap.ts";

export interface InpsClientOptions {
  url: string;
  identity: Identity;
  vouchers: VoucherSource;
  fetchFn?: FetchFn;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts after the first, for transient failures only. */
  retries?: number;
  /** First backoff; doubled at every retry, with jitter. */
  backoffMs?: number;
}

export type IseeLookup =
  | {
    found: true;
    idRichiesta: number;
    indicatore: Indicatore;
    attestazione: Attestazione | null;
  }
  | { found: false; idRichiesta: number; description: string | null };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class InpsClient {
  readonly #fetch: FetchFn;
  readonly #timeout: number;
  readonly #retries: number;
  readonly #backoff: number;

  constructor(private opts: InpsClientOptions) {
    this.#fetch = opts.fetchFn ?? fetch;
    this.#timeout = opts.timeoutMs ?? 15_000;
    this.#retries = opts.retries ?? 2;
    this.#backoff = opts.backoffMs ?? 500;
  }

  /**
   * The ISEE of `ricerca.codiceFiscale` (ConsultazioneIndicatore) and, when found and asked, the
   * attestation with its omissions/difformità (ConsultazioneAttestazione).
   */
  async lookup(
    q: { tipo: TipoIndicatore; ricerca: RicercaCF; attestazione?: boolean },
  ): Promise<IseeLookup> {
    const r = await this.call(
      "ConsultazioneIndicatore",
      indicatoreRequest(
        this.opts.identity,
        q.tipo,
        q.ricerca,
      ),
    );
    if (r.esito === "DATI_NON_TROVATI") {
      return { found: false, idRichiesta: r.idRichiesta, description: r.descrizione };
    }
    if (!r.xml) throw new InpsError("bad_response", { detail: "XmlEsitoIndicatore mancante" });
    const indicatore = parseIndicatore(r.xml);
    let attestazione: Attestazione | null = null;
    if (q.attestazione !== false) {
      const a = await this.call(
        "ConsultazioneAttestazione",
        attestazioneRequest(this.opts.identity, q.ricerca),
      );
      if (a.esito === "OK" && a.xml) attestazione = parseAttestazione(a.xml);
    }
    return { found: true, idRichiesta: r.idRichiesta, indicatore, attestazione };
  }

  /** One operation with retries; an Esito other than OK/DATI_NON_TROVATI is thrown. */
  async call(op: Operation, xml: string): Promise<SoapResult> {
    for (let attempt = 0;; attempt++) {
      try {
        const r = await this.#attempt(op, xml, attempt === 0);
        if (r.esito !== "OK" && r.esito !== "DATI_NON_TROVATI") {
          throw new InpsError(ESITO_ERROR[r.esito], { detail: r.descrizione ?? r.esito });
        }
        return r;
      } catch (e) {
        if (!(e instanceof InpsError) || !e.transient || attempt >= this.#retries) throw e;
        const wait = this.#backoff * 2 ** attempt;
        await sleep(wait / 2 + Math.random() * wait / 2);
      }
    }
  }

  async #attempt(op: Operation, xml: string, retryOn401: boolean): Promise<SoapResult> {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctl.abort();
        reject(new InpsError("timeout"));
      }, this.#timeout);
    });
    try {
      return await Promise.race([this.#send(op, xml, ctl.signal, retryOn401), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #send(
    op: Operation,
    xml: string,
    signal: AbortSignal,
    retryOn401: boolean,
  ): Promise<SoapResult> {
    const voucher = await this.opts.vouchers.get(signal);
    let res: Response;
    try {
      res = await this.#fetch(this.opts.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${voucher}`,
          "content-type": "text/xml; charset=utf-8",
          soapaction: `"${SOAP_ACTION_BASE}${op}"`,
          "inps-identity-userid": this.opts.identity.userId,
          "inps-identity-codiceufficio": this.opts.identity.officeCode,
        },
        body: xml,
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw new InpsError("timeout");
      throw new InpsError("inps_unreachable", { cause: e });
    }
    const body = await res.text();
    if (res.status === 401 || res.status === 403) {
      this.opts.vouchers.invalidate();
      if (res.status === 401 && retryOn401) return await this.#send(op, xml, signal, false);
      throw new InpsError("unauthorized", { detail: `HTTP ${res.status}` });
    }
    if (res.status >= 500 && !/<(\w+:)?Fault[\s>]/.test(body)) {
      throw new InpsError("inps_unavailable", { detail: `HTTP ${res.status}` });
    }
    if (!res.ok && res.status !== 500) {
      throw new InpsError(res.status === 429 ? "inps_unavailable" : "bad_response", {
        detail: `HTTP ${res.status}`,
      });
    }
    return parseSoapResponse(body, op);
  }
}

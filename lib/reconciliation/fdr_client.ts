/**
 * Client of FdR 3 for creditor institutions (`specs/fdr_organization.json`, copied unchanged
 * from pagoPA): the flows published for the Ente, one flow, its payments (paged). Every answer
 * is validated against the spec before it is used; a refusal names the operation and the field.
 *
 * @module
 */

import { OpenApiValidator } from "../pagopa/openapi_validate.ts";
import { romeDateOf } from "../calendar/dates.ts";
import type { FlowPayment, ParsedFlow } from "./fdr_xml.ts";

export type FetchFn = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

let validator: OpenApiValidator | undefined;

/** The FdR 3 organization API as pagoPA publishes it. */
export function fdrValidator(): OpenApiValidator {
  return validator ??= OpenApiValidator.fromFile(
    new URL("./specs/fdr_organization.json", import.meta.url),
  );
}

export interface FlowSummary {
  fdr: string;
  pspId: string;
  revision: number;
  published?: string;
  flowDate?: string;
}

export interface FdrFlow {
  status?: string;
  revision: number;
  fdr: string;
  fdrDate: string;
  regulation: string;
  regulationDate: string;
  bicCodePouringBank?: string;
  sender: {
    type: string;
    id: string;
    pspId: string;
    pspName: string;
    pspBrokerId: string;
    channelId: string;
  };
  receiver: { id: string; organizationId: string; organizationName: string };
  published?: string;
  totPayments: number;
  sumPayments: number;
}

export interface FdrPayment {
  index: number;
  iuv: string;
  iur: string;
  idTransfer: number;
  pay: number;
  payStatus: "EXECUTED" | "REVOKED" | "STAND_IN" | "STAND_IN_NO_RPT" | "NO_RPT";
  payDate: string;
}

interface Paged<T> {
  metadata?: { pageSize?: number; pageNumber?: number; totPage?: number };
  count?: number;
  data?: T[];
}

/** A refusal or a malformed answer of FdR, with what pagoPA said. */
export class FdrError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
    this.name = "FdrError";
  }
}

export const PAY_STATUS_CODE: Record<FdrPayment["payStatus"], FlowPayment["outcome_code"]> = {
  EXECUTED: 0,
  REVOKED: 3,
  STAND_IN: 4,
  STAND_IN_NO_RPT: 8,
  NO_RPT: 9,
};

export class FdrClient {
  #base: string;
  #key: string;
  #fetch: FetchFn;
  #timeoutMs: number;
  #pageSize: number;

  constructor(
    opts: {
      baseUrl: string;
      subscriptionKey: string;
      fetchFn?: FetchFn;
      timeoutMs?: number;
      /** Elements per page asked of the lists (1..1000). */
      pageSize?: number;
    },
  ) {
    this.#pageSize = opts.pageSize ?? 1000;
    this.#base = opts.baseUrl.replace(/\/+$/, "");
    this.#key = opts.subscriptionKey;
    this.#fetch = opts.fetchFn ?? fetch;
    this.#timeoutMs = opts.timeoutMs ?? 15_000;
  }

  async #get<T>(operationId: string, path: string, query: Record<string, string | number>) {
    const url = new URL(this.#base + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await this.#fetch(url, {
        headers: { "Ocp-Apim-Subscription-Key": this.#key, accept: "application/json" },
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      throw new FdrError(0, `FdR non raggiungibile: ${(e as Error).message}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new FdrError(res.status, `FdR ha risposto ${res.status} senza JSON`);
    }
    const check = fdrValidator().validateResponse(operationId, res.status, body);
    if (!check.valid) {
      const where = check.errors.slice(0, 3).map((e) => `${e.path} ${e.message}`).join("; ");
      throw new FdrError(res.status, `Risposta di FdR non conforme (${operationId}): ${where}`);
    }
    if (!res.ok) {
      const err = body as { appErrorCode?: string; errors?: { message?: string }[] };
      throw new FdrError(
        res.status,
        `FdR ha rifiutato la richiesta (${res.status} ${err.appErrorCode ?? ""}): ${
          err.errors?.map((e) => e.message).join("; ") ?? ""
        }`,
        err.appErrorCode,
      );
    }
    return body as T;
  }

  /** One page of the flows published for `organizationId` after `publishedGt`. */
  listPublished(
    organizationId: string,
    q: { publishedGt?: string; page?: number; size?: number; pspId?: string } = {},
  ): Promise<Paged<FlowSummary>> {
    const query: Record<string, string | number> = {
      page: q.page ?? 1,
      size: q.size ?? this.#pageSize,
    };
    if (q.publishedGt) query.publishedGt = q.publishedGt;
    if (q.pspId) query.pspId = q.pspId;
    return this.#get(
      "IOrganizationsController_getAllPublishedFlows",
      `/organizations/${encodeURIComponent(organizationId)}/fdrs`,
      query,
    );
  }

  getFlow(organizationId: string, s: FlowSummary): Promise<FdrFlow> {
    return this.#get(
      "IOrganizationsController_getSinglePublishedFlow",
      `/organizations/${encodeURIComponent(organizationId)}/fdrs/${encodeURIComponent(s.fdr)}` +
        `/revisions/${s.revision}/psps/${encodeURIComponent(s.pspId)}`,
      {},
    );
  }

  getPayments(
    organizationId: string,
    s: FlowSummary,
    page: number,
    size = this.#pageSize,
  ): Promise<Paged<FdrPayment>> {
    return this.#get(
      "IOrganizationsController_getPaymentsFromPublishedFlow",
      `/organizations/${encodeURIComponent(organizationId)}/fdrs/${encodeURIComponent(s.fdr)}` +
        `/revisions/${s.revision}/psps/${encodeURIComponent(s.pspId)}/payments`,
      { page, size },
    );
  }

  /** Every flow summary published after `publishedGt`, all pages. */
  async listAll(organizationId: string, publishedGt?: string): Promise<FlowSummary[]> {
    const out: FlowSummary[] = [];
    for (let page = 1;; page++) {
      const r = await this.listPublished(organizationId, { publishedGt, page });
      out.push(...(r.data ?? []));
      if (page >= (r.metadata?.totPage ?? 1) || !(r.data ?? []).length) return out;
    }
  }

  /** A flow with all its payments, as the Ente stores it, and the raw JSON it came from. */
  async fetchFlow(
    organizationId: string,
    s: FlowSummary,
  ): Promise<{ flow: ParsedFlow; raw: string }> {
    const f = await this.getFlow(organizationId, s);
    const payments: FdrPayment[] = [];
    for (let page = 1;; page++) {
      const r = await this.getPayments(organizationId, s, page);
      payments.push(...(r.data ?? []));
      if (page >= (r.metadata?.totPage ?? 1) || !(r.data ?? []).length) break;
    }
    return { flow: toParsedFlow(f, payments), raw: JSON.stringify({ flow: f, payments }) };
  }
}

/** Euro as a JSON number → cents (two decimals at most, as the spec's pattern says). */
export function euroToCents(n: number): number {
  return Math.round(n * 100);
}

/** An FdR 3 flow and its payments in the shape an uploaded XML flow has. */
export function toParsedFlow(f: FdrFlow, payments: FdrPayment[]): ParsedFlow {
  return {
    flow_ref: f.fdr,
    revision: f.revision,
    flow_at: new Date(f.fdrDate).toISOString(),
    regulation_ref: f.regulation.slice(0, 35),
    regulation_date: f.regulationDate,
    psp_id: f.sender.pspId,
    psp_name: f.sender.pspName ?? null,
    bic: f.bicCodePouringBank ?? null,
    receiver_id: f.receiver.organizationId,
    receiver_name: f.receiver.organizationName ?? null,
    declared_count: f.totPayments,
    declared_cents: euroToCents(f.sumPayments),
    payments: [...payments].sort((a, b) => a.index - b.index).map((p, i) => ({
      idx: i + 1,
      iuv: p.iuv,
      iur: p.iur,
      transfer_index: p.idTransfer,
      amount_cents: euroToCents(p.pay),
      outcome_code: PAY_STATUS_CODE[p.payStatus],
      outcome_date: romeDateOf(new Date(p.payDate)),
    })),
  };
}

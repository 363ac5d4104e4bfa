/**
 * pagoPA GPD (Gestione Posizioni Debitorie) v1 for tests and the embedded default: the debt
 * positions API of `openapi/gpd.json` (copied unchanged from pagopa/pagopa-api) — create
 * (optionally `toPublish=true`), get, list, update, delete, publish, invalidate — kept in memory.
 *
 * Every request is checked for the `Ocp-Apim-Subscription-Key` (else 401) and validated against
 * the OpenAPI file (else the spec's 400 problem naming each wrong field); every response it sends
 * is validated too, and any deviation is recorded in `violations` (tests assert there is none).
 * The state machine is GPD's: DRAFT → VALID on publish (or at once with `toPublish`), VALID →
 * INVALID on invalidate, PARTIALLY_PAID/PAID when options are paid (`markPaid`, the hook the
 * receipts simulator uses); paid positions cannot be updated, deleted or invalidated (409).
 *
 * @module
 */

import { Hono } from "hono";
import { gpdValidator, type ValidationIssue } from "../lib/pagopa/openapi_validate.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

export const GPD_SIM_BASE = "http://gpd.simulatore.invalid/gpd/debt-positions-service/v1";
const BASE_PATH = "/gpd/debt-positions-service/v1";

type Status = "DRAFT" | "PUBLISHED" | "VALID" | "INVALID" | "EXPIRED" | "PARTIALLY_PAID" | "PAID";

interface Stored {
  org: string;
  body: Json;
  status: Status;
  insertedDate: string;
  publishDate?: string;
  paymentDate?: string;
  lastUpdatedDate: string;
  paid: Map<string, { date: string; receipt: string; psp: string }>;
}

export interface GpdSimOptions {
  /** The accepted subscription key; `null` accepts any non-empty key. */
  subscriptionKey?: string | null;
  /** Organizations (Ente CF) the key may act for; absent = any (403 otherwise). */
  organizations?: string[];
  /** The clock (tests). */
  now?: () => Date;
}

export interface SimRequestLog {
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  requestErrors: ValidationIssue[];
}

const problem = (status: number, title: string, detail: string) =>
  ({ title, status, detail }) as const;

/** The GPD simulator: `fetch` answers like the real service under `GPD_SIM_BASE`. */
export function createGpdSimulator(opts: GpdSimOptions = {}) {
  const validator = gpdValidator();
  const now = opts.now ?? (() => new Date());
  const positions = new Map<string, Stored>(); // `${org}|${iupd}`
  const iuvs = new Map<string, string>(); // `${org}|${iuv}` → iupd
  const violations: { operationId: string; status: number; errors: ValidationIssue[] }[] = [];
  const requests: SimRequestLog[] = [];
  const failures: { status: number; operationId?: string }[] = [];
  let delayMs = 0;

  const key = (org: string, iupd: string) => `${org}|${iupd}`;
  const stamp = () => now().toISOString();

  function view(p: Stored): Json {
    const b = p.body;
    return {
      iupd: b.iupd,
      organizationFiscalCode: p.org,
      type: b.type,
      companyName: b.companyName,
      ...(b.officeName !== undefined ? { officeName: b.officeName } : {}),
      insertedDate: p.insertedDate,
      ...(p.publishDate ? { publishDate: p.publishDate } : {}),
      ...(b.validityDate ? { validityDate: b.validityDate } : {}),
      ...(p.paymentDate ? { paymentDate: p.paymentDate } : {}),
      status: p.status,
      lastUpdatedDate: p.lastUpdatedDate,
      paymentOption: (b.paymentOption ?? []).map((o: Json) => {
        const paid = p.paid.get(o.iuv);
        return {
          nav: o.nav ?? `3${o.iuv}`,
          iuv: o.iuv,
          organizationFiscalCode: p.org,
          amount: o.amount,
          description: o.description,
          isPartialPayment: o.isPartialPayment,
          dueDate: o.dueDate,
          ...(o.retentionDate ? { retentionDate: o.retentionDate } : {}),
          ...(paid
            ? { paymentDate: paid.date, idReceipt: paid.receipt, pspCompany: paid.psp }
            : {}),
          insertedDate: p.insertedDate,
          fee: o.fee ?? 0,
          notificationFee: 0,
          status: paid ? "PO_PAID" : "PO_UNPAID",
          lastUpdatedDate: p.lastUpdatedDate,
          paymentOptionMetadata: o.paymentOptionMetadata ?? [],
          transfer: (o.transfer ?? []).map((t: Json) => ({
            organizationFiscalCode: t.organizationFiscalCode ?? p.org,
            ...(t.companyName !== undefined ? { companyName: t.companyName } : {}),
            idTransfer: t.idTransfer,
            amount: t.amount,
            remittanceInformation: t.remittanceInformation,
            category: t.category,
            ...(t.iban ? { iban: t.iban } : {}),
            ...(t.postalIban ? { postalIban: t.postalIban } : {}),
            insertedDate: p.insertedDate,
            status: "T_UNREPORTED",
            lastUpdatedDate: p.lastUpdatedDate,
            transferMetadata: t.transferMetadata ?? [],
          })),
        };
      }),
    };
  }

  /** The model echoed by create/update/publish/invalidate: the request body plus status. */
  const echo = (p: Stored): Json => ({ ...p.body, status: p.status });

  /** Checks beyond the schema that GPD makes: amounts add up, IUVs unique. */
  function semantic(org: string, body: Json, iupd: string): string | null {
    const options: Json[] = body.paymentOption ?? [];
    if (!options.length) return "paymentOption: at least one payment option is required";
    const seen = new Set<string>();
    for (const [i, o] of options.entries()) {
      if (!/^[0-9]{17}$/.test(o.iuv)) return `paymentOption[${i}].iuv: 17 digits expected`;
      if (o.nav !== undefined && o.nav !== `3${o.iuv}`) {
        return `paymentOption[${i}].nav: must be the aux digit 3 followed by the iuv`;
      }
      if (seen.has(o.iuv)) return `paymentOption[${i}].iuv: duplicated in the position`;
      seen.add(o.iuv);
      const owner = iuvs.get(`${org}|${o.iuv}`);
      if (owner && owner !== iupd) return `CONFLICT:iuv ${o.iuv} already used by another position`;
      const transfers: Json[] = o.transfer ?? [];
      if (!transfers.length) return `paymentOption[${i}].transfer: at least one transfer`;
      const sum = transfers.reduce((s, t) => s + t.amount, 0);
      if (sum !== o.amount) {
        return `paymentOption[${i}]: the transfers total ${sum}, the option ${o.amount}`;
      }
      for (const [j, t] of transfers.entries()) {
        if (!t.iban && !t.postalIban && !t.stamp) {
          return `paymentOption[${i}].transfer[${j}]: iban, postalIban or stamp is required`;
        }
        if (!/^[0-9]\/[0-9A-Z]{9,}\/$/.test(t.category)) {
          return `paymentOption[${i}].transfer[${j}].category: not a taxonomy code`;
        }
      }
    }
    return null;
  }

  function store(org: string, body: Json, publish: boolean, prev?: Stored): Stored {
    if (prev) {
      for (const o of prev.body.paymentOption ?? []) iuvs.delete(`${org}|${o.iuv}`);
    }
    const t = stamp();
    const p: Stored = {
      org,
      body,
      status: publish ? "VALID" : "DRAFT",
      insertedDate: prev?.insertedDate ?? t,
      publishDate: publish ? t : undefined,
      lastUpdatedDate: t,
      paid: new Map(),
    };
    positions.set(key(org, body.iupd), p);
    for (const o of body.paymentOption ?? []) iuvs.set(`${org}|${o.iuv}`, body.iupd);
    return p;
  }

  type Answer = { status: number; body?: Json };

  function handle(opId: string, org: string, params: Record<string, string>, url: URL, body: Json) {
    const p = params.iupd ? positions.get(key(org, params.iupd)) : undefined;
    const notFound = (): Answer => ({
      status: 404,
      body: problem(404, "Not Found", `No debt position found for ${org} and ${params.iupd}`),
    });
    const conflict = (detail: string): Answer => ({
      status: 409,
      body: problem(409, "Conflict", detail),
    });
    const toPublish = url.searchParams.get("toPublish") === "true";
    switch (opId) {
      case "createPosition": {
        if (positions.has(key(org, body.iupd))) {
          return conflict(`Debt position ${body.iupd} already exists for ${org}`);
        }
        const err = semantic(org, body, body.iupd);
        if (err?.startsWith("CONFLICT:")) return conflict(err.slice(9));
        if (err) return { status: 400, body: problem(400, "Bad Request", err) };
        return { status: 201, body: echo(store(org, body, toPublish)) };
      }
      case "getOrganizationDebtPositionByIUPD":
        return p ? { status: 200, body: view(p) } : notFound();
      case "getOrganizationDebtPositions": {
        const limit = Number(url.searchParams.get("limit") ?? 10);
        const page = Number(url.searchParams.get("page") ?? 0);
        const status = url.searchParams.get("status");
        const desc = (url.searchParams.get("ordering") ?? "DESC") === "DESC";
        const all = [...positions.values()]
          .filter((x) => x.org === org && (!status || x.status === status))
          .sort((a, b) =>
            (a.insertedDate.localeCompare(b.insertedDate) ||
              a.body.iupd.localeCompare(b.body.iupd)) * (desc ? -1 : 1)
          );
        const list = all.slice(page * limit, (page + 1) * limit);
        return {
          status: 200,
          body: {
            payment_position_list: list.map(view),
            page_info: {
              page,
              limit,
              items_found: list.length,
              total_pages: Math.ceil(all.length / limit),
            },
          },
        };
      }
      case "updatePosition": {
        if (!p) return notFound();
        if (body.iupd !== params.iupd) {
          return { status: 400, body: problem(400, "Bad Request", "iupd differs from the path") };
        }
        if (!["DRAFT", "PUBLISHED", "VALID"].includes(p.status)) {
          return conflict(`Debt position ${params.iupd} is ${p.status}: it cannot be updated`);
        }
        const err = semantic(org, body, body.iupd);
        if (err?.startsWith("CONFLICT:")) return conflict(err.slice(9));
        if (err) return { status: 400, body: problem(400, "Bad Request", err) };
        return { status: 200, body: echo(store(org, body, toPublish, p)) };
      }
      case "deletePosition": {
        if (!p) return notFound();
        if (!["DRAFT", "PUBLISHED", "VALID", "INVALID", "EXPIRED"].includes(p.status)) {
          return conflict(`Debt position ${params.iupd} has payments: it cannot be deleted`);
        }
        positions.delete(key(org, params.iupd));
        for (const o of p.body.paymentOption ?? []) iuvs.delete(`${org}|${o.iuv}`);
        return { status: 200, body: "OK" };
      }
      case "publishPosition": {
        if (!p) return notFound();
        if (p.status !== "DRAFT") {
          return conflict(`Debt position ${params.iupd} is ${p.status}: not in publishable state`);
        }
        p.status = "VALID";
        p.publishDate = p.lastUpdatedDate = stamp();
        return { status: 200, body: echo(p) };
      }
      case "invalidatePosition": {
        if (!p) return notFound();
        if (p.status !== "VALID" && p.status !== "PUBLISHED") {
          return conflict(`Debt position ${params.iupd} is ${p.status}: not in invalidable state`);
        }
        p.status = "INVALID";
        p.lastUpdatedDate = stamp();
        return { status: 200, body: echo(p) };
      }
      default:
        return { status: 500, body: problem(500, "Not Implemented", `${opId} is not simulated`) };
    }
  }

  const app = new Hono();
  app.all("*", async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.startsWith(BASE_PATH)
      ? url.pathname.slice(BASE_PATH.length)
      : url.pathname;
    const requestId = c.req.header("x-request-id") ?? crypto.randomUUID();
    const raw = c.req.method === "GET" || c.req.method === "DELETE" ? "" : await c.req.text();
    let body: Json = undefined;
    let badJson = false;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const check = validator.validateRequest({
      method: c.req.method,
      path,
      query: url.searchParams,
      headers: c.req.raw.headers,
      body,
    });
    const op = check.operation;
    const log: SimRequestLog = {
      method: c.req.method,
      path,
      operationId: op?.operationId ?? null,
      status: 0,
      requestErrors: check.errors,
    };
    requests.push(log);
    // A long-running embedded simulator keeps only the recent log.
    if (requests.length > 2000) requests.splice(0, requests.length - 1000);
    const reply = (status: number, payload?: Json) => {
      log.status = status;
      if (op) {
        const r = validator.validateResponse(op.operationId, status, payload);
        if (!r.valid) violations.push({ operationId: op.operationId, status, errors: r.errors });
      }
      const headers = new Headers({ "X-Request-Id": requestId });
      if (payload === undefined) return new Response(null, { status, headers });
      headers.set("content-type", "application/json");
      return new Response(JSON.stringify(payload), { status, headers });
    };
    if (!op) return reply(404, problem(404, "Not Found", `No operation ${c.req.method} ${path}`));
    const given = c.req.header("ocp-apim-subscription-key");
    const expected = opts.subscriptionKey ?? null;
    if (!given || (expected !== null && given !== expected)) return reply(401);
    const org = op.pathParams.organizationfiscalcode;
    if (opts.organizations && !opts.organizations.includes(org)) {
      return reply(403, {
        statusCode: 403,
        message: "You are not allowed to access this resource.",
      });
    }
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const fail = failures.findIndex((f) => !f.operationId || f.operationId === op.operationId);
    if (fail >= 0) {
      const [f] = failures.splice(fail, 1);
      return reply(f.status, problem(f.status, "Service Unavailable", "Simulated outage"));
    }
    if (badJson) return reply(400, problem(400, "Bad Request", "The body is not valid JSON"));
    if (!check.valid) {
      const detail = check.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
      return reply(400, problem(400, "BAD REQUEST", detail));
    }
    const a = handle(op.operationId, org, op.pathParams, url, body);
    return reply(a.status, a.body);
  });

  return {
    app,
    fetch: (req: Request) => app.fetch(req),
    positions,
    requests,
    violations,
    /** The next `count` calls (of `operationId`, or any) answer `status` (500 by default). */
    failNext(count = 1, status = 500, operationId?: string) {
      for (let i = 0; i < count; i++) failures.push({ status, operationId });
    },
    /** Every answer waits `ms` first (client timeouts). */
    setDelay(ms: number) {
      delayMs = ms;
    },
    /** The position as GET returns it, or null. */
    get(org: string, iupd: string): Json | null {
      const p = positions.get(key(org, iupd));
      return p ? view(p) : null;
    },
    /**
     * Marks the option with `iuvOrNav` paid (the receipts hook): an instalment makes the
     * position PARTIALLY_PAID until all are paid; the full option (or the last instalment) PAID.
     * Null when no payable option has that number.
     */
    markPaid(
      org: string,
      iuvOrNav: string,
      r: { receiptId?: string; psp?: string; paidAt?: Date } = {},
    ): { iupd: string; iuv: string; amount: number; status: Status } | null {
      const iuv = iuvOrNav.length === 18 ? iuvOrNav.slice(1) : iuvOrNav;
      const iupd = iuvs.get(`${org}|${iuv}`);
      const p = iupd ? positions.get(key(org, iupd)) : undefined;
      if (!p || !["VALID", "PUBLISHED", "PARTIALLY_PAID"].includes(p.status)) return null;
      const options: Json[] = p.body.paymentOption;
      const o = options.find((x) => x.iuv === iuv)!;
      if (p.paid.has(iuv)) return { iupd: p.body.iupd, iuv, amount: o.amount, status: p.status };
      const date = (r.paidAt ?? now()).toISOString();
      p.paid.set(iuv, {
        date,
        receipt: r.receiptId ?? crypto.randomUUID().replaceAll("-", ""),
        psp: r.psp ?? "PSP Simulato",
      });
      const instalments = options.filter((x) => x.isPartialPayment);
      const complete = !o.isPartialPayment || instalments.every((x) => p.paid.has(x.iuv));
      p.status = complete ? "PAID" : "PARTIALLY_PAID";
      if (complete) p.paymentDate = date;
      p.lastUpdatedDate = date;
      return { iupd: p.body.iupd, iuv, amount: o.amount, status: p.status };
    },
  };
}

export type GpdSimulator = ReturnType<typeof createGpdSimulator>;

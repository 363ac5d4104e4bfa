/**
 * pagoPA FdR 3 for creditor institutions (`lib/reconciliation/specs/fdr_organization.json`,
 * copied unchanged from pagopa/pagopa-api) for tests and the embedded default: the flows
 * published for an Ente (paged, filtered by publication date and PSP), one flow by name,
 * revision and PSP, and its payments (paged). Flows are put in with `publish()`.
 *
 * Every request is checked for the subscription key (header `Ocp-Apim-Subscription-Key` or
 * query `subscription-key`, else 401 as the API gateway answers) and validated against the
 * spec (else its 400 ErrorResponse naming each wrong field); every response the service sends
 * is validated too, and any deviation is recorded in `violations` (tests assert there is none).
 *
 * @module
 */

import { Hono } from "hono";
import type { FdrFlow, FdrPayment, FlowSummary } from "../lib/reconciliation/fdr_client.ts";
import { fdrValidator } from "../lib/reconciliation/fdr_client.ts";
import type { ValidationIssue } from "../lib/pagopa/openapi_validate.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

export const FDR_SIM_BASE = "http://fdr.simulatore.invalid/fdr-org/service/v1";
const BASE_PATH = "/fdr-org/service/v1";

export interface FdrSimOptions {
  /** The accepted subscription key; `null` accepts any non-empty key. */
  subscriptionKey?: string | null;
  now?: () => Date;
}

interface Published {
  flow: FdrFlow;
  payments: FdrPayment[];
  published: string;
}

export interface FdrSimRequest {
  path: string;
  operationId: string | null;
  status: number;
  requestErrors: ValidationIssue[];
}

const error = (
  status: number,
  description: string,
  code: string,
  message: string,
  path?: string,
) => ({
  httpStatusCode: status,
  httpStatusDescription: description,
  appErrorCode: code,
  errors: [{ ...(path ? { path } : {}), message }],
});

/** Start of the previous calendar month at 00:00 UTC: the API's default lower bound. */
function defaultLowerBound(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
}

export function createFdrSimulator(opts: FdrSimOptions = {}) {
  const validator = fdrValidator();
  const now = opts.now ?? (() => new Date());
  const flows: Published[] = [];
  const violations: { operationId: string; status: number; errors: ValidationIssue[] }[] = [];
  const requests: FdrSimRequest[] = [];

  const find = (org: string, fdr: string, revision: number, psp: string) =>
    flows.find((f) =>
      f.flow.receiver.organizationId === org && f.flow.fdr === fdr &&
      f.flow.revision === revision && f.flow.sender.pspId === psp
    );

  function page<T>(items: T[], url: URL) {
    const size = Number(url.searchParams.get("size") ?? 1000);
    const n = Number(url.searchParams.get("page") ?? 1);
    const totPage = Math.max(1, Math.ceil(items.length / size));
    const data = items.slice((n - 1) * size, n * size);
    return { metadata: { pageSize: size, pageNumber: n, totPage }, count: data.length, data };
  }

  function handle(
    opId: string,
    p: Record<string, string>,
    url: URL,
  ): { status: number; body: Json } {
    const org = p.organizationId;
    if (opId === "IOrganizationsController_getAllPublishedFlows") {
      const gt = url.searchParams.get("publishedGt");
      const flowDate = url.searchParams.get("flowDate");
      const psp = url.searchParams.get("pspId");
      const lower = gt ? new Date(gt) : defaultLowerBound(now());
      const items: FlowSummary[] = flows
        .filter((f) => f.flow.receiver.organizationId === org)
        .filter((f) => new Date(f.published) > lower)
        .filter((f) => !flowDate || new Date(f.flow.fdrDate) >= new Date(flowDate))
        .filter((f) => !psp || f.flow.sender.pspId === psp)
        .sort((a, b) => a.published.localeCompare(b.published))
        .map((f) => ({
          fdr: f.flow.fdr,
          pspId: f.flow.sender.pspId,
          revision: f.flow.revision,
          published: f.published,
          flowDate: f.flow.fdrDate,
        }));
      return { status: 200, body: page(items, url) };
    }
    const f = find(org, p.fdr, Number(p.revision), p.pspId);
    if (!f) {
      return {
        status: 404,
        body: error(404, "Not Found", "FDR-0702", `Reporting Fdr [${p.fdr}] not found`),
      };
    }
    if (opId === "IOrganizationsController_getSinglePublishedFlow") {
      return {
        status: 200,
        body: {
          status: "PUBLISHED",
          ...f.flow,
          published: f.published,
          computedTotPayments: f.payments.length,
          computedSumPayments: Math.round(f.payments.reduce((s, x) => s + x.pay * 100, 0)) / 100,
        },
      };
    }
    return { status: 200, body: page(f.payments, url) };
  }

  const app = new Hono();
  app.all("*", (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.startsWith(BASE_PATH)
      ? url.pathname.slice(BASE_PATH.length)
      : url.pathname;
    const check = validator.validateRequest({
      method: c.req.method,
      path,
      query: url.searchParams,
      headers: c.req.raw.headers,
    });
    const op = check.operation;
    const log: FdrSimRequest = {
      path,
      operationId: op?.operationId ?? null,
      status: 0,
      requestErrors: check.errors,
    };
    requests.push(log);
    const reply = (status: number, payload: Json, validate = true) => {
      log.status = status;
      if (op && validate) {
        const r = validator.validateResponse(op.operationId, status, payload);
        if (!r.valid) violations.push({ operationId: op.operationId, status, errors: r.errors });
      }
      return Response.json(payload, { status });
    };
    const key = c.req.header("ocp-apim-subscription-key") ??
      url.searchParams.get("subscription-key");
    const expected = opts.subscriptionKey ?? null;
    // The API gateway answers before the service: its 401 is not part of the service's spec.
    if (!key || (expected !== null && key !== expected)) {
      return reply(401, {
        statusCode: 401,
        message: "Access denied due to invalid subscription key.",
      }, false);
    }
    if (!op) {
      return reply(404, { statusCode: 404, message: "Resource not found" }, false);
    }
    if (!check.valid) {
      return reply(
        400,
        {
          ...error(400, "Bad Request", "FDR-0702", "Bad request"),
          errors: check.errors.map((e) => ({ path: e.path, message: e.message })),
        },
      );
    }
    const a = handle(op.operationId, op.pathParams, url);
    return reply(a.status, a.body);
  });

  return {
    app,
    fetch: async (req: Request): Promise<Response> => await app.fetch(req),
    flows,
    requests,
    violations,
    /** Publishes a flow with its payments for its receiver (`receiver.organizationId`). */
    publish(flow: FdrFlow, payments: FdrPayment[], published: Date = now()) {
      flows.push({ flow: { ...flow }, payments, published: published.toISOString() });
    },
  };
}

export type FdrSimulator = ReturnType<typeof createFdrSimulator>;

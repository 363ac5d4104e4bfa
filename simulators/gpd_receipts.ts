/**
 * pagoPA GPD payments-receipts API (`openapi/gpd_payments.json`, copied unchanged from
 * pagopa/pagopa-api) for tests and the embedded default: `GET /payments/{org}/receipts` (a page
 * of the Ente's receipts) and `GET /payments/{org}/receipts/{iuv}` (the receipt as XML, the
 * paSendRTV2 the Nodo stored), kept in memory. Requests need `Ocp-Apim-Subscription-Key` (401)
 * and are validated against the spec (400 naming the wrong parameter); every response is
 * validated too and deviations are recorded in `violations`.
 *
 * @module
 */

import { Hono } from "hono";
import { OpenApiValidator, type ValidationIssue } from "../lib/pagopa/openapi_validate.ts";
import { paSendRTV2Request, type RtV2 } from "../lib/pagopa/rt_xml.ts";

export const GPD_RECEIPTS_SIM_BASE =
  "http://gpd-receipts.simulatore.invalid/gpd/payments-receipts-service/v1";
const BASE_PATH = "/gpd/payments-receipts-service/v1";

let validator: OpenApiValidator | undefined;
export const gpdPaymentsValidator = () =>
  validator ??= OpenApiValidator.fromFile(new URL("./openapi/gpd_payments.json", import.meta.url));

interface StoredReceipt {
  org: string;
  iuv: string;
  debtor: string;
  paymentDateTime: string;
  xml: string;
}

export function createGpdReceiptsSimulator(opts: { subscriptionKey?: string } = {}) {
  const receipts = new Map<string, StoredReceipt>();
  const violations: { operationId: string; errors: ValidationIssue[] }[] = [];
  const calls: { path: string; status: number }[] = [];
  const app = new Hono().basePath(BASE_PATH);
  const spec = gpdPaymentsValidator();

  const json = (op: string, status: number, body: unknown) => {
    const r = spec.validateResponse(op, status, body);
    if (!r.valid) violations.push({ operationId: op, errors: r.errors });
    return Response.json(body, { status, headers: { "x-request-id": crypto.randomUUID() } });
  };

  app.use("*", async (c, next) => {
    const key = c.req.header("ocp-apim-subscription-key");
    if (!key || (opts.subscriptionKey && key !== opts.subscriptionKey)) {
      calls.push({ path: c.req.path, status: 401 });
      return new Response(null, { status: 401 });
    }
    const url = new URL(c.req.url);
    const check = spec.validateRequest({
      method: c.req.method,
      path: url.pathname.slice(BASE_PATH.length),
      query: url.searchParams,
      headers: c.req.raw.headers,
    });
    if (!check.valid) {
      calls.push({ path: c.req.path, status: 400 });
      return Response.json({
        title: "Bad Request",
        status: 400,
        detail: check.errors.map((e) => `${e.path}: ${e.message}`).join("; "),
      }, { status: 400 });
    }
    await next();
    calls.push({ path: c.req.path, status: c.res.status });
  });

  app.get("/payments/:org/receipts", (c) => {
    const org = c.req.param("org");
    const page = Number(c.req.query("pageNum") ?? 0);
    const size = Number(c.req.query("pageSize") ?? 20);
    const prefix = c.req.query("debtorOrIuv");
    const all = [...receipts.values()].filter((r) =>
      r.org === org && (!prefix || r.iuv.startsWith(prefix) || r.debtor.startsWith(prefix))
    );
    if (all.length === 0) {
      return json("getOrganizationReceipts", 404, {
        title: "Not found",
        status: 404,
        detail: "No receipts found",
      });
    }
    const results = all.slice(page * size, page * size + size).map((r) => ({
      organizationFiscalCode: r.org,
      iuv: r.iuv,
      debtor: r.debtor,
      paymentDateTime: r.paymentDateTime,
    }));
    return json("getOrganizationReceipts", 200, {
      currentPageNumber: page,
      length: results.length,
      totalPages: Math.ceil(all.length / size),
      results,
    });
  });

  app.get("/payments/:org/receipts/:iuv", (c) => {
    const r = receipts.get(`${c.req.param("org")}|${c.req.param("iuv")}`);
    if (!r) {
      return json("getReceiptByIUV", 404, {
        title: "Not found",
        status: 404,
        detail: "No receipt found",
      });
    }
    return new Response(r.xml, {
      status: 200,
      headers: { "content-type": "application/xml", "x-request-id": crypto.randomUUID() },
    });
  });

  return {
    app,
    fetch: (req: Request) => Promise.resolve(app.fetch(req)),
    receipts,
    violations,
    calls,
    /** Records a payment as the Nodo would (its paSendRTV2); returns the stored XML. */
    pay(rt: RtV2): string {
      const xml = paSendRTV2Request(rt);
      receipts.set(`${rt.fiscalCodePA}|${rt.noticeNumber.slice(1)}`, {
        org: rt.fiscalCodePA,
        iuv: rt.noticeNumber.slice(1),
        debtor: rt.debtor.id,
        paymentDateTime: rt.paymentDateTime,
        xml,
      });
      return xml;
    },
  };
}

export type GpdReceiptsSimulator = ReturnType<typeof createGpdReceiptsSimulator>;

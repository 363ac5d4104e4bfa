import { defineApi } from "../../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { MAX_FLOW_BYTES, parseFlowXml } from "../../../../../lib/reconciliation/fdr_xml.ts";
import { listFlows } from "../../../../../lib/reconciliation/queries.ts";
import {
  FlowImported,
  FlowPage,
  FlowsQuery,
  FlowUpload,
} from "../../../../../lib/reconciliation/schemas.ts";
import { importFlow } from "../../../../../lib/reconciliation/store.ts";

export const handler = defineApi({
  GET: {
    summary: "Reporting flows (FdR) received by the Ente",
    description: "Newest settlement first, each with its match and the treasury movement that " +
      "carried it. Filter by `status`.",
    tags: ["reconciliation"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: FlowsQuery,
    response: FlowPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(
        claims,
        (tx) => listFlows(tx, { limit: query.limit, offset: query.offset, status: query.status }),
      );
      return {
        items: items.map(({ imported_at: _i, movement_on: _m, ...f }) => f),
        total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  },
  POST: {
    summary: "Import a reporting flow (FlussoRiversamento XML)",
    description: "The XML is validated against FlussoRiversamento_1_0_4.xsd (422 `invalid_flow` " +
      "listing xmllint's messages) and must be addressed to the Ente (422 `wrong_receiver`). Each " +
      "payment is matched to its receipt by IUV, IUR and amount. The same flow imported again is " +
      "not stored twice: the answer has `created: false`.",
    tags: ["reconciliation"],
    access: { roles: ["admin", "operator"] },
    bodyType: "multipart",
    body: FlowUpload,
    response: FlowImported,
    async run({ body, claims, state }) {
      if (body.file.size > MAX_FLOW_BYTES) {
        throw new HttpError(413, "The flow exceeds 5 MB", { code: "too_large" });
      }
      const parsed = await parseFlowXml(await body.file.text());
      if (!parsed.ok) {
        throw new HttpError(422, "The flow is not a valid FlussoRiversamento 1.0.4", {
          code: "invalid_flow",
          errors: parsed.errors.map((e) => ({ path: "body.file", message: e.en, code: "xsd" })),
        });
      }
      const raw = await body.file.text();
      const r = await state.db.asUser(
        claims,
        (tx) => importFlow(tx, { flow: parsed.flow, raw, source: "xml" }),
      );
      if (!r.ok) {
        throw new HttpError(422, r.error.en, {
          code: "wrong_receiver",
          errors: [{ path: "body.file", message: r.error.en, code: "wrong_receiver" }],
        });
      }
      return { id: r.id, created: r.created, notes: r.notes };
    },
  },
});

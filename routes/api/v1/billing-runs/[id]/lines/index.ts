import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { addLine, checkNewLine } from "../../../../../../lib/billing/lines.ts";
import { getRun, listLines } from "../../../../../../lib/billing/review.ts";
import {
  apiError,
  LinePage,
  LineSchema,
  LinesQuery,
  NewLineBody,
} from "../../../../../../lib/billing/schemas.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";

const notFound = () =>
  new HttpError(404, "No such billing run in your Ente", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "Charge lines of a billing run",
    description:
      "Each line with its explanation, by payer then pupil. Filters: `payer` (name or codice " +
      "fiscale), `pupil`, `service_id`, `kind`; deleted lines only with `include_deleted=true`.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    query: LinesQuery,
    response: LinePage,
    async run({ params, query, claims, state }) {
      const page = await state.db.asUser(claims, async (tx) => {
        if (!await getRun(tx, params.id)) return null;
        return await listLines(
          tx,
          params.id,
          {
            payer: query.payer ?? null,
            pupil: query.pupil ?? null,
            service_id: query.service_id ?? null,
            kind: query.kind ?? null,
            include_deleted: query.include_deleted === "true",
          },
          query.limit,
          query.offset,
        );
      });
      if (!page) throw notFound();
      return { ...page, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Add a line to a run in review",
    description:
      "A credit, a debit or a one-off fee for an enrollment (or a payer and a service), with a " +
      "mandatory `reason` (≥ 5 characters) kept in the audit log. 409 `run_closed` once the run " +
      "is approved: corrections then go into the next run.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: NewLineBody,
    response: LineSchema,
    status: 201,
    errors: [404, 409],
    async run({ params, body, claims, state }) {
      try {
        const line = checkNewLine({ ...body, amount: body.amount_cents });
        return await state.db.asUser(claims, (tx) => addLine(tx, params.id, line));
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});

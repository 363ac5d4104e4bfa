import { defineApi } from "../../../../../lib/api/define_api.ts";
import { bulkLapse } from "../../../../../lib/billing/instalment_plan_bulk_lapse.ts";
import { BulkLapseBody, BulkLapseOutcomeSchema } from "../_schemas.ts";

/** A clause of the page's words as a message on its own. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const handler = defineApi({
  POST: {
    summary: "Declare the lapse of many plans (decadenza dalla rateizzazione)",
    description:
      "Declares lapsed, with one reason, the plans of the positions given that meet the Ente's " +
      "rule of decadenza now (`standing` `lapse_due` in `GET /debt-positions/instalment-plans`), " +
      "each in its own transaction, as the single lapse does: checked again, audited, the payer " +
      "e-mailed that the whole residual is due at once. Every id given is answered in exactly " +
      "one of `lapsed` and `refused`; an id whose plan does not meet the rule now is never " +
      "lapsed (`rule_not_met`), nor is one without a plan (`not_found`), lapsed before " +
      "(`already`) or settled (`settled`); one refusal does not stop the others. 422 with " +
      "`errors` for the reason or the list. Office sessions only (admins and operators): API " +
      "keys do not declare a plan lapsed, as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    body: BulkLapseBody,
    response: BulkLapseOutcomeSchema,
    async run({ body, claims, state }) {
      const ids = [...new Set((body.position_ids as string[]).map((id) => id.toLowerCase()))];
      const out = await bulkLapse(state.db, claims, ids, body.reason);
      return {
        lapsed: out.lapsed.map((l) => ({
          position_id: l.row.position_id,
          residual_cents: l.residual_cents,
          mailed: l.mailed,
        })),
        refused: out.refused.map((r) => ({
          position_id: r.id,
          code: r.code,
          message: sentence(r.en),
        })),
      };
    },
  },
});

import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { lapseInstalmentPlan } from "../../../../../../lib/billing/instalment_plan_lapse_record.ts";
import { LapseBody, LapseOutcomeSchema, planApiError } from "../../_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Declare a position's instalment plan lapsed (decadenza dalla rateizzazione)",
    description:
      "Once at least one instalment is unpaid past its due date, the office declares the plan " +
      "carried by the position lapsed, with a reason: the payer gets an e-mail saying the whole " +
      "residual is due at once, and from the next day every unpaid instalment counts as overdue " +
      "(reminders and enforced collection take it all). Nothing changes on pagoPA: the " +
      "instalments' notices stay payable. A lapsed plan is not spread again. 404 `not_found` " +
      "(no such position, or it carries no plan); 409 `already` (lapsed before), `settled` " +
      "(paid or cancelled), `not_overdue` (no instalment missed yet); 422 with `errors` for the " +
      "reason. Office sessions only (admins and operators): API keys do not declare a plan " +
      "lapsed, as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: LapseBody,
    response: LapseOutcomeSchema,
    errors: [404, 409, 422],
    async run({ params, body, claims, state }) {
      try {
        return await lapseInstalmentPlan(state.db, claims, params.id, body.reason);
      } catch (e) {
        throw planApiError(e);
      }
    },
  },
});

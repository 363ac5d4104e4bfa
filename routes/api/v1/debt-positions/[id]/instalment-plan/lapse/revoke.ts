import { defineApi, IdParams } from "../../../../../../../lib/api/define_api.ts";
import { revokeInstalmentPlanLapse } from "../../../../../../../lib/billing/instalment_plan_lapse_record.ts";
import { LapseRevokedSchema, planApiError, RevokeLapseBody } from "../../../_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Revoke the lapse of a position's instalment plan (revoca della decadenza)",
    description:
      "A lapse declared by mistake (a payment the office learned of late, a reminder that never " +
      "reached the family, a plan the office decides to keep) is revoked with a reason: the plan " +
      "holds again, its unpaid instalments are due on their own dates (only those past due count " +
      "as overdue for reminders and enforced collection), the payer gets an e-mail, and the plan " +
      "may lapse again later. The last revocation stays on the plan. A position on a live " +
      "enforced-collection list must first be withdrawn from it (sgravio). 404 `not_found` (no " +
      "such position, or it carries no plan); 409 `not_lapsed` (the plan holds), `settled` " +
      "(paid or cancelled), `enforced` (on a live enforced-collection list); 422 with `errors` " +
      "for the reason. Office sessions only (admins and operators): API keys do not revoke a " +
      "lapse, as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: RevokeLapseBody,
    response: LapseRevokedSchema,
    errors: [404, 409, 422],
    async run({ params, body, claims, state }) {
      try {
        return await revokeInstalmentPlanLapse(state.db, claims, params.id, body.reason);
      } catch (e) {
        throw planApiError(e);
      }
    },
  },
});

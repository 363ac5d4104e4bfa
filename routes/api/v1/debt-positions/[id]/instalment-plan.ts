import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import {
  grantInstalmentPlan,
  planLinks,
} from "../../../../../lib/billing/instalment_plan_record.ts";
import { getPosition } from "../../../../../lib/billing/positions_read.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { romeDate } from "../../../../../lib/i18n/mod.ts";
import { gpdGateway } from "../../../../../lib/pagopa/gpd_client.ts";
import {
  InstalmentPlanBody,
  InstalmentPlanOutcomeSchema,
  planApiError,
  planInputOf,
} from "../_schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Spread an unpaid debt position over monthly instalments (rateizzazione)",
    description:
      "On a family's request, replaces a position nothing has paid by a new one with the same " +
      "payer, period, description and charge lines, payable in one go by the first due date or " +
      "in 2 to 12 monthly instalments of at least 1,00 € each (pagoPA cannot change a " +
      "published position). The old position is cancelled with its notices and invalidated on " +
      "pagoPA (GPD), the new one published at once (or later by the publication job); the payer " +
      "gets an e-mail. 409 `cancelled` (already cancelled or replaced), `paid` (partly paid), " +
      "`top_up`, `enforced` (on a list of enforced collection), `settings` (no pagoPA " +
      "settings); 422 with `errors` per field (`instalments_out_of_range`, `amount_too_small`, " +
      "`first_due_out_of_range`, `reference_length`, `reason_length`). Office sessions only " +
      "(admins and operators): API keys do not grant instalment plans, as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    body: InstalmentPlanBody,
    response: InstalmentPlanOutcomeSchema,
    status: 201,
    errors: [404, 409, 422],
    async run({ params, body, claims, state }) {
      const { db, config } = state;
      const before = await db.asUser(claims, (tx) => getPosition(tx, params.id));
      if (!before) {
        throw new HttpError(404, "No such debt position in your Ente", { code: "not_found" });
      }
      const input = planInputOf(body, before.amount_cents, romeDate());
      try {
        const gw = await gpdGateway(config);
        const granted = await grantInstalmentPlan(db, claims, gw, params.id, input);
        const { position, links } = await db.asUser(claims, async (tx) => ({
          position: await getPosition(tx, granted.position_id),
          links: await planLinks(tx, granted.position_id),
        }));
        const plan = links.plan!;
        return {
          position: position!,
          replaced_position_id: granted.replaced_id,
          plan: {
            instalments: plan.instalments,
            first_due_on: plan.first_due_on,
            last_due_on: plan.last_due_on,
            reference: plan.reference,
          },
          pagopa: granted.pagopa.map((o) => ({
            position_id: o.id,
            action: o.action,
            result: o.result,
          })),
        };
      } catch (e) {
        throw planApiError(e);
      }
    },
  },
});

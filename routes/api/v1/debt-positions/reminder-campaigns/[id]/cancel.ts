import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { cancelCampaign } from "../../../../../../lib/billing/reminder_campaign_control.ts";
import { campaignItems } from "../../../../../../lib/billing/reminder_campaigns.ts";
import { apiError, ReminderCampaignSchema } from "../../../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Stop a queued or running reminder campaign",
    description:
      "The campaign becomes `cancelled` (with `cancelled_by`, `cancelled_at`): the reminder job " +
      "finishes the batch it is writing, if any, and writes nothing more. Reminders already sent " +
      "stay sent. It can be resumed later from where it stopped (`…/resume`). 409 " +
      "`wrong_status` when it is not queued or running. Office sessions only (admins and " +
      "operators, the billing office that creates campaigns).",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    response: ReminderCampaignSchema,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const c = await cancelCampaign(tx, params.id);
          return { ...c, unsent: await campaignItems(tx, params.id) };
        });
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});

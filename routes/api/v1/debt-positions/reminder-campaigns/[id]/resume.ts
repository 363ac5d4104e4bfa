import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { resumeCampaign } from "../../../../../../lib/billing/reminder_campaign_control.ts";
import { campaignItems } from "../../../../../../lib/billing/reminder_campaigns.ts";
import { apiError, ReminderCampaignSchema } from "../../../../../../lib/billing/schemas.ts";
import { kickReminderJobs } from "../../../../../../lib/jobs/reminders.ts";

export const handler = defineApi({
  POST: {
    summary: "Resume a failed or stopped reminder campaign",
    description:
      "The campaign is queued again with its counts and resume point, its error cleared: the " +
      "reminder job goes on after the last batch it committed, so nobody is reminded twice (the " +
      "Ente's minimum days between two reminders are checked again too). From then on the job " +
      "acts as the operator who resumed it (`requested_by`). 409 `campaign_busy` while another " +
      "campaign of the same filter is queued or running, `wrong_status` when it is not failed " +
      "or cancelled. Office sessions only (admins and operators).",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    params: IdParams,
    response: ReminderCampaignSchema,
    errors: [404, 409],
    async run({ params, claims, state }) {
      try {
        const out = await state.db.asUser(claims, async (tx) => {
          const c = await resumeCampaign(tx, params.id);
          return { ...c, unsent: await campaignItems(tx, params.id) };
        });
        kickReminderJobs();
        return out;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});

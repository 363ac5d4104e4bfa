import { accepted, defineApi } from "../../../../lib/api/define_api.ts";
import {
  campaignItems,
  createCampaign,
  getCampaign,
} from "../../../../lib/billing/reminder_campaigns.ts";
import { sendReminders } from "../../../../lib/billing/reminders.ts";
import {
  ReminderBody,
  ReminderCampaignSchema,
  ReminderResultSchema,
} from "../../../../lib/billing/schemas.ts";
import { kickReminderJobs } from "../../../../lib/jobs/reminders.ts";

export const handler = defineApi({
  POST: {
    summary: "Send payment reminders for overdue debt positions",
    description:
      "Reminds the payers of overdue positions (open or partly paid, with a notice unpaid past " +
      "its due date) by e-mail (the payer's address in the registry) and push notification. " +
      "Named one by one (`position_ids`, at most 5000), they are reminded in the request and " +
      "answered 200 with each outcome. All those matching `overdue_filters`, however many, " +
      "become a reminder campaign worked by the reminder job in batches: answered 202 with the " +
      "campaign, to follow at `GET /api/v1/debt-positions/reminder-campaigns/{id}` (`Location`). " +
      "Each position is locked and checked again: one reminded within the Ente's minimum days " +
      "(`billing-settings.reminder_min_days`) is skipped as `recent`, one no longer overdue as " +
      "`not_overdue`, one whose payer has no e-mail nor push device as `no_contact` (not " +
      "recorded). Every reminder sent is recorded and shown on the position and to the family. " +
      "Office sessions only (admins and operators): API keys do not write to families, as in " +
      "the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    body: ReminderBody,
    response: ReminderResultSchema,
    accepted: {
      description: "A reminder campaign was queued for `overdue_filters`",
      response: ReminderCampaignSchema,
    },
    async run({ body, claims, state }) {
      if (body.position_ids) {
        return await state.db.asUser(
          claims,
          (tx) =>
            sendReminders(tx, { positionIds: body.position_ids! }, {
              publicUrl: state.config.publicUrl,
            }),
        );
      }
      const f = body.overdue_filters!;
      const campaign = await state.db.asUser(claims, async (tx) => {
        const id = await createCampaign(
          tx,
          { run_id: f.run_id ?? null, payer: f.payer ?? null },
          claims.sub,
        );
        return { ...(await getCampaign(tx, id))!, unsent: await campaignItems(tx, id) };
      });
      kickReminderJobs();
      return accepted(
        campaign,
        `/api/v1/debt-positions/reminder-campaigns/${campaign.id}`,
      );
    },
  },
});

import { defineApi } from "../../../../lib/api/define_api.ts";
import { sendReminders } from "../../../../lib/billing/reminders.ts";
import { ReminderBody, ReminderResultSchema } from "../../../../lib/billing/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Send payment reminders for overdue debt positions",
    description:
      "Reminds the payers of overdue positions (open or partly paid, with a notice unpaid past " +
      "its due date) by e-mail (the payer's address in the registry) and push notification, " +
      "named one by one (`position_ids`) or all those matching `overdue_filters`, at most 5000 " +
      "per call. Each position is locked and checked again: one reminded within the Ente's " +
      "minimum days (`billing-settings.reminder_min_days`) is skipped as `recent`, one no longer " +
      "overdue as `not_overdue`, one whose payer has no e-mail nor push device as `no_contact` " +
      "(not recorded). Every reminder sent is recorded and shown on the position and to the " +
      "family. Office sessions only (admins and operators): API keys do not write to families, " +
      "as in the office's pages.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"] },
    body: ReminderBody,
    response: ReminderResultSchema,
    async run({ body, claims, state }) {
      const target = body.position_ids
        ? { positionIds: body.position_ids }
        : { filters: body.overdue_filters! };
      return await state.db.asUser(
        claims,
        (tx) => sendReminders(tx, target, { publicUrl: state.config.publicUrl }),
      );
    },
  },
});

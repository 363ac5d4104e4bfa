import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { campaignItems, getCampaign } from "../../../../../lib/billing/reminder_campaigns.ts";
import { ReminderCampaignSchema } from "../../../../../lib/billing/schemas.ts";
import { HttpError } from "../../../../../lib/http/define.ts";

export const handler = defineApi({
  GET: {
    summary: "One reminder campaign, with its progress and what it did not send",
    description:
      "Status, progress (`done` of `total` overdue positions), the positions per outcome and " +
      "the positions not reminded that need the office (`unsent`: payers without contact, " +
      "positions no longer overdue). The campaign page reloads it on every live " +
      "`reminder_campaign.progress` event of the room `reminder_campaign:{id}`.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: ReminderCampaignSchema,
    async run({ params, claims, state }) {
      const out = await state.db.asUser(claims, async (tx) => {
        const c = await getCampaign(tx, params.id);
        return c && { ...c, unsent: await campaignItems(tx, params.id) };
      });
      if (!out) {
        throw new HttpError(404, "No such reminder campaign in your Ente", { code: "not_found" });
      }
      return out;
    },
  },
});

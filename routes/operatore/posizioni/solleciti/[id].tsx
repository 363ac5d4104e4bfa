import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import ReminderCampaignProgress from "../../../../islands/ReminderCampaignProgress.tsx";
import {
  type Campaign,
  type CampaignItem,
  campaignItems,
  getCampaign,
} from "../../../../lib/billing/reminder_campaigns.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { CampaignFacts, CampaignOutcome } from "../(_components)/ReminderCampaigns.tsx";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Data {
  campaign: Campaign;
  items: CampaignItem[];
}

/**
 * One reminder campaign: who asked and when, the filter, its progress live while the job works
 * it, then the counts per outcome and the positions the office must act on.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    if (!UUID.test(id)) throw new HttpError(404);
    const data = await db.asUser(claims!, async (tx) => {
      const campaign = await getCampaign(tx, id);
      return campaign && { campaign, items: await campaignItems(tx, id) };
    });
    if (!data) throw new HttpError(404);
    return page(data);
  },
});

export default define.page<Data>(function CampaignPage({ data, state }) {
  const tr = state.tr;
  const c = data.campaign;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [tr("Campagne di solleciti", "Reminder campaigns"), "/operatore/posizioni/solleciti"],
          [tr("Campagna", "Campaign")],
        ]}
      />
      <h1>{tr("Campagna di solleciti", "Reminder campaign")}</h1>
      <CampaignFacts state={state} campaign={c} />
      <ReminderCampaignProgress
        lang={state.lang}
        campaignId={c.id}
        campaign={{
          status: c.status,
          done: c.done,
          total: c.total,
          sent: c.sent,
          recent: c.recent,
          no_contact: c.no_contact,
        }}
      />
      <CampaignOutcome state={state} campaign={c} items={data.items} />
    </>
  );
});

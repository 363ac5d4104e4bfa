import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import ReminderCampaignProgress from "../../../../islands/ReminderCampaignProgress.tsx";
import { BillingError } from "../../../../lib/billing/errors.ts";
import {
  cancelCampaign,
  resumeCampaign,
} from "../../../../lib/billing/reminder_campaign_control.ts";
import {
  type Campaign,
  type CampaignItem,
  campaignItems,
  getCampaign,
} from "../../../../lib/billing/reminder_campaigns.ts";
import {
  campaignLetterDates,
  campaignLetterPositions,
  loadLetters,
} from "../../../../lib/billing/reminder_letters_read.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { hasAnyRole } from "../../../../lib/http/guards.ts";
import { kickReminderJobs } from "../../../../lib/jobs/reminders.ts";
import { CampaignControls } from "../(_components)/CampaignControls.tsx";
import { CampaignFacts, CampaignOutcome } from "../(_components)/ReminderCampaigns.tsx";
import {
  CampaignLetters,
  type LettersSummary,
  lettersSummary,
} from "../(_components)/ReminderLetters.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  campaign: Campaign;
  items: CampaignItem[];
  /** The caller is of the billing office: may stop and resume. */
  canControl: boolean;
  /** "Interrompi campagna" was asked: the confirmation step is shown. */
  confirmStop: boolean;
  notice: string | null;
  error: string | null;
  /** For the payers without contact: the letters to print and when they were recorded. */
  letters?: {
    summary: LettersSummary;
    dates: Record<string, string>;
    flash: { recorded: number; skipped: number } | null;
  };
}

const NOTICES: Record<string, [string, string]> = {
  interrotta: [
    "Campagna interrotta. I solleciti già inviati restano inviati.",
    "Campaign stopped. The reminders already sent stay sent.",
  ],
  ripresa: [
    "Campagna ripresa: riparte da dove si era fermata, senza sollecitare due volte.",
    "Campaign resumed: it goes on from where it stopped, reminding nobody twice.",
  ],
};

const ACTIONS: Record<string, [(tx: Tx, id: string) => Promise<unknown>, string]> = {
  cancel: [cancelCampaign, "interrotta"],
  resume: [resumeCampaign, "ripresa"],
};

async function load(tx: Tx, id: string) {
  const campaign = await getCampaign(tx, id);
  return campaign && { campaign, items: await campaignItems(tx, id) };
}

/** The letters of the payers without contact, as the page lists them before printing. */
async function loadLetterFacts(tx: Tx, id: string) {
  const ids = await campaignLetterPositions(tx, id);
  if (!ids?.length) return null;
  const data = await loadLetters(tx, ids);
  return {
    summary: lettersSummary(data?.letters ?? []),
    dates: await campaignLetterDates(tx, id),
  };
}

/** `?lettere=3-1`: letters recorded and skipped by the last "Registra l'invio per posta". */
function lettersFlash(v: string | undefined) {
  const m = /^(\d{1,6})-(\d{1,6})$/.exec(v ?? "");
  return m ? { recorded: Number(m[1]), skipped: Number(m[2]) } : null;
}

/**
 * One reminder campaign: who asked and when, the filter, its progress live while the job works
 * it, then the counts per outcome and the positions the office must act on. The billing office
 * stops a queued or running campaign (after a confirmation step) and resumes a failed or stopped
 * one (POST `action=cancel|resume`).
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const canControl = hasAnyRole(state, ["admin", "operator"]);
    const data = await state.db.asUser(state.claims!, async (tx) => {
      const data = await load(tx, id);
      const letters = data && canControl && data.items.some((i) => i.outcome === "no_contact")
        ? await loadLetterFacts(tx, id)
        : null;
      return data && { ...data, letters };
    });
    if (!data) throw new HttpError(404);
    const flash = Object.keys(NOTICES).find((k) => c.req.query(k) === "1");
    const { letters, ...rest } = data;
    return page({
      ...rest,
      letters: letters ? { ...letters, flash: lettersFlash(c.req.query("lettere")) } : undefined,
      canControl,
      confirmStop: canControl && c.req.query("interrompi") === "1",
      notice: flash ? NOTICES[flash][state.lang === "en" ? 1 : 0] : null,
      error: null,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const action = ACTIONS[String(body.action ?? "")];
    if (!action) throw new HttpError(400, "Unknown action");
    try {
      await state.db.asUser(state.claims!, (tx) => action[0](tx, id));
    } catch (e) {
      if (!(e instanceof BillingError)) throw e;
      if (e.code === "not_found") throw new HttpError(404);
      const error = state.lang === "en" ? e.en : e.it;
      const data = await state.db.asUser(state.claims!, (tx) => load(tx, id));
      if (!data) throw new HttpError(404);
      return page({ ...data, canControl: true, confirmStop: false, notice: null, error }, {
        status: e.status,
      });
    }
    if (body.action === "resume") kickReminderJobs();
    return c.redirect(`/operatore/posizioni/solleciti/${id}?${action[1]}=1`, 303);
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
      {data.notice && <Alert kind="success">{data.notice}</Alert>}
      {data.error && <Alert kind="danger">{data.error}</Alert>}
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
      {data.canControl && (
        <CampaignControls state={state} campaign={c} confirmStop={data.confirmStop} />
      )}
      <CampaignOutcome
        state={state}
        campaign={c}
        items={data.items}
        letterDates={data.letters?.dates}
        letters={data.letters && (
          <CampaignLetters
            state={state}
            campaignId={c.id}
            summary={data.letters.summary}
            flash={data.letters.flash}
            minDays={c.min_days ?? 15}
          />
        )}
      />
    </>
  );
});

/**
 * The billing office stops ("Interrompi campagna") and resumes ("Riprendi") reminder campaigns,
 * through `app.control_reminder_campaign` (any member of the office, not only who asked; 42501
 * for anyone else). A stopped campaign is `cancelled`: the job's next batch finds it no longer
 * running under its claim and writes nothing more; the reminders already sent stay sent. A failed
 * or stopped campaign resumes from its cursor with its counts, acting from then on as the
 * operator who resumed it, refused while another campaign of the same filter is queued or
 * running. Both emit the campaign's progress event so its page follows.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { emit } from "../realtime/emit.ts";
import { BillingError } from "./errors.ts";
import {
  type Campaign,
  CAMPAIGN_EVENT,
  campaignRoom,
  type CampaignStatus,
  getCampaign,
} from "./reminder_campaigns.ts";
import { REMINDER_OUTCOMES } from "./reminders.ts";

/** The statuses a campaign can be stopped in, and resumed from. */
export const CANCELLABLE: readonly CampaignStatus[] = ["queued", "running"];
export const RESUMABLE: readonly CampaignStatus[] = ["failed", "cancelled"];

const STATUS_IT: Record<CampaignStatus, string> = {
  queued: "in coda",
  running: "in corso",
  done: "conclusa",
  failed: "non riuscita",
  cancelled: "interrotta dall'ufficio",
};

async function control(tx: Tx, id: string, action: "cancel" | "resume"): Promise<Campaign> {
  const [{ outcome }] = await tx.query<{ outcome: string }>(
    "select app.control_reminder_campaign($1, $2) as outcome",
    [id, action],
  );
  if (outcome === "not_found") {
    throw new BillingError(
      "not_found",
      "Campagna di solleciti non trovata.",
      "Reminder campaign not found.",
    );
  }
  if (outcome === "busy") {
    throw new BillingError(
      "campaign_busy",
      "Un'altra campagna con lo stesso filtro è in coda o in corso: attendi che finisca o interrompila, poi riprendi questa.",
      "Another campaign of the same filter is queued or running: wait for it to end or stop it, then resume this one.",
    );
  }
  if (outcome.startsWith("wrong_status:")) {
    const status = outcome.slice("wrong_status:".length) as CampaignStatus;
    throw new BillingError(
      "wrong_status",
      action === "cancel"
        ? `Non si può interrompere: la campagna è ${STATUS_IT[status] ?? status}.`
        : `Non si può riprendere: la campagna è ${STATUS_IT[status] ?? status}.`,
      action === "cancel"
        ? `Cannot stop: the campaign is ${status}.`
        : `Cannot resume: the campaign is ${status}.`,
    );
  }
  const c = (await getCampaign(tx, id))!;
  await emit(tx, campaignRoom(id), CAMPAIGN_EVENT, {
    status: c.status,
    total: c.total,
    done: c.done,
    ...Object.fromEntries(REMINDER_OUTCOMES.map((o) => [o, c[o]])),
  });
  return c;
}

/** Stops a queued or running campaign (`cancelled`); what was sent stays sent. */
export function cancelCampaign(tx: Tx, id: string): Promise<Campaign> {
  return control(tx, id, "cancel");
}

/**
 * Queues a failed or stopped campaign again, from its cursor: kick the job after commit
 * (`kickReminderJobs`).
 */
export function resumeCampaign(tx: Tx, id: string): Promise<Campaign> {
  return control(tx, id, "resume");
}

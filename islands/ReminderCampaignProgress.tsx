/**
 * A reminder campaign's progress, live: the reminder job emits `reminder_campaign.progress`
 * {status, done, total, sent, …} to the room `reminder_campaign:<id>` after each batch; on every
 * (re)connection the island reloads the campaign over HTTP (events are hints, the database is the
 * truth). When the campaign ends (done, failed, stopped by the office), the page reloads to show
 * the outcome and what was not sent (`useLiveJob`).
 *
 * @module
 */
import { JobProgress } from "./lib/job_progress.tsx";
import { useLiveJob } from "./lib/use_live_job.ts";

export interface CampaignProgress {
  status: string;
  done: number;
  total: number;
  sent: number;
  recent: number;
  no_contact: number;
}

export interface ReminderCampaignProgressProps {
  lang: "it" | "en";
  campaignId: string;
  campaign: CampaignProgress;
}

const BUSY = ["queued", "running"];

const LABELS: Record<string, [string, string]> = {
  queued: [
    "In coda: l'invio partirà tra pochi secondi.",
    "Queued: sending starts in a few seconds.",
  ],
  running: ["Invio dei solleciti in corso", "Sending reminders"],
  done: ["Campagna conclusa.", "Campaign done."],
  failed: ["Campagna non riuscita.", "Campaign failed."],
  cancelled: [
    "Campagna interrotta dall'ufficio: i solleciti già inviati restano inviati.",
    "Campaign stopped by the office: the reminders already sent stay sent.",
  ],
};

const pick = (d: Partial<CampaignProgress>): Partial<CampaignProgress> =>
  Object.fromEntries(
    (["status", "done", "total", "sent", "recent", "no_contact"] as const)
      .filter((k) => d[k] !== undefined && d[k] !== null)
      .map((k) => [k, d[k]]),
  );

export default function ReminderCampaignProgress(props: ReminderCampaignProgressProps) {
  const tr = (it: string, en: string) => props.lang === "en" ? en : it;
  const c = useLiveJob<CampaignProgress>({
    url: `/api/v1/debt-positions/reminder-campaigns/${props.campaignId}`,
    room: `reminder_campaign:${props.campaignId}`,
    event: "reminder_campaign.progress",
    initial: props.campaign,
    busy: BUSY,
    apply: (prev, d: Partial<CampaignProgress>) =>
      typeof d.done === "number" && d.status ? { ...prev, ...pick(d) } : null,
  });

  const pct = c.total > 0 ? Math.min(100, Math.floor((c.done * 100) / c.total)) : 0;
  const [it, en] = LABELS[c.status] ?? [c.status, c.status];
  const busy = BUSY.includes(c.status);
  return (
    <div class="mb-4" data-campaign-status={c.status}>
      <JobProgress
        tr={tr}
        label={tr(it, en)}
        detail={c.total > 0
          ? tr(
            `${c.done} di ${c.total} posizioni (${pct}%), solleciti inviati: ${c.sent}`,
            `${c.done} of ${c.total} positions (${pct}%), reminders sent: ${c.sent}`,
          )
          : null}
        pct={pct}
        busy={busy}
      />
    </div>
  );
}

/**
 * A reminder campaign's progress, live: the reminder job emits `reminder_campaign.progress`
 * {status, done, total, sent, …} to the room `reminder_campaign:<id>` after each batch; on every
 * (re)connection the island reloads the campaign over HTTP (events are hints, the database is the
 * truth). When the campaign ends, the page reloads to show the outcome and what was not sent.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { JobProgress } from "./lib/job_progress.tsx";
import { subscribe } from "./lib/live.ts";

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
  failed: ["Campagna interrotta.", "Campaign stopped."],
};

const pick = (d: Partial<CampaignProgress>): Partial<CampaignProgress> =>
  Object.fromEntries(
    (["status", "done", "total", "sent", "recent", "no_contact"] as const)
      .filter((k) => d[k] !== undefined && d[k] !== null)
      .map((k) => [k, d[k]]),
  );

export default function ReminderCampaignProgress(props: ReminderCampaignProgressProps) {
  const tr = (it: string, en: string) => props.lang === "en" ? en : it;
  const [c, setC] = useState<CampaignProgress>(props.campaign);

  useEffect(() => {
    const first = props.campaign.status;
    const url = `/api/v1/debt-positions/reminder-campaigns/${props.campaignId}`;
    const settle = (next: CampaignProgress) => {
      setC(next);
      if (BUSY.includes(first) && !BUSY.includes(next.status)) location.reload();
    };
    const reload = async () => {
      try {
        const res = await fetch(url, { headers: { accept: "application/json" } });
        if (res.ok) settle(await res.json());
      } catch { /* offline: keep what is shown */ }
    };
    return subscribe(
      [`reminder_campaign:${props.campaignId}`],
      {
        "reminder_campaign.progress": (d: Partial<CampaignProgress>) => {
          if (d && typeof d.done === "number" && d.status) {
            setC((prev) => {
              const next = { ...prev, ...pick(d) };
              if (BUSY.includes(first) && !BUSY.includes(next.status)) reload();
              return next;
            });
          } else reload();
        },
      },
      () => {},
      reload,
    );
  }, []);

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

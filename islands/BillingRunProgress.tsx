/**
 * A billing run's progress, live: the billing job emits `billing.progress` {done, total, status}
 * to the room `billing_run:<id>`; on every (re)connection the island reloads the run over HTTP
 * (events are hints, the database is the truth). When the computation or the issue ends, the
 * page reloads to show totals, lines and positions (`useLiveJob`).
 *
 * @module
 */
import { JobProgress } from "./lib/job_progress.tsx";
import { useLiveJob } from "./lib/use_live_job.ts";

export interface RunProgress {
  status: string;
  progress_done: number;
  progress_total: number;
  issue_done: number;
  issue_total: number;
}

export interface BillingRunProgressProps {
  lang: "it" | "en";
  runId: string;
  run: RunProgress;
}

const BUSY = ["queued", "computing", "issuing"];

const LABELS: Record<string, [string, string]> = {
  queued: [
    "In coda: il calcolo partirà tra pochi secondi.",
    "Queued: the computation starts in a few seconds.",
  ],
  computing: ["Calcolo in corso", "Computing"],
  computed: ["Calcolo concluso: da verificare.", "Computation done: to review."],
  failed: [
    "Calcolo interrotto: riprenderà da dove si era fermato.",
    "Computation stopped: it resumes where it stopped.",
  ],
  approved: ["Approvata: pronta per l'emissione.", "Approved: ready to issue."],
  issuing: ["Emissione degli avvisi in corso", "Issuing notices"],
  issued: ["Emessa.", "Issued."],
  cancelled: ["Annullata.", "Cancelled."],
};

export default function BillingRunProgress(props: BillingRunProgressProps) {
  const tr = (it: string, en: string) => props.lang === "en" ? en : it;
  const run = useLiveJob<RunProgress>({
    url: `/api/v1/billing-runs/${props.runId}`,
    room: `billing_run:${props.runId}`,
    event: "billing.progress",
    initial: props.run,
    busy: BUSY,
    // Progress events carry counts; any other change (status only) is reloaded.
    apply: (r, d: { status?: string; done?: number; total?: number }) => {
      if (typeof d.done !== "number" || typeof d.total !== "number" || !d.status) return null;
      return {
        ...r,
        status: d.status,
        ...(d.status === "issuing"
          ? { issue_done: d.done, issue_total: d.total }
          : { progress_done: d.done, progress_total: d.total }),
      };
    },
  });

  const issuing = run.status === "issuing" || run.status === "issued";
  const done = issuing ? run.issue_done : run.progress_done;
  const total = issuing ? run.issue_total : run.progress_total;
  const pct = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
  const [it, en] = LABELS[run.status] ?? [run.status, run.status];
  const busy = BUSY.includes(run.status);
  return (
    <div class="mb-4" data-run-status={run.status}>
      <JobProgress
        tr={tr}
        label={tr(it, en)}
        detail={total > 0
          ? tr(
            `${done} di ${total} ${issuing ? "posizioni" : "iscrizioni"} (${pct}%)`,
            `${done} of ${total} ${issuing ? "positions" : "enrollments"} (${pct}%)`,
          )
          : null}
        pct={pct}
        busy={busy}
      />
    </div>
  );
}

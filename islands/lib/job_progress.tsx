/**
 * The status line and progress bar of a job a page follows live (a billing run, a reminder
 * campaign): the islands keep their own state and words, this draws them the same way.
 */
export interface JobProgressProps {
  tr: (it: string, en: string) => string;
  /** The status in words. */
  label: string;
  /** How far, in words, while the job works ("120 di 500 …"); null when there is nothing yet. */
  detail: string | null;
  /** 0–100. */
  pct: number;
  busy: boolean;
}

export function JobProgress({ tr, label, detail, pct, busy }: JobProgressProps) {
  return (
    <>
      <p class="mb-2" aria-live="polite" role="status">
        <strong>{label}</strong>
        {busy && detail && <span>{` — ${detail}`}</span>}
      </p>
      {busy && (
        <div class="progress">
          <div
            class="progress-bar"
            role="progressbar"
            style={{ width: `${pct}%` }}
            aria-valuenow={pct}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-label={tr("Avanzamento", "Progress")}
          />
        </div>
      )}
    </>
  );
}

/**
 * The state of a job a page follows live (a billing run, a reminder campaign): subscribed to the
 * job's room, it applies the job's progress events, reloads the job over HTTP once the joins are
 * answered (on every (re)connection: events are hints, the database is the truth) and on any
 * event it cannot apply, and reloads the page when a job the page was rendered busy is busy no
 * more, so that the server shows its outcome.
 *
 * ```ts ignore
 * const run = useLiveJob({
 *   url: `/api/v1/billing-runs/${id}`, room: `billing_run:${id}`, event: "billing.progress",
 *   initial: props.run, busy: ["queued", "computing", "issuing"],
 *   apply: (run, d) => typeof d.done === "number" ? { ...run, status: d.status } : null,
 * });
 * ```
 *
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { subscribe } from "./live.ts";

export interface LiveJobOptions<T extends { status: string }> {
  /** The job's JSON over HTTP. */
  url: string;
  room: string;
  event: string;
  /** The job as the server rendered it. */
  initial: T;
  /** The statuses in which the job is still working. */
  busy: readonly string[];
  /** The job after an event, or null when the event does not carry enough (then it is reloaded). */
  // deno-lint-ignore no-explicit-any
  apply: (job: T, data: any) => T | null;
}

export function useLiveJob<T extends { status: string }>(opts: LiveJobOptions<T>): T {
  const [job, setJobState] = useState<T>(opts.initial);
  // The job shown now, for events to apply to (no side effects inside a state updater).
  const current = useRef<T>(opts.initial);
  const setJob = (next: T) => {
    current.current = next;
    setJobState(next);
  };

  useEffect(() => {
    const wasBusy = opts.busy.includes(opts.initial.status);
    const ended = (next: T) => wasBusy && !opts.busy.includes(next.status);
    // A form of the page already asked for the next one (stopping the job answers with a page
    // and its message): reloading now would cancel that navigation and lose the message.
    let leaving = false;
    const leave = () => {
      leaving = true;
    };
    addEventListener("submit", leave);
    addEventListener("beforeunload", leave);
    const settle = (next: T) => {
      setJob(next);
      if (ended(next) && !leaving) location.reload();
    };
    const reload = async () => {
      try {
        const res = await fetch(opts.url, { headers: { accept: "application/json" } });
        if (res.ok) settle(await res.json());
      } catch { /* offline: keep what is shown */ }
    };
    const unsubscribe = subscribe(
      [opts.room],
      {
        [opts.event]: (d: unknown) => {
          const next = d ? opts.apply(current.current, d) : null;
          if (!next) return void reload();
          setJob(next);
          if (ended(next)) reload();
        },
      },
      () => {},
      reload,
    );
    return () => {
      unsubscribe();
      removeEventListener("submit", leave);
      removeEventListener("beforeunload", leave);
    };
  }, []);

  return job;
}

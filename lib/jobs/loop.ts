/**
 * The in-process loop of a queue job (billing runs, reminder campaigns): a round works until
 * nothing is left to claim; rounds come every `intervalMs` and on `kick()` (after something was
 * queued), never two at once in a process. Any number of processes may loop: the claims
 * (`FOR UPDATE SKIP LOCKED`) keep them apart.
 */
export interface JobLoop<T> {
  /** Looks for work now. */
  kick(): void;
  runOnce(): Promise<T>;
  stop(): Promise<void>;
}

export function startJobLoop<T>(
  name: string,
  round: () => Promise<T>,
  opts: { intervalMs?: number; onStop?: () => void } = {},
): JobLoop<T> {
  let running: Promise<T> | null = null;
  let stopped = false;
  const once = () => running ??= round().finally(() => running = null);
  const tick = async () => {
    try {
      await once();
    } catch (e) {
      console.error(`[${name}] job non riuscito:`, e);
    }
    if (!stopped) {
      timer = setTimeout(tick, opts.intervalMs ?? 5_000);
      Deno.unrefTimer(timer);
    }
  };
  let timer = setTimeout(tick, 0);
  Deno.unrefTimer(timer);
  return {
    kick() {
      if (!stopped) once().catch(() => {});
    },
    runOnce: once,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
      opts.onStop?.();
    },
  };
}

/**
 * What the bench must undo on the way out — temporary directories, the scratch database — kept in
 * one place so a normal end, an error and Ctrl-C all undo it, each task exactly once.
 */

type Task = () => unknown;
const pending: Task[] = [];

/** Registers `task` for the way out; the returned function runs it now instead (at most once). */
export function onCleanup(task: Task): () => Promise<void> {
  pending.push(task);
  return async () => {
    const at = pending.indexOf(task);
    if (at < 0) return;
    pending.splice(at, 1);
    await task();
  };
}

/** Runs every registered task, newest first; a failing task is reported and the rest still run. */
export async function cleanupAll(): Promise<void> {
  while (pending.length) {
    const task = pending.pop()!;
    try {
      await task();
    } catch (err) {
      console.error(`cleanup failed: ${err instanceof Error ? err.message : err}`);
    }
  }
}

/** A new temporary directory, removed with everything in it on the way out (or by `remove()`). */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await Deno.makeTempDir({ prefix });
  const remove = onCleanup(() => Deno.remove(path, { recursive: true }));
  return { path, remove };
}

/**
 * The teacher's offline queue: marks tapped on the roster wait here (IndexedDB, so they survive
 * a reload or a closed tab) until the server has answered for them. The rules are pure and
 * unit-tested; `openQueue` is the thin IndexedDB store.
 *
 * - One entry per child and day: a later tap replaces an earlier one still waiting (the device
 *   time of the tap decides, as on the server).
 * - After a sync, an entry leaves the queue only if the server answered for that very tap; a tap
 *   made while the request was in flight stays queued for the next sync.
 * - Every answer becomes an outcome the teacher sees: recorded, already so, stale (a more recent
 *   change won) or rejected with the server's reason.
 *
 * @module
 */

export type QueuedStatus = "present" | "absent";

export interface QueuedMark {
  /** `<enrollment>|<day>` */
  key: string;
  class_id: string;
  enrollment_id: string;
  day: string;
  status: QueuedStatus;
  meal: "standard" | "white" | null;
  /** When the teacher tapped, on the device (ISO instant). */
  marked_at: string;
}

/** The server's answer for one mark (lib/attendance/marks.ts `MarkResult`, as JSON). */
export type ServerResult =
  & { enrollment_id: string; day: string }
  & (
    | { outcome: "recorded"; revision: number }
    | { outcome: "unchanged" }
    | { outcome: "stale"; current: { status: string; meal: string | null; marked_at: string } }
    | { outcome: "rejected"; reason: { code: string; it: string; en: string } }
  );

export interface Outcome {
  key: string;
  kind: "recorded" | "unchanged" | "stale" | "rejected";
  it: string;
  en: string;
}

export const markKey = (enrollmentId: string, day: string) => `${enrollmentId}|${day}`;

/** Adds `m` to the queue, replacing a waiting mark of the same child and day made earlier. */
export function enqueue(queue: QueuedMark[], m: QueuedMark): QueuedMark[] {
  const old = queue.find((q) => q.key === m.key);
  if (old && Date.parse(old.marked_at) > Date.parse(m.marked_at)) return queue;
  return [...queue.filter((q) => q.key !== m.key), m];
}

/** What the server's answer means to the teacher, in both languages. */
export function describe(r: ServerResult): Outcome {
  const key = markKey(r.enrollment_id, r.day);
  switch (r.outcome) {
    case "recorded":
      return { key, kind: "recorded", it: "Registrata.", en: "Recorded." };
    case "unchanged":
      return { key, kind: "unchanged", it: "Già registrata.", en: "Already recorded." };
    case "stale":
      return {
        key,
        kind: "stale",
        it: "Non registrata: un'altra modifica più recente ha prevalso.",
        en: "Not recorded: a more recent change prevailed.",
      };
    case "rejected":
      return { key, kind: "rejected", it: r.reason.it, en: r.reason.en };
  }
}

/**
 * Settles a sync: `sent` went to the server, `results` came back in the same order. Returns the
 * queue without the marks answered for (a newer tap of the same child and day stays) and the
 * outcomes to show.
 */
export function settle(
  queue: QueuedMark[],
  sent: QueuedMark[],
  results: ServerResult[],
): { queue: QueuedMark[]; outcomes: Outcome[] } {
  const answered = new Set<string>();
  const outcomes: Outcome[] = [];
  sent.forEach((m, i) => {
    const r = results[i];
    if (!r || markKey(r.enrollment_id, r.day) !== m.key) return;
    answered.add(`${m.key}@${m.marked_at}`);
    outcomes.push(describe(r));
  });
  return {
    queue: queue.filter((q) => !answered.has(`${q.key}@${q.marked_at}`)),
    outcomes,
  };
}

/** The queue entries of one class and day, by enrollment, for the roster to show. */
export function pendingFor(
  queue: QueuedMark[],
  classId: string,
  day: string,
): Map<string, QueuedMark> {
  return new Map(
    queue.filter((q) => q.class_id === classId && q.day === day).map((q) => [q.enrollment_id, q]),
  );
}

/** The IndexedDB store of the queue (one database per origin, shared by the teacher's classes). */
export interface QueueStore {
  all(): Promise<QueuedMark[]>;
  put(m: QueuedMark): Promise<void>;
  remove(m: QueuedMark): Promise<void>;
}

export async function openQueue(name = "piazza-presenze"): Promise<QueueStore> {
  const { openDB } = await import("idb");
  const db = await openDB(name, 1, {
    upgrade(d) {
      d.createObjectStore("marks", { keyPath: "key" });
    },
  });
  return {
    async all() {
      return await db.getAll("marks") as QueuedMark[];
    },
    async put(m) {
      const tx = db.transaction("marks", "readwrite");
      const old = await tx.store.get(m.key) as QueuedMark | undefined;
      if (!old || Date.parse(old.marked_at) <= Date.parse(m.marked_at)) await tx.store.put(m);
      await tx.done;
    },
    async remove(m) {
      const tx = db.transaction("marks", "readwrite");
      const cur = await tx.store.get(m.key) as QueuedMark | undefined;
      // Only the tap that was answered: a newer one made meanwhile stays queued.
      if (cur && cur.marked_at === m.marked_at) await tx.store.delete(m.key);
      await tx.done;
    },
  };
}

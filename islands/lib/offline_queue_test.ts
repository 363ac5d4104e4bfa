import assert from "node:assert/strict";
import {
  describe,
  enqueue,
  markKey,
  pendingFor,
  type QueuedMark,
  type ServerResult,
  settle,
} from "./offline_queue.ts";

const C = "class-1";
const q = (enrollment: string, at: string, over: Partial<QueuedMark> = {}): QueuedMark => ({
  key: markKey(enrollment, "2026-11-26"),
  class_id: C,
  enrollment_id: enrollment,
  day: "2026-11-26",
  status: "absent",
  meal: null,
  marked_at: at,
  ...over,
});

Deno.test("enqueue: one mark per child and day, the later tap wins", () => {
  let queue = enqueue([], q("a", "2026-11-26T08:00:00Z"));
  queue = enqueue(queue, q("b", "2026-11-26T08:01:00Z"));
  queue = enqueue(queue, q("a", "2026-11-26T08:02:00Z", { status: "present" }));
  assert.equal(queue.length, 2);
  assert.equal(queue.find((m) => m.enrollment_id === "a")!.status, "present");
  // A tap older than the waiting one (clock skew, two tabs) does not replace it.
  const same = enqueue(queue, q("a", "2026-11-26T07:59:00Z"));
  assert.equal(same, queue);
  // Another day of the same child is another entry.
  assert.equal(
    enqueue(queue, q("a", "2026-11-26T09:00:00Z", { key: "a|2026-11-25", day: "2026-11-25" }))
      .length,
    3,
  );
});

Deno.test("settle: answered taps leave the queue, newer taps stay, every answer is described", () => {
  const sentA = q("a", "2026-11-26T08:00:00Z");
  const sentB = q("b", "2026-11-26T08:00:00Z");
  const sentC = q("c", "2026-11-26T08:00:00Z");
  const sentD = q("d", "2026-11-26T08:00:00Z");
  // While the request was in flight the teacher changed "b" again.
  const newerB = q("b", "2026-11-26T08:05:00Z", { status: "present" });
  const queue = [sentA, newerB, sentC, sentD];
  const results: ServerResult[] = [
    { enrollment_id: "a", day: "2026-11-26", outcome: "recorded", revision: 2 },
    { enrollment_id: "b", day: "2026-11-26", outcome: "unchanged" },
    {
      enrollment_id: "c",
      day: "2026-11-26",
      outcome: "stale",
      current: { status: "present", meal: "standard", marked_at: "2026-11-26T08:10:00Z" },
    },
    {
      enrollment_id: "d",
      day: "2026-11-26",
      outcome: "rejected",
      reason: { code: "closed_day", it: "Il 26/11/2026 il servizio è chiuso.", en: "Closed." },
    },
  ];
  const out = settle(queue, [sentA, sentB, sentC, sentD], results);
  assert.deepEqual(out.queue, [newerB]);
  assert.deepEqual(out.outcomes.map((o) => o.kind), ["recorded", "unchanged", "stale", "rejected"]);
  assert.match(out.outcomes[2].it, /un'altra modifica più recente ha prevalso/);
  assert.equal(out.outcomes[3].it, "Il 26/11/2026 il servizio è chiuso.");
});

Deno.test("settle: a missing or mismatched answer keeps the mark queued", () => {
  const a = q("a", "2026-11-26T08:00:00Z");
  const b = q("b", "2026-11-26T08:00:00Z");
  const out = settle([a, b], [a, b], [
    { enrollment_id: "b", day: "2026-11-26", outcome: "recorded", revision: 1 },
  ]);
  assert.deepEqual(out.queue, [a, b]);
  assert.equal(out.outcomes.length, 0);
});

Deno.test("describe and pendingFor", () => {
  assert.equal(
    describe({ enrollment_id: "a", day: "2026-11-26", outcome: "recorded", revision: 1 }).it,
    "Registrata.",
  );
  const m = pendingFor(
    [
      q("a", "2026-11-26T08:00:00Z"),
      q("b", "2026-11-26T08:00:00Z", { class_id: "other" }),
      q("c", "2026-11-26T08:00:00Z", { day: "2026-11-25", key: "c|2026-11-25" }),
    ],
    C,
    "2026-11-26",
  );
  assert.deepEqual([...m.keys()], ["a"]);
});

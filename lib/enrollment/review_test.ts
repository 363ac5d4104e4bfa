import assert from "node:assert/strict";
import {
  type CommunicableItem,
  type ItemState,
  itemsToCommunicate,
  nextOutcomes,
  outcomeMessage,
  pendingOnly,
  planReview,
  REVIEW_OUTCOMES,
} from "./review.ts";
import { OUTCOMES } from "./schemas.ts";

const item = (o: Partial<ItemState> = {}): ItemState => ({
  outcome: "pending",
  outcome_reason: null,
  review_notes: null,
  communicated_at: null,
  ...o,
});

Deno.test("planReview: the transition table", () => {
  const allowed: Record<string, string[]> = {
    pending: ["accepted", "rejected", "waitlisted", "needs_integration"],
    needs_integration: ["accepted", "rejected", "waitlisted", "needs_integration"],
    waitlisted: ["accepted", "rejected", "waitlisted"],
    accepted: ["accepted", "rejected"],
    rejected: [],
  };
  for (const from of OUTCOMES) {
    assert.deepEqual([...nextOutcomes(from)].sort(), [...allowed[from]].sort(), from);
    for (const to of REVIEW_OUTCOMES) {
      const r = planReview(item({ outcome: from }), "submitted", {
        outcome: to,
        reason: "Motivo sufficiente",
      });
      assert.equal(r.ok, allowed[from].includes(to), `${from} → ${to}`);
      if (!r.ok) assert.equal(r.refusal.field, "outcome");
    }
  }
});

Deno.test("planReview: a rejected item explains it is final", () => {
  const r = planReview(item({ outcome: "rejected", outcome_reason: "x" }), "submitted", {
    outcome: "accepted",
  });
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.refusal.it, /già stata respinta/);
});

Deno.test("planReview: rejection and integration need a reason, others do not", () => {
  for (const outcome of ["rejected", "needs_integration"] as const) {
    for (const reason of [undefined, null, "", "   ", "no"]) {
      const r = planReview(item(), "submitted", { outcome, reason });
      assert.equal(r.ok, false, `${outcome} with ${JSON.stringify(reason)}`);
      if (!r.ok) assert.equal(r.refusal.field, "reason");
    }
    const ok = planReview(item(), "submitted", { outcome, reason: "  Manca l'ISEE  " });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.change.outcome_reason, "Manca l'ISEE");
  }
  for (const outcome of ["accepted", "waitlisted"] as const) {
    const r = planReview(item(), "submitted", { outcome });
    assert.ok(r.ok, outcome);
    if (r.ok) assert.equal(r.change.outcome_reason, null);
  }
});

Deno.test("planReview: lengths of reason and notes", () => {
  const long = planReview(item(), "submitted", { outcome: "rejected", reason: "x".repeat(2001) });
  assert.equal(long.ok, false);
  if (!long.ok) assert.equal(long.refusal.field, "reason");
  const edge = planReview(item(), "submitted", { outcome: "rejected", reason: "x".repeat(2000) });
  assert.ok(edge.ok);
  const notes = planReview(item(), "submitted", { outcome: "accepted", notes: "n".repeat(4001) });
  assert.equal(notes.ok, false);
  if (!notes.ok) assert.equal(notes.refusal.field, "notes");
});

Deno.test("planReview: only submitted applications are reviewed", () => {
  for (const status of ["draft", "withdrawn"] as const) {
    const r = planReview(item(), status, { outcome: "accepted" });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.refusal.field, "status");
  }
});

Deno.test("planReview: an unknown outcome is refused", () => {
  const r = planReview(item(), "submitted", { outcome: "maybe" as never });
  assert.equal(r.ok, false);
});

Deno.test("planReview: communication starts over only when what the family is told changes", () => {
  const told = item({
    outcome: "waitlisted",
    outcome_reason: "Posti esauriti",
    communicated_at: "2026-06-10T08:00:00Z",
  });
  const same = planReview(told, "submitted", { outcome: "waitlisted", reason: "Posti esauriti" });
  assert.ok(same.ok && !same.change.resetCommunication && same.change.unchanged);
  const notesOnly = planReview(told, "submitted", {
    outcome: "waitlisted",
    reason: "Posti esauriti",
    notes: "Richiamare a settembre",
  });
  assert.ok(notesOnly.ok && !notesOnly.change.resetCommunication && !notesOnly.change.unchanged);
  const newReason = planReview(told, "submitted", { outcome: "waitlisted", reason: "Altro" });
  assert.ok(newReason.ok && newReason.change.resetCommunication);
  const accepted = planReview(told, "submitted", { outcome: "accepted" });
  assert.ok(accepted.ok && accepted.change.resetCommunication);
});

Deno.test("planReview: notes are kept when not sent, cleared when sent empty", () => {
  const withNotes = item({ review_notes: "interna" });
  const kept = planReview(withNotes, "submitted", { outcome: "accepted" });
  assert.ok(kept.ok && kept.change.review_notes === "interna");
  const cleared = planReview(withNotes, "submitted", { outcome: "accepted", notes: " " });
  assert.ok(cleared.ok && cleared.change.review_notes === null);
});

const ci = (o: Partial<CommunicableItem>): CommunicableItem => ({
  id: crypto.randomUUID(),
  outcome: "accepted",
  outcome_reason: null,
  communicated_at: null,
  child_name: "Sofia Ricci",
  service_title: "Refezione scolastica",
  ...o,
});

Deno.test("itemsToCommunicate: decided and not yet told", () => {
  const items = [
    ci({ outcome: "pending" }),
    ci({ outcome: "accepted" }),
    ci({ outcome: "rejected", communicated_at: "2026-06-01T10:00:00Z" }),
    ci({ outcome: "waitlisted" }),
  ];
  assert.deepEqual(itemsToCommunicate(items), [items[1], items[3]]);
  assert.deepEqual(itemsToCommunicate([]), []);
});

Deno.test("outcomeMessage: one line per child and service, reasons, integration hint", () => {
  const m = outcomeMessage("2026/000012", [
    ci({}),
    ci({ child_name: "Tommaso Ricci", outcome: "waitlisted" }),
    ci({ child_name: "Anna Ricci", outcome: "rejected", outcome_reason: "Fuori età" }),
    ci({ child_name: "Luca Ricci", outcome: "needs_integration", outcome_reason: "ISEE" }),
  ]);
  assert.equal(m.subject, "Esito della domanda n. 2026/000012");
  assert.match(m.body, /- Sofia Ricci, Refezione scolastica: accolta\./);
  assert.match(m.body, /- Tommaso Ricci, Refezione scolastica: in lista d'attesa\./);
  assert.match(m.body, /Anna Ricci, Refezione scolastica: respinta\.\n {2}Motivo: Fuori età/);
  assert.match(m.body, /Occorre integrare: ISEE/);
  assert.match(m.body, /Per integrare la domanda/);
  const plain = outcomeMessage(null, [ci({})]);
  assert.equal(plain.subject, "Esito della domanda di iscrizione");
  assert.doesNotMatch(plain.body, /Per integrare/);
});

Deno.test("pendingOnly: reviewed items are skipped in bulk", () => {
  const r = pendingOnly([
    { outcome: "pending" as const },
    { outcome: "accepted" as const },
    { outcome: "pending" as const },
  ]);
  assert.equal(r.change.length, 2);
  assert.equal(r.skipped, 1);
});

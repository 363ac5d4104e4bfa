import assert from "node:assert/strict";
import type { PlanNotice } from "./instalment_plan_lapse.ts";
import { planStanding } from "./instalment_plan_lapse.ts";
import {
  nextInstalment,
  readRevokeForm,
  REVOKE_FIELDS,
  REVOKE_REFUSALS,
  revokeMail,
  revokeRefusalOf,
} from "./instalment_plan_lapse_revoke.ts";

const TODAY = "2026-11-29";
const it = (it: string, _en: string) => it;
const en = (_it: string, en: string) => en;

/** The single payment (option 0) and 3 instalments of 13,34/13,33 €. */
const plan = (over: Record<number, Partial<PlanNotice>> = {}): PlanNotice[] =>
  [
    { instalment: 0, status: "unpaid", amount_cents: 4000, due_on: "2026-10-20" },
    { instalment: 1, status: "unpaid", amount_cents: 1334, due_on: "2026-10-20" },
    { instalment: 2, status: "unpaid", amount_cents: 1333, due_on: "2026-11-19" },
    { instalment: 3, status: "unpaid", amount_cents: 1333, due_on: "2026-12-19" },
  ].map((n) => ({ ...n, ...over[n.instalment] }));

const FACTS = {
  ente: "Comune di Val di Ponte",
  payer: "Chiara Colombo",
  what: "Mensa ottobre 2026",
  lapsedOn: "2026-11-25",
  reason: "  Pagamento della rata 1 arrivato in ritardo  ",
};

Deno.test("readRevokeForm: a reason of 5 to 1000 characters, trimmed", () => {
  assert.deepEqual(readRevokeForm({ reason: "  Errore  " }, it), { reason: "Errore", errors: {} });
  assert.deepEqual(readRevokeForm({ reason: "x".repeat(1000) }, it).errors, {});
  for (const reason of ["", "   ", "abcd", " abcd ", "x".repeat(1001)]) {
    const r = readRevokeForm({ reason }, it);
    assert.equal(r.reason, null, JSON.stringify(reason));
    assert.match(r.errors[REVOKE_FIELDS.reason], /motivo della revoca, da 5 a 1000 caratteri/);
  }
  assert.match(readRevokeForm({ reason: "" }, en).errors.motivo, /reason for the revocation/);
});

Deno.test("revokeRefusalOf: the database's code words, with HTTP status and both languages", () => {
  assert.deepEqual(
    revokeRefusalOf("lapse_revoke_enforced: the position is on an enforced-collection list"),
    { code: "enforced", ...REVOKE_REFUSALS.lapse_revoke_enforced },
  );
  assert.equal(revokeRefusalOf("lapse_revoke_forbidden: x")?.status, 403);
  assert.equal(revokeRefusalOf("lapse_revoke_not_found: x")?.status, 404);
  assert.equal(revokeRefusalOf("lapse_revoke_not_lapsed: x")?.status, 409);
  assert.equal(revokeRefusalOf("lapse_revoke_settled: x")?.status, 409);
  assert.equal(revokeRefusalOf("lapse_revoke_reason: x")?.status, 422);
  assert.match(REVOKE_REFUSALS.lapse_revoke_enforced.it, /ritirala dalla lista \(sgravio\)/);
  // Other words, other functions' words and free text are not this refusal.
  for (
    const m of [
      "lapse_revoke_unknown: x",
      "instalment_lapse_already: x",
      "lapse_revoke_enforced without colon",
      "ERROR: lapse_revoke_enforced: x",
    ]
  ) assert.equal(revokeRefusalOf(m), null, m);
  for (const [word, r] of Object.entries(REVOKE_REFUSALS)) {
    assert.match(word, /^lapse_revoke_[a-z_]+$/);
    assert.ok(r.it.length > 10 && r.en.length > 10, word);
  }
});

Deno.test("nextInstalment: the first unpaid instalment not yet past due, never the single payment", () => {
  assert.equal(nextInstalment(plan(), TODAY)?.instalment, 3);
  // Due today is not past due; paid ones are skipped.
  assert.equal(nextInstalment(plan({ 2: { due_on: TODAY } }), TODAY)?.instalment, 2);
  assert.equal(
    nextInstalment(plan({ 2: { due_on: TODAY, status: "paid" } }), TODAY)?.instalment,
    3,
  );
  assert.equal(nextInstalment(plan({ 3: { status: "paid" } }), TODAY), null);
  assert.equal(
    nextInstalment(plan({ 0: { due_on: "2026-12-31" }, 3: { due_on: "2026-11-01" } }), TODAY),
    null,
  );
});

Deno.test("revokeMail: the plan holds again; the next instalment and the late ones", () => {
  const notices = plan();
  const m = revokeMail(FACTS, planStanding(notices, TODAY), nextInstalment(notices, TODAY));
  assert.equal(m.subject, "Comune di Val di Ponte: decadenza della rateizzazione revocata");
  assert.match(m.text, /^Gentile Chiara Colombo,\n\n/);
  assert.match(
    m.text,
    /la decadenza della rateizzazione di «Mensa ottobre 2026», comunicata il 25\/11\/2026, è stata revocata\.\nMotivo: Pagamento della rata 1 arrivato in ritardo\n/,
  );
  assert.match(m.text, /le rate restano dovute alle loro scadenze, per un residuo di 40,00\s€/);
  assert.match(m.text, /La prossima rata, la n\. 3 di 13,33\s€, scade il 19\/12\/2026\./);
  assert.match(m.text, /Restano da pagare 2 rate già scadute, per 26,67\s€/);
  assert.match(m.text, /\n\nComune di Val di Ponte$/);

  // One late instalment, none to come; no payer name.
  const one = plan({ 1: { status: "paid" }, 3: { due_on: "2026-11-20" }, 2: { status: "paid" } });
  const m1 = revokeMail(
    { ...FACTS, payer: null },
    planStanding(one, TODAY),
    nextInstalment(one, TODAY),
  );
  assert.match(m1.text, /^Gentile utente,/);
  assert.match(
    m1.text,
    /Resta da pagare una rata già scaduta, di 13,33\s€: la preghiamo di pagarla/,
  );
  assert.doesNotMatch(m1.text, /prossima rata/);

  // Nothing late: no such sentence.
  const none = plan({ 1: { status: "paid" }, 2: { status: "paid" } });
  const m2 = revokeMail(FACTS, planStanding(none, TODAY), nextInstalment(none, TODAY));
  assert.doesNotMatch(m2.text, /già scadut/);
  assert.match(m2.text, /per un residuo di 13,33\s€/);
});

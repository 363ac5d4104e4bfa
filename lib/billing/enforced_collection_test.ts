import assert from "node:assert/strict";
import {
  type CollectionCandidate,
  collectionCsv,
  csvFileName,
  csvRow,
  daysBetween,
  FIELDS,
  itDate,
  type ListedPosition,
  needsRelief,
  positionEligibility,
  readCollectionForm,
  selectForCollection,
} from "./enforced_collection.ts";

const it = (i: string) => i;
const RULE = { today: "2026-11-30", minDays: 30, minPayerCents: 3000 };

const cand = (over: Partial<CollectionCandidate> = {}): CollectionCandidate => ({
  position_id: "p1",
  payer_id: "a",
  overdue_cents: 4000,
  overdue_since: "2026-09-30",
  last_reminder_on: "2026-10-15",
  listed: false,
  ...over,
});

Deno.test("daysBetween counts calendar days across months, years and DST changes", () => {
  const cases: [string, string, number][] = [
    ["2026-11-01", "2026-11-16", 15],
    ["2026-10-31", "2026-11-30", 30],
    ["2026-12-31", "2027-01-01", 1],
    ["2026-03-28", "2026-03-30", 2], // Rome moves to summer time on 29 March 2026
    ["2026-10-24", "2026-10-26", 2], // and back on 25 October
    ["2028-02-28", "2028-03-01", 2], // leap year
    ["2026-11-30", "2026-11-30", 0],
  ];
  for (const [a, b, n] of cases) assert.equal(daysBetween(a, b), n, `${a} → ${b}`);
});

Deno.test("a position's eligibility: never reminded, too recent, old enough, listed, not overdue", () => {
  const cases: [Partial<CollectionCandidate>, number, string][] = [
    [{ last_reminder_on: null }, 30, "never_reminded"],
    [{ last_reminder_on: "2026-11-01" }, 30, "too_recent"], // 29 days
    [{ last_reminder_on: "2026-10-31" }, 30, "eligible"], // exactly 30 days
    [{ last_reminder_on: "2026-11-30" }, 0, "eligible"], // 0 days: reminded today is enough
    [{ last_reminder_on: "2026-11-30" }, 1, "too_recent"],
    [{ listed: true }, 30, "already_listed"],
    [{ listed: true, last_reminder_on: null }, 30, "already_listed"],
    [{ overdue_since: null, overdue_cents: 0 }, 30, "not_overdue"], // paid
    [{ overdue_since: "2026-11-30" }, 30, "not_overdue"], // due today is not overdue yet
    [{ overdue_cents: 0 }, 30, "not_overdue"],
  ];
  for (const [over, minDays, want] of cases) {
    assert.equal(
      positionEligibility(cand(over), { today: RULE.today, minDays }),
      want,
      JSON.stringify({ over, minDays }),
    );
  }
});

Deno.test("the threshold is per payer, over the eligible positions only", () => {
  const list = [
    cand({ position_id: "a1", payer_id: "a", overdue_cents: 2000 }),
    cand({ position_id: "a2", payer_id: "a", overdue_cents: 1000 }), // a: 30,00 € in all → kept
    cand({ position_id: "b1", payer_id: "b", overdue_cents: 2999 }), // b: under 30,00 €
    cand({ position_id: "b2", payer_id: "b", overdue_cents: 5000, last_reminder_on: null }),
    cand({ position_id: "c1", payer_id: "c", overdue_cents: 9000, last_reminder_on: "2026-11-20" }),
    cand({ position_id: "d1", payer_id: "d", overdue_cents: 7000, listed: true }),
    cand({ position_id: "e1", payer_id: "e", overdue_cents: 0, overdue_since: null }),
  ];
  const s = selectForCollection(list, RULE);
  assert.deepEqual(s.included.map((c) => c.position_id), ["a1", "a2"]);
  assert.deepEqual(s.excluded, {
    never_reminded: 1,
    too_recent: 1,
    already_listed: 1,
    under_threshold: 1,
  });
  assert.equal(s.payers, 1);
  assert.equal(s.excluded_payers, 1);
  assert.equal(s.total_cents, 3000);
});

Deno.test("a threshold of zero keeps every eligible payer; nothing eligible is an empty list", () => {
  const list = [
    cand({ position_id: "a1", payer_id: "a", overdue_cents: 1 }),
    cand({ position_id: "b1", payer_id: "b", overdue_cents: 2 }),
  ];
  const all = selectForCollection(list, { ...RULE, minPayerCents: 0 });
  assert.equal(all.included.length, 2);
  assert.equal(all.payers, 2);
  const none = selectForCollection([], RULE);
  assert.deepEqual(none.included, []);
  assert.equal(none.total_cents, 0);
  assert.equal(none.payers, 0);
});

Deno.test("dates for the collector: Italian days", () => {
  assert.equal(itDate("2026-11-05"), "05/11/2026");
  assert.equal(itDate("2026-11-05T10:00:00Z"), "05/11/2026");
  assert.equal(itDate(null), "");
  assert.equal(itDate("garbage"), "");
});

const listed = (over: Partial<ListedPosition> = {}): ListedPosition => ({
  debt_position_id: "p1",
  iupd: "PZ-2026-000001",
  description: "Mensa ottobre 2026",
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  payer_id: "a",
  debtor: { name: "Colombo Chiara", tax_code: "CLMCHR88M61D612P", address: "Via Roma 1" },
  overdue_cents: 4050,
  overdue_since: "2026-10-31",
  paid_cents_then: 0,
  paid_cents_now: 0,
  status: "open",
  last_reminder_at: "2026-11-02T09:00:00Z",
  last_reminder_channel: "letter",
  notice_numbers: ["302000000000000001"],
  withdrawn_at: null,
  withdrawn_reason: null,
  ...over,
});

Deno.test("relief (sgravio): paid or partly paid or cancelled after hand-over, unless withdrawn", () => {
  assert.equal(needsRelief(listed()), false);
  assert.equal(needsRelief(listed({ paid_cents_now: 1000 })), true);
  assert.equal(needsRelief(listed({ status: "paid", paid_cents_now: 4050 })), true);
  assert.equal(needsRelief(listed({ status: "cancelled" })), true);
  assert.equal(needsRelief(listed({ paid_cents_then: 500, paid_cents_now: 500 })), false);
  assert.equal(
    needsRelief(listed({ paid_cents_now: 1000, withdrawn_at: "2026-11-30T10:00:00Z" })),
    false,
  );
});

Deno.test("the lista di carico: one numbered row per position, Italian amounts and dates", () => {
  assert.deepEqual(csvRow(listed({ paid_cents_now: 1000, status: "partially_paid" }), 1), [
    1,
    "Colombo Chiara",
    "CLMCHR88M61D612P",
    "Via Roma 1",
    "PZ-2026-000001",
    "Mensa ottobre 2026",
    "01/10/2026",
    "31/10/2026",
    "40,50",
    "31/10/2026",
    "02/11/2026",
    "Lettera",
    "302000000000000001",
    "Pagata in parte",
    "10,00",
    "",
    "",
  ]);
  // The last reminder's day is Rome's: 00:30 on 2 November there.
  assert.equal(csvRow(listed({ last_reminder_at: "2026-11-01T23:30:00Z" }), 1)[10], "02/11/2026");
  const text = collectionCsv([
    listed(),
    listed({
      debt_position_id: "p2",
      debtor: { name: "D'Angelo; Marco", tax_code: null, address: null },
      withdrawn_at: "2026-11-30T10:00:00Z",
      withdrawn_reason: "Errore di inserimento",
      notice_numbers: [],
    }),
  ]);
  assert.ok(text.startsWith("\uFEFFN.;Debitore;Codice fiscale;Indirizzo;"));
  const lines = text.slice(1).split("\r\n");
  assert.equal(lines.length, 4); // head, 2 rows, the final line end
  assert.equal(lines[3], "");
  assert.match(lines[2], /^2;"D'Angelo; Marco";;;/);
  assert.match(lines[2], /;30\/11\/2026;Errore di inserimento$/);
});

Deno.test("the CSV's file name is safe and names the act", () => {
  assert.equal(
    csvFileName("Det. n. 123/2026 – Ufficio Entrate", "2026-11-30"),
    "lista-di-carico-det-n-123-2026-ufficio-entrate-2026-11-30.csv",
  );
  assert.equal(csvFileName("///", "2026-11-30"), "lista-di-carico-2026-11-30.csv");
  assert.equal(
    csvFileName("Proroga à più", "2026-11-30"),
    "lista-di-carico-proroga-a-piu-2026-11-30.csv",
  );
});

Deno.test("the form: Italian errors next to each field, the input only when all is right", () => {
  const ok = readCollectionForm({
    run_id: "",
    min_days: "30",
    min_payer: "30,00",
    reference: "  Det. n. 123/2026 ",
    note: "",
  }, it);
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.input, {
    run_id: null,
    minDays: 30,
    minPayerCents: 3000,
    reference: "Det. n. 123/2026",
    note: null,
  });
  const run = "0b6f0d59-6e4b-4b39-9c7a-3f1d2d1f5a11";
  assert.equal(
    readCollectionForm(
      { run_id: run, min_days: "0", min_payer: "0", reference: "ab", note: "x" },
      it,
    )
      .input?.run_id,
    run,
  );
  const bad = readCollectionForm({
    run_id: "not-a-uuid",
    min_days: "366",
    min_payer: "-5",
    reference: "x",
    note: "n".repeat(2001),
  }, it);
  assert.equal(bad.input, null);
  assert.deepEqual(
    Object.keys(bad.errors).sort(),
    [
      FIELDS.min_payer,
      FIELDS.min_days,
      FIELDS.note,
      FIELDS.reference,
    ].sort(),
  );
  assert.match(bad.errors[FIELDS.min_days], /da 0 a 365/);
  assert.match(bad.errors[FIELDS.reference], /Det\. n\. 123\/2026/);
  for (const days of ["", "1.5", "-1", "abc", "1000"]) {
    assert.ok(
      readCollectionForm(
        { run_id: "", min_days: days, min_payer: "30", reference: "ab", note: "" },
        it,
      )
        .errors[FIELDS.min_days],
      days,
    );
  }
  assert.equal(
    readCollectionForm({
      run_id: "",
      min_days: "15",
      min_payer: "1.250,50",
      reference: "ab",
      note: "",
    }, it)
      .input?.minPayerCents,
    125050,
  );
});

import assert from "node:assert/strict";
import {
  addressLines,
  buildLetters,
  howToPay,
  type LetterEnte,
  type LetterNotice,
  type LetterPosition,
} from "./reminder_letter.ts";
import { reminderMail } from "./reminder_text.ts";

const ENTE: LetterEnte = {
  name: "Comune di Valdiponte",
  tax_code: "80012345678",
  address: "Piazza del Municipio 1, 50099 Valdiponte (FI)",
  office_name: "Ufficio Servizi Scolastici",
  office_contact: "tel. 0332 123456",
};

const pos = (p: Partial<LetterPosition> & { position_id: string }): LetterPosition => ({
  iupd: `PZ-${p.position_id}`,
  payer_id: "marco",
  payer_name: "Marco D'Angelo",
  payer_sort: "D'Angelo Marco",
  payer_tax_code: null,
  payer_address: "Via Roma 12, 50099 Valdiponte (FI)",
  description: "Mensa ottobre 2026",
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  overdue_cents: 1200,
  overdue_since: "2026-11-26",
  ...p,
});

const notice = (
  position_id: string,
  instalment: number,
  amount_cents: number,
  due_on: string,
  n = 1,
): LetterNotice => ({
  position_id,
  instalment,
  notice_number: `30200000000000${String(9600 + n)}`,
  amount_cents,
  due_on,
});

Deno.test("letter: one position, the e-mail's words, the table and the address", () => {
  const [l, ...rest] = buildLetters(ENTE, [pos({ position_id: "a" })], [
    notice("a", 0, 1200, "2026-11-26"),
  ]);
  assert.equal(rest.length, 0);
  assert.equal(l.payer_name, "Marco D'Angelo");
  assert.deepEqual(l.address_lines, ["Via Roma 12", "50099 Valdiponte (FI)"]);
  assert.equal(l.address_problem, null);
  assert.equal(l.subject, "Sollecito di pagamento: Mensa ottobre 2026");
  assert.equal(l.greeting, "Gentile Marco D'Angelo,");
  // The same sentence as the e-mail's.
  const mail = reminderMail({
    tenantName: ENTE.name,
    payerName: "Marco D'Angelo",
    positionId: "a",
    description: "Mensa ottobre 2026",
    overdueCents: 1200,
    overdueSince: "2026-11-26",
    notices: [],
    today: "2026-11-29",
  });
  assert.ok(mail.body.includes(l.opening), l.opening);
  assert.equal(
    l.opening,
    `a oggi non risulta pagato l'importo di 12,00 € per "Mensa ottobre 2026", scaduto il 26/11/2026.`,
  );
  assert.deepEqual(l.rows, [{
    position_id: "a",
    description: "Mensa ottobre 2026",
    period: "ottobre 2026",
    amount_cents: 1200,
    overdue_since: "2026-11-26",
    notice_number: "302000000000009601",
    instalment: 0,
  }]);
  assert.equal(l.total_cents, 1200);
  assert.equal(l.closing, "Se hai già pagato, non considerare questa lettera.");
  assert.deepEqual(l.signature, [
    "Comune di Valdiponte",
    "Ufficio Servizi Scolastici – tel. 0332 123456",
  ]);
});

Deno.test("letters: grouped per payer, by name; positions oldest first; instalments as rows", () => {
  const letters = buildLetters(
    ENTE,
    [
      pos({ position_id: "m1", overdue_since: "2026-11-20", description: "Mensa novembre" }),
      pos({ position_id: "m2", overdue_since: "2026-10-10", description: "Nido ottobre" }),
      pos({
        position_id: "r1",
        payer_id: "roberta",
        payer_name: "Anna Bianchi",
        payer_sort: "Bianchi Anna",
        payer_address: null,
        overdue_cents: 3000,
      }),
      // No overdue notice (paid meanwhile): left out, with its payer.
      pos({ position_id: "x", payer_id: "paid", payer_name: "Zeno Paid", payer_sort: "Paid Zeno" }),
    ],
    [
      notice("m1", 0, 1500, "2026-11-20", 1),
      notice("m2", 2, 2000, "2026-10-31", 3),
      notice("m2", 1, 2000, "2026-10-10", 2),
      notice("r1", 0, 3000, "2026-11-26", 4),
    ],
  );
  assert.deepEqual(letters.map((l) => l.payer_name), ["Anna Bianchi", "Marco D'Angelo"]);
  const [anna, marco] = letters;
  assert.equal(anna.address_problem, "missing");
  assert.deepEqual(anna.address_lines, []);
  assert.deepEqual(marco.position_ids, ["m2", "m1"]);
  assert.deepEqual(marco.rows.map((r) => [r.description, r.amount_cents, r.overdue_since]), [
    ["Nido ottobre – rata 1", 2000, "2026-10-10"],
    ["Nido ottobre – rata 2", 2000, "2026-10-31"],
    ["Mensa novembre", 1500, "2026-11-20"],
  ]);
  assert.equal(marco.total_cents, 5500);
  assert.equal(marco.subject, "Sollecito di pagamento");
  assert.equal(
    marco.opening,
    "a oggi non risultano pagati gli importi indicati qui sotto, per un totale di 55,00 €, " +
      "scaduti dal 10/10/2026.",
  );
});

Deno.test("letter address: parsed, as written when unreadable, missing", () => {
  assert.deepEqual(addressLines("Via Garibaldi 3/A, 50099 Valdiponte FI"), {
    address_lines: ["Via Garibaldi 3/A", "50099 Valdiponte (FI)"],
    address_problem: null,
  });
  assert.deepEqual(addressLines("  Località Poggio,   casa rossa "), {
    address_lines: ["Località Poggio, casa rossa"],
    address_problem: "unparsed",
  });
  assert.deepEqual(addressLines(" "), { address_lines: [], address_problem: "missing" });
});

Deno.test("how to pay: the notice number and the Ente's fiscal code, QR when printed", () => {
  assert.match(howToPay("80012345678", true), /codice fiscale dell'Ente \(80012345678\)/);
  assert.match(howToPay("80012345678", true), /codice QR/);
  assert.doesNotMatch(howToPay("80012345678", false), /QR/);
});

Deno.test("buildLetters: letters in the order of the payers' surnames, as the office files them", () => {
  const letters = buildLetters(
    ENTE,
    [
      pos({
        position_id: "b",
        payer_id: "anna",
        payer_name: "Anna Bianchi",
        payer_sort: "Bianchi Anna",
      }),
      pos({ position_id: "a", payer_id: "zoe", payer_name: "Zoe Amato", payer_sort: "Amato Zoe" }),
    ],
    [notice("a", 0, 1200, "2026-11-26", 1), notice("b", 0, 1200, "2026-11-26", 2)],
  );
  assert.deepEqual(letters.map((l) => l.payer_name), ["Zoe Amato", "Anna Bianchi"]);
});

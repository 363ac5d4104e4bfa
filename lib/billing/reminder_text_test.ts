import assert from "node:assert/strict";
import { groupedNotice, itDay, payLink, reminderMail, reminderPush } from "./reminder_text.ts";

const base = {
  tenantName: "Comune di Valdiponte",
  officeName: "Ufficio Servizi Scolastici",
  officeContact: "tel. 0332 123456, scuola@comune.valdiponte.example",
  payerName: "Chiara Colombo",
  positionId: "6f1c7a52-0000-4000-8000-000000000001",
  description: "Mensa ottobre 2026",
  overdueCents: 4000,
  overdueSince: "2026-11-28",
  today: "2026-11-29",
  publicUrl: "https://servizi.valdiponte.example/",
};

Deno.test("reminder e-mail: a single notice, every fact the payer needs", () => {
  const m = reminderMail({
    ...base,
    notices: [{
      instalment: 0,
      notice_number: "302000000000812345",
      amount_cents: 4000,
      due_on: "2026-11-28",
    }],
  });
  assert.equal(m.subject, "Sollecito di pagamento: Mensa ottobre 2026");
  assert.equal(
    m.body,
    [
      "Gentile Chiara Colombo,",
      "",
      `a oggi non risulta pagato l'importo di 40,00 € per "Mensa ottobre 2026", scaduto il 28/11/2026.`,
      "",
      "L'avviso pagoPA da pagare:",
      "- Avviso n. 3020 0000 0000 8123 45: 40,00 €, scadenza 28/11/2026 (scaduto)",
      "",
      "Puoi pagare online con pagoPA, oppure scaricare l'avviso e pagarlo presso banche, uffici " +
      "postali, tabaccherie e app, dalla pagina della posizione:",
      "https://servizi.valdiponte.example/famiglie/pagamenti/6f1c7a52-0000-4000-8000-000000000001",
      "",
      "Se hai già pagato, ignora questo messaggio.",
      "",
      "Comune di Valdiponte",
      "Ufficio Servizi Scolastici – tel. 0332 123456, scuola@comune.valdiponte.example",
      "",
      "Questo messaggio è stato inviato automaticamente, non rispondere.",
    ].join("\n"),
  );
});

Deno.test("reminder e-mail: with instalments, the unpaid ones (overdue marked), not the whole", () => {
  const m = reminderMail({
    ...base,
    officeName: null,
    officeContact: null,
    overdueCents: 3000,
    overdueSince: "2026-11-19",
    publicUrl: undefined,
    notices: [
      {
        instalment: 3,
        notice_number: "302000000000830412",
        amount_cents: 3000,
        due_on: "2026-12-19",
      },
      // Still unpaid in the table, but with instalments the single payment is not offered.
      {
        instalment: 0,
        notice_number: "302000000000830100",
        amount_cents: 9000,
        due_on: "2026-10-20",
      },
      {
        instalment: 2,
        notice_number: "302000000000830311",
        amount_cents: 3000,
        due_on: "2026-11-19",
      },
    ],
  });
  const lines = m.body.split("\n");
  assert.deepEqual(lines.filter((l) => l.startsWith("- ")), [
    "- Rata 2, avviso n. 3020 0000 0000 8303 11: 30,00 €, scadenza 19/11/2026 (scaduto)",
    "- Rata 3, avviso n. 3020 0000 0000 8304 12: 30,00 €, scadenza 19/12/2026",
  ]);
  assert.ok(lines.includes("Gli avvisi pagoPA da pagare:"));
  assert.ok(lines.includes("/famiglie/pagamenti/6f1c7a52-0000-4000-8000-000000000001"));
  // Without the office's details the Ente alone signs.
  assert.deepEqual(lines.slice(-5), [
    "Se hai già pagato, ignora questo messaggio.",
    "",
    "Comune di Valdiponte",
    "",
    "Questo messaggio è stato inviato automaticamente, non rispondere.",
  ]);
});

Deno.test("reminder e-mail: a long description keeps the subject within 200 characters", () => {
  const m = reminderMail({ ...base, description: "x".repeat(300), notices: [] });
  assert.equal(m.subject.length, 200);
  assert.ok(m.subject.endsWith("…"));
  assert.doesNotMatch(m.body, /avvis[oi] pagoPA da pagare/);
});

Deno.test("reminder push and helpers", () => {
  assert.deepEqual(reminderPush(base), {
    title: "Sollecito di pagamento",
    body:
      `Risultano da pagare 40,00 € per "Mensa ottobre 2026", scaduti il 28/11/2026. Se hai già pagato, ignora questo messaggio.`,
    url: "/famiglie/pagamenti/6f1c7a52-0000-4000-8000-000000000001",
  });
  assert.equal(itDay("2026-01-05"), "05/01/2026");
  assert.equal(groupedNotice("302000000000812345"), "3020 0000 0000 8123 45");
  assert.equal(payLink("abc", "https://x.example/"), "https://x.example/famiglie/pagamenti/abc");
  assert.equal(payLink("abc"), "/famiglie/pagamenti/abc");
});

/**
 * The yearly statement of payments: a family downloads its own (two children on one aggregated
 * position, an instalment paid, a wallet top-up), another household gets none of it, the office
 * gets a payer's statement and the download is audited, a teacher is refused.
 */
import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { loadStatement, statementYears } from "../lib/billing/payment_statement_read.ts";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { noticePdfText } from "../lib/pagopa/notice_pdf_text.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf } from "./helpers/fixtures_wallets.ts";
import {
  addOtherFamily,
  CHIARA,
  LUCA,
  OTHER_FAMILY,
  seedPosition,
} from "./family_payments_seed_test.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";
const TITLE = "Attestazione dei pagamenti – anno 2026";

/** A receipt paying one notice of a position (matched), as ingestion leaves it. */
async function pay(db: Db, positionId: string, instalment: number, paidAt: string) {
  await db.asOwner(async (tx) => {
    const [n] = await tx.query<
      { id: string; tenant_id: string; notice_number: string; amount_cents: number }
    >(
      `select id, tenant_id, notice_number, amount_cents from public.payment_notices
        where debt_position_id = $1 and instalment = $2`,
      [positionId, instalment],
    );
    const [r] = await tx.query<{ id: string }>(
      `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, notice_number,
         payment_notice_id, amount_cents, paid_at, psp_id, psp_name, payment_method, source, status)
       values ($1, $2, substr($3, 2), $3, $4, $5, $6, 'BCITITMM', 'Intesa Sanpaolo', 'CP', 'gpd',
               'matched')
       returning id`,
      [n.tenant_id, `RCPT-${n.notice_number}`, n.notice_number, n.id, n.amount_cents, paidAt],
    );
    await tx.query(
      "update public.payment_notices set status = 'paid', paid_at = $2, receipt_id = $3 where id = $1",
      [n.id, paidAt, r.id],
    );
    await tx.query(
      `update public.debt_positions set status = 'partially_paid', paid_cents = paid_cents + $2
        where id = $1`,
      [positionId, n.amount_cents],
    );
  });
}

/**
 * Chiara's household: one aggregated position (no service) for October 2026 — Sofia's meals
 * 45,00 € less a 5,00 € credit, Tommaso's nursery 30,00 € — in two instalments (30,00 + 40,00),
 * the first paid on 20/10/2026, the second paid in January 2027; a 20,00 € top-up paid on
 * 10/11/2026.
 */
async function household(db: Db) {
  const agg = await seedPosition(db, { instalments: [3000, 4000] });
  await db.asOwner(async (tx) => {
    await tx.query("update public.debt_positions set service_id = null where id = $1", [agg.id]);
    await tx.query(
      `update public.charge_lines set service_id = (
         select id from public.services s where s.tenant_id = charge_lines.tenant_id and s.code = 'NIDO')
        where id = $1`,
      [agg.lines[2]],
    );
  });
  await pay(db, agg.id, 1, "2026-10-20T08:00:00Z");
  await pay(db, agg.id, 2, "2027-01-15T08:00:00Z");
  const topUp = await seedPosition(db, { purpose: "top_up", paid: true });
  // An open position paid nothing: not on the statement.
  await seedPosition(db, {
    periodStart: "2026-11-01",
    periodEnd: "2026-11-30",
    label: "Novembre 2026",
  });
  return { agg, topUp };
}

async function pdfOf(res: Response) {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  assert.equal(
    res.headers.get("content-disposition"),
    'attachment; filename="attestazione-pagamenti-2026.pdf"',
  );
  assert.equal(res.headers.get("cache-control"), "private, no-store");
  const bytes = new Uint8Array(await res.arrayBuffer());
  const doc = await PDFDocument.load(bytes);
  return { doc, text: (await noticePdfText(bytes)).flat().join("\n") };
}

dbTest("payment statement: rows per child and service, instalments and top-ups", async (db) => {
  await household(db);
  const [{ tenant_id: tenant }] = await db.asOwner((tx) =>
    tx.query<{ tenant_id: string }>("select id as tenant_id from public.tenants limit 1")
  );
  const claims = await claimsOf(db, CHIARA, "family", tenant);
  const { data, years } = await db.asUser(claims, async (tx) => ({
    data: await loadStatement(tx, 2026, { household: true }),
    years: await statementYears(tx, { household: true }),
  }));
  assert.ok(years.includes(2026) && years.includes(2027), `${years}`);
  assert.ok(data);
  const s = data.statement;
  assert.equal(s.receipts, 2, "the instalment of October and the top-up");
  assert.equal(s.total_cents, 5000);
  assert.equal(s.top_ups_cents, 2000);
  assert.deepEqual(
    s.children.map((c) => [c.name, c.services.map((x) => [x.service, x.total_cents])]),
    [
      ["Sofia Ricci", [["Refezione scolastica", 1714]]],
      ["Tommaso Ricci", [["Asilo nido comunale «Il Girotondo»", 1286]]],
    ],
  );
  const [e] = s.children[0].services[0].entries;
  assert.equal(e.paid_on, "2026-10-20");
  assert.equal(e.instalment, 1);
  assert.equal(e.period_start, "2026-10-01");
  assert.equal(e.period_end, "2026-10-31");
  assert.equal(e.method, "Carta di pagamento");
  assert.match(e.notice_number!, /^3\d{17}$/);
  assert.deepEqual(s.top_ups.map((t) => [t.service, t.total_cents]), [[
    "Refezione scolastica",
    2000,
  ]]);
  assert.equal(data.ente.name, "Comune di Valdiponte");
  assert.deepEqual(data.payers.map((p) => p.name), ["Chiara Colombo"]);

  // 2027: the second instalment only, shared by the same proportions.
  const y2027 = await db.asUser(claims, (tx) => loadStatement(tx, 2027, { household: true }));
  assert.equal(y2027!.statement.total_cents, 4000);
  assert.deepEqual(y2027!.statement.children.map((c) => c.total_cents), [2286, 1714]);
});

dbTest("payment statement: the family downloads its PDF, both parents alike", async (db) => {
  await household(db);
  for (const who of [CHIARA, LUCA]) {
    const c = await signedInClient(db, who);
    const list = await htmlOf(await c.get("/famiglie/pagamenti"));
    assert.match(
      list,
      /<a href="\/famiglie\/pagamenti\/attestazione\?anno=2026">Attestazione dei pagamenti 2026 \(PDF\)<\/a>/,
    );
    const { doc, text } = await pdfOf(await c.get("/famiglie/pagamenti/attestazione?anno=2026"));
    assert.equal(doc.getTitle(), TITLE);
    assert.equal(doc.getPageCount(), 1);
    for (
      const s of [
        "Comune di Valdiponte",
        TITLE,
        "Chiara Colombo – codice fiscale CLMCHR88M61D612P",
        "Sofia Ricci",
        "Tommaso Ricci",
        "17,14 €",
        "12,86 €",
        "Ricariche del borsellino",
        "Totale pagato nell'anno 2026",
        "50,00 €",
        "Si rilascia su richiesta dell'interessato per gli usi consentiti dalla legge.",
      ]
    ) assert.ok(text.includes(s), `${who}: ${s}`);
  }
  const c = await signedInClient(db, CHIARA);
  // A year without payments: a page that says so, not an empty PDF.
  const empty = await htmlOf(await c.get("/famiglie/pagamenti/attestazione?anno=2024"), 404);
  assert.match(empty, /Nel 2024 il Comune non ha ricevuto pagamenti/);
  assert.match(empty, /href="\/famiglie\/pagamenti\/attestazione\?anno=2026"/);
  for (const bad of ["26", "abcd", "2999", ""]) {
    const page = await htmlOf(await c.get(`/famiglie/pagamenti/attestazione?anno=${bad}`), 400);
    assert.match(page, /L&#39;anno richiesto non è valido|L'anno richiesto non è valido/);
  }
});

dbTest("payment statement: another household gets none of it, only its own", async (db) => {
  await household(db);
  const otherParent = await addOtherFamily(db);
  const other = await signedInClient(db, OTHER_FAMILY);
  const none = await htmlOf(await other.get("/famiglie/pagamenti/attestazione?anno=2026"), 404);
  assert.doesNotMatch(none, /Sofia|Tommaso|Colombo/);
  assert.doesNotMatch(await htmlOf(await other.get("/famiglie/pagamenti")), /attestazione\?anno=/);
  // Their own top-up: their statement has it, and nothing of Chiara's.
  await seedPosition(db, { payerId: otherParent, purpose: "top_up", paid: true });
  const { text } = await pdfOf(await other.get("/famiglie/pagamenti/attestazione?anno=2026"));
  assert.ok(text.includes("20,00 €"));
  assert.ok(!/Sofia|Tommaso|Chiara|17,14/.test(text), text);
  const mine = await pdfOf(
    await (await signedInClient(db, CHIARA)).get("/famiglie/pagamenti/attestazione?anno=2026"),
  );
  assert.ok(mine.text.includes("50,00 €"), "Chiara's total is unchanged");
});

dbTest(
  "payment statement: the office downloads a payer's statement, audited; teachers cannot",
  async (db) => {
    await household(db);
    const [{ id: chiara }] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        "select id from public.people where name = 'Chiara' and surname = 'Colombo'",
      )
    );
    const op = await signedInClient(db, OPERATOR);
    const person = await htmlOf(await op.get(`/operatore/anagrafiche/persone/${chiara}`));
    assert.match(
      person,
      new RegExp(`href="/operatore/anagrafiche/persone/${chiara}/attestazione\\?anno=2026"`),
    );
    const { doc, text } = await pdfOf(
      await op.get(`/operatore/anagrafiche/persone/${chiara}/attestazione?anno=2026`),
    );
    assert.equal(doc.getTitle(), TITLE);
    assert.ok(text.includes("Chiara Colombo – codice fiscale CLMCHR88M61D612P"));
    assert.ok(text.includes("50,00 €"));
    const audit = await db.asOwner((tx) =>
      tx.query<
        { action: string; entity_id: string; details: Record<string, unknown>; actor: string }
      >(
        `select a.action, a.entity_id, a.details, u.email as actor from public.audit_log a
         join public.users u on u.id = a.actor_id
        where a.entity = 'payment_statement'`,
      )
    );
    assert.deepEqual(audit, [{
      action: "export",
      entity_id: chiara,
      details: { year: 2026, receipts: 2, total_cents: 5000 },
      actor: OPERATOR,
    }]);

    // A person who pays nothing: no link, and the statement says there is none (not audited).
    const [{ id: sofia }] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        "select id from public.people where name = 'Sofia' and surname = 'Ricci'",
      )
    );
    assert.doesNotMatch(
      await htmlOf(await op.get(`/operatore/anagrafiche/persone/${sofia}`)),
      /attestazione\?anno=/,
    );
    const empty = await htmlOf(
      await op.get(`/operatore/anagrafiche/persone/${sofia}/attestazione?anno=2026`),
      404,
    );
    assert.match(empty, /non risultano pagamenti ricevuti intestati a/);
    const missing = await op.get(
      `/operatore/anagrafiche/persone/${crypto.randomUUID()}/attestazione?anno=2026`,
    );
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const count = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.audit_log where entity = 'payment_statement'",
      )
    );
    assert.equal(count[0].n, 1);

    const teacher = await signedInClient(db, TEACHER);
    const refused = await teacher.get(
      `/operatore/anagrafiche/persone/${chiara}/attestazione?anno=2026`,
    );
    assert.equal(refused.status, 403);
    assert.doesNotMatch(await refused.text(), /%PDF/);
    const family = await signedInClient(db, CHIARA);
    const notOffice = await family.get(
      `/operatore/anagrafiche/persone/${chiara}/attestazione?anno=2026`,
    );
    assert.equal(notOffice.status, 403);
    await notOffice.body?.cancel();
  },
);

dbTest(
  "GET /api/v1/people/{id}/payment-statement: the office's statement as data, audited",
  async (db) => {
    await household(db);
    const [{ id: chiara, tenant_id: tenant }] = await db.asOwner((tx) =>
      tx.query<{ id: string; tenant_id: string }>(
        "select id, tenant_id from public.people where name = 'Chiara' and surname = 'Colombo'",
      )
    );
    const op = await signedInClient(db, OPERATOR);
    const path = `/api/v1/people/${chiara}/payment-statement`;
    const res = await op.get(`${path}?year=2026`);
    assert.equal(res.status, 200);
    const body = await res.json();
    const claims = await claimsOf(db, CHIARA, "family", tenant);
    const expected = await db.asUser(claims, (tx) => loadStatement(tx, 2026, { household: true }));
    assert.deepEqual(body, { ...expected!.statement, payers: expected!.payers });
    assert.equal(body.total_cents, 5000);
    assert.deepEqual(
      await db.asOwner((tx) =>
        tx.query(
          "select action, entity_id from public.audit_log where entity = 'payment_statement'",
        )
      ),
      [{ action: "export", entity_id: chiara }],
    );

    // A year without payments is an empty statement (and nothing is exported).
    const none = await op.get(`${path}?year=2025`);
    assert.equal(none.status, 200);
    assert.deepEqual(await none.json(), {
      year: 2025,
      payers: [{ id: chiara, name: "Chiara Colombo", tax_code: "CLMCHR88M61D612P" }],
      children: [],
      top_ups: [],
      top_ups_cents: 0,
      total_cents: 0,
      receipts: 0,
    });
    // Without a year, the current one.
    const current = await op.get(path);
    assert.equal(current.status, 200);
    const thisYear = await current.json();
    assert.equal(thisYear.year, Number(romeDate().slice(0, 4)));
    for (const bad of ["?year=due", `?year=${Number(romeDate().slice(0, 4)) + 1}`, "?year=1999"]) {
      const r = await op.get(`${path}${bad}`);
      assert.equal(r.status, 422, bad);
      await r.body?.cancel();
    }
    const missing = await op.get(
      `/api/v1/people/${crypto.randomUUID()}/payment-statement?year=2026`,
    );
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, "not_found");
    for (const who of [TEACHER, CHIARA]) {
      const r = await (await signedInClient(db, who)).get(`${path}?year=2026`);
      assert.equal(r.status, 403, who);
      await r.body?.cancel();
    }
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.audit_log where entity = 'payment_statement'",
      )
    );
    assert.equal(n, thisYear.receipts > 0 ? 2 : 1, "only statements with payments are audited");
  },
);

/**
 * Reconciliation on both backends: an FdR for receipts the test creates is imported and matched
 * payment by payment (matched, amount different, receipt missing, revoked, already reported),
 * re-importing it changes nothing, a receipt arriving late closes its payment, a flow for another
 * Ente is refused; the treasury statement is imported with its rejected rows reported, matched to
 * its flows (by id and total), and imported again without duplicates. Families see none of it.
 */
import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { createTestPositionIn, type TestPosition } from "../lib/pagopa/receipts_testing.ts";
import { parseFlowXml } from "../lib/reconciliation/fdr_xml.ts";
import { importFlow, importTreasury, rematchAll } from "../lib/reconciliation/store.ts";
import { parseTreasuryCsv } from "../lib/reconciliation/treasury_csv.ts";
import { dbTest } from "./helpers/db.ts";
import { demoOperator, flowXml } from "./helpers/fixtures_reconciliation.ts";

async function paid(db: Db, amountCents: number, receiptRef: string): Promise<TestPosition> {
  const p = await createTestPositionIn(db, { amountCents });
  const n = p.notices[0];
  const [r] = await db.asService((tx) =>
    ingestReceipts(tx, [{
      tenantId: p.tenantId,
      receiptRef,
      iuv: n.iuv,
      noticeNumber: n.noticeNumber,
      amountCents,
      paidAt: "2026-11-01T10:22:31+01:00",
      source: "pa_send_rt",
      pspId: "88888888888",
      pspName: "PSP di test",
    }])
  );
  assert.ok(r.ok);
  return p;
}

async function importXml(db: Db, claims: Claims, xml: string) {
  const parsed = await parseFlowXml(xml);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return await db.asUser(
    claims,
    (tx) => importFlow(tx, { flow: parsed.flow, raw: xml, source: "xml" }),
  );
}

async function payments(db: Db, flowRef: string) {
  return await db.asOwner((tx) =>
    tx.query<{ iuv: string; match_status: string; receipt: string | null; flow_status: string }>(
      `select p.iuv, p.match_status, r.receipt_ref as receipt, f.status as flow_status
         from public.fdr_payments p join public.fdr_flows f on f.id = p.flow_id
         left join public.payment_receipts r on r.id = p.receipt_id
        where f.flow_ref = $1 order by p.idx`,
      [flowRef],
    )
  );
}

dbTest(
  "reconciliation: an FdR is matched per payment and re-importing it is idempotent",
  async (db) => {
    const { claims } = await demoOperator(db);
    const a = await paid(db, 4500, "RCPT-A-0001");
    const b = await paid(db, 3000, "RCPT-B-0001");
    const xml = flowXml({
      flowRef: "2026-11-0288888888888-0000000101",
      payments: [
        { iuv: a.notices[0].iuv, iur: "RCPT-A-0001", amount_cents: 4500, outcome_code: 0 },
        { iuv: b.notices[0].iuv, iur: "RCPT-B-0001", amount_cents: 3100, outcome_code: 0 },
        { iuv: "02999999999999999", iur: "RCPT-X-0001", amount_cents: 1200, outcome_code: 0 },
        { iuv: a.notices[0].iuv, iur: "RCPT-A-REVOKED", amount_cents: 4500, outcome_code: 3 },
      ],
    });
    const first = await importXml(db, claims, xml);
    assert.ok(first.ok);
    assert.equal(first.created, true);
    assert.deepEqual(first.notes, []);
    assert.deepEqual(
      (await payments(db, "2026-11-0288888888888-0000000101")).map((
        p,
      ) => [p.match_status, p.receipt]),
      [
        ["matched", "RCPT-A-0001"],
        ["amount_different", "RCPT-B-0001"],
        ["receipt_missing", null],
        ["revoked", "RCPT-A-0001"],
      ],
    );
    assert.equal(
      (await payments(db, "2026-11-0288888888888-0000000101"))[0].flow_status,
      "differences",
    );

    // The same flow again: nothing stored twice, the office is told.
    const again = await importXml(db, claims, xml);
    assert.ok(again.ok);
    assert.equal(again.created, false);
    assert.equal(again.id, first.id);
    assert.match(again.notes[0].it, /era già stato importato/);
    const [count] = await db.asOwner((tx) =>
      tx.query<{ flows: number; payments: number }>(
        `select (select count(*)::int from public.fdr_flows where flow_ref = $1) as flows,
              (select count(*)::int from public.fdr_payments where flow_id = $2) as payments`,
        ["2026-11-0288888888888-0000000101", first.id],
      )
    );
    assert.deepEqual(count, { flows: 1, payments: 4 });

    // Another flow reporting payment A again: "already reported in another flow".
    await importXml(
      db,
      claims,
      flowXml({
        flowRef: "2026-11-0388888888888-0000000102",
        payments: [{
          iuv: a.notices[0].iuv,
          iur: "RCPT-A-0001",
          amount_cents: 4500,
          outcome_code: 0,
        }],
        regulationDate: "2026-11-03",
      }),
    );
    assert.deepEqual(
      (await payments(db, "2026-11-0388888888888-0000000102")).map((
        p,
      ) => [p.match_status, p.flow_status]),
      [["duplicate", "differences"]],
    );

    // Every import is in the audit log.
    const [audit] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.audit_log
        where entity = 'fdr_flows' and action = 'import' and entity_id = $1`,
        [first.id],
      )
    );
    assert.equal(audit.n, 1);
  },
);

dbTest(
  "reconciliation: a late receipt closes its payment; a flow for another Ente is refused",
  async (db) => {
    const { claims } = await demoOperator(db);
    const c = await createTestPositionIn(db, { amountCents: 2000 });
    const flowRef = "2026-11-0488888888888-0000000103";
    const r = await importXml(
      db,
      claims,
      flowXml({
        flowRef,
        payments: [{
          iuv: c.notices[0].iuv,
          iur: "RCPT-C-0001",
          amount_cents: 2000,
          outcome_code: 0,
        }],
      }),
    );
    assert.ok(r.ok);
    assert.deepEqual((await payments(db, flowRef)).map((p) => p.match_status), ["receipt_missing"]);
    await db.asService((tx) =>
      ingestReceipts(tx, [{
        tenantId: c.tenantId,
        receiptRef: "RCPT-C-0001",
        iuv: c.notices[0].iuv,
        noticeNumber: c.notices[0].noticeNumber,
        amountCents: 2000,
        paidAt: "2026-11-01T09:00:00+01:00",
        source: "gpd",
      }])
    );
    await db.asUser(claims, (tx) => rematchAll(tx));
    assert.deepEqual((await payments(db, flowRef)).map((p) => [p.match_status, p.flow_status]), [
      ["matched", "matched"],
    ]);

    const other = await importXml(
      db,
      claims,
      flowXml({
        flowRef: "2026-11-0488888888888-0000000999",
        receiver: "83002150353",
        payments: [{ iuv: c.notices[0].iuv, iur: "X", amount_cents: 2000, outcome_code: 0 }],
      }),
    );
    assert.equal(other.ok, false);
    if (!other.ok) assert.match(other.error.it, /destinato all'ente 83002150353/);
    assert.deepEqual(await payments(db, "2026-11-0488888888888-0000000999"), []);
  },
);

dbTest(
  "reconciliation: treasury statement matched to flows, rejected rows, idempotent",
  async (db) => {
    const { claims } = await demoOperator(db);
    const d = await paid(db, 8550, "RCPT-D-0001");
    const e = await paid(db, 4000, "RCPT-E-0001");
    const good = "2026-11-0588888888888-0000000201";
    await importXml(
      db,
      claims,
      flowXml({
        flowRef: good,
        payments: [
          { iuv: d.notices[0].iuv, iur: "RCPT-D-0001", amount_cents: 8550, outcome_code: 0 },
          { iuv: e.notices[0].iuv, iur: "RCPT-E-0001", amount_cents: 4000, outcome_code: 0 },
        ],
      }),
    );
    const csv = "Data;Data valuta;Importo;Causale;Riferimento\n" +
      `06/11/2026;06/11/2026;125,50;/PUR/LGPE-RIVERSAMENTO/TXT/0/URI/${good};TRN-1\n` +
      "06/11/2026;;99,00;/PUR/LGPE-RIVERSAMENTO/URI/2026-11-0588888888888-0000000202;TRN-2\n" +
      `07/11/2026;;85,50;/RFB/${d.notices[0].iuv}/85.50;TRN-3\n` +
      "07/11/2026;;-2,00;COMMISSIONI BONIFICI;\n" +
      "32/11/2026;;10,00;BONIFICO;\n" +
      "08/11/2026;;;BONIFICO;\n";
    const parsed = parseTreasuryCsv(csv);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.errors.map((x) => x.line), [6, 7]);
    const first = await db.asUser(claims, (tx) => importTreasury(tx, parsed.rows, "estratto.csv"));
    assert.deepEqual(first, { inserted: 4, already: 0, matched: 2 });

    const movements = () =>
      db.asUser(claims, (tx) =>
        tx.query<
          { reference: string | null; kind: string; match_status: string; flow: string | null }
        >(
          `select m.reference, m.kind, m.match_status, f.flow_ref as flow
           from public.treasury_movements m left join public.fdr_flows f on f.id = m.fdr_flow_id
          order by m.source_line`,
        ));
    assert.deepEqual(
      (await movements()).map((m) => [m.reference, m.kind, m.match_status, m.flow]),
      [
        ["TRN-1", "flow", "matched", good],
        ["TRN-2", "flow", "flow_missing", null],
        ["TRN-3", "single", "matched", null],
        [null, "other", "not_pagopa", null],
      ],
    );

    // The missing flow arrives, with a total different from the transfer.
    const late = await paid(db, 9000, "RCPT-F-0001");
    await importXml(
      db,
      claims,
      flowXml({
        flowRef: "2026-11-0588888888888-0000000202",
        payments: [{
          iuv: late.notices[0].iuv,
          iur: "RCPT-F-0001",
          amount_cents: 9000,
          outcome_code: 0,
        }],
      }),
    );
    assert.deepEqual((await movements())[1].match_status, "amount_different");

    // The same statement again: nothing new.
    const again = await db.asUser(claims, (tx) => importTreasury(tx, parsed.rows, "estratto.csv"));
    assert.deepEqual(again, { inserted: 0, already: 4, matched: 0 });
    assert.equal((await movements()).length, 4);
  },
);

dbTest("reconciliation: families read nothing and cannot write", async (db) => {
  const { claims } = await demoOperator(db);
  await importXml(
    db,
    claims,
    flowXml({
      flowRef: "2026-11-0688888888888-0000000301",
      payments: [{ iuv: "02888888888888888", iur: "R1", amount_cents: 100, outcome_code: 0 }],
    }),
  );
  const family = (await demoOperator(db, "family")).claims;
  const seen = await db.asUser(family, (tx) =>
    tx.query(
      `select (select count(*) from public.fdr_flows) + (select count(*) from public.fdr_payments)
              + (select count(*) from public.treasury_movements) as n`,
    ));
  assert.equal(Number(seen[0].n), 0);
  await assert.rejects(
    db.asUser(
      family,
      (tx) =>
        importTreasury(tx, [{
          line: 2,
          booked_on: "2026-11-01",
          value_date: null,
          amount_cents: 100,
          causale: "x",
          reference: null,
        }], null),
    ),
    (e: { code?: string }) => e.code === "42501",
  );
  const teacher = (await demoOperator(db, "teacher")).claims;
  await assert.rejects(
    db.asUser(
      teacher,
      (tx) =>
        importTreasury(tx, [{
          line: 2,
          booked_on: "2026-11-01",
          value_date: null,
          amount_cents: 100,
          causale: "x",
          reference: null,
        }], null),
    ),
    (e: { code?: string }) => e.code === "42501",
  );
});

import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { createInvoicesForRun } from "../lib/fatturapa/issue.ts";
import { InvoiceDataError } from "../lib/fatturapa/xml.ts";
import { validateInvoiceXml } from "../lib/fatturapa/xsd.ts";
import { dbTest } from "./helpers/db.ts";
import { invoiceScenario } from "./helpers/fixtures_invoices.ts";

interface InvoiceRow {
  id: string;
  numero: string;
  number: number;
  year: number;
  xml: string;
  file_name: string;
  total_cents: number;
  taxable_cents: number;
  vat_cents: number;
  notice_number: string;
  sdi_status: string;
  lines: { description: string }[];
}

dbTest("an invoice-mode position gets one valid FatturaPA invoice, once", async (db) => {
  const s = await invoiceScenario(db);
  const first = await db.asUser(
    s.op,
    (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28", userId: s.op.sub }),
  );
  assert.equal(first.created.length, 1);
  assert.deepEqual(first.problems, []);
  // Again: nothing new (unique per position).
  const again = await db.asUser(
    s.op,
    (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }),
  );
  assert.deepEqual(again, { created: [], problems: [] });

  const [inv] = await db.asUser(
    s.op,
    (tx) =>
      tx.query<InvoiceRow>("select * from public.invoices where debt_position_id = $1", [
        s.positionId,
      ]),
  );
  assert.equal(inv.numero, "FE-1/2026");
  assert.equal(inv.year, 2026);
  assert.equal(inv.file_name, "IT01234560488_00001.xml");
  assert.equal(inv.total_cents, 4420);
  assert.equal(inv.taxable_cents, 4250);
  assert.equal(inv.vat_cents, 170);
  assert.equal(inv.notice_number, s.noticeNumber);
  assert.equal(inv.sdi_status, "ready");
  assert.match(
    inv.lines[0].description,
    /^Refezione scolastica - Sofia Ricci - ottobre 2026: 18 pasti/,
  );
  const check = await validateInvoiceXml(inv.xml);
  assert.ok(check.valid, check.errors.join("\n"));
  const doc = new XMLParser({ parseTagValue: false }).parse(inv.xml)["p:FatturaElettronica"];
  const dp = doc.FatturaElettronicaBody.DatiPagamento.DettaglioPagamento;
  assert.equal(dp.ModalitaPagamento, "MP23");
  assert.equal(dp.CodicePagamento, s.noticeNumber);
  assert.equal(dp.ImportoPagamento, "44.20");
  const cc = doc.FatturaElettronicaHeader.CessionarioCommittente;
  assert.match(cc.DatiAnagrafici.CodiceFiscale, /^[A-Z0-9]{16}$/);
  assert.equal(cc.Sede.CAP, "50099");
  assert.equal(doc.FatturaElettronicaHeader.DatiTrasmissione.CodiceDestinatario, "0000000");
});

dbTest("numbers are gapless per Ente and year, and restart with the year", async (db) => {
  const a = await invoiceScenario(db);
  const b = await invoiceScenario(db, { beneficiary: ["Tommaso", "Ricci"] });
  const c = await invoiceScenario(db);
  await db.asUser(a.op, (tx) => createInvoicesForRun(tx, a.runId, { today: "2026-12-30" }));
  // A rolled-back creation gives its number back.
  await assert.rejects(
    db.asUser(b.op, async (tx) => {
      await createInvoicesForRun(tx, b.runId, { today: "2026-12-31" });
      throw new Error("rollback");
    }),
    /rollback/,
  );
  await db.asUser(b.op, (tx) => createInvoicesForRun(tx, b.runId, { today: "2026-12-31" }));
  await db.asUser(c.op, (tx) => createInvoicesForRun(tx, c.runId, { today: "2027-01-02" }));
  const rows = await db.asUser(a.op, (tx) =>
    tx.query<{ numero: string; file_name: string }>(
      `select numero, file_name from public.invoices where run_id = any ($1::uuid[])
        order by created_at, number`,
      [[a.runId, b.runId, c.runId]],
    ));
  assert.deepEqual(rows.map((r) => r.numero), ["FE-1/2026", "FE-2/2026", "FE-1/2027"]);
  // The transmission progressive runs on across years (and was given back by the rollback).
  assert.deepEqual(rows.map((r) => r.file_name.slice(-9)), ["00001.xml", "00002.xml", "00003.xml"]);
});

dbTest(
  "a payer without a usable address is a problem of the run, not a broken invoice",
  async (db) => {
    const s = await invoiceScenario(db);
    await db.asOwner((tx) =>
      tx.query(
        "update public.people set residence_address = 'Via Roma 12', postal_address = null where id = $1",
        [
          s.payerId,
        ],
      )
    );
    const r = await db.asUser(
      s.op,
      (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }),
    );
    assert.equal(r.created.length, 0);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].code, "payer_address_incomplete");
    const problems = await db.asUser(s.op, (tx) =>
      tx.query<{ code: string; message: string }>(
        "select code, message from public.billing_problems where run_id = $1",
        [s.runId],
      ));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /CAP/);
    // Fixed in the registry: the next call makes the invoice, numbered 1 (no number was used).
    await db.asOwner((tx) =>
      tx.query(
        "update public.people set residence_address = 'Via Roma 12, 50099 Valdiponte (FI)' where id = $1",
        [
          s.payerId,
        ],
      )
    );
    const ok = await db.asUser(
      s.op,
      (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }),
    );
    assert.equal(ok.created.length, 1);
    const [inv] = await db.asUser(
      s.op,
      (tx) =>
        tx.query<{ numero: string }>("select numero from public.invoices where id = $1", [
          ok.created[0],
        ]),
    );
    assert.equal(inv.numero, "FE-1/2026");
  },
);

dbTest("without the Ente's invoice data nothing is issued", async (db) => {
  const s = await invoiceScenario(db, { invoiceSettings: false });
  await assert.rejects(
    db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId)),
    (e: unknown) => e instanceof InvoiceDataError && e.code === "invoice_settings_missing",
  );
});

dbTest("notice-mode positions get no invoice; exempt services carry their natura", async (db) => {
  const s = await invoiceScenario(db, { vat: { rateBp: 0, nature: "N4" } });
  const r = await db.asUser(
    s.op,
    (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }),
  );
  const [inv] = await db.asUser(
    s.op,
    (tx) => tx.query<InvoiceRow>("select * from public.invoices where id = $1", [r.created[0]]),
  );
  assert.equal(inv.vat_cents, 0);
  assert.match(inv.xml, /<Natura>N4<\/Natura>/);
  assert.match(inv.xml, /<RiferimentoNormativo>Esente/);

  const n = await invoiceScenario(db, { beneficiary: ["Tommaso", "Ricci"] });
  await db.asOwner((tx) =>
    tx.query("update public.service_billing set mode = 'notice' where service_id = $1", [
      n.serviceId,
    ])
  );
  const none = await db.asUser(n.op, (tx) => createInvoicesForRun(tx, n.runId));
  assert.deepEqual(none, { created: [], problems: [] });
});

dbTest("invoices are the office's and the payer's household's only", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const family = await db.asOwner((tx) =>
    tx.query<{ sub: string; tenant: string }>(
      `select u.id as sub, m.tenant_id as tenant from public.users u
         join public.memberships m on m.user_id = u.id where u.email = $1`,
      ["chiara.colombo@posta.example"],
    )
  );
  const claims = (email: string, roles: string[]) =>
    db.asOwner(async (tx) => {
      const [u] = await tx.query<{ id: string }>("select id from public.users where email = $1", [
        email,
      ]);
      return {
        sub: u.id,
        role: "authenticated",
        app_metadata: { tenant_id: s.tenantId, roles },
      } as never;
    });
  assert.equal(family.length, 1);
  const chiara = await claims("chiara.colombo@posta.example", ["family"]);
  const seen = await db.asUser(chiara, (tx) => tx.query("select id from public.invoices"));
  assert.equal(seen.length, 1);
  const teacher = await claims("l.ferrari@scuola.valdiponte.example", ["teacher"]);
  assert.equal(
    (await db.asUser(teacher, (tx) => tx.query("select id from public.invoices"))).length,
    0,
  );
  // A family cannot write an invoice nor take a number.
  await assert.rejects(
    db.asUser(
      chiara,
      (tx) => tx.query("select * from app.next_invoice_number($1, 2026)", [s.tenantId]),
    ),
    /not allowed/,
  );
  // Nobody rewrites an invoice.
  await assert.rejects(
    db.asUser(s.op, (tx) => tx.query("update public.invoices set total_cents = 1")),
    /permission denied/,
  );
});

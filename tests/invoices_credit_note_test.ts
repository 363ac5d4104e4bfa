import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { createCreditNote } from "../lib/fatturapa/credit_note.ts";
import { createInvoicesForRun } from "../lib/fatturapa/issue.ts";
import { InvoiceDataError } from "../lib/fatturapa/xml.ts";
import { validateInvoiceXml } from "../lib/fatturapa/xsd.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { gpdGateway } from "../lib/pagopa/gpd_client.ts";
import { cancelAndInvalidate, GpdRequestError } from "../lib/pagopa/publish_office.ts";
import { PDFDocument } from "pdf-lib";
import { htmlOf, signedInClient, testApp } from "./helpers/app.ts";
import { api, signedIn } from "./helpers/fixtures_sites.ts";
import { dbTest } from "./helpers/db.ts";
import { type InvoiceScenario, invoiceScenario } from "./helpers/fixtures_invoices.ts";
import type { Db } from "../lib/db/types.ts";

interface Row {
  id: string;
  document_type: string;
  credit_of: string | null;
  reason: string | null;
  numero: string;
  year: number;
  number: number;
  issued_on: string;
  debt_position_id: string;
  notice_number: string | null;
  due_on: string | null;
  customer: unknown;
  lines: unknown[];
  summary: unknown[];
  taxable_cents: number;
  vat_cents: number;
  total_cents: number;
  stamp_duty_cents: number;
  file_name: string;
  xml: string;
  created_by: string | null;
}

const documents = (db: Db, positionId: string) =>
  db.asOwner((tx) =>
    tx.query<Row>(
      `select * from public.invoices where debt_position_id = $1 order by year, number`,
      [positionId],
    )
  );

/** The office cancels the scenario's position, as the position page and the edge function do. */
async function cancel(db: Db, s: InvoiceScenario) {
  const { config } = await testApp(db);
  return await cancelAndInvalidate(
    db,
    s.op,
    await gpdGateway(config),
    s.positionId,
    "Iscrizione annullata",
  );
}

/** What the next number of the sequence looks like today (the credit note is dated today). */
function nextNumero(after: { year: number; number: number }): string {
  const year = Number(romeDate().slice(0, 4));
  return `FE-${year === after.year ? after.number + 1 : 1}/${year}`;
}

dbTest("cancelling an invoiced position reverses its invoice with one credit note", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const [invoice] = await documents(db, s.positionId);
  const out = await cancel(db, s);
  const [inv, credit] = await documents(db, s.positionId);
  assert.equal(inv.id, invoice.id);
  assert.deepEqual(out.credit_note, { id: credit.id, numero: credit.numero });
  assert.equal(credit.numero, nextNumero(inv));
  assert.equal(credit.document_type, "TD04");
  assert.equal(credit.credit_of, inv.id);
  assert.equal(credit.reason, "Iscrizione annullata");
  assert.equal(credit.created_by, s.op.sub);
  assert.equal(credit.issued_on, romeDate());
  // The invoice's customer, lines and amounts, as invoiced; nothing to pay.
  assert.deepEqual(credit.customer, inv.customer);
  assert.deepEqual(credit.lines, inv.lines);
  assert.deepEqual(credit.summary, inv.summary);
  assert.deepEqual(
    [credit.taxable_cents, credit.vat_cents, credit.total_cents, credit.stamp_duty_cents],
    [inv.taxable_cents, inv.vat_cents, inv.total_cents, inv.stamp_duty_cents],
  );
  assert.equal(credit.notice_number, null);
  assert.equal(credit.due_on, null);
  assert.notEqual(credit.file_name, inv.file_name);
  const check = await validateInvoiceXml(credit.xml);
  assert.ok(check.valid, check.errors.join("\n"));
  const doc = new XMLParser({ parseTagValue: false }).parse(credit.xml)["p:FatturaElettronica"];
  const g = doc.FatturaElettronicaBody.DatiGenerali;
  assert.equal(g.DatiGeneraliDocumento.TipoDocumento, "TD04");
  assert.equal(g.DatiGeneraliDocumento.Numero, credit.numero);
  assert.equal(g.DatiGeneraliDocumento.ImportoTotaleDocumento, "44.20");
  assert.equal(
    g.DatiGeneraliDocumento.Causale,
    "Storno totale della fattura FE-1/2026 del 28/11/2026: Iscrizione annullata",
  );
  assert.deepEqual(g.DatiFattureCollegate, { IdDocumento: "FE-1/2026", Data: "2026-11-28" });
  assert.equal(doc.FatturaElettronicaBody.DatiPagamento, undefined);

  // Cancelling again, or asking for the credit note again, makes no second one.
  const again = await cancel(db, s);
  assert.equal(again.result, "skipped");
  assert.deepEqual(again.credit_note, out.credit_note);
  const twice = await db.asUser(s.op, (tx) => createCreditNote(tx, inv.id, "Ancora una volta"));
  assert.deepEqual(twice, { id: credit.id, created: false });
  assert.equal((await documents(db, s.positionId)).length, 2);
  // A credit note is not reversed in turn.
  await assert.rejects(
    db.asUser(s.op, (tx) => createCreditNote(tx, credit.id, "Storno dello storno")),
    (e) => e instanceof InvoiceDataError && e.code === "not_an_invoice",
  );
  // The next invoice of the Ente takes the number after the credit note: no gaps.
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select last as n from private.invoice_counters where tenant_id = $1 and year = $2",
      [s.tenantId, credit.year],
    )
  );
  assert.equal(n, credit.number);
});

dbTest("a position that was not invoiced is cancelled without a credit note", async (db) => {
  const s = await invoiceScenario(db);
  const out = await cancel(db, s);
  assert.equal(out.credit_note, null);
  assert.deepEqual(await documents(db, s.positionId), []);
});

dbTest("when the credit note cannot be made, the position is not cancelled", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  await db.asOwner((tx) =>
    tx.query("delete from public.invoice_settings where tenant_id = $1", [s.tenantId])
  );
  await assert.rejects(
    cancel(db, s),
    (e) =>
      e instanceof GpdRequestError && e.status === 409 &&
      e.code === "credit_note_invoice_settings_missing" &&
      /nota di credito non può essere emessa: Mancano i dati dell'Ente/.test(e.it),
  );
  const [p] = await db.asOwner((tx) =>
    tx.query<{ status: string; notices: string[] }>(
      `select d.status, array(select n.status from public.payment_notices n
                               where n.debt_position_id = d.id) as notices
         from public.debt_positions d where d.id = $1`,
      [s.positionId],
    )
  );
  assert.deepEqual(p, { status: "open", notices: ["unpaid"] });
  assert.equal((await documents(db, s.positionId)).length, 1);
});

dbTest("a credit note needs a reason, and the office's billing role", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const [inv] = await documents(db, s.positionId);
  await assert.rejects(
    db.asUser(s.op, (tx) => createCreditNote(tx, inv.id, "  no ")),
    (e) => e instanceof InvoiceDataError && e.code === "reason_required",
  );
  // A teacher of the Ente cannot read invoices, let alone number one.
  const teacher = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `select m.user_id as id from public.memberships m
        where m.tenant_id = $1 and m.role = 'teacher' limit 1`,
      [s.tenantId],
    )
  );
  await assert.rejects(
    db.asUser(
      {
        sub: teacher[0].id,
        role: "authenticated",
        app_metadata: { tenant_id: s.tenantId, roles: ["teacher"] },
      },
      (tx) => createCreditNote(tx, inv.id, "Iscrizione annullata"),
    ),
    (e) => e instanceof InvoiceDataError && e.code === "invoice_not_found",
  );
  assert.equal((await documents(db, s.positionId)).length, 1);
});

dbTest("office, family and API show the credit note and the invoice it reversed", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const out = await cancel(db, s);
  const [inv, credit] = await documents(db, s.positionId);
  const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");

  const invoicePage = await htmlOf(await c.get(`/operatore/fatture/${inv.id}`));
  assert.match(invoicePage, /<h1>Fattura n\. FE-1\/2026<\/h1>/);
  assert.match(
    invoicePage,
    new RegExp(`href="/operatore/fatture/${credit.id}">nota di credito n\\. ${credit.numero} del `),
  );
  const creditPage = await htmlOf(await c.get(`/operatore/fatture/${credit.id}`));
  assert.match(creditPage, new RegExp(`<h1>Nota di credito n\\. ${credit.numero}</h1>`));
  assert.match(
    creditPage,
    new RegExp(`href="/operatore/fatture/${inv.id}">fattura n\\. FE-1/2026 del 28/11/2026`),
  );
  assert.match(creditPage, /Motivo: Iscrizione annullata/);
  assert.match(creditPage, /la nota di credito non si paga/);

  // The list counts the credit note against the invoice: nothing is left invoiced.
  const list = await htmlOf(await c.get("/operatore/fatture"));
  assert.match(list, /Documenti trovati: 2, per 0,00/);
  assert.match(list, /Nota di credito<\/span>/);
  assert.match(list, /-44,20|−44,20/);

  const pdf = await c.get(`/operatore/fatture/${credit.id}/pdf`);
  assert.equal(pdf.status, 200);
  const file = credit.numero.replace(/[^A-Za-z0-9-]+/g, "-");
  assert.match(
    pdf.headers.get("content-disposition")!,
    new RegExp(`nota-di-credito-${file}\\.pdf`),
  );
  const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
  assert.equal(doc.getTitle(), `Nota di credito ${credit.numero} - copia di cortesia`);

  // The family sees both, the credit note named as such.
  const parent = await signedInClient(db, "chiara.colombo@posta.example");
  const mine = await htmlOf(await parent.get("/famiglie/fatture"));
  assert.match(mine, /Nota di credito<\/span>/);
  assert.match(mine, /della nota di credito /);
  assert.equal((await parent.get(`/famiglie/fatture/${credit.id}/pdf`)).status, 200);

  // The API names the document type and the link both ways.
  const op = await signedIn(db, "m.rossi@comune.valdiponte.example");
  const one = await (await api(op, "GET", `/api/v1/invoices/${credit.id}`)).json();
  assert.equal(one.document_type, "TD04");
  assert.equal(one.reason, "Iscrizione annullata");
  assert.deepEqual(one.reverses, { id: inv.id, numero: "FE-1/2026", issued_on: "2026-11-28" });
  assert.equal(one.reversed_by, null);
  const orig = await (await api(op, "GET", `/api/v1/invoices/${inv.id}`)).json();
  assert.equal(orig.document_type, "TD01");
  assert.deepEqual(orig.reversed_by, {
    id: credit.id,
    numero: out.credit_note!.numero,
    issued_on: credit.issued_on,
  });
  const page = await (await api(op, "GET", "/api/v1/invoices")).json();
  assert.equal(page.total_cents, 0);
});

dbTest("cancelling an invoiced position from its page names the credit note", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
  const path = `/operatore/posizioni/${s.positionId}`;
  const before = await htmlOf(await c.get(path));
  assert.match(before, /la fattura viene stornata da una nota di credito con lo stesso motivo/);
  assert.match(before, />Fattura n\. FE-1\/2026 del 28\/11\/2026</);

  const res = await c.postForm(`${path}/annulla`, { motivo: "Iscrizione annullata" });
  assert.equal(res.status, 303);
  const after = await htmlOf(await c.get(res.headers.get("location")!));
  const [, credit] = await documents(db, s.positionId);
  assert.match(
    after,
    new RegExp(
      `La fattura è stornata dalla <a href="/operatore/fatture/${credit.id}">nota di credito n\\. ${credit.numero}</a>`,
    ),
  );
  assert.match(after, new RegExp(`>Nota di credito n\\. ${credit.numero} del `));
  assert.doesNotMatch(after, /la fattura viene stornata da una nota di credito/);
});

dbTest("a payment committed while the office cancels wins: the cancel is refused", async (db) => {
  if (db.kind !== "postgres") return; // two transactions at once: PGlite has one connection
  const s = await invoiceScenario(db);
  const gw = await gpdGateway((await testApp(db)).config);
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  let locked!: () => void;
  const lockTaken = new Promise<void>((r) => locked = r);
  // A receipt's transaction: the position paid, the row held until the cancel has read it open.
  const payment = db.asOwner(async (tx) => {
    await tx.query(
      `update public.debt_positions set paid_cents = amount_cents, status = 'paid',
              paid_at = now() where id = $1`,
      [s.positionId],
    );
    locked();
    await held;
  });
  await lockTaken;
  // The cancel reads the position open, then waits on the row for the receipt's transaction.
  const cancelling = cancelAndInvalidate(db, s.op, gw, s.positionId, "Iscrizione annullata");
  cancelling.catch(() => {});
  await new Promise((r) => setTimeout(r, 300));
  release();
  await payment;
  await assert.rejects(
    cancelling,
    (e) => e instanceof GpdRequestError && e.code === "paid" && e.status === 409,
  );
  const [p] = await db.asOwner((tx) =>
    tx.query<{ status: string }>("select status from public.debt_positions where id = $1", [
      s.positionId,
    ])
  );
  assert.equal(p.status, "paid");
  assert.deepEqual(await documents(db, s.positionId), []);
});

/**
 * Giving back a carried credit of a service billed by invoice (issue 6): the settlement issues, in
 * its own transaction, a credit note (TD04) for the credit — one line per carried line with the
 * opposite sign, the service's VAT, the invoices of the same enrollments and periods named, the
 * next number of the year — and the database refuses such a settlement committed without it.
 */
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { PDFDocument } from "pdf-lib";
import {
  CarriedSettlementError,
  type CarriedSettlementInput,
  settleCarriedCredit,
} from "../lib/billing/carried_settlement.ts";
import { addLine } from "../lib/billing/lines.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { validateInvoiceXml } from "../lib/fatturapa/xsd.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { gpdGateway } from "../lib/pagopa/gpd_client.ts";
import { cancelAndInvalidate, GpdRequestError } from "../lib/pagopa/publish_office.ts";
import { htmlOf, postAndFollow, signedInClient, testApp } from "./helpers/app.ts";
import {
  canteenBilling,
  CHIARA,
  computedRun,
  issuedRun,
  OPERATOR,
} from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { api } from "./helpers/fixtures_sites.ts";

const CREDIT = 1500;
const DEBIT = 500;

interface Scene {
  tenantId: string;
  op: Claims;
  chiara: Claims;
  mensa: string;
  payer: string;
  /** The October invoice of Chiara's canteen position. */
  invoice: { id: string; numero: string; issued_on: string; year: number; number: number };
  /** The October adjustment carried in November (a late absence). */
  adjustment: { enrollment_id: string; amount_cents: number };
}

/**
 * The canteen billed by invoice (4% VAT): October issued and invoiced; a late absence of an
 * October day; November computed (the absence as an October adjustment), with an office debit
 * and a credit that leave Chiara 15,00 € in credit; November issued, so all of it is carried.
 */
async function invoicedCredit(db: Db): Promise<Scene> {
  const b = await canteenBilling(db);
  await db.asOwner(async (tx) => {
    await tx.query(
      `update public.service_billing set mode = 'invoice', vat_rate_bp = 400, vat_nature = null
        where tenant_id = $1 and service_id = $2`,
      [b.tenantId, b.mensa],
    );
    await tx.query(
      `insert into public.invoice_settings (tenant_id, vat_number, tax_code, name, address,
         street_number, postal_code, municipality, province, number_prefix)
       values ($1, '01234560488', '80001250481', 'Comune di Valdiponte', 'Piazza del Municipio',
               '1', '50099', 'Valdiponte', 'FI', 'FE')`,
      [b.tenantId],
    );
  });
  const oct = await computedRun(db, b, "2026-10-01", "2026-10-31");
  await issuedRun(db, b.op, oct);
  const [invoice] = await db.asOwner((tx) =>
    tx.query<Scene["invoice"]>(
      `select id, numero, issued_on::text as issued_on, year, number from public.invoices
        where run_id = $1 and payer_id = $2 and document_type = 'TD01'`,
      [oct, b.chiaraPayer],
    )
  );
  assert.ok(invoice, "Chiara's October is invoiced");
  const [billed] = await db.asOwner((tx) =>
    tx.query<{ enrollment_id: string; unit_cents: number; day: string }>(
      `select cl.enrollment_id, cl.unit_cents,
              (select d::date::text from generate_series('2026-10-01'::date, '2026-10-31', '1 day') d
                where app.is_service_day(cl.tenant_id, cl.service_id, d::date)
                  and not exists (select 1 from public.attendance_marks m
                                   where m.enrollment_id = cl.enrollment_id and m.day = d::date
                                     and m.status <> 'present')
                order by d limit 1) as day
         from public.charge_lines cl
        where cl.run_id = $1 and cl.payer_id = $2 and cl.kind = 'usage' and cl.unit = 'meal'
        order by cl.id limit 1`,
      [oct, b.chiaraPayer],
    )
  );
  // A teacher's late correction: the child was absent on a day already invoiced.
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, source, marked_at)
       values ($1, $2, $3, 'absent', 'operator', now())
       on conflict (tenant_id, enrollment_id, day) do update set status = 'absent', marked_at = now()`,
      [b.tenantId, billed.enrollment_id, billed.day],
    )
  );
  const nov = await computedRun(db, b, "2026-11-01", "2026-11-30");
  const [adjustment] = await db.asOwner((tx) =>
    tx.query<Scene["adjustment"]>(
      `select enrollment_id, amount_cents from public.charge_lines
        where run_id = $1 and payer_id = $2 and kind = 'adjustment'`,
      [nov, b.chiaraPayer],
    )
  );
  assert.equal(Number(adjustment?.amount_cents), -Number(billed.unit_cents));
  await db.asUser(b.op, async (tx) => {
    const [{ cents }] = await tx.query<{ cents: number }>(
      `select coalesce(sum(amount_cents), 0)::bigint as cents from public.charge_lines
        where run_id = $1 and payer_id = $2 and service_id = $3 and deleted_at is null`,
      [nov, b.chiaraPayer, b.mensa],
    );
    await addLine(tx, nov, {
      kind: "debit",
      amount_cents: DEBIT,
      description: "Quota di iscrizione al servizio",
      reason: "Quota non addebitata a settembre",
      enrollment_id: null,
      payer_id: b.chiaraPayer,
      service_id: b.mensa,
    });
    await addLine(tx, nov, {
      kind: "credit",
      amount_cents: Number(cents) + DEBIT + CREDIT,
      description: "Rimborso pasti non fruiti per sciopero",
      reason: "Sciopero del personale di cucina",
      enrollment_id: null,
      payer_id: b.chiaraPayer,
      service_id: b.mensa,
    });
  });
  await issuedRun(db, b.op, nov);
  return {
    tenantId: b.tenantId,
    op: b.op,
    chiara: b.chiara,
    mensa: b.mensa,
    payer: b.chiaraPayer,
    invoice,
    adjustment: { ...adjustment, amount_cents: Number(adjustment.amount_cents) },
  };
}

const refund = (): CarriedSettlementInput => ({
  kind: "refunded",
  refundedOn: romeDate(),
  reference: "CRO 0001",
  note: "Bambina ritirata dal servizio",
});

function settle(db: Db, s: Scene, input: CarriedSettlementInput = refund()) {
  return db.asUser(s.op, (tx) =>
    settleCarriedCredit(
      tx,
      { payerId: s.payer, serviceId: s.mensa, expectedCents: CREDIT, input },
      s.op.sub,
    ));
}

interface NoteRow {
  id: string;
  document_type: string;
  credit_of: string | null;
  carried_settlement_id: string;
  related_invoices: { id: string; numero: string; issued_on: string }[];
  reason: string;
  year: number;
  number: number;
  numero: string;
  payer_id: string;
  debt_position_id: string | null;
  notice_number: string | null;
  customer: { fiscal_code: string };
  lines: { amountCents: number; vatRateBp: number; nature: string | null }[];
  total_cents: number;
  xml: string;
  created_by: string;
}

const creditNotes = (db: Db, payer: string) =>
  db.asOwner((tx) =>
    tx.query<NoteRow>(
      `select * from public.invoices where payer_id = $1 and document_type = 'TD04'
        order by year, number`,
      [payer],
    )
  );

dbTest("giving back an invoiced carried credit issues one partial credit note", async (db) => {
  const s = await invoicedCredit(db);
  const carried = await db.asOwner((tx) =>
    tx.query<{ amount_cents: number }>(
      `select amount_cents from public.charge_lines
        where payer_id = $1 and service_id = $2 and debt_position_id is null
          and deleted_at is null`,
      [s.payer, s.mensa],
    )
  );
  assert.equal(carried.reduce((n, l) => n + Number(l.amount_cents), 0), -CREDIT);
  const [{ last }] = await db.asOwner((tx) =>
    tx.query<{ last: number }>(
      "select max(number)::int as last from public.invoices where tenant_id = $1 and year = $2",
      [s.tenantId, Number(romeDate().slice(0, 4))],
    )
  );

  const done = await settle(db, s);
  const notes = await creditNotes(db, s.payer);
  assert.equal(notes.length, 1, "exactly one credit note");
  const [note] = notes;
  assert.deepEqual(done.creditNote, { id: note.id, numero: note.numero });
  assert.equal(note.carried_settlement_id, done.settlementId);
  assert.equal(note.credit_of, null);
  assert.equal(note.debt_position_id, null);
  assert.equal(note.notice_number, null);
  assert.equal(note.created_by, s.op.sub);
  assert.equal(note.payer_id, s.payer);
  assert.equal(note.reason, "Restituzione del credito riportato: Bambina ritirata dal servizio");
  // Numbered after the last document of the year, in the same sequence.
  assert.equal(note.year, Number(romeDate().slice(0, 4)));
  assert.equal(note.number, (last ?? 0) + 1);
  assert.equal(note.numero, `FE-${note.number}/${note.year}`);
  // Total = the credit; one line per carried line with the opposite sign and the service's VAT.
  assert.equal(Number(note.total_cents), CREDIT);
  assert.deepEqual(
    note.lines.map((l) => l.amountCents).sort((a, b) => a - b),
    carried.map((l) => -Number(l.amount_cents)).sort((a, b) => a - b),
  );
  assert.ok(note.lines.some((l) => l.amountCents < 0), "a carried charge is a negative line");
  assert.ok(
    note.lines.some((l) => l.amountCents === -s.adjustment.amount_cents),
    "the late absence is given back",
  );
  assert.ok(note.lines.every((l) => l.vatRateBp === 400 && l.nature === null));
  // Valid FatturaPA naming the October invoice that billed the adjusted period.
  const check = await validateInvoiceXml(note.xml);
  assert.ok(check.valid, check.errors.join("\n"));
  const doc = new XMLParser({ parseTagValue: false }).parse(note.xml)["p:FatturaElettronica"];
  const g = doc.FatturaElettronicaBody.DatiGenerali;
  assert.equal(g.DatiGeneraliDocumento.TipoDocumento, "TD04");
  assert.equal(g.DatiGeneraliDocumento.Numero, note.numero);
  assert.equal(g.DatiGeneraliDocumento.ImportoTotaleDocumento, "15.00");
  assert.equal(
    g.DatiGeneraliDocumento.Causale,
    "Restituzione del credito riportato: Bambina ritirata dal servizio",
  );
  assert.deepEqual(g.DatiFattureCollegate, {
    IdDocumento: s.invoice.numero,
    Data: s.invoice.issued_on,
  });
  assert.deepEqual(note.related_invoices, [
    { id: s.invoice.id, numero: s.invoice.numero, issued_on: s.invoice.issued_on },
  ]);
  const prices = [doc.FatturaElettronicaBody.DatiBeniServizi.DettaglioLinee].flat()
    .map((l: { PrezzoTotale: string }) => l.PrezzoTotale);
  assert.ok(prices.some((p: string) => p.startsWith("-")), "a negative PrezzoTotale");
  assert.equal(doc.FatturaElettronicaBody.DatiPagamento, undefined);

  // The office's pages and lists: the credit note, what it gives back, the invoice it names.
  const c = await signedInClient(db, OPERATOR);
  const page = await htmlOf(await c.get(`/operatore/fatture/${note.id}`));
  assert.match(page, new RegExp(`<h1>Nota di credito n\\. ${note.numero}</h1>`));
  assert.match(page, /Nota di credito per la restituzione di un credito riportato/);
  assert.match(
    page,
    new RegExp(
      `Fatture collegate: <a href="/operatore/fatture/${s.invoice.id}">fattura n\\. ${s.invoice.numero} del `,
    ),
  );
  const invoicePage = await htmlOf(await c.get(`/operatore/fatture/${s.invoice.id}`));
  assert.match(
    invoicePage,
    new RegExp(`href="/operatore/fatture/${note.id}">nota di credito n\\. ${note.numero} del `),
  );
  assert.doesNotMatch(invoicePage, /Fattura stornata dalla/, "the invoice is not reversed");
  const list = await htmlOf(await c.get("/operatore/fatture"));
  assert.match(
    list,
    new RegExp(
      `Nota di credito</span><span class="d-block small">restituisce un credito riportato; fatture collegate: ${s.invoice.numero}</span>`,
    ),
  );
  const pdf = await c.get(`/operatore/fatture/${note.id}/pdf`);
  assert.equal(pdf.status, 200);
  const copy = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
  assert.equal(copy.getTitle(), `Nota di credito ${note.numero} - copia di cortesia`);
  // The family sees it among its invoices, as a credit note, with its courtesy copy.
  const family = await signedInClient(db, CHIARA);
  const mine = await htmlOf(await family.get("/famiglie/fatture"));
  assert.match(mine, new RegExp(`Nota di credito</span>${note.numero}`));
  assert.match(mine, /Credito restituito dal Comune/);
  assert.equal((await family.get(`/famiglie/fatture/${note.id}/pdf`)).status, 200);
  // The API names the settlement and the related invoices.
  const one = await (await api(c, "GET", `/api/v1/invoices/${note.id}`)).json();
  assert.equal(one.carried_settlement_id, done.settlementId);
  assert.deepEqual(one.related_invoices, note.related_invoices);
  const orig = await (await api(c, "GET", `/api/v1/invoices/${s.invoice.id}`)).json();
  assert.deepEqual(orig.partial_credit_notes.map((n: { id: string }) => n.id), [note.id]);
});

dbTest(
  "a settlement of invoiced lines committed without its credit note is refused",
  async (db) => {
    const s = await invoicedCredit(db);
    await assert.rejects(
      db.asUser(s.op, (tx) =>
        tx.query(
          "select app.settle_carried_credit($1, $2, $3, 'refunded', 'CRO 9', $4::date, null, null)",
          [s.payer, s.mensa, CREDIT, romeDate()],
        )),
      /carried_credit_note_missing/,
    );
    const [n] = await db.asOwner((tx) =>
      tx.query<{ settlements: number; marked: number }>(
        `select (select count(*)::int from public.carried_settlements) as settlements,
              (select count(*)::int from public.charge_lines
                where carried_settlement_id is not null) as marked`,
      )
    );
    assert.deepEqual(n, { settlements: 0, marked: 0 });
    assert.deepEqual(await creditNotes(db, s.payer), []);
  },
);

dbTest(
  "a payer without a codice fiscale keeps the credit carried: no note, no number",
  async (db) => {
    const s = await invoicedCredit(db);
    const counter = () =>
      db.asOwner((tx) =>
        tx.query<{ last: number }>(
          "select last from private.invoice_counters where tenant_id = $1 order by year desc",
          [s.tenantId],
        )
      );
    const before = await counter();
    await db.asOwner((tx) =>
      tx.query("update public.people set tax_code = null where id = $1", [s.payer])
    );
    await assert.rejects(
      settle(db, s),
      (e) =>
        e instanceof CarriedSettlementError && e.code === "credit_note" && e.status === 409 &&
        e.invoiceCode === "payer_without_tax_code" &&
        /la nota di credito non può essere emessa: Il pagatore non ha il codice fiscale/.test(e.it),
    );
    assert.deepEqual(await creditNotes(db, s.payer), []);
    assert.deepEqual(await counter(), before);
    const [n] = await db.asOwner((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.carried_settlements")
    );
    assert.equal(n.n, 0);
  },
);

dbTest("the page says a credit note will be issued, then links it", async (db) => {
  const s = await invoicedCredit(db);
  const c = await signedInClient(db, OPERATOR);
  const path = `/operatore/fatturazione/riportati/${s.payer}?servizio=${s.mensa}`;
  const before = await htmlOf(await c.get(path));
  assert.match(before, /name="esito"/);
  assert.match(before, /Piazza emette una nota di credito per questo importo/);
  const { location, page } = await postAndFollow(c, path, {
    esito: "refunded",
    data_rimborso: romeDate(),
    riferimento: "CRO 0003",
    importo: String(CREDIT),
  });
  const [note] = await creditNotes(db, s.payer);
  assert.equal(location, `${path}&restituito=1&nota=${note.id}`);
  assert.match(
    page,
    new RegExp(
      `È stata emessa la <a href="/operatore/fatture/${note.id}">nota di credito n\\. ${note.numero}</a>`,
    ),
  );
  assert.match(
    page,
    new RegExp(`href="/operatore/fatture/${note.id}">Nota di credito n\\. ${note.numero}</a>`),
  );
  assert.equal(
    note.reason,
    "Restituzione del credito riportato: bonifico del " +
      `${romeDate().split("-").reverse().join("/")} (rif. CRO 0003)`,
  );
});

dbTest("POST /api/v1/carried-balances/settlements names the credit note", async (db) => {
  const s = await invoicedCredit(db);
  const c = await signedInClient(db, OPERATOR);
  const res = await api(c, "POST", "/api/v1/carried-balances/settlements", {
    payer_id: s.payer,
    service_id: s.mensa,
    amount_cents: CREDIT,
    kind: "refunded",
    refunded_on: romeDate(),
    reference: "CRO 0004",
  });
  const made = await res.json();
  assert.equal(res.status, 201, JSON.stringify(made));
  const [note] = await creditNotes(db, s.payer);
  assert.deepEqual(made.credit_note, { id: note.id, numero: note.numero });
});

dbTest("a mixed balance: the credit note covers the lines billed by invoice only", async (db) => {
  const b = await canteenBilling(db);
  const [bus] = await db.asOwner(async (tx) => {
    await tx.query(
      "update public.billing_settings set position_grouping = 'aggregated' where tenant_id = $1",
      [b.tenantId],
    );
    await tx.query(
      `insert into public.invoice_settings (tenant_id, vat_number, tax_code, name, address,
         street_number, postal_code, municipality, province)
       values ($1, '01234560488', '80001250481', 'Comune di Valdiponte', 'Piazza del Municipio',
               '1', '50099', 'Valdiponte', 'FI')`,
      [b.tenantId],
    );
    return await tx.query<{ id: string }>(
      `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code, vat_nature)
       select tenant_id, id, 'notice', '9/0107101TS/', 'N4' from public.services
        where tenant_id = $1 and code = 'TRASPORTO'
       returning service_id as id`,
      [b.tenantId],
    );
  });
  const oct = await computedRun(db, b, "2026-10-01", "2026-10-31");
  await db.asUser(b.op, async (tx) => {
    const [{ cents }] = await tx.query<{ cents: number }>(
      `select coalesce(sum(amount_cents), 0)::bigint as cents from public.charge_lines
        where run_id = $1 and payer_id = $2 and deleted_at is null`,
      [oct, b.chiaraPayer],
    );
    await addLine(tx, oct, {
      kind: "debit",
      amount_cents: DEBIT,
      description: "Abbonamento trasporto di ottobre",
      reason: "Abbonamento non addebitato",
      enrollment_id: null,
      payer_id: b.chiaraPayer,
      service_id: bus.id,
    });
    await addLine(tx, oct, {
      kind: "credit",
      amount_cents: Number(cents) + DEBIT + CREDIT,
      description: "Rimborso pasti non fruiti per sciopero",
      reason: "Sciopero del personale di cucina",
      enrollment_id: null,
      payer_id: b.chiaraPayer,
      service_id: b.mensa,
    });
  });
  await issuedRun(db, b.op, oct);
  const modes = (mensa: string, trasporto: string) =>
    db.asOwner((tx) =>
      tx.query(
        `update public.service_billing set mode = case service_id when $2 then $3 else $4 end,
                vat_nature = 'N4'
          where tenant_id = $1 and service_id in ($2, $5)`,
        [b.tenantId, b.mensa, mensa, trasporto, bus.id],
      )
    );
  const give = () =>
    db.asUser(b.op, (tx) =>
      settleCarriedCredit(
        tx,
        { payerId: b.chiaraPayer, serviceId: null, expectedCents: CREDIT, input: refund() },
        b.op.sub,
      ));
  // Only the bus is billed by invoice: its lines are a charge, no credit note can give them back.
  await modes("notice", "invoice");
  await assert.rejects(
    give(),
    (e) => e instanceof CarriedSettlementError && e.code === "invoiced" && e.status === 409,
  );
  // The canteen is: its lines (the credit and the month) are given back by the credit note; the
  // bus's charge, netted in the credit, is not on it.
  await modes("invoice", "notice");
  const done = await give();
  const [note] = await creditNotes(db, b.chiaraPayer);
  assert.deepEqual(done.creditNote, { id: note.id, numero: note.numero });
  assert.equal(Number(note.total_cents), CREDIT + DEBIT);
  const [{ settled }] = await db.asOwner((tx) =>
    tx.query<{ settled: number }>(
      "select amount_cents as settled from public.carried_settlements where id = $1",
      [done.settlementId],
    )
  );
  assert.equal(Number(settled), CREDIT);
  assert.ok(note.lines.every((l) => l.nature === "N4"));
  assert.doesNotMatch(note.xml, /Abbonamento trasporto/);
  const check = await validateInvoiceXml(note.xml);
  assert.ok(check.valid, check.errors.join("\n"));
});

dbTest(
  "an invoice already credited in part is not reversed whole: cancelling its position is refused",
  async (db) => {
    const s = await invoicedCredit(db);
    const done = await settle(db, s);
    assert.ok(done.creditNote);
    const [{ position }] = await db.asOwner((tx) =>
      tx.query<{ position: string }>(
        "select debt_position_id as position from public.invoices where id = $1",
        [s.invoice.id],
      )
    );
    const { config } = await testApp(db);
    await assert.rejects(
      cancelAndInvalidate(db, s.op, await gpdGateway(config), position, "Iscrizione annullata"),
      (e: unknown) => {
        assert.ok(e instanceof GpdRequestError);
        assert.equal(e.status, 409);
        assert.equal(e.code, "credit_note_partially_credited");
        assert.match(
          e.it,
          new RegExp(`ha già una nota di credito per una parte \\(n\\. ${done.creditNote!.numero}`),
        );
        return true;
      },
    );
    const [p] = await db.asOwner((tx) =>
      tx.query<{ status: string; reversed: number }>(
        `select d.status, (select count(*)::int from public.invoices i
                            where i.credit_of = $2) as reversed
           from public.debt_positions d where d.id = $1`,
        [position, s.invoice.id],
      )
    );
    assert.deepEqual(p, { status: "open", reversed: 0 }, "nothing changed");
  },
);

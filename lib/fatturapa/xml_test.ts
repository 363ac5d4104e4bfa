import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import {
  buildInvoiceXml,
  InvoiceDataError,
  type InvoiceInput,
  invoiceNumber,
  sdiFileName,
  transmissionId,
} from "./xml.ts";
import { validateInvoiceXml } from "./xsd.ts";

const SUPPLIER: InvoiceInput["supplier"] = {
  vatNumber: "01234567890",
  taxCode: "80012345678",
  name: "Comune di Valdiponte",
  address: {
    street: "Piazza del Municipio",
    number: "1",
    postalCode: "50099",
    municipality: "Valdiponte",
    province: "FI",
  },
  taxRegime: "RF01",
  reaOffice: null,
  reaNumber: null,
  transmitterCode: null,
  vatReferences: {},
  stampDuty: true,
};

function input(over: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    supplier: SUPPLIER,
    customer: {
      fiscalCode: "CLMCHR85M41D612X",
      name: "Chiara",
      surname: "Colombo",
      address: {
        street: "Via Roma",
        number: "12",
        postalCode: "50099",
        municipality: "Valdiponte",
        province: "FI",
        country: "IT",
      },
    },
    number: "FE-1/2026",
    date: "2026-11-28",
    transmissionId: transmissionId(1),
    causale: "Mensa scolastica ottobre 2026 - Sofia Ricci",
    lines: [{
      description: "Mensa scolastica - Sofia Ricci - ottobre 2026: 18 pasti",
      amountCents: 4680,
      quantity: 18,
      unit: "meal",
      periodStart: "2026-10-01",
      periodEnd: "2026-10-31",
      vatRateBp: 400,
      nature: null,
    }],
    payments: [{ noticeNumber: "302000100000019421", dueOn: "2026-12-28", amountCents: 4680 }],
    ...over,
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (n) => ["DettaglioLinee", "DatiRiepilogo", "DettaglioPagamento"].includes(n),
});
// deno-lint-ignore no-explicit-any
function parse(xml: string): any {
  return parser.parse(xml)["p:FatturaElettronica"];
}

async function assertValid(xml: string) {
  const r = await validateInvoiceXml(xml);
  assert.ok(r.valid, r.errors.join("\n") + "\n" + xml);
}

Deno.test("a B2C canteen invoice is valid FPR12 with CodiceDestinatario 0000000 and MP23", async () => {
  const built = buildInvoiceXml(input());
  await assertValid(built.xml);
  const doc = parse(built.xml);
  assert.equal(doc["@_versione"], "FPR12");
  const h = doc.FatturaElettronicaHeader;
  assert.equal(h.DatiTrasmissione.CodiceDestinatario, "0000000");
  assert.equal(h.DatiTrasmissione.FormatoTrasmissione, "FPR12");
  assert.equal(h.DatiTrasmissione.ProgressivoInvio, "00001");
  assert.equal(h.DatiTrasmissione.PECDestinatario, undefined);
  assert.equal(h.CessionarioCommittente.DatiAnagrafici.CodiceFiscale, "CLMCHR85M41D612X");
  assert.equal(h.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA, undefined);
  assert.equal(h.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA.IdCodice, "01234567890");
  assert.equal(h.CedentePrestatore.DatiAnagrafici.RegimeFiscale, "RF01");
  const b = doc.FatturaElettronicaBody;
  assert.equal(b.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento, "46.80");
  const line = b.DatiBeniServizi.DettaglioLinee[0];
  assert.equal(line.Quantita, "18.00");
  assert.equal(line.UnitaMisura, "pasti");
  assert.equal(line.PrezzoUnitario, "2.50");
  assert.equal(line.PrezzoTotale, "45.00");
  assert.deepEqual(b.DatiBeniServizi.DatiRiepilogo[0], {
    AliquotaIVA: "4.00",
    ImponibileImporto: "45.00",
    Imposta: "1.80",
    EsigibilitaIVA: "I",
  });
  const pay = b.DatiPagamento;
  assert.equal(pay.CondizioniPagamento, "TP02");
  assert.equal(pay.DettaglioPagamento[0].ModalitaPagamento, "MP23");
  assert.equal(pay.DettaglioPagamento[0].CodicePagamento, "302000100000019421");
  assert.equal(pay.DettaglioPagamento[0].ImportoPagamento, "46.80");
  assert.equal(built.totalCents, 4680);
});

Deno.test("exempt lines carry Natura and RiferimentoNormativo; bollo above 77.47", async () => {
  const built = buildInvoiceXml(input({
    supplier: { ...SUPPLIER, vatReferences: { N4: "Esente art. 10 c.1 n. 21 DPR 633/72" } },
    lines: [
      {
        description: "Asilo nido - Tommaso Ricci - ottobre 2026: retta mensile",
        amountCents: 25000,
        quantity: 1,
        unit: "month",
        periodStart: "2026-10-01",
        periodEnd: "2026-10-31",
        vatRateBp: 0,
        nature: "N4",
      },
      {
        description: "Riduzione per assenze (5 giorni)",
        amountCents: -2500,
        quantity: null,
        unit: null,
        periodStart: "2026-10-01",
        periodEnd: "2026-10-31",
        vatRateBp: 0,
        nature: "N4",
      },
    ],
    payments: [{ noticeNumber: "302000100000019421", dueOn: "2026-12-28", amountCents: 22500 }],
  }));
  await assertValid(built.xml);
  const b = parse(built.xml).FatturaElettronicaBody;
  const [l1, l2] = b.DatiBeniServizi.DettaglioLinee;
  assert.equal(l1.Natura, "N4");
  assert.equal(l1.AliquotaIVA, "0.00");
  assert.equal(l2.PrezzoTotale, "-25.00");
  assert.equal(l2.Quantita, undefined);
  assert.deepEqual(b.DatiBeniServizi.DatiRiepilogo[0], {
    AliquotaIVA: "0.00",
    Natura: "N4",
    ImponibileImporto: "225.00",
    Imposta: "0.00",
    RiferimentoNormativo: "Esente art. 10 c.1 n. 21 DPR 633/72",
  });
  assert.deepEqual(b.DatiGenerali.DatiGeneraliDocumento.DatiBollo, {
    BolloVirtuale: "SI",
    ImportoBollo: "2.00",
  });
  assert.equal(built.stampDutyCents, 200);
  assert.equal(built.totalCents, 22500);
});

Deno.test("several rates, a credit, instalments (TP01) and REA: valid and consistent", async () => {
  const built = buildInvoiceXml(input({
    supplier: { ...SUPPLIER, reaOffice: "FI", reaNumber: "123456", stampDuty: false },
    lines: [
      { ...input().lines[0] },
      {
        description: "Trasporto scolastico - Sofia Ricci - ottobre 2026",
        amountCents: 3660,
        quantity: 3,
        unit: "month",
        periodStart: null,
        periodEnd: null,
        vatRateBp: 2200,
        nature: null,
      },
      {
        description: "Storno pasto addebitato per errore",
        amountCents: -260,
        quantity: null,
        unit: null,
        periodStart: null,
        periodEnd: null,
        vatRateBp: 400,
        nature: null,
      },
      {
        description: "Centro estivo - quota fuori campo IVA",
        amountCents: 1000,
        quantity: 1,
        unit: "once",
        periodStart: null,
        periodEnd: null,
        vatRateBp: 0,
        nature: "N2.2",
      },
    ],
    payments: [
      { noticeNumber: "302000100000019421", dueOn: "2026-12-28", amountCents: 4540 },
      { noticeNumber: "302000100000019522", dueOn: "2027-01-28", amountCents: 4540 },
    ],
  }));
  await assertValid(built.xml);
  const b = parse(built.xml).FatturaElettronicaBody;
  const rows = b.DatiBeniServizi.DatiRiepilogo;
  assert.deepEqual(rows.map((r: { AliquotaIVA: string }) => r.AliquotaIVA), [
    "22.00",
    "4.00",
    "0.00",
  ]);
  assert.equal(rows[1].ImponibileImporto, "42.50"); // (46.80 - 2.60) / 1.04
  assert.equal(rows[1].Imposta, "1.70");
  assert.equal(built.totalCents, 4680 + 3660 - 260 + 1000);
  assert.equal(b.DatiGenerali.DatiGeneraliDocumento.DatiBollo, undefined);
  // Every summary's taxable amount equals the sum of its lines (SdI check 00422).
  const lines = b.DatiBeniServizi.DettaglioLinee as { PrezzoTotale: string; AliquotaIVA: string }[];
  for (const r of rows) {
    const sum = lines.filter((l) => l.AliquotaIVA === r.AliquotaIVA)
      .reduce((s, l) => s + Math.round(Number(l.PrezzoTotale) * 100), 0);
    assert.equal(sum, Math.round(Number(r.ImponibileImporto) * 100));
  }
  assert.equal(b.DatiPagamento.CondizioniPagamento, "TP01");
  assert.equal(b.DatiPagamento.DettaglioPagamento.length, 2);
  assert.match(built.xml, /<IscrizioneREA>\s*<Ufficio>FI<\/Ufficio>/);
});

Deno.test("text outside Latin-1 and XML specials still give a valid document", async () => {
  const built = buildInvoiceXml(input({
    causale: "Mensa “ottobre” – Zoë & Łucja <3 €",
    customer: { ...input().customer, surname: "D’Amico" },
  }));
  await assertValid(built.xml);
  const b = parse(built.xml).FatturaElettronicaBody;
  assert.equal(
    b.DatiGenerali.DatiGeneraliDocumento.Causale,
    `Mensa "ottobre" - Zoë & ?ucja <3 EUR`,
  );
});

Deno.test("refused: bare N2, no codice fiscale, no lines", () => {
  const bad = (over: Partial<InvoiceInput>, code: string) =>
    assert.throws(
      () => buildInvoiceXml(input(over)),
      (e: unknown) => e instanceof InvoiceDataError && e.code === code,
    );
  bad({ lines: [{ ...input().lines[0], vatRateBp: 0, nature: "N2" }] }, "invalid_vat_nature");
  bad({ customer: { ...input().customer, fiscalCode: "" } }, "payer_without_tax_code");
  bad({ lines: [] }, "no_lines");
});

Deno.test("the XSD check does catch a broken document", async () => {
  const xml = buildInvoiceXml(input()).xml.replace("<CAP>50099</CAP>", "<CAP>5009</CAP>");
  const r = await validateInvoiceXml(xml);
  assert.equal(r.valid, false);
  assert.match(r.errors.join("\n"), /CAP/);
});

Deno.test("numbers, progressivo and SdI file name", () => {
  assert.equal(transmissionId(1), "00001");
  assert.equal(transmissionId(36), "00010");
  assert.equal(transmissionId(36 ** 5 - 1), "ZZZZZ");
  assert.throws(() => transmissionId(0), RangeError);
  assert.throws(() => transmissionId(36 ** 5), RangeError);
  assert.equal(sdiFileName(SUPPLIER, "0000A"), "IT01234567890_0000A.xml");
  assert.equal(
    sdiFileName({ ...SUPPLIER, transmitterCode: "RSSMRA80A01H501U" }, "00001"),
    "ITRSSMRA80A01H501U_00001.xml",
  );
  assert.equal(invoiceNumber("", 12, 2026), "12/2026");
  assert.equal(invoiceNumber("FE", 12, 2026), "FE-12/2026");
});

Deno.test("a credit note (TD04) reverses an invoice: its lines and amounts, the invoice named, no payment", async () => {
  const invoice = buildInvoiceXml(input());
  const built = buildInvoiceXml(input({
    documentType: "TD04",
    number: "FE-7/2026",
    causale: "Storno totale della fattura FE-1/2026 del 28/11/2026",
    payments: [],
    reverses: { number: "FE-1/2026", date: "2026-11-28" },
  }));
  await assertValid(built.xml);
  const g = parse(built.xml).FatturaElettronicaBody.DatiGenerali;
  assert.equal(g.DatiGeneraliDocumento.TipoDocumento, "TD04");
  assert.equal(g.DatiGeneraliDocumento.Numero, "FE-7/2026");
  // The document type gives the sign: the amounts are the invoice's, positive.
  assert.equal(g.DatiGeneraliDocumento.ImportoTotaleDocumento, "46.80");
  assert.deepEqual(g.DatiFattureCollegate, { IdDocumento: "FE-1/2026", Data: "2026-11-28" });
  assert.equal(parse(built.xml).FatturaElettronicaBody.DatiPagamento, undefined);
  assert.deepEqual(
    [built.totalCents, built.taxableCents, built.vatCents, built.summary],
    [invoice.totalCents, invoice.taxableCents, invoice.vatCents, invoice.summary],
  );
  // An invoice names no other document.
  assert.equal(
    parse(invoice.xml).FatturaElettronicaBody.DatiGenerali.DatiFattureCollegate,
    undefined,
  );
  assert.equal(
    parse(invoice.xml).FatturaElettronicaBody.DatiGenerali.DatiGeneraliDocumento.TipoDocumento,
    "TD01",
  );
});

Deno.test("a credit note of part of invoices: signed lines, each invoice named, or none", async () => {
  const month = input().lines[0];
  const built = buildInvoiceXml(input({
    documentType: "TD04",
    number: "FE-9/2026",
    causale: "Restituzione del credito riportato: Bambina ritirata",
    payments: [],
    lines: [
      { ...month, amountCents: -month.amountCents },
      { ...month, description: "Conguaglio di settembre", amountCents: 520, quantity: 1 },
      { ...month, description: "Rimborso sciopero", amountCents: 6660, quantity: 1 },
    ],
    related: [
      { number: "FE-1/2026", date: "2026-10-05" },
      { number: "FE-4/2026", date: "2026-11-04" },
    ],
  }));
  await assertValid(built.xml);
  const body = parse(built.xml).FatturaElettronicaBody;
  assert.deepEqual(body.DatiGenerali.DatiFattureCollegate, [
    { IdDocumento: "FE-1/2026", Data: "2026-10-05" },
    { IdDocumento: "FE-4/2026", Data: "2026-11-04" },
  ]);
  // A charge carried beside the credit is a negative line of the note (PrezzoTotale is signed).
  assert.equal(body.DatiBeniServizi.DettaglioLinee[0].PrezzoTotale, "-45.00");
  assert.equal(body.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento, "25.00");
  assert.equal(built.totalCents, 2500);
  // No invoice billed its lines: no DatiFattureCollegate, still valid.
  const alone = buildInvoiceXml(input({
    documentType: "TD04",
    payments: [],
    lines: [{ ...month, amountCents: 1500, quantity: 1 }],
    related: [],
  }));
  await assertValid(alone.xml);
  assert.equal(
    parse(alone.xml).FatturaElettronicaBody.DatiGenerali.DatiFattureCollegate,
    undefined,
  );
});

Deno.test("refused: a credit note without its invoice, an invoice naming one", () => {
  const code = (over: Partial<InvoiceInput>) => {
    try {
      buildInvoiceXml(input(over));
      return null;
    } catch (e) {
      return e instanceof InvoiceDataError ? e.code : String(e);
    }
  };
  assert.equal(code({ documentType: "TD04", payments: [] }), "credit_note_reference");
  assert.equal(
    code({ reverses: { number: "FE-1/2026", date: "2026-11-28" } }),
    "credit_note_reference",
  );
  assert.equal(code({ related: [] }), "credit_note_reference");
  assert.equal(
    code({
      documentType: "TD04",
      payments: [],
      reverses: { number: "FE-1/2026", date: "2026-11-28" },
      related: [],
    }),
    "credit_note_reference",
    "a full reversal or a partial note, not both",
  );
});

import assert from "node:assert/strict";
import { amountToCents, centsToAmount, receiptProblem, romeDateTime } from "./receipts_rules.ts";
import { cut, esc, parseSoap, paSendRTV2Request, validatePaForNode } from "./rt_xml.ts";

Deno.test("stAmount ↔ cents, exactly (no floats)", () => {
  const cases: [string, number][] = [
    ["85.50", 8550],
    ["0.01", 1],
    ["1234.56", 123456],
    ["999999999.99", 99999999999],
    ["0.10", 10],
  ];
  for (const [text, cents] of cases) {
    assert.equal(amountToCents(text), cents, text);
    assert.equal(centsToAmount(cents), text);
  }
  for (const bad of ["85.5", "85", "85,50", "-1.00", "1e3", "", " ", "1.234", "abc"]) {
    assert.equal(amountToCents(bad), null, bad);
  }
  assert.equal(amountToCents(0.29), 29); // 0.29 * 100 would be 28.999999999999996
  assert.throws(() => centsToAmount(-1));
  assert.throws(() => centsToAmount(1.5));
});

Deno.test("paymentDateTime without a zone is Italian local time (CET/CEST)", () => {
  assert.equal(romeDateTime("2025-10-15T10:22:31"), "2025-10-15T08:22:31.000Z"); // CEST
  assert.equal(romeDateTime("2026-11-20T10:22:31"), "2026-11-20T09:22:31.000Z"); // CET
  assert.equal(romeDateTime("2026-03-29T03:30:00"), "2026-03-29T01:30:00.000Z"); // after the switch
  assert.equal(romeDateTime("2026-01-01T00:00:00.123"), "2025-12-31T23:00:00.000Z");
  assert.equal(romeDateTime("2026-11-20T10:22:31Z"), "2026-11-20T10:22:31.000Z");
  assert.equal(romeDateTime("2026-11-20T10:22:31+01:00"), "2026-11-20T09:22:31.000Z");
  assert.equal(romeDateTime("2026-11-20"), "2026-11-19T23:00:00.000Z");
  assert.equal(romeDateTime("ieri"), null);
});

Deno.test("receipt problems: one specific reason each", () => {
  const ok = {
    tenantId: "0b6f3f62-7a4f-4c55-9d8e-0d2b4b1f2a11",
    receiptRef: "abc",
    iuv: "02250900000000152",
    noticeNumber: "302250900000000152",
    amountCents: 8550,
    paidAt: "2025-10-15T08:22:31Z",
    source: "pa_send_rt" as const,
  };
  assert.equal(receiptProblem(ok), null);
  const code = (o: object) => receiptProblem({ ...ok, ...o })?.code;
  assert.equal(code({ tenantId: "x" }), "unknown_creditor");
  assert.equal(code({ receiptRef: "" }), "receipt_id_invalid");
  assert.equal(code({ receiptRef: "a b" }), "receipt_id_invalid");
  assert.equal(code({ receiptRef: "x".repeat(65) }), "receipt_id_invalid");
  assert.equal(code({ iuv: "" }), "iuv_invalid");
  assert.equal(code({ noticeNumber: "30225090000000015" }), "notice_number_invalid");
  assert.equal(code({ noticeNumber: "302250900000000153" }), "iuv_notice_mismatch");
  // Legacy aux digits 0-2: the IUV is not the NAV's tail, it is not compared.
  assert.equal(code({ noticeNumber: "002250900000000152" }), undefined);
  assert.equal(code({ amountCents: 0 }), "amount_invalid");
  assert.equal(code({ amountCents: -5 }), "amount_invalid");
  assert.equal(code({ amountCents: 1.5 }), "amount_invalid");
  assert.equal(code({ paidAt: "domani" }), "paid_at_invalid");
  assert.equal(code({ source: "bank" }), "source_invalid");
  assert.match(receiptProblem({ ...ok, amountCents: 0 })!.it, /maggiore di zero/);
});

Deno.test("XML text: escaped and cut to the schema's length", () => {
  assert.equal(esc(`a<b>&"c'`), "a&lt;b&gt;&amp;&quot;c&apos;");
  assert.equal(cut("  Mensa   ottobre ", 140), "Mensa ottobre");
  assert.equal(cut("x".repeat(150), 140).length, 140);
  assert.ok(cut("x".repeat(150), 140).endsWith("…"));
});

Deno.test("paSendRTV2 built for the checkout is XSD-valid and parses back", async () => {
  const xml = paSendRTV2Request({
    idPA: "01234567890",
    idBrokerPA: "01234567890",
    idStation: "01234567890_01",
    receiptId: "r-1",
    noticeNumber: "302250900000000152",
    fiscalCodePA: "01234567890",
    amountCents: 8550,
    description: "Mensa <ottobre> & altro",
    companyName: "Comune di Prova",
    debtor: { id: "RSSMRA80A01H501U", fullName: "Mario Rossi" },
    payer: { id: "01234567890", fullName: "Ditta Srl" },
    iban: "IT60X0542811101000000123456",
    remittance: "Mensa",
    taxonomy: "9/0107101TS/",
    idPSP: "SIMPSP00001",
    pspName: "PSP simulato",
    idChannel: "SIMPSP00001_01",
    channelDescription: "app",
    paymentMethod: "creditCard",
    feeCents: 100,
    paymentDateTime: "2025-10-15T10:22:31",
  });
  assert.deepEqual((await validatePaForNode(xml)).errors, []);
  const msg = parseSoap(xml)!;
  assert.equal(msg.operation, "paSendRTV2Request");
  const r = msg.body.receipt;
  assert.equal(r.paymentAmount, "85.50");
  assert.equal(r.creditorReferenceId, "02250900000000152");
  assert.equal(r.description, "Mensa <ottobre> & altro");
  assert.equal(r.payer.uniqueIdentifier.entityUniqueIdentifierType, "G");
  assert.equal(r.debtor.uniqueIdentifier.entityUniqueIdentifierType, "F");
  assert.equal(r.fee, "1.00");
  assert.equal(parseSoap("<a>"), null);
  assert.equal(parseSoap("not xml at all"), null);
});

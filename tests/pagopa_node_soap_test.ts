import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { createTestPositionIn, type TestPosition } from "../lib/pagopa/receipts_testing.ts";
import { parseSoap, validatePaForNode } from "../lib/pagopa/rt_xml.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

// Copies of ../shared/specs/pagopa/samples/authored/ (CI has only the repository).
const SAMPLES = new URL("../lib/pagopa/testdata/samples/", import.meta.url).pathname;
const SPEC_NAV = "302250900000000152";
const SPEC_CF = "99999000013";

async function setIban(db: Db) {
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, iban, office_name)
       select id, 'IT60X0542811101000000123456', 'Servizi Educativi' from public.tenants
       on conflict (tenant_id) do update set iban = excluded.iban`,
    )
  );
}

function envelope(op: string, inner: string) {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
    `xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><soapenv:Body><pafn:${op}>` +
    inner + `</pafn:${op}></soapenv:Body></soapenv:Envelope>`;
}

function qrRequest(op: string, p: TestPosition, nav: string) {
  const cf = p.tenantTaxCode;
  return envelope(
    op,
    `<idPA>${cf}</idPA><idBrokerPA>${cf}</idBrokerPA><idStation>${cf}_01</idStation>` +
      `<qrCode><fiscalCode>${cf}</fiscalCode><noticeNumber>${nav}</noticeNumber></qrCode>`,
  );
}

/** The authored paSendRTV2 sample, adapted to the notice and Ente the test created. */
async function rtFromSample(p: TestPosition, instalment = 0, receiptId?: string) {
  const n = p.notices[instalment];
  const amount = `${Math.trunc(n.amountCents / 100)}.${
    String(n.amountCents % 100).padStart(2, "0")
  }`;
  return (await Deno.readTextFile(`${SAMPLES}paSendRTV2Req_mensa.xml`))
    .replaceAll(SPEC_NAV, n.noticeNumber)
    .replaceAll(SPEC_NAV.slice(1), n.iuv)
    .replaceAll(SPEC_CF, p.tenantTaxCode)
    .replaceAll("85.50", amount)
    .replace("c110729d258c4ab1b765fe902aae41d6", receiptId ?? crypto.randomUUID());
}

async function call(db: Db, xml: string) {
  const { app } = await testApp(db);
  const res = await app.request("/functions/v1/pagopa-node", {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: "x" },
    body: xml,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), text, msg: parseSoap(text) };
}

Deno.test("the authored samples validate against paForNode.xsd", async () => {
  for (const f of ["paSendRTV2Req_mensa.xml", "paGetPaymentV2Res_mensa.xml"]) {
    const r = await validatePaForNode(await Deno.readTextFile(SAMPLES + f));
    assert.deepEqual(r.errors, []);
  }
  const bad = await validatePaForNode(
    (await Deno.readTextFile(`${SAMPLES}paSendRTV2Req_mensa.xml`)).replace(
      "<transferCategory>9/0107101TS/</transferCategory>",
      "",
    ),
  );
  assert.equal(bad.valid, false);
});

dbTest("verify and getPaymentV2 answer XSD-valid data of the notice", async (db) => {
  await setIban(db);
  const p = await createTestPositionIn(db, { amountCents: 8550 });
  const nav = p.notices[0].noticeNumber;

  const v = await call(db, qrRequest("paVerifyPaymentNoticeReq", p, nav));
  assert.equal(v.status, 200);
  assert.match(v.type ?? "", /text\/xml/);
  assert.deepEqual((await validatePaForNode(v.text)).errors, []);
  assert.equal(v.msg?.operation, "paVerifyPaymentNoticeRes");
  assert.equal(v.msg?.body.outcome, "OK");
  assert.equal(v.msg?.body.paymentList.paymentOptionDescription.amount, "85.50");
  assert.equal(v.msg?.body.fiscalCodePA, p.tenantTaxCode);

  const g = await call(db, qrRequest("paGetPaymentV2Request", p, nav));
  assert.equal(g.status, 200);
  assert.deepEqual((await validatePaForNode(g.text)).errors, []);
  const data = g.msg?.body.data;
  assert.equal(g.msg?.body.outcome, "OK");
  assert.equal(data.creditorReferenceId, p.notices[0].iuv);
  assert.equal(data.paymentAmount, "85.50");
  assert.equal(data.transferList.transfer[0].IBAN, "IT60X0542811101000000123456");
  assert.equal(data.transferList.transfer[0].transferCategory, "9/0107101TS/");
  assert.equal(data.debtor.uniqueIdentifier.entityUniqueIdentifierValue, "CLMCHR88M61D612P");
  assert.match(data.description, /Mensa ottobre 2026/);
});

dbTest(
  "paSendRTV2 round trip: OK, the notice is paid, a second delivery credits once",
  async (db) => {
    await setIban(db);
    const p = await createTestPositionIn(db, { amountCents: 8550 });
    const rt = await rtFromSample(p, 0, "rt-sample-0001");
    assert.deepEqual((await validatePaForNode(rt)).errors, []);
    for (let i = 0; i < 2; i++) {
      const r = await call(db, rt);
      assert.equal(r.status, 200);
      assert.deepEqual((await validatePaForNode(r.text)).errors, []);
      assert.equal(r.msg?.operation, "paSendRTV2Response");
      assert.equal(r.msg?.body.outcome, "OK");
    }
    const [pos] = await db.asOwner((tx) =>
      tx.query<{ status: string; paid_cents: number; receipts: number; psp: string; raw: string }>(
        `select d.status, d.paid_cents,
              (select count(*)::int from public.payment_receipts r where r.receipt_ref = 'rt-sample-0001') as receipts,
              (select psp_name from public.payment_receipts r where r.receipt_ref = 'rt-sample-0001') as psp,
              (select raw from public.payment_receipts r where r.receipt_ref = 'rt-sample-0001') as raw
         from public.debt_positions d where d.id = $1`,
        [p.positionId],
      )
    );
    assert.deepEqual([pos.status, pos.paid_cents, pos.receipts, pos.psp], [
      "paid",
      8550,
      1,
      "PSP di test",
    ]);
    assert.match(pos.raw, /paSendRTV2Request/);

    // Paid now: verify answers PAA_PAGAMENTO_DUPLICATO.
    const v = await call(db, qrRequest("paVerifyPaymentNoticeReq", p, p.notices[0].noticeNumber));
    assert.equal(v.msg?.body.outcome, "KO");
    assert.equal(v.msg?.body.fault.faultCode, "PAA_PAGAMENTO_DUPLICATO");
    assert.deepEqual((await validatePaForNode(v.text)).errors, []);
  },
);

dbTest(
  "faults: unknown notice, wrong Ente, wrong station, invalid XML, unknown IUV receipt kept",
  async (db) => {
    await setIban(db);
    const p = await createTestPositionIn(db);
    const unknown = await call(db, qrRequest("paVerifyPaymentNoticeReq", p, "302999999999999911"));
    assert.equal(unknown.msg?.body.fault.faultCode, "PAA_PAGAMENTO_SCONOSCIUTO");
    assert.deepEqual((await validatePaForNode(unknown.text)).errors, []);

    const other = qrRequest("paGetPaymentV2Request", p, p.notices[0].noticeNumber)
      .replaceAll(p.tenantTaxCode, "12345678901");
    const dom = await call(db, other);
    assert.equal(dom.msg?.body.fault.faultCode, "PAA_ID_DOMINIO_ERRATO");
    assert.deepEqual((await validatePaForNode(dom.text)).errors, []);

    const station = await call(
      db,
      qrRequest("paVerifyPaymentNoticeReq", p, p.notices[0].noticeNumber).replace(
        `<idStation>${p.tenantTaxCode}_01`,
        "<idStation>99999999999_01",
      ),
    );
    assert.equal(station.msg?.body.fault.faultCode, "PAA_STAZIONE_INT_ERRATA");

    const bad = await call(
      db,
      (await rtFromSample(p)).replace("<outcome>OK</outcome>", "<outcome>FORSE</outcome>"),
    );
    assert.equal(bad.status, 200);
    assert.equal(bad.msg?.operation, "paSendRTV2Response");
    assert.equal(bad.msg?.body.fault.faultCode, "PAA_SINTASSI_XSD");
    assert.match(bad.msg?.body.fault.description, /outcome/);
    assert.deepEqual((await validatePaForNode(bad.text)).errors, []);

    const garbage = await call(db, "<nope>");
    assert.equal(garbage.status, 500);
    assert.match(garbage.text, /soapenv:Fault/);

    // A receipt for a notice we never issued: accepted (OK) and kept unmatched for the office.
    const stray = (await rtFromSample(p, 0, "rt-stray-01"))
      .replaceAll(p.notices[0].noticeNumber, "302999999999999911")
      .replaceAll(p.notices[0].iuv, "02999999999999911");
    const s = await call(db, stray);
    assert.equal(s.msg?.body.outcome, "OK");
    const [kept] = await db.asOwner((tx) =>
      tx.query<{ status: string }>(
        `select status from public.payment_receipts where receipt_ref = 'rt-stray-01'`,
      )
    );
    assert.equal(kept.status, "unmatched");
  },
);

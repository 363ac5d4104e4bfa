/**
 * The reconciliation pages, through the app: an operator uploads an FdR (and again: idempotent),
 * a malformed one is refused with the schema's reason, the treasury CSV is imported with its
 * rejected rows listed, "Da verificare" shows what does not match, flows are fetched from the
 * FdR simulator, lists export as CSV; families cannot reach any of it.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { FdrClient } from "../lib/reconciliation/fdr_client.ts";
import { setFdrGateway } from "../lib/reconciliation/fdr_sync.ts";
import { DEMO_TENANT } from "../lib/seed/demo.ts";
import { createFdrSimulator, FDR_SIM_BASE } from "../simulators/fdr.ts";
import { htmlOf, signedInClient, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { flowXml } from "./helpers/fixtures_reconciliation.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const BASE = "/operatore/riconciliazione";

async function paidIuv(db: Db, amountCents: number, receiptRef: string): Promise<string> {
  const p = await createTestPositionIn(db, { amountCents });
  const [r] = await db.asService((tx) =>
    ingestReceipts(tx, [{
      tenantId: p.tenantId,
      receiptRef,
      iuv: p.notices[0].iuv,
      noticeNumber: p.notices[0].noticeNumber,
      amountCents,
      paidAt: "2026-11-01T10:00:00+01:00",
      source: "pa_send_rt",
    }])
  );
  assert.ok(r.ok);
  return p.notices[0].iuv;
}

async function upload(c: TestClient, path: string, field: string, text: string, name: string) {
  const form = new FormData();
  form.set("_csrf", await c.csrf());
  form.set(field, new Blob([text]), name);
  return await c.request(path, { method: "POST", body: form });
}

dbTest(
  "reconciliation pages: upload a flow, the statement, see what to check, export",
  async (db) => {
    const iuv = await paidIuv(db, 4500, "RCPT-PAGE-1");
    const c = await signedInClient(db, OPERATOR);
    const flowRef = "2026-11-0788888888888-0000000501";
    const xml = flowXml({
      flowRef,
      payments: [
        { iuv, iur: "RCPT-PAGE-1", amount_cents: 4500, outcome_code: 0 },
        { iuv: "02777777777777777", iur: "RCPT-PAGE-X", amount_cents: 1500, outcome_code: 0 },
      ],
    });

    const res = await upload(c, `${BASE}/importa-flusso`, "flusso", xml, "flusso.xml");
    assert.equal(res.status, 303);
    const location = res.headers.get("location")!;
    assert.match(location, /\/flussi\/[0-9a-f-]{36}\?importato=1$/);
    const detail = await htmlOf(await c.get(location));
    assert.match(detail, /Flusso importato\./);
    assert.match(detail, new RegExp(`<h1>Flusso ${flowRef}</h1>`));
    assert.match(detail, /Abbinato/);
    assert.match(detail, /Ricevuta mancante/);
    assert.match(detail, /Con differenze/);
    assert.match(
      detail,
      /<caption>Pagamenti del flusso: 2, abbinati 1, da verificare 1<\/caption>/,
    );

    const again = await upload(c, `${BASE}/importa-flusso`, "flusso", xml, "flusso.xml");
    assert.equal(again.status, 303);
    assert.equal(again.headers.get("location"), location.replace("importato=1", "gia=1"));

    const bad = await upload(
      c,
      `${BASE}/importa-flusso`,
      "flusso",
      xml.replace("<dataRegolamento>2026-11-02<", "<dataRegolamento>02/11/2026<"),
      "flusso.xml",
    );
    const badPage = await htmlOf(bad, 422);
    assert.match(badPage, /role="alert"/);
    assert.match(badPage, /non è conforme allo schema FlussoRiversamento 1\.0\.4.*dataRegolamento/);
    assert.match(badPage, /aria-invalid="true"/);

    // The flow list shows it with its status.
    const list = await htmlOf(await c.get(BASE));
    assert.match(list, new RegExp(flowRef));
    assert.match(list, /<caption>Flussi di rendicontazione: 1<\/caption>/);
    assert.match(list, /Non ancora in tesoreria/);

    // The statement: the flow's transfer, one for a flow not received, one bad row.
    const csv = "Data;Importo;Causale;Riferimento\n" +
      `08/11/2026;60,00;/PUR/LGPE-RIVERSAMENTO/URI/${flowRef};TRN-P1\n` +
      "08/11/2026;12,00;/PUR/LGPE-RIVERSAMENTO/URI/2026-11-0788888888888-0000000599;TRN-P2\n" +
      "08/11/2026;dodici;BONIFICO;TRN-P3\n";
    const imported = await htmlOf(
      await upload(c, `${BASE}/movimenti/importa`, "estratto", csv, "estratto.csv"),
    );
    assert.match(
      imported,
      /estratto\.csv: 2 movimenti registrati, 1 abbinati a un flusso o a una ricevuta, 0 già presenti, 1 righe scartate\./,
    );
    assert.match(imported, /<caption>Righe scartate: 1<\/caption>/);
    assert.match(imported, /<th scope="row">4<\/th><td>Importo «dodici» non valido/);

    const movements = await htmlOf(await c.get(`${BASE}/movimenti`));
    assert.match(movements, new RegExp(`<a href="${BASE}/flussi/[0-9a-f-]{36}">${flowRef}</a>`));
    assert.match(movements, /Flusso non ricevuto/);

    const toCheck = await htmlOf(await c.get(`${BASE}/da-verificare?giorni=0`));
    assert.match(toCheck, /Pagamento del flusso senza ricevuta/);
    assert.match(toCheck, /Riversamento senza flusso/);
    assert.match(toCheck, /02777777777777777/);

    const exported = await c.get(`${BASE}/esporta?elenco=da-verificare&giorni=0`);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get("content-type")!, /^text\/csv/);
    const text = await exported.text();
    assert.match(text, /^tipo;data;riferimento;importo;altro_importo;flusso\r\n/);
    assert.match(
      text,
      /Riversamento senza flusso;2026-11-08;2026-11-0788888888888-0000000599;12,00;;/,
    );
    const flowsCsv = await c.get(`${BASE}/esporta?elenco=flussi`);
    assert.equal(flowsCsv.status, 200);
    assert.match(
      await flowsCsv.text(),
      new RegExp(`${flowRef};2026-11-02;PSP di test;2;60,00;Con differenze;1;1;Abbinato`),
    );

    const english = await htmlOf(await c.get(`${BASE}/da-verificare?giorni=0&lang=en`));
    assert.match(english, /Transfer without flow/);
  },
);

dbTest("reconciliation pages: flows fetched from pagoPA; families are refused", async (db) => {
  const iuv = await paidIuv(db, 2200, "RCPT-SYNC-1");
  const sim = createFdrSimulator({ subscriptionKey: "k" });
  const pay = {
    index: 1,
    iuv,
    iur: "RCPT-SYNC-1",
    idTransfer: 1,
    pay: 22,
    payStatus: "EXECUTED" as const,
    payDate: new Date().toISOString(),
  };
  sim.publish({
    revision: 1,
    fdr: "2026-11-2788888888888-0000000601",
    fdrDate: new Date().toISOString(),
    regulation: "SEPA - Bonifico X",
    regulationDate: "2026-11-27",
    sender: {
      type: "LEGAL_PERSON",
      id: "SELBIT2B",
      pspId: "88888888888",
      pspName: "PSP di test",
      pspBrokerId: "88888888888",
      channelId: "88888888888_01",
    },
    receiver: { id: "APPBIT2B", organizationId: DEMO_TENANT.taxCode, organizationName: "Comune" },
    totPayments: 1,
    sumPayments: 22,
  }, [pay]);
  setFdrGateway({
    client: new FdrClient({
      baseUrl: FDR_SIM_BASE,
      subscriptionKey: "k",
      fetchFn: (input, init) => sim.fetch(new Request(input, init)),
    }),
    simulated: true,
    simulator: sim,
  });
  try {
    const c = await signedInClient(db, OPERATOR);
    const page = await htmlOf(await c.postForm(`${BASE}/scarica`, {}));
    assert.match(page, /Ambiente di prova: simulatore FdR di pagoPA\./);
    assert.match(page, /Nuovi importati: 1\. Già presenti: 0\. Non importati: 0\./);
    assert.match(page, /2026-11-2788888888888-0000000601/);
    const second = await htmlOf(await c.postForm(`${BASE}/scarica`, {}));
    assert.match(second, /Nuovi importati: 0\. Già presenti: 1\./);
    assert.deepEqual(sim.violations, []);
  } finally {
    setFdrGateway(undefined);
  }

  const family = await signedInClient(db, "chiara.colombo@posta.example");
  const refused = await family.get(BASE);
  assert.equal(refused.status, 403);
  await refused.body?.cancel();
});

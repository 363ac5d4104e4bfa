/**
 * The office's invoice pages (settings, list with filters, detail, XML and PDF downloads, issue
 * of missing invoices) and the family's invoices with their downloads.
 */
import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { createInvoicesForRun } from "../lib/fatturapa/issue.ts";
import { validateInvoiceXml } from "../lib/fatturapa/xsd.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { invoiceScenario } from "./helpers/fixtures_invoices.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const PARENT = "chiara.colombo@posta.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";

const SETTINGS = {
  name: "Comune di Valdiponte",
  vat_number: "01234560488",
  tax_code: "80001250481",
  tax_regime: "RF01",
  address: "Piazza del Municipio",
  street_number: "1",
  postal_code: "50099",
  municipality: "Valdiponte",
  province: "fi",
  number_prefix: "",
  ref_N4: "Esente art. 10 c.1 n. 21 DPR 633/72",
  stamp_duty: "on",
};

dbTest(
  "the office saves the Ente's invoicing data; bad input is refused field by field",
  async (db) => {
    const c = await signedInClient(db, OPERATOR);
    const empty = await htmlOf(await c.get("/operatore/fatture/impostazioni"));
    assert.match(
      empty,
      /<h1>Dati dell&#39;Ente per la fatturazione<\/h1>|<h1>Dati dell'Ente per la fatturazione<\/h1>/,
    );

    const bad = await c.postForm("/operatore/fatture/impostazioni", {
      ...SETTINGS,
      vat_number: "01234567890",
      postal_code: "5009",
      rea_office: "FI",
    });
    const html = await htmlOf(bad, 422);
    assert.match(html, /role="alert"/);
    assert.match(html, /Partita IVA non valida/);
    assert.match(html, /Il CAP ha 5 cifre/);
    assert.match(html, /sia l&#39;ufficio sia il numero REA|sia l'ufficio sia il numero REA/);
    assert.match(
      html,
      /id="vat_number"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="vat_number"/,
    );
    const none = await db.asOwner((tx) => tx.query("select 1 from public.invoice_settings"));
    assert.equal(none.length, 0, "nothing stored");

    const { location, page } = await postAndFollow(c, "/operatore/fatture/impostazioni", SETTINGS);
    assert.equal(location, "/operatore/fatture/impostazioni?salvato=1");
    assert.match(page, /Dati salvati/);
    assert.match(page, /value="01234560488"/);
    const [row] = await db.asOwner((tx) =>
      tx.query<{ province: string; vat_references: Record<string, string>; stamp_duty: boolean }>(
        "select province, vat_references, stamp_duty from public.invoice_settings",
      )
    );
    assert.equal(row.province, "FI");
    assert.deepEqual(row.vat_references, { N4: "Esente art. 10 c.1 n. 21 DPR 633/72" });
    assert.equal(row.stamp_duty, true);
    const audit = await db.asOwner((tx) =>
      tx.query("select 1 from public.audit_log where entity = 'invoice_settings'")
    );
    assert.ok(audit.length >= 1, "audited");
  },
);

dbTest("the office lists, filters, opens and downloads invoices", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const c = await signedInClient(db, OPERATOR);
  const list = await htmlOf(await c.get("/operatore/fatture"));
  assert.match(list, /FE-1\/2026/);
  assert.match(list, /<caption>Documenti trovati: 1/);
  assert.match(
    await htmlOf(await c.get("/operatore/fatture?anno=2025")),
    /Nessuna fattura trovata/,
  );
  assert.match(await htmlOf(await c.get("/operatore/fatture?numero=FE-1")), /FE-1\/2026/);
  assert.match(await htmlOf(await c.get("/operatore/fatture?numero=2")), /Nessuna fattura trovata/);
  assert.match(await htmlOf(await c.get("/operatore/fatture?pagatore=colombo")), /FE-1\/2026/);
  assert.match(await htmlOf(await c.get("/operatore/fatture?pagatore=zzz")), /Nessuna fattura/);

  const id = list.match(/href="\/operatore\/fatture\/([0-9a-f-]{36})"/)![1];
  const detail = await htmlOf(await c.get(`/operatore/fatture/${id}`));
  assert.match(detail, /<h1>Fattura n. FE-1\/2026<\/h1>/);
  assert.match(detail, /<caption>Righe della fattura<\/caption>/);
  assert.match(detail, /Sofia Ricci - ottobre 2026/);
  assert.match(detail, new RegExp(s.noticeNumber));

  const xml = await c.get(`/operatore/fatture/${id}/xml`);
  assert.equal(xml.status, 200);
  assert.match(xml.headers.get("content-type")!, /^application\/xml/);
  assert.match(xml.headers.get("content-disposition")!, /IT01234560488_00001\.xml/);
  assert.ok((await validateInvoiceXml(await xml.text())).valid);

  const pdf = await c.get(`/operatore/fatture/${id}/pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  assert.match(pdf.headers.get("content-disposition")!, /fattura-FE-1-2026\.pdf/);
  const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
  assert.equal(doc.getSubject(), "Copia di cortesia — non valida ai fini fiscali");

  assert.equal(
    (await c.get("/operatore/fatture/00000000-0000-4000-8000-000000000000")).status,
    404,
  );
  assert.equal((await c.get("/operatore/fatture/nope/pdf")).status, 404);
});

dbTest("the office issues a run's missing invoices after fixing a payer's address", async (db) => {
  const s = await invoiceScenario(db);
  await db.asOwner((tx) =>
    tx.query("update public.people set residence_address = 'Via Roma 12' where id = $1", [
      s.payerId,
    ])
  );
  const c = await signedInClient(db, OPERATOR);
  const first = await postAndFollow(c, "/operatore/fatture/emetti", { run_id: s.runId });
  assert.match(first.page, /Fatture emesse: 0. Posizioni non fatturabili: 1/);
  await db.asOwner((tx) =>
    tx.query(
      "update public.people set residence_address = 'Via Roma 12, 50099 Valdiponte (FI)' where id = $1",
      [
        s.payerId,
      ],
    )
  );
  const again = await postAndFollow(c, "/operatore/fatture/emetti", { run_id: s.runId });
  assert.match(again.page, /Fatture emesse: 1. Posizioni non fatturabili: 0/);
  assert.match(again.page, /FE-1\/2026/);
});

dbTest("a family sees and downloads its invoices only", async (db) => {
  const s = await invoiceScenario(db);
  await db.asUser(s.op, (tx) => createInvoicesForRun(tx, s.runId, { today: "2026-11-28" }));
  const [{ id }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.invoices where run_id = $1", [s.runId])
  );
  const parent = await signedInClient(db, PARENT);
  const mine = await htmlOf(await parent.get("/famiglie/fatture"));
  assert.match(mine, /<h1>Le tue fatture<\/h1>/);
  assert.match(mine, /FE-1\/2026/);
  const pdf = await parent.get(`/famiglie/fatture/${id}/pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  await pdf.body?.cancel();
  const xml = await parent.get(`/famiglie/fatture/${id}/xml`);
  assert.equal(xml.status, 200);
  await xml.body?.cancel();

  // Another household: nothing listed, downloads are 404.
  const other = await db.asOwner((tx) =>
    tx.query<{ email: string }>(
      `select u.email from public.users u join public.memberships m on m.user_id = u.id
        where m.role = 'family' and u.email not in ($1, 'luca.ricci@posta.example')
        order by u.email limit 1`,
      [PARENT],
    )
  );
  if (other.length) {
    const stranger = await signedInClient(db, other[0].email);
    assert.match(await htmlOf(await stranger.get("/famiglie/fatture")), /Non ci sono fatture/);
    assert.equal((await stranger.get(`/famiglie/fatture/${id}/pdf`)).status, 404);
  }
  // The office's pages are not for families, the family's not for teachers.
  assert.equal((await parent.get(`/operatore/fatture/${id}`)).status, 403);
  const teacher = await signedInClient(db, TEACHER);
  assert.equal((await teacher.get("/famiglie/fatture")).status, 403);
});

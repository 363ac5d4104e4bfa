/**
 * `/api/v1/invoices`: the list and one invoice (office and family), issuing a run's missing
 * invoices, the Ente's invoicing data; refusals as problem+json.
 */
import assert from "node:assert/strict";
import { validateInvoiceXml } from "../lib/fatturapa/xsd.ts";
import { dbTest } from "./helpers/db.ts";
import { invoiceScenario } from "./helpers/fixtures_invoices.ts";
import { api, signedIn } from "./helpers/fixtures_sites.ts";
import { jsonOf } from "./helpers/app.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const PARENT = "chiara.colombo@posta.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";

dbTest(
  "API: the office issues a run's invoices, lists and reads them; families read theirs",
  async (db) => {
    const s = await invoiceScenario(db);
    const op = await signedIn(db, OPERATOR);
    const issued = await jsonOf(
      await api(op, "POST", "/api/v1/invoices", { run_id: s.runId }),
      200,
    );
    assert.equal(issued.created.length, 1);
    assert.deepEqual(issued.problems, []);
    const again = await jsonOf(await api(op, "POST", "/api/v1/invoices", { run_id: s.runId }), 200);
    assert.deepEqual(again, { created: [], problems: [] });

    const list = await jsonOf(await op.get("/api/v1/invoices?year=2026&number=1"), 200);
    assert.equal(list.total, 1);
    assert.equal(list.items[0].total_cents, 4420);
    assert.equal(list.items[0].vat_cents, 170);
    assert.equal(list.items[0].notice_number, s.noticeNumber);
    assert.equal(list.items[0].sdi_status, "ready");
    assert.match(list.items[0].file_name, /^IT01234560488_[0-9A-Z]{5}\.xml$/);
    assert.equal((await jsonOf(await op.get("/api/v1/invoices?year=2025"), 200)).total, 0);

    const one = await jsonOf(await op.get(`/api/v1/invoices/${issued.created[0]}`), 200);
    assert.equal(one.lines.length, 2);
    assert.deepEqual(one.summary, [{
      vatRateBp: 400,
      nature: null,
      taxableCents: 4250,
      vatCents: 170,
    }]);
    assert.ok((await validateInvoiceXml(one.xml)).valid);

    const parent = await signedIn(db, PARENT);
    const mine = await jsonOf(await parent.get("/api/v1/invoices"), 200);
    assert.equal(mine.total, 1);
    await jsonOf(await parent.get(`/api/v1/invoices/${issued.created[0]}`), 200);
    const refused = await jsonOf(
      await api(parent, "POST", "/api/v1/invoices", { run_id: s.runId }),
      403,
    );
    assert.equal(refused.code, "forbidden");

    const teacher = await signedIn(db, TEACHER);
    await jsonOf(await teacher.get("/api/v1/invoices"), 403);
    const missing = await jsonOf(
      await op.get("/api/v1/invoices/00000000-0000-4000-8000-000000000000"),
      404,
    );
    assert.equal(missing.code, "not_found");
  },
);

dbTest("API: issuing refuses unknown or unissued runs and missing invoicing data", async (db) => {
  const s = await invoiceScenario(db, { invoiceSettings: false });
  const op = await signedIn(db, OPERATOR);
  const noSettings = await jsonOf(
    await api(op, "POST", "/api/v1/invoices", { run_id: s.runId }),
    422,
  );
  assert.equal(noSettings.code, "invoice_settings_missing");
  assert.equal((await db.asOwner((tx) => tx.query("select 1 from public.invoices"))).length, 0);
  const unknown = await jsonOf(
    await api(op, "POST", "/api/v1/invoices", { run_id: "00000000-0000-4000-8000-000000000000" }),
    404,
  );
  assert.equal(unknown.code, "not_found");
  await db.asOwner((tx) =>
    tx.query("update public.billing_runs set status = 'approved' where id = $1", [s.runId])
  );
  const notIssued = await jsonOf(
    await api(op, "POST", "/api/v1/invoices", { run_id: s.runId }),
    409,
  );
  assert.equal(notIssued.code, "run_not_issued");
  const bad = await jsonOf(await api(op, "POST", "/api/v1/invoices", { run_id: "x" }), 422);
  assert.equal(bad.errors[0].path, "body.run_id");
});

dbTest("API: the Ente's invoicing data, checked field by field", async (db) => {
  const op = await signedIn(db, OPERATOR);
  assert.equal(
    (await jsonOf(await op.get("/api/v1/invoices/settings"), 404)).code,
    "not_configured",
  );
  const body = {
    vat_number: "IT01234560488",
    tax_code: "80001250481",
    name: "Comune di Valdiponte",
    address: "Piazza del Municipio",
    street_number: "1",
    postal_code: "50099",
    municipality: "Valdiponte",
    province: "fi",
    vat_references: { N4: "Esente art. 10 c.1 n. 21 DPR 633/72" },
  };
  const bad = await jsonOf(
    await api(op, "PUT", "/api/v1/invoices/settings", {
      ...body,
      vat_number: "01234567890",
      tax_regime: "RF03",
      vat_references: { N2: "x" },
    }),
    422,
  );
  assert.equal(bad.code, "validation_failed");
  assert.deepEqual(
    bad.errors.map((e: { path: string }) => e.path).sort(),
    ["body.tax_regime", "body.vat_number", "body.vat_references"],
  );
  const saved = await jsonOf(await api(op, "PUT", "/api/v1/invoices/settings", body), 200);
  assert.equal(saved.vat_number, "01234560488");
  assert.equal(saved.province, "FI");
  assert.equal(saved.tax_regime, "RF01");
  assert.equal(saved.stamp_duty, true);
  const read = await jsonOf(await op.get("/api/v1/invoices/settings"), 200);
  assert.deepEqual(read, saved);
  const parent = await signedIn(db, PARENT);
  await jsonOf(await parent.get("/api/v1/invoices/settings"), 403);
});

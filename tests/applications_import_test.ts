import assert from "node:assert/strict";
// @ts-types="../lib/registry/exceljs.d.ts"
import ExcelJS, { type CellValue } from "exceljs";
import type { Db } from "../lib/db/types.ts";
import { clearApplications, demoFacts } from "../lib/enrollment/review_testing.ts";
import { htmlOf, signedInClient, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const HEADER = [
  "Cognome richiedente",
  "Nome richiedente",
  "Codice fiscale richiedente",
  "E-mail richiedente",
  "Cognome bambino",
  "Nome bambino",
  "Codice fiscale bambino",
  "Data di nascita bambino",
  "Codice servizio",
  "Anno scolastico",
  "Tipo domanda",
  "Informativa privacy accettata il",
  "codice_fiscale_alunno",
  "data_nascita",
  "allergie",
  "consenso",
];

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Domande");
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function upload(c: TestClient, bytes: Uint8Array, name = "domande.xlsx") {
  const form = new FormData();
  form.set("_csrf", await c.csrf());
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
  return await c.request("/operatore/domande/importa", { method: "POST", body: form });
}

async function people(db: Db) {
  const f = await demoFacts(db);
  const [year] = await db.asOwner((tx) =>
    tx.query<{ label: string }>("select label from public.school_years where id = $1", [f.yearId])
  );
  const [other] = await db.asOwner((tx) =>
    tx.query<{ surname: string; name: string; tax_code: string; birth_date: string }>(
      `select surname, name, tax_code, birth_date::text from public.people
        where tax_code is not null and merged_into is null
          and birth_date between '2015-01-01' and '2023-12-31' and surname <> 'Ricci'
        order by surname, name limit 1`,
    )
  );
  const row = (
    applicant: [string, string, string, string],
    k: { surname: string; name: string; tax_code: string; birth_date: string },
    extra: { service?: string; year?: string } = {},
  ) => [
    ...applicant,
    k.surname,
    k.name,
    k.tax_code,
    k.birth_date.split("-").reverse().join("/"),
    extra.service ?? "MENSA",
    extra.year ?? year.label,
    "nuova",
    "15/05/2026",
    k.tax_code,
    k.birth_date,
    "No",
    "sì",
  ];
  const chiara: [string, string, string, string] = [
    "Colombo",
    "Chiara",
    f.applicant.tax_code,
    "chiara.colombo@posta.example",
  ];
  const verdi: [string, string, string, string] = [
    "Verdi",
    "Paolo",
    "VRDPLA80A01H501P",
    "p.verdi@example.org",
  ];
  const kids = f.kids.map((k) => ({ ...k, surname: "Ricci" }));
  return { row, chiara, verdi, kids, other };
}

dbTest(
  "import: the template downloads with the fixed columns and the forms' fields",
  async (db) => {
    const c = await signedInClient(db, OPERATOR);
    const page = await htmlOf(await c.get("/operatore/domande/importa"));
    assert.match(page, /href="\/operatore\/domande\/importa\/modello"/);
    const res = await c.get("/operatore/domande/importa/modello");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await res.arrayBuffer()));
    const header: string[] = [];
    wb.worksheets[0].eachRow({ includeEmpty: false }, (r) => {
      header.push(...(r.values as CellValue[]).slice(1).map(String));
    });
    for (const col of [...HEADER.slice(0, 12), "Plesso", "Codice dieta", "Fermata", "allergie"]) {
      assert.ok(header.includes(col), col);
    }
    assert.ok(!header.includes("certificato"), "file fields are uploaded, not imported");
    assert.equal(wb.worksheets.length, 3);
  },
);

dbTest("import: a good file imports grouped applications with protocol numbers", async (db) => {
  await clearApplications(db);
  const { row, chiara, verdi, kids, other } = await people(db);
  const c = await signedInClient(db, OPERATOR);
  const bytes = await xlsx([
    HEADER,
    row(chiara, kids[0]),
    row(verdi, other),
    row(chiara, kids[1]),
  ]);
  const page = await htmlOf(await upload(c, bytes));
  assert.match(page, /Importate 2 domande da 3 righe/);
  const apps = await db.asOwner((tx) =>
    tx.query<{ protocol_number: string; channel: string; status: string; n: number; hh: string }>(
      `select a.protocol_number, a.channel, a.status, a.household_id as hh,
              (select count(*)::int from public.application_items i where i.application_id = a.id) as n
         from public.applications a order by a.receipt_seq`,
    )
  );
  assert.equal(apps.length, 2);
  assert.deepEqual(apps.map((a) => [a.channel, a.status, a.n]), [
    ["import", "submitted", 2],
    ["import", "submitted", 1],
  ]);
  for (const a of apps) {
    assert.match(a.protocol_number, /^\d{4}\/\d{6}$/);
    assert.match(page, new RegExp(a.protocol_number));
  }
  assert.ok(apps[0].hh, "Chiara's application is linked to her household");
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ details: { rows: number; applications: string[] } }>(
      "select details from public.audit_log where action = 'import' and entity = 'applications'",
    )
  );
  assert.deepEqual(audit.details, { rows: 3, applications: apps.map((a) => a.protocol_number) });
  // The same file again: every row is now a duplicate, nothing more is stored.
  const again = await htmlOf(await upload(c, bytes), 422);
  assert.match(again, /Nessuna domanda importata: 3 righe su 3/);
  assert.match(again, /esiste già una domanda/);
});

dbTest(
  "import: broken rows import nothing and each is reported with line and reason",
  async (db) => {
    await clearApplications(db);
    const { row, chiara, verdi, kids, other } = await people(db);
    const c = await signedInClient(db, OPERATOR);
    const badCf = row(chiara, kids[0]);
    badCf[6] = "RCCSFO18E52D612X";
    const badService = row(verdi, other, { service: "PISCINA" });
    const badYear = row(chiara, kids[1], { year: "1999/00" });
    const noConsent = row(verdi, kids[1]);
    noConsent[15] = "";
    const duplicate = row(chiara, kids[0]);
    const bytes = await xlsx([
      HEADER,
      badCf,
      badService,
      row(chiara, kids[0]),
      badYear,
      noConsent,
      duplicate,
    ]);
    const page = await htmlOf(await upload(c, bytes), 422);
    assert.match(page, /Nessuna domanda importata: 5 righe su 6 contengono errori/);
    const lines = [...page.matchAll(/<th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));
    assert.deepEqual(lines, [2, 3, 5, 6, 7]);
    assert.match(page, /«Codice fiscale bambino»: Codice fiscale non valido/);
    assert.match(page, /il servizio «PISCINA» non esiste/);
    assert.match(page, /l&#39;anno «1999\/00» non esiste|l'anno «1999\/00» non esiste/);
    assert.match(
      page,
      /<th scope="row">6<\/th><td><ul class="mb-0"><li>Per proseguire seleziona «Ho letto l('|&#39;)informativa/,
    );
    assert.match(page, /già nella riga 4/);
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.applications")
    );
    assert.equal(n, 0, "nothing half-imported");
  },
);

dbTest("import: a file that is not a workbook or lacks columns is refused clearly", async (db) => {
  const c = await signedInClient(db, OPERATOR);
  const notXlsx = await htmlOf(await upload(c, new TextEncoder().encode("a;b"), "x.csv"), 422);
  assert.match(notXlsx, /formato Excel \.xlsx/);
  const broken = await htmlOf(await upload(c, new TextEncoder().encode("nope")), 422);
  assert.match(broken, /non è un foglio Excel \.xlsx leggibile/);
  const missing = await htmlOf(
    await upload(c, await xlsx([["Cognome richiedente"], ["Rossi"]])),
    422,
  );
  assert.match(missing, /Mancano le colonne obbligatorie: Nome richiedente/);
  assert.match(missing, /role="alert"/);
});

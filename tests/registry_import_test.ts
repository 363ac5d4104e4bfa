/**
 * Bulk import of an anagrafe extract: reading CSV (any separator, Windows-1252) and Excel, the
 * preview, the import with a report naming every refused row and its reason, rows either wholly
 * imported or not at all, and a second import of the same file creating nothing.
 */
import assert from "node:assert/strict";
// @ts-types="../lib/registry/exceljs.d.ts"
import ExcelJS from "exceljs";
import { generateCodiceFiscale, type PersonData } from "../lib/codes/mod.ts";
import type { Db } from "../lib/db/types.ts";
import { readExtract } from "../lib/registry/import_parse.ts";
import { planImport } from "../lib/registry/import_rows.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const BASE = "/operatore/anagrafiche/importa";
const cf = (p: Omit<PersonData, "placeCode"> & { placeCode?: string }) =>
  generateCodiceFiscale({ placeCode: "D612", ...p });

const dad = cf({ surname: "Serra", name: "Giovanni", birthDate: "1980-05-04", sex: "M" });
const mum = cf({ surname: "Longo", name: "Marta", birthDate: "1982-09-12", sex: "F" });
const kid1 = cf({ surname: "Serra", name: "Nicola", birthDate: "2016-03-01", sex: "M" });
const kid2 = cf({ surname: "Serra", name: "Viola", birthDate: "2020-11-20", sex: "F" });
const grandpa = cf({ surname: "Serra", name: "Aldo", birthDate: "1950-01-15", sex: "M" });
const single = cf({ surname: "Pace", name: "Irene", birthDate: "1990-02-02", sex: "F" });
const badDate = cf({ surname: "Villa", name: "Rita", birthDate: "1991-07-07", sex: "F" });
const stranger = cf({ surname: "Rota", name: "Ugo", birthDate: "1979-10-10", sex: "M" });
const newborn = cf({ surname: "Ricci", name: "Bruno", birthDate: "2025-01-05", sex: "M" });
const noMail = cf({ surname: "Galli", name: "Pia", birthDate: "1988-08-08", sex: "F" });
const wrongCheck = single.slice(0, 15) + (single[15] === "A" ? "B" : "A");

/** An extract as the registry office exports it: `;`, Italian dates, upper case. */
const CSV = [
  "CODICE_FISCALE;COGNOME;NOME;SESSO;DATA_NASCITA;COMUNE_NASCITA;INDIRIZZO;CIVICO;COD_FAMIGLIA;RELAZIONE_PARENTELA;EMAIL",
  `${dad};SERRA;GIOVANNI;M;04/05/1980;FIRENZE;VIA DEI PINI;3;F100;INTESTATARIO;giovanni.serra@posta.example`,
  `${mum};LONGO;MARTA;F;12/09/1982;FIRENZE;VIA DEI PINI;3;F100;CONIUGE;`,
  `${kid1};SERRA;NICOLA;M;01/03/2016;FIRENZE;VIA DEI PINI;3;F100;FIGLIO;`,
  `${kid2};SERRA;VIOLA;F;20/11/2020;FIRENZE;VIA DEI PINI;3;F100;FIGLIA;`,
  `${grandpa};SERRA;ALDO;M;15/01/1950;FIRENZE;VIA DEI PINI;3;F100;PADRE;`,
  `${wrongCheck};PACE;IRENE;F;02/02/1990;FIRENZE;VIA ROMA;1;F200;INTESTATARIO;`,
  `${single};;IRENE;F;02/02/1990;FIRENZE;VIA ROMA;1;F200;INTESTATARIO;`,
  `${kid1};SERRA;NICOLA;M;01/03/2016;FIRENZE;VIA DEI PINI;3;F100;FIGLIO;`,
  `RCCLCU86D14D612N;RICCI;LUCA;M;14/04/1986;FIRENZE;VIA ROMA;12;VD-0101;INTESTATARIO;`,
  `${badDate};VILLA;RITA;F;08/07/1991;FIRENZE;VIA ROMA;5;;;`,
  `${stranger};ROTA;UGO;M;10/10/1979;FIRENZE;VIA ROMA;12;VD-0101;CONVIVENTE;`,
  `${newborn};RICCI;BRUNO;M;05/01/2025;FIRENZE;VIA ROMA;12;VD-0101;FIGLIO;`,
  `${stranger.slice(0, 15)};ROTA;UGO;M;10/10/1979;FIRENZE;VIA ROMA;12;VD-0101;CONVIVENTE;`,
  `${noMail};GALLI;PIA;F;08/08/1988;FIRENZE;VIA ROMA;9;;;posta@`,
].join("\r\n");

async function operator(db: Db): Promise<TestClient> {
  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn("f.esposito@comune.valdiponte.example")).status, 303);
  return c;
}

async function upload(c: TestClient, name: string, bytes: Uint8Array, resident = true) {
  const form = new FormData();
  form.set("_csrf", await c.csrf());
  form.set("file", new File([new Uint8Array(bytes)], name));
  if (resident) form.set("resident", "1");
  return await c.request(BASE, { method: "POST", body: form });
}

Deno.test("reading: CSV in Windows-1252 with `;`, any header spelling; Excel with real dates", async () => {
  const latin1 = Uint8Array.from(
    "Codice fiscale;Cognome;Nome;Città\r\nRSSMRA85T10A562S;NICOLÒ;D'ANGELO;Firenze\r\n\r\n",
    (ch) => ch.charCodeAt(0),
  );
  const csv = await readExtract(latin1, "estratto.csv");
  assert.equal(csv.format, "csv");
  assert.deepEqual(csv.columns, ["tax_code", "surname", "name"]);
  assert.deepEqual(csv.ignored, ["Città"]);
  assert.deepEqual(csv.rows, [{
    line: 2,
    values: { tax_code: "RSSMRA85T10A562S", surname: "NICOLÒ", name: "D'ANGELO" },
  }]);

  const utf8 = new TextEncoder().encode(
    '\uFEFFCF,COGNOME,NOME\nRSSMRA85T10A562S,Nicolò,"D\'Angelo"\n',
  );
  assert.deepEqual((await readExtract(utf8, "e.csv")).rows[0].values, {
    tax_code: "RSSMRA85T10A562S",
    surname: "Nicolò",
    name: "D'Angelo",
  });

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Anagrafe");
  ws.addRow(["COGNOME", "NOME", "CODICE FISCALE", "DATA DI NASCITA"]);
  ws.addRow(["Serra", "Nicola", kid1, new Date(Date.UTC(2016, 2, 1))]);
  const xlsx = await readExtract(new Uint8Array(await wb.xlsx.writeBuffer()), "anagrafe.xlsx");
  assert.equal(xlsx.format, "xlsx");
  assert.deepEqual(xlsx.rows[0].values, {
    surname: "Serra",
    name: "Nicola",
    tax_code: kid1,
    birth_date: "2016-03-01",
  });

  await assert.rejects(
    () => readExtract(new TextEncoder().encode("Nome;Cognome\nA;B\n"), "x.csv"),
    /Codice fiscale/,
  );
  await assert.rejects(
    () => readExtract(new TextEncoder().encode("PK\x03\x04xx"), "x.xlsx"),
    /Excel/,
  );
});

Deno.test("planning: roles per household code, titles, every reason of a refused row", () => {
  const extract = CSV.split("\r\n").slice(1).map((l, i) => {
    const [tax_code, surname, name, sex, birth_date, , address, number, code, role, email] = l
      .split(";");
    const values: Record<string, string> = {
      tax_code,
      surname,
      name,
      sex,
      birth_date,
      residence_address: address,
      house_number: number,
      household_code: code,
      household_role: role,
      email,
    };
    return { line: i + 2, values: Object.fromEntries(Object.entries(values).filter(([, v]) => v)) };
  });
  const plan = planImport(extract, { resident: true, today: "2026-11-28" });
  const byLine = new Map(plan.map((r) => [r.line, r]));
  assert.deepEqual(byLine.get(2)!.household, { code: "F100", role: "parent" });
  assert.equal(byLine.get(2)!.values!.surname, "Serra");
  assert.equal(byLine.get(2)!.values!.residence_address, "Via Dei Pini, 3");
  assert.deepEqual(byLine.get(2)!.values!.kinds, ["applicant"]);
  assert.deepEqual(byLine.get(3)!.household, { code: "F100", role: "parent" });
  assert.deepEqual(byLine.get(4)!.household, { code: "F100", role: "minor" });
  assert.deepEqual(byLine.get(4)!.values!.kinds, ["beneficiary"]);
  assert.deepEqual(
    byLine.get(6)!.household,
    { code: "F100", role: "other_adult" },
    "a third adult",
  );
  assert.match(byLine.get(7)!.reasons[0].it, /carattere di controllo/);
  assert.deepEqual(byLine.get(8)!.reasons.map((r) => r.code), ["missing.surname"]);
  assert.deepEqual(byLine.get(9)!.reasons.map((r) => r.code), ["duplicate_in_file"]);
  assert.match(byLine.get(9)!.reasons[0].it, /riga 4/);
  assert.deepEqual(byLine.get(11)!.reasons.map((r) => r.code), ["tax_code.birth_date_mismatch"]);
  assert.deepEqual(byLine.get(12)!.household, { code: "VD-0101", role: "parent" });
  assert.deepEqual(byLine.get(13)!.household, { code: "VD-0101", role: "minor" });
  assert.deepEqual(byLine.get(14)!.reasons.map((r) => r.code), ["tax_code.length"]);
  assert.deepEqual(byLine.get(15)!.reasons.map((r) => r.code), ["email"]);
});

dbTest(
  "import: preview, then a report naming every refused row; rows are all-or-nothing",
  async (db) => {
    const c = await operator(db);
    const bytes = new TextEncoder().encode(CSV);
    const uploaded = await upload(c, "anagrafe_2026.csv", bytes);
    assert.equal(uploaded.status, 303, await uploaded.clone().text());
    const here = uploaded.headers.get("location")!;
    assert.match(here, /^\/operatore\/anagrafiche\/importa\/[0-9a-f-]{36}$/);

    const preview = await (await c.get(here)).text();
    assert.match(preview, /14 righe lette: 7 da importare, 7 scartate/);
    assert.match(preview, /Importa 7 righe/);
    const before = await db.asOwner((tx) => tx.query("select id from public.people"));

    const run = await c.postForm(here, {});
    assert.equal(run.status, 303);
    const report = await (await c.get(here)).text();
    assert.match(report, /6 righe importate, 8 scartate/);
    const refused: [number, RegExp][] = [
      [7, /Il carattere di controllo del codice fiscale non è corretto/],
      [8, /Manca il campo obbligatorio Cognome/],
      [9, /Codice fiscale già presente alla riga 4 del file/],
      [10, /Codice fiscale già presente in anagrafe: Ricci Luca/],
      [11, /non corrisponde alla data di nascita indicata/],
      [12, /Il nucleo ha già due genitori/],
      [14, /16 caratteri/],
      [15, /L&#39;indirizzo e-mail non è valido|L'indirizzo e-mail non è valido/],
    ];
    const rejectedTable = report.slice(
      report.indexOf("Righe scartate"),
      report.indexOf("Righe importate"),
    );
    for (const [line, reason] of refused) {
      const row = new RegExp(`<th scope="row">${line}</th>(.*?)</tr>`).exec(rejectedTable);
      assert.ok(row, `line ${line} is in the refused rows`);
      assert.match(row[1], reason, `line ${line}`);
    }

    const created = await db.asOwner((tx) =>
      tx.query<{ tax_code: string; resident: boolean; household: string; role: string }>(
        `select p.tax_code, p.resident, h.external_code as household, m.role
         from public.people p
         left join public.household_members m on m.person_id = p.id
         left join public.households h on h.id = m.household_id
        where p.tax_code = any($1) order by p.tax_code`,
        [[dad, mum, kid1, kid2, grandpa, stranger, newborn]],
      )
    );
    assert.deepEqual(
      created.map((r) => [r.tax_code, r.household, r.role]),
      [
        [dad, "F100", "parent"],
        [mum, "F100", "parent"],
        [kid1, "F100", "minor"],
        [kid2, "F100", "minor"],
        [grandpa, "F100", "other_adult"],
        [newborn, "VD-0101", "minor"],
      ].sort(([a], [b]) => a.localeCompare(b)),
      "line 12 (a third parent in the Ricci household) left no person behind",
    );
    assert.ok(created.every((r) => r.resident));
    const after = await db.asOwner((tx) => tx.query("select id from public.people"));
    assert.equal(after.length, before.length + 6);
    const [{ rows }] = await db.asOwner((tx) =>
      tx.query<{ rows: unknown }>("select rows from public.person_imports")
    );
    assert.equal(rows, null, "the uploaded rows are dropped once imported");

    const twice = await c.postForm(here, {});
    assert.equal(twice.status, 409, "an import runs once");
    await twice.body?.cancel();

    // The same file again: every acceptable row is now "already in the registry".
    const again = await upload(c, "anagrafe_2026.csv", bytes);
    const againPage = await (await c.get(again.headers.get("location")!)).text();
    assert.match(againPage, /14 righe lette: 1 da importare, 13 scartate/);
    assert.match(againPage, /Codice fiscale già presente in anagrafe: Serra Giovanni/);
    const events = await db.asOwner((tx) =>
      tx.query<{ details: { imported: number; rejected: number } }>(
        "select details from public.audit_log where action = 'import' and entity = 'person_imports'",
      )
    );
    assert.deepEqual(events.map((e) => e.details.imported), [6]);
  },
);

dbTest("import: an Excel extract, non-residents, and a refused upload", async (db) => {
  const c = await operator(db);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Estratto");
  ws.addRow(["Codice Fiscale", "Cognome", "Nome", "Data di nascita"]);
  ws.addRow([single, "Pace", "Irene", new Date(Date.UTC(1990, 1, 2))]);
  const up = await upload(c, "estratto.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()), false);
  assert.equal(up.status, 303);
  const here = up.headers.get("location")!;
  assert.match(await (await c.get(here)).text(), /non residenti/);
  assert.equal((await c.postForm(here, {})).status, 303);
  const [p] = await db.asOwner((tx) =>
    tx.query<{ resident: boolean; birth_date: string }>(
      "select resident, birth_date from public.people where tax_code = $1",
      [single],
    )
  );
  assert.deepEqual(p, { resident: false, birth_date: "1990-02-02" });

  const bad = await upload(c, "vuoto.csv", new TextEncoder().encode("Nome;Cognome\n"));
  assert.equal(bad.status, 422);
  const body = await bad.text();
  assert.match(body, /role="alert"/);
  assert.match(body, /Mancano le colonne obbligatorie: Codice fiscale/);
});

/**
 * Attendance files: the API (`POST /api/v1/attendance/files`) and the operator's page report every
 * bad row with its line and reason and record the good ones; a second import changes nothing.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { htmlOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { demoTenant } from "./helpers/second_tenant.ts";

const FILE = [
  "\uFEFFCodice Fiscale;Servizio;Data;Stato;Pasto",
  "LMRMRO19M15D612T;MENSA;26/11/2026;P;B", // 2: recorded, plain meal
  "MRTLCA19T41D612M;MENSA;26/11/2026;A;", // 3: recorded
  "MRTLCA19T41D612M;MENSA;22/11/2026;P;", // 4: Sunday: closed
  "MRTLCA19T41D612M;MENSA;31/11/2026;P;", // 5: no such date
  "RSSMRA80A01H501X;MENSA;26/11/2026;P;", // 6: bad check character
  "LMRMRO19M15D612T;PISCINA;26/11/2026;P;", // 7: unknown service
  "BRBLRD16L30D612Z;NIDO;26/11/2026;P;", // 8: not enrolled in that service
  "LMRMRO19M15D612T;MENSA;03/05/2027;P;", // 9: future
  "",
].join("\r\n");

dbTest("attendance CSV API: good rows recorded, every bad row reported", async (db) => {
  const a = await demoTenant(db);
  const key = await db.asOwner((tx) =>
    createApiKey(tx, {
      tenantId: a.tenantId,
      name: "Ristorazione",
      scopes: ["read", "write"],
      createdBy: a.users.admin,
    })
  );
  const { client } = await testApp(db);
  const c = client();
  const post = (body: string, type = "text/csv") =>
    c.request("/api/v1/attendance/files", {
      method: "POST",
      headers: { authorization: `Bearer ${key.token}`, "content-type": type },
      body,
    });
  const res = await post(FILE);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.match(res.headers.get("content-type")!, /json/);
  const report = JSON.parse(text);
  assert.equal(report.delimiter, ";");
  assert.equal(report.rows, 8);
  assert.deepEqual(report.totals, { recorded: 2, unchanged: 0, stale: 0, rejected: 6 });
  const byLine = Object.fromEntries(
    report.lines.map((l: { line: number; outcome: string; reason: { it: string } | null }) => [
      l.line,
      l.reason?.it ?? l.outcome,
    ]),
  );
  assert.equal(byLine[2], "recorded");
  assert.equal(byLine[3], "recorded");
  assert.match(byLine[4], /chiuso/);
  assert.match(byLine[5], /Data «31\/11\/2026» non valida/);
  assert.match(byLine[6], /carattere di controllo/);
  assert.match(byLine[7], /Servizio «PISCINA» sconosciuto/);
  assert.match(byLine[8], /Nessuna iscrizione al servizio NIDO/);
  assert.match(byLine[9], /giorno futuro/);
  const rows = await db.asOwner((tx) =>
    tx.query<{ status: string; meal: string | null; source: string }>(
      "select status, meal, source from attendance_marks order by status desc",
    )
  );
  assert.deepEqual(rows, [
    { status: "present", meal: "white", source: "csv" },
    { status: "absent", meal: null, source: "csv" },
  ]);

  // The same file again: nothing new.
  const again = await (await post(FILE)).json();
  assert.deepEqual(again.totals, { recorded: 0, unchanged: 2, stale: 0, rejected: 6 });

  // Commas and ISO dates, enrollment ids.
  const comma =
    await (await post("codice fiscale,servizio,data,stato\nLMRMRO19M15D612T,MENSA,2026-11-25,A\n"))
      .json();
  assert.equal(comma.delimiter, ",");
  assert.equal(comma.totals.recorded, 1);

  // A file that cannot be read at all, and the wrong media type.
  const bad = await post("nome;cognome\nSofia;Ricci\n");
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).code, "invalid_file");
  assert.equal((await post(FILE, "application/json")).status, 415);
});

dbTest("attendance CSV page: preview stores nothing, import records and reports", async (db) => {
  const op = await signedIn(db, PEOPLE.operator);
  const form = new FormData();
  form.set("_csrf", await op.csrf());
  form.set("action", "preview");
  form.set("file", new File([FILE], "presenze.csv", { type: "text/csv" }));
  const preview = await htmlOf(
    await op.request("/operatore/presenze/importa", { method: "POST", body: form }),
  );
  assert.match(preview, /Anteprima/);
  assert.match(preview, /2 da registrare/);
  assert.match(preview, /Non è ancora stato registrato nulla/);
  for (const line of [4, 5, 6, 7, 8, 9]) {
    assert.match(preview, new RegExp(`<th scope="row">${line}</th>`), `line ${line} listed`);
  }
  const count = async () =>
    (await db.asOwner((tx) => tx.query("select 1 from attendance_marks"))).length;
  assert.equal(await count(), 0, "the preview recorded nothing");
  const content = /<textarea name="content" hidden(?:="")?>([\s\S]*?)<\/textarea>/.exec(preview)![1]
    .replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll(
      "&quot;",
      '"',
    );
  const done = await htmlOf(
    await op.postForm("/operatore/presenze/importa", { action: "import", content }),
  );
  assert.match(done, /Esito dell&#39;importazione|Esito dell'importazione/);
  assert.match(done, /2 registrate/);
  assert.equal(await count(), 2);

  const empty = await op.postForm("/operatore/presenze/importa", { action: "preview" });
  assert.equal(empty.status, 422);
  assert.match(await empty.text(), /Scegli il file CSV/);

  const family = await signedIn(db, PEOPLE.family);
  assert.equal((await family.get("/operatore/presenze/importa")).status, 403);
});

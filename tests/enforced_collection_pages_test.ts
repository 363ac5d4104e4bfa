/**
 * The office's pages of enforced collection (`/operatore/posizioni/riscossione`): the form's
 * errors beside the fields (nothing written), the confirmation's counts, the creation and the
 * list's page, the flag "Pagata dopo l'affidamento", the withdrawal with its reason, the CSV
 * "lista di carico" (columns, audit row), the position's page and the positions' filter, the
 * menu; the family's notice on the position; teachers are kept out.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, postAndFollow } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { enforcedFixture } from "./helpers/fixtures_enforced.ts";
import { PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { setPaid } from "./helpers/overdue_positions.ts";

const PATH = "/operatore/posizioni/riscossione";

const text = (html: string) =>
  html.replaceAll("&#39;", "'").replaceAll("&amp;", "&").replaceAll("&nbsp;", " ")
    .replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">");

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [{ n }] = await db.asOwner((tx) => tx.query<{ n: number }>(sql, params));
  return n;
}

const FORM = {
  run_id: "",
  giorni: "30",
  "importo-minimo": "30,00",
  riferimento: "Det. n. 123/2026",
  nota: "Affidamento all'Ufficio Entrate",
};

dbTest("enforced collection pages: form, confirmation, list, sgravio, withdrawal", async (db) => {
  const f = await enforcedFixture(db);
  const op = await signedIn(db, PEOPLE.operator);

  // The lists (none yet), the form with its defaults, the menu entry.
  const empty = text(await htmlOf(await op.get(PATH)));
  assert.match(empty, /<h1[^>]*>Riscossione coattiva<\/h1>/);
  assert.match(empty, /Nessun elenco affidato alla riscossione coattiva/);
  assert.match(empty, /Nuovo elenco per la riscossione coattiva/);
  assert.match(empty, /id="giorni"[^>]*value="30"/);
  assert.match(empty, /id="importo-minimo"[^>]*value="30,00"/);
  assert.match(empty, /href="\/operatore\/posizioni\/riscossione"[^>]*><span>Riscossione coattiva/);

  // Bad input: Italian errors beside the fields, nothing written.
  const bad = await op.postForm(PATH, {
    ...FORM,
    passo: "conferma",
    giorni: "400",
    "importo-minimo": "trenta",
    riferimento: "x",
  });
  const badHtml = text(await htmlOf(bad, 422));
  assert.match(badHtml, /role="alert"/);
  assert.match(badHtml, /id="giorni-error"[^>]*>Indica i giorni minimi/);
  assert.match(badHtml, /id="importo-minimo-error"[^>]*>Indica l'importo minimo/);
  assert.match(badHtml, /id="riferimento-error"[^>]*>Indica il riferimento/);
  assert.match(badHtml, /id="giorni"[^>]*aria-invalid="true"/);
  assert.match(badHtml, /value="400"/);
  const refusedCreate = await op.postForm(PATH, { ...FORM, passo: "crea", riferimento: "" });
  await htmlOf(refusedCreate, 422);
  assert.equal(await count(db, "select count(*)::int as n from public.enforced_collections"), 0);

  // The confirmation: counts, total, payers, what is left out and why; nothing written.
  const confirm = text(await htmlOf(await op.postForm(PATH, { ...FORM, passo: "conferma" })));
  assert.match(confirm, /Posizioni da affidare<\/dt><dd[^>]*>1</);
  assert.match(confirm, /Pagatori<\/dt><dd[^>]*>1</);
  assert.match(confirm, /Totale<\/dt><dd[^>]*>40,00\s€/);
  assert.match(confirm, /Mai sollecitate: 1/);
  assert.match(confirm, /Sollecitate troppo di recente: 1/);
  assert.match(confirm, /Pagatore sotto l'importo minimo: 1 \(1 pagatore\)/);
  assert.match(confirm, /name="passo" value="crea"/);
  assert.match(confirm, /name="riferimento" value="Det. n. 123\/2026"/);
  assert.equal(await count(db, "select count(*)::int as n from public.enforced_collections"), 0);

  // Created: the list's page.
  const { location, page } = await postAndFollow(op, PATH, { ...FORM, passo: "crea" });
  const id = location.split("/").at(-1)!;
  assert.match(location, new RegExp(`^${PATH}/[0-9a-f-]{36}$`));
  const list = text(page);
  assert.match(list, /Elenco per la riscossione coattiva: Det. n. 123\/2026/);
  assert.match(list, /Affidamento all'Ufficio Entrate/);
  assert.match(list, /Colombo Chiara/);
  assert.match(list, /PZ-SOLL-000001/);
  assert.match(list, /40,00\s€/);
  assert.match(list, /\(lettera\)/);
  assert.match(list, /Scarica la lista di carico \(CSV\)/);
  assert.doesNotMatch(list, /Pagata dopo l'affidamento/);

  // The lists' page lists it.
  const lists = text(await htmlOf(await op.get(PATH)));
  assert.match(lists, new RegExp(`href="${PATH}/${id}"`));
  assert.match(lists, /Det. n. 123\/2026/);

  // The position's page says so, without "Invia sollecito"; the list's filter finds it alone.
  const position = text(await htmlOf(await op.get(`/operatore/posizioni/${f.late}`)));
  assert.match(position, /Affidata alla riscossione coattiva il \d{2}\/\d{2}\/\d{4}/);
  assert.match(position, new RegExp(`href="${PATH}/${id}">Det. n. 123/2026`));
  assert.doesNotMatch(position, /Invia sollecito/);
  const filtered = text(await htmlOf(await op.get("/operatore/posizioni?status=riscossione")));
  assert.match(filtered, /Posizioni trovate: 1,/);
  assert.match(filtered, new RegExp(`href="/operatore/posizioni/${f.late}"`));
  assert.match(filtered, /<option value="riscossione" selected/);
  // Each row says it, whatever the filter.
  assert.match(filtered, /<span class="badge bg-secondary[^"]*">In riscossione coattiva<\/span>/);
  const all = text(await htmlOf(await op.get("/operatore/posizioni?payer=PZ-SOLL")));
  assert.equal(all.match(/>In riscossione coattiva<\/span>/g)?.length, 1);

  // Paid in part after the hand-over: flagged for the "sgravio".
  await db.asOwner(async (tx) => await setPaid(tx, f.late, 1000, false));
  const flagged = text(await htmlOf(await op.get(`${PATH}/${id}`)));
  assert.match(flagged, /Pagata dopo l'affidamento: comunicare lo sgravio/);
  assert.match(flagged, /Una posizione è stata pagata \(in tutto o in parte\)/);

  // The CSV: audited, the columns the collector reads.
  const csv = await op.get(`${PATH}/${id}/esporta`);
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.match(
    csv.headers.get("content-disposition") ?? "",
    /^attachment; filename="lista-di-carico-det-n-123-2026-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const rows = (await csv.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  assert.equal(rows.length, 2);
  assert.equal(
    rows[0],
    "N.;Debitore;Codice fiscale;Indirizzo;Codice posizione (IUPD);Causale;Periodo dal;Periodo al;Importo affidato;Scaduto dal;Ultimo sollecito;Canale ultimo sollecito;Codici avviso da pagare;Stato attuale;Pagato dopo l'affidamento;Ritirata il;Motivo del ritiro",
  );
  const cells = rows[1].split(";");
  assert.equal(cells[0], "1");
  assert.equal(cells[1], "Colombo Chiara");
  assert.equal(cells[4], "PZ-SOLL-000001");
  assert.equal(cells[8], "40,00");
  assert.equal(cells[11], "Lettera");
  assert.equal(cells[13], "Pagata in parte");
  assert.equal(cells[14], "10,00");
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ entity_id: string; details: { rows: number } }>(
      `select entity_id, details from public.audit_log
        where action = 'export' and entity = 'enforced_collection_positions'`,
    )
  );
  assert.equal(audit.entity_id, id);
  assert.equal(audit.details.rows, 1);

  // Withdraw: a confirmation with the reason; too short comes back beside the field.
  const ask = text(await htmlOf(await op.get(`${PATH}/${id}/ritira?posizione=${f.late}`)));
  assert.match(ask, /Ritira la posizione PZ-SOLL-000001 dall'elenco/);
  assert.match(ask, /name="motivo"/);
  const short = await op.postForm(`${PATH}/${id}/ritira`, { posizione: f.late, motivo: "no" });
  assert.match(
    text(await htmlOf(short, 422)),
    /id="motivo-error"[^>]*>Indica il motivo del ritiro/,
  );
  assert.equal(
    await count(
      db,
      "select count(*)::int as n from public.enforced_collection_positions where withdrawn_at is not null",
    ),
    0,
  );
  const done = await postAndFollow(op, `${PATH}/${id}/ritira`, {
    posizione: f.late,
    motivo: "Rateizzazione concessa",
  });
  assert.match(done.location, new RegExp(`^${PATH}/${id}\\?ritirata=PZ-SOLL-000001#posizioni$`));
  const after = text(done.page);
  assert.match(after, /Posizione PZ-SOLL-000001 ritirata dall'elenco/);
  assert.match(after, /Ritirata il \d{2}\/\d{2}\/\d{4} da [^:]+: Rateizzazione concessa/);
  assert.doesNotMatch(after, /comunicare lo sgravio/);
  // Withdrawn: no more withdraw page, and the position can be reminded again.
  assert.equal((await op.get(`${PATH}/${id}/ritira?posizione=${f.late}`)).status, 404);
  const back = text(await htmlOf(await op.get(`/operatore/posizioni/${f.late}`)));
  assert.doesNotMatch(back, /Affidata alla riscossione coattiva/);
  assert.match(back, /Invia sollecito/);
});

dbTest(
  "enforced collection pages: nothing to hand over, bad ids, teachers kept out",
  async (db) => {
    await enforcedFixture(db);
    const op = await signedIn(db, PEOPLE.operator);
    const none = text(
      await htmlOf(await op.postForm(PATH, { ...FORM, passo: "conferma", giorni: "365" })),
    );
    assert.match(none, /Nessuna posizione da affidare con queste condizioni/);
    assert.doesNotMatch(none, /name="passo" value="crea"/);
    const refused = await op.postForm(PATH, { ...FORM, passo: "crea", giorni: "365" });
    assert.match(text(await htmlOf(refused, 422)), /Nulla è stato creato/);
    assert.equal(await count(db, "select count(*)::int as n from public.enforced_collections"), 0);
    assert.equal((await op.get(`${PATH}/not-an-id`)).status, 404);
    assert.equal((await op.get(`${PATH}/${crypto.randomUUID()}`)).status, 404);
    assert.equal((await op.get(`${PATH}/${crypto.randomUUID()}/esporta`)).status, 404);
    assert.equal((await op.postForm(PATH, { ...FORM, passo: "boh" })).status, 400);

    const en = text(await htmlOf(await op.get(`${PATH}?lang=en`)));
    assert.match(en, /<h1[^>]*>Enforced collection<\/h1>/);
    assert.match(en, /New list for enforced collection/);

    const teacher = await signedIn(db, PEOPLE.ferrari);
    assert.equal((await teacher.get(PATH)).status, 403);
    assert.equal((await teacher.postForm(PATH, { ...FORM, passo: "crea" })).status, 403);
  },
);

dbTest(
  "enforced collection pages: the family is told, and the notice stays payable",
  async (db) => {
    const f = await enforcedFixture(db);
    await db.asOwner((tx) =>
      tx.query(
        `insert into public.billing_settings (tenant_id, office_name, office_contact)
       values ($1, 'Ufficio Scuola', 'scuola@comune.valdiponte.example, 0555 123456')
       on conflict (tenant_id) do update
         set office_name = excluded.office_name, office_contact = excluded.office_contact`,
        [f.tenantId],
      )
    );
    const op = await signedIn(db, PEOPLE.operator);
    await postAndFollow(op, PATH, { ...FORM, passo: "crea" });

    const family = await signedIn(db, PEOPLE.family);
    const page = text(await htmlOf(await family.get(`/famiglie/pagamenti/${f.late}`)));
    assert.match(
      page,
      /Il \d{2}\/\d{2}\/\d{4} l'Ente ha affidato questa posizione alla riscossione coattiva/,
    );
    assert.match(
      page,
      /contatta l'ufficio dell'Ente: Ufficio Scuola, scuola@comune\.valdiponte\.example, 0555 123456/,
    );
    assert.match(page, new RegExp(`/famiglie/pagamenti/${f.late}/paga`));
    // Another position of the same family, not handed over: no notice.
    const other = text(await htmlOf(await family.get(`/famiglie/pagamenti/${f.instalments}`)));
    assert.doesNotMatch(other, /riscossione coattiva/);
  },
);

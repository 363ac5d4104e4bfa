/**
 * The back-office pages of sites and classes, and the teacher's home listing their classes:
 * create and edit through forms (with errors shown per field), teachers assigned from the class
 * form, each teacher seeing only their own classes.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { idOf, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const SITE_FORM = {
  name: "Ludoteca comunale Arcobaleno",
  kind: "other",
  school_code: "",
  address: "Piazza Garibaldi 7",
  postal_code: "50099",
  municipality: "Valdiponte",
  latitude: "43,7855",
  longitude: "11,2401",
  capacity: "30",
  min_age_months: "12",
  max_age_months: "72",
  residency_priority: "on",
  criterion_label_0: "Genitori che lavorano entrambi",
  criterion_points_0: "10",
  criterion_label_1: "Fratelli già iscritti",
  criterion_points_1: "4",
};

const one = async <T>(db: Db, sql: string, params: unknown[] = []) =>
  (await db.asOwner((tx) => tx.query<T>(sql, params)))[0];

/** The text of an HTML page with tags removed and entities of apostrophes decoded. */
async function textOf(res: Response): Promise<string> {
  return (await res.text()).replaceAll("&#39;", "'").replaceAll("&amp;", "&");
}

dbTest("sites: the list, a new site with errors then saved, then edited", async (db) => {
  const c = await signedIn(db, PEOPLE.operator);
  const list = await c.get("/operatore/plessi");
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type")!, /text\/html/);
  const listHtml = await textOf(list);
  for (const name of ["Scuola dell'infanzia Il Girasole", "Asilo nido comunale Il Pulcino"]) {
    assert.ok(listHtml.includes(name), name);
  }
  assert.match(
    listHtml,
    /<a class="list-item active" href="\/operatore\/plessi" aria-current="page"/,
  );
  assert.match(listHtml, /<caption>Plessi dell'Ente: 3<\/caption>/);

  const empty = await c.postForm("/operatore/plessi/nuovo", {});
  assert.equal(empty.status, 422);
  const emptyHtml = await textOf(empty);
  for (const f of ["name", "kind", "address", "postal_code", "municipality"]) {
    assert.match(emptyHtml, new RegExp(`href="#${f}"`), f);
  }
  assert.match(emptyHtml, /Il CAP ha 5 cifre/);

  const halfPosition = await c.postForm("/operatore/plessi/nuovo", {
    ...SITE_FORM,
    longitude: "",
    school_code: "FI12",
    max_age_months: "6",
  });
  assert.equal(halfPosition.status, 422);
  const halfHtml = await textOf(halfPosition);
  assert.match(halfHtml, /Indica latitudine e longitudine insieme/);
  assert.match(halfHtml, /Il codice meccanografico ha 10 caratteri/);
  assert.match(halfHtml, /L'età massima deve essere uguale o superiore a quella minima/);
  assert.match(halfHtml, /value="Piazza Garibaldi 7"/, "what was typed is kept");

  const duplicate = await c.postForm("/operatore/plessi/nuovo", {
    ...SITE_FORM,
    name: "Scuola primaria Giovanni Pascoli",
  });
  assert.equal(duplicate.status, 409);
  assert.match(await textOf(duplicate), /Esiste già un plesso con questo nome/);

  const service = await one<{ id: string }>(
    db,
    `insert into services (tenant_id, kind, code, title) select id, 'summer_camp', 'PROVA-PLESSI',
       'Centro estivo' from tenants limit 1 returning id`,
  );
  const created = await c.postForm("/operatore/plessi/nuovo", {
    ...SITE_FORM,
    service_ids: service.id,
  });
  assert.equal(created.status, 303);
  const location = created.headers.get("location")!;
  assert.match(location, /^\/operatore\/plessi\/[0-9a-f-]{36}\?creato=1$/);
  const site = await one<Record<string, unknown>>(
    db,
    "select *, latitude::float8 as lat from sites where name = $1",
    [SITE_FORM.name],
  );
  assert.equal(site.lat, 43.7855);
  assert.equal(site.residency_priority, true);
  assert.deepEqual(site.criteria, [
    { code: "genitori_che_lavorano_entrambi", label: "Genitori che lavorano entrambi", points: 10 },
    { code: "fratelli_gia_iscritti", label: "Fratelli già iscritti", points: 4 },
  ]);
  assert.equal(
    (await one<{ n: number }>(
      db,
      "select count(*)::int as n from site_services where site_id = $1",
      [site.id],
    )).n,
    1,
  );

  const edit = await c.get(location);
  assert.equal(edit.status, 200);
  const editHtml = await textOf(edit);
  assert.match(editHtml, /Plesso creato/);
  assert.match(editHtml, /value="43,7855"/);
  assert.match(editHtml, /name="criterion_code_0" value="genitori_che_lavorano_entrambi"/);
  assert.match(editHtml, /Il plesso non ha ancora foto/);

  // Empty the first criterion's description to remove it; untick the service.
  const saved = await c.postForm(`/operatore/plessi/${site.id}`, {
    ...SITE_FORM,
    name: "Ludoteca Arcobaleno",
    criterion_code_0: "genitori_che_lavorano_entrambi",
    criterion_label_0: "",
    criterion_points_0: "",
    criterion_code_1: "fratelli_gia_iscritti",
    criterion_points_1: "6",
  });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get("location"), `/operatore/plessi/${site.id}?salvato=1`);
  const after = await one<Record<string, unknown>>(db, "select * from sites where id = $1", [
    site.id,
  ]);
  assert.equal(after.name, "Ludoteca Arcobaleno");
  assert.deepEqual(after.criteria, [
    { code: "fratelli_gia_iscritti", label: "Fratelli già iscritti", points: 6 },
  ]);
  assert.equal(
    (await one<{ n: number }>(
      db,
      "select count(*)::int as n from site_services where site_id = $1",
      [site.id],
    )).n,
    0,
  );
  assert.equal((await c.get(`/operatore/plessi/${crypto.randomUUID()}`)).status, 404);
  const en = await c.get("/operatore/plessi?lang=en");
  assert.match(await en.text(), /<h1>Sites<\/h1>/);
});

dbTest("classes: by site for the year, created and edited with their teachers", async (db) => {
  const c = await signedIn(db, PEOPLE.admin);
  const year = await idOf(db, "select id from school_years where label = '2026/27'");
  const list = await c.get("/operatore/classi");
  assert.equal(list.status, 200);
  const html = await textOf(list);
  assert.match(html, /<h2 class="h4">Anno scolastico 2026\/27<\/h2>/);
  assert.match(html, /<caption>Scuola primaria Giovanni Pascoli: classi del 2026\/27<\/caption>/);
  assert.match(html, /Laura Ferrari/);
  assert.match(html, /Alessandro Romano/);

  const form = await c.get(`/operatore/classi/nuova?anno=${year}`);
  assert.equal(form.status, 200);
  const formHtml = await textOf(form);
  assert.match(formHtml, new RegExp(`<option value="${year}" selected`));
  assert.match(formHtml, /Laura Ferrari <span class="text-secondary">\(l\.ferrari@/);

  const site = await idOf(
    db,
    "select id from sites where name = 'Scuola primaria Giovanni Pascoli'",
  );
  const ferrari = await idOf(db, "select id from users where email = $1", [PEOPLE.ferrari]);
  const noGrade = await c.postForm("/operatore/classi/nuova", {
    school_year_id: year,
    site_id: site,
    name: "1C",
    school_level: "primaria",
  });
  assert.equal(noGrade.status, 422);
  assert.match(await textOf(noGrade), /Indica l'anno di corso della classe/);
  const duplicate = await c.postForm("/operatore/classi/nuova", {
    school_year_id: year,
    site_id: site,
    name: "1A",
    school_level: "primaria",
    grade: "1",
  });
  assert.equal(duplicate.status, 409);
  assert.match(await textOf(duplicate), /esiste già una classe con questo nome/);

  const created = await c.postForm("/operatore/classi/nuova", {
    school_year_id: year,
    site_id: site,
    name: "1C",
    school_level: "primaria",
    grade: "1",
    capacity: "22",
    teacher_ids: ferrari,
  });
  assert.equal(created.status, 303);
  assert.equal(created.headers.get("location"), `/operatore/classi?anno=${year}&creata=1`);
  const cls = await one<{ id: string }>(db, "select id from classes where name = '1C'");
  const teachers = await db.asOwner((tx) =>
    tx.query("select user_id from class_teachers where class_id = $1", [cls.id])
  );
  assert.deepEqual(teachers, [{ user_id: ferrari }]);

  const edit = await c.get(`/operatore/classi/${cls.id}`);
  assert.equal(edit.status, 200);
  assert.match(
    await textOf(edit),
    /<h1>Classe 1C — Scuola primaria Giovanni Pascoli, 2026\/27<\/h1>/,
  );
  const saved = await c.postForm(`/operatore/classi/${cls.id}`, {
    school_year_id: year,
    site_id: site,
    name: "1C",
    school_level: "primaria",
    grade: "1",
    capacity: "",
  });
  assert.equal(saved.status, 303);
  const none = await db.asOwner((tx) =>
    tx.query("select 1 from class_teachers where class_id = $1", [cls.id])
  );
  assert.equal(none.length, 0, "no box ticked: no teachers");
});

dbTest(
  "a teacher's home lists their classes of the year; the back office is closed to them",
  async (db) => {
    const ferrari = await signedIn(db, PEOPLE.ferrari);
    const home = await ferrari.get("/docenti");
    assert.equal(home.status, 200);
    const html = await textOf(home);
    assert.match(html, /Anno scolastico 2026\/27/);
    const names = [...html.matchAll(/<h3 class="card-title h5"><a [^>]*>([^<]+)<\/a><\/h3>/g)].map((
      m,
    ) => m[1]);
    assert.deepEqual(names, ["1A", "2A"]);
    assert.ok(!html.includes("Non sei ancora assegnato"));
    assert.equal((await ferrari.get("/operatore/plessi")).status, 403);
    assert.equal((await ferrari.get("/operatore/classi")).status, 403);

    const romano = await signedIn(db, PEOPLE.romano);
    const other = await textOf(await romano.get("/docenti"));
    assert.deepEqual(
      [...other.matchAll(/<h3 class="card-title h5"><a [^>]*>([^<]+)<\/a><\/h3>/g)].map((m) =>
        m[1]
      ),
      ["Sezione A", "5A"],
    );
    assert.match(other, /Scuola dell'infanzia Il Girasole/);

    await db.asOwner((tx) =>
      tx.query(
        "delete from class_teachers where user_id = (select id from users where email = $1)",
        [PEOPLE.romano],
      )
    );
    const unassigned = await textOf(await romano.get("/docenti"));
    assert.match(unassigned, /Non sei ancora assegnato a nessuna classe per quest'anno scolastico/);
  },
);

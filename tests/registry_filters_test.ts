/**
 * Registry search by service, site and class: people who are the beneficiary of an enrollment
 * (not withdrawn) there, on the people page and `GET /api/v1/people`, combined with the other
 * filters; the demo's enrollments are replaced by a few inserted as the owner.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { htmlOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";

interface Ids {
  canteen: string;
  transport: string;
  pascoli: string;
  classA: string;
  classB: string;
  sofia: string;
  tommaso: string;
  chiara: string;
}

/**
 * Sofia: canteen at Pascoli, first class; Tommaso: transport at Pascoli, second class, and a
 * withdrawn canteen enrollment; their mother Chiara is the payer, never a beneficiary.
 */
async function enroll(db: Db): Promise<Ids> {
  return await db.asOwner(async (tx) => {
    const one = async (sql: string, params: unknown[] = []) =>
      (await tx.query<{ id: string }>(sql, params))[0].id;
    const tenant = await one("select id from tenants where name = 'Comune di Valdiponte'");
    // Only the enrollments below, whatever the demo holds.
    await tx.query("delete from enrollments where tenant_id = $1", [tenant]);
    const person = (name: string, surname: string) =>
      one("select id from people where tenant_id = $1 and name = $2 and surname = $3", [
        tenant,
        name,
        surname,
      ]);
    const pascoli = await one(
      "select id from sites where tenant_id = $1 and name = 'Scuola primaria Giovanni Pascoli'",
      [tenant],
    );
    const [classA, classB] = (await tx.query<{ id: string }>(
      "select id from classes where site_id = $1 order by name limit 2",
      [pascoli],
    )).map((r) => r.id);
    const service = async (kind: string, code: string) =>
      (await tx.query<{ id: string }>(
        "select id from services where tenant_id = $1 and kind = $2 order by created_at limit 1",
        [tenant, kind],
      ))[0]?.id ??
        await one(
          `insert into services (tenant_id, kind, code, title) values ($1, $2, $3, $3) returning id`,
          [tenant, kind, code],
        );
    const ids: Ids = {
      canteen: await service("canteen", "MENSA-TEST"),
      transport: await service("transport", "TRASPORTO-TEST"),
      pascoli,
      classA,
      classB,
      sofia: await person("Sofia", "Ricci"),
      tommaso: await person("Tommaso", "Ricci"),
      chiara: await person("Chiara", "Colombo"),
    };
    const insert = (service: string, child: string, cls: string, withdrawn = false) =>
      tx.query(
        `insert into enrollments (tenant_id, service_id, school_year_id, beneficiary_id, payer_id,
                                  site_id, class_id, starts_on, ends_on, withdrawn_on,
                                  withdrawal_reason)
         select c.tenant_id, $1, c.school_year_id, $2, $3, c.site_id, c.id, y.starts_on,
                y.ends_on, case when $5 then y.starts_on end,
                case when $5 then 'Trasferimento in altro Comune' end
           from classes c join school_years y on y.tenant_id = c.tenant_id
                                             and y.id = c.school_year_id
          where c.id = $4`,
        [service, child, ids.chiara, cls, withdrawn],
      );
    await insert(ids.canteen, ids.sofia, classA);
    await insert(ids.transport, ids.tommaso, classB);
    await insert(ids.canteen, ids.tommaso, classB, true);
    return ids;
  });
}

const names = (items: { name: string }[]) => items.map((p) => p.name).sort();

dbTest("API: people filtered by service, site and class of their enrollments", async (db) => {
  const ids = await enroll(db);
  const { call } = await operatorApi(db);
  const search = async (query: string) => {
    const res = await call("GET", `/people?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.match(res.type, /^application\/json/);
    return res.json;
  };
  // Withdrawn enrollments do not count: only Sofia is in the canteen.
  assert.deepEqual(names((await search(`service_id=${ids.canteen}`)).items), ["Sofia"]);
  assert.deepEqual(names((await search(`service_id=${ids.transport}`)).items), ["Tommaso"]);
  const atPascoli = await search(`site_id=${ids.pascoli}`);
  assert.deepEqual(names(atPascoli.items), ["Sofia", "Tommaso"]);
  assert.equal(atPascoli.total, 2);
  assert.deepEqual(names((await search(`class_id=${ids.classB}`)).items), ["Tommaso"]);
  // All given must hold for the same enrollment: Tommaso's canteen one is withdrawn.
  assert.deepEqual((await search(`service_id=${ids.canteen}&class_id=${ids.classB}`)).items, []);
  assert.deepEqual(
    names((await search(`service_id=${ids.canteen}&site_id=${ids.pascoli}&q=ricci`)).items),
    ["Sofia"],
  );
  // The payer is not a beneficiary; a class nobody is enrolled in finds nobody.
  assert.deepEqual((await search(`service_id=${ids.canteen}&q=colombo`)).items, []);
  assert.deepEqual((await search(`class_id=${crypto.randomUUID()}`)).items, []);
  assert.equal((await search(`site_id=${ids.pascoli}&limit=1`)).next_cursor !== null, true);

  const bad = await call("GET", "/people?class_id=1A");
  assert.equal(bad.status, 422);
  assert.equal(bad.json.errors[0].path, "query.class_id");
});

dbTest("people page: service, site and class filters", async (db) => {
  const ids = await enroll(db);
  const { c } = await operatorApi(db);
  const form = await htmlOf(await c.get("/operatore/anagrafiche"));
  for (
    const [id, label] of [["servizio", "Iscritti al servizio"], ["plesso", "Iscritti nel plesso"], [
      "classe",
      "Iscritti nella classe",
    ]]
  ) {
    assert.match(form, new RegExp(`<label for="${id}">${label}</label>`));
    assert.match(form, new RegExp(`<select id="${id}" name="${id}"`));
  }
  assert.match(
    form,
    new RegExp(`<option value="${ids.pascoli}">Scuola primaria Giovanni Pascoli</option>`),
  );

  const byClass = await htmlOf(await c.get(`/operatore/anagrafiche?classe=${ids.classA}`));
  assert.match(byClass, /Ricci<\/a>|Sofia/);
  assert.match(byClass, new RegExp(`<option value="${ids.classA}" selected`));
  assert.doesNotMatch(byClass, /Tommaso/);
  const byService = await htmlOf(
    await c.get(`/operatore/anagrafiche?servizio=${ids.transport}&plesso=${ids.pascoli}`),
  );
  assert.match(byService, /Tommaso/);
  assert.doesNotMatch(byService, /Sofia/);
  const nobody = await htmlOf(
    await c.get(`/operatore/anagrafiche?servizio=${ids.canteen}&classe=${ids.classB}`),
  );
  assert.match(nobody, /Nessuna persona corrisponde alla ricerca\./);
  // A value that is not an id is ignored, as for the household filter.
  await htmlOf(await c.get("/operatore/anagrafiche?classe=1A"));
});

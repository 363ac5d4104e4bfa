/**
 * Row-level security of sites and classes, in SQL: staff read and write their Ente's; a teacher
 * reads only the classes they teach, those classes' sites, services and photos, and writes
 * nothing; families and providers read nothing. Both kinds of denial are asserted: a refused
 * write (42501) and a read that silently returns nothing.
 */
import assert from "node:assert/strict";
import type { Claims, Db, Tx } from "../lib/db/types.ts";
import { newStorageKey } from "../lib/storage/mod.ts";
import { dbTest } from "./helpers/db.ts";
import { callersOf, demoTenant } from "./helpers/second_tenant.ts";

const ROLLBACK = new Error("rollback");

/** Runs `fn` as `claims`, always rolled back; the error's SQLSTATE or the result. */
type Outcome<T> = { value: T } | { code: string };
async function as<T>(db: Db, claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  let out = { code: "none" } as Outcome<T>;
  await db.asUser(claims, async (tx) => {
    try {
      out = { value: await fn(tx) };
    } catch (e) {
      out = { code: (e as { code?: string }).code ?? String(e) };
    }
    throw ROLLBACK;
  }).catch((e) => {
    if (e !== ROLLBACK) throw e;
  });
  return out;
}

const names = (tx: Tx, sql: string) =>
  tx.query<{ name: string }>(sql).then((r) => r.map((x) => x.name).sort());

async function roles(db: Db) {
  const a = await demoTenant(db);
  const claims = Object.fromEntries((await callersOf(db, a)).claims);
  return { a, claims };
}

dbTest("RLS: a teacher reads only their classes and those classes' sites", async (db) => {
  const { a, claims } = await roles(db);
  // One photo per site, so the photo rows can be told apart.
  await db.asOwner((tx) =>
    tx.query(
      `insert into site_photos (tenant_id, site_id, storage_key, content_type, size_bytes, alt_text)
       select tenant_id, id, $1 || '/' || gen_random_uuid(), 'image/png', 10, 'Foto di ' || name
         from sites where tenant_id = $1::uuid`,
      [a.tenantId],
    )
  );
  const r = await as(db, claims.teacher, async (tx) => ({
    classes: await names(tx, "select name from classes"),
    sites: await names(tx, "select name from sites"),
    photos: await names(tx, "select alt_text as name from site_photos"),
    services: (await tx.query("select distinct site_id from site_services")).length,
    teachers: (await tx.query("select class_id from class_teachers")).length,
    years: (await tx.query("select 1 from school_years")).length,
  }));
  assert.ok("value" in r, JSON.stringify(r));
  assert.deepEqual(r.value.classes, ["1A", "2A"]);
  assert.deepEqual(r.value.sites, ["Scuola primaria Giovanni Pascoli"]);
  assert.deepEqual(r.value.photos, ["Foto di Scuola primaria Giovanni Pascoli"]);
  assert.ok(r.value.services <= 1);
  assert.equal(r.value.teachers, 2, "their own two assignments");
  assert.equal(r.value.years, 1);

  // A family reads the class and the site of its own child's enrollment (Giulia, 4A), no photo,
  // no assignment; a provider reads none of them.
  const family = await as(db, claims.family, async (tx) => ({
    classes: await names(tx, "select name from classes"),
    sites: await names(tx, "select name from sites"),
    rest: [
      ...await names(tx, "select alt_text as name from site_photos"),
      ...await names(tx, "select class_id::text as name from class_teachers"),
      ...await names(tx, "select site_id::text as name from site_services"),
    ],
  }));
  assert.deepEqual(family, {
    value: { classes: ["4A"], sites: ["Scuola primaria Giovanni Pascoli"], rest: [] },
  });
  for (const role of ["provider"]) {
    const none = await as(db, claims[role], async (tx) => [
      ...await names(tx, "select name from classes"),
      ...await names(tx, "select name from sites"),
      ...await names(tx, "select alt_text as name from site_photos"),
      ...await names(tx, "select class_id::text as name from class_teachers"),
      ...await names(tx, "select site_id::text as name from site_services"),
    ]);
    assert.deepEqual(none, { value: [] }, role);
  }
  for (const role of ["admin", "operator", "api key"]) {
    const all = await as(db, claims[role], (tx) => names(tx, "select name from sites"));
    assert.ok("value" in all && all.value.length === 3, `${role}: ${JSON.stringify(all)}`);
  }
});

dbTest("RLS: a teacher writes nothing; staff write; API keys need write", async (db) => {
  const { a, claims } = await roles(db);
  const insertSite = (tx: Tx) =>
    tx.query(
      `insert into sites (tenant_id, name, kind, address, postal_code, municipality)
       values ($1, 'Ludoteca comunale', 'other', 'Via Verdi 1', '50099', 'Valdiponte') returning id`,
      [a.tenantId],
    );
  assert.deepEqual(await as(db, claims.teacher, insertSite), { code: "42501" });
  assert.deepEqual(await as(db, claims.family, insertSite), { code: "42501" });
  const staff = await as(db, claims.operator, insertSite);
  assert.ok("value" in staff && staff.value.length === 1);
  const key = await as(db, claims["api key"], insertSite);
  assert.ok("value" in key && key.value.length === 1, "the key has the write scope");

  const update = (tx: Tx) =>
    tx.query("update classes set capacity = 1 where name = '1A' returning 1");
  assert.deepEqual(await as(db, claims.teacher, update), { value: [] });
  const assign = (tx: Tx) =>
    tx.query(
      `insert into class_teachers (tenant_id, class_id, user_id)
       select tenant_id, id, $1 from classes where name = '3A' returning 1`,
      [claims.teacher.sub],
    );
  assert.deepEqual(await as(db, claims.teacher, assign), { value: [] }, "3A is not visible");
  const assignOwn = (tx: Tx) =>
    tx.query(
      `insert into class_teachers (tenant_id, class_id, user_id)
       select c.tenant_id, c.id, $1 from classes c where c.name = '1A'
       on conflict do nothing returning 1`,
      [a.users.family],
    );
  assert.deepEqual(await as(db, claims.teacher, assignOwn), { code: "42501" });
});

dbTest("class teachers must hold the teacher role; losing it ends the assignment", async (db) => {
  const { a, claims } = await roles(db);
  const assign = (userId: string) => (tx: Tx) =>
    tx.query(
      `insert into class_teachers (tenant_id, class_id, user_id)
       select tenant_id, id, $1 from classes where name = '3A' returning 1`,
      [userId],
    );
  assert.deepEqual(await as(db, claims.admin, assign(a.users.operator)), { code: "23503" });
  assert.deepEqual(await as(db, claims.admin, assign(a.users.teacher)), {
    value: [{ "?column?": 1 }],
  });

  await db.asOwner((tx) =>
    tx.query("delete from memberships where user_id = $1 and role = 'teacher'", [a.users.teacher])
  );
  const left = await db.asOwner((tx) =>
    tx.query("select 1 from class_teachers where user_id = $1", [a.users.teacher])
  );
  assert.equal(left.length, 0);
});

dbTest("the database keeps sites, photos and classes well-formed", async (db) => {
  const { a, claims } = await roles(db);
  const site = (set: string) => (tx: Tx) =>
    tx.query(`update sites set ${set} where kind = 'nursery' returning 1`);
  const bad = [
    "school_code = 'FI123'",
    "postal_code = '5009'",
    "latitude = 91, longitude = 11",
    "latitude = null",
    "min_age_months = 40, max_age_months = 3",
    `criteria = '[{"code": "x", "label": "Corto", "points": 5}]'`,
    `criteria = '[{"code": "ab", "label": "Punti", "points": 5.5}]'`,
    `criteria = '[{"code": "ab", "label": "Uno", "points": 5}, {"code": "ab", "label": "Due", "points": 1}]'`,
    `criteria = '[{"code": "ab", "label": "Extra", "points": 5, "weight": 2}]'`,
    `criteria = '{"code": "ab"}'`,
  ];
  for (const set of bad) {
    assert.deepEqual(await as(db, claims.admin, site(set)), { code: "23514" }, set);
  }
  assert.deepEqual(
    await as(
      db,
      claims.admin,
      site(`criteria = '[{"code": "ab", "label": "Va bene", "points": 0}]'`),
    ),
    { value: [{ "?column?": 1 }] },
  );
  const otherTenantKey = newStorageKey(crypto.randomUUID());
  const photo = (key: string) => (tx: Tx) =>
    tx.query(
      `insert into site_photos (tenant_id, site_id, storage_key, content_type, size_bytes, alt_text)
       select tenant_id, id, $1, 'image/png', 10, 'Facciata' from sites limit 1 returning 1`,
      [key],
    );
  assert.deepEqual(await as(db, claims.admin, photo(otherTenantKey)), { code: "23514" });
  assert.deepEqual(await as(db, claims.admin, photo("../../etc/passwd")), { code: "23514" });
  assert.deepEqual(await as(db, claims.admin, photo(newStorageKey(a.tenantId))), {
    value: [{ "?column?": 1 }],
  });
  const grade = (level: string, g: string) => (tx: Tx) =>
    tx.query(
      `update classes set school_level = '${level}', grade = ${g} where name = '1A' returning 1`,
    );
  assert.deepEqual(await as(db, claims.admin, grade("primaria", "null")), { code: "23514" });
  assert.deepEqual(await as(db, claims.admin, grade("primaria", "6")), { code: "23514" });
  assert.deepEqual(await as(db, claims.admin, grade("secondaria_primo_grado", "4")), {
    code: "23514",
  });
  assert.deepEqual(await as(db, claims.admin, grade("infanzia", "null")), {
    value: [{ "?column?": 1 }],
  });
});

/**
 * Row-level security of the service configuration, asserted in SQL as each role: families
 * (and teachers, providers) read published services with their calendars and menus, never drafts,
 * diets or the attendance recipients; another Ente reads nothing; the database itself refuses to
 * publish an incomplete service and canteen rows on a service that is not a canteen.
 */
import assert from "node:assert/strict";
import type { Claims, Db, Role } from "../lib/db/types.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { callersOf, demoTenant } from "./helpers/second_tenant.ts";

const CONFIG_TABLES = [
  "service_calendars",
  "service_calendar_ranges",
  "service_closures",
  "canteen_settings",
  "canteen_diets",
  "canteen_menus",
  "canteen_menu_items",
];

async function count(db: Db, claims: Claims, sql: string, params: unknown[] = []) {
  const [r] = await db.asUser(claims, (tx) => tx.query<{ n: number }>(sql, params));
  return r.n;
}

/** A draft canteen with a calendar, a diet and a menu, made by the owner. */
async function draftCanteen(db: Db, tenantId: string): Promise<string> {
  return await db.asOwner(async (tx) => {
    const [s] = await tx.query<{ id: string }>(
      `insert into public.services (tenant_id, kind, code, title) values ($1, 'canteen', 'BOZZA', 'Mensa in prova')
       returning id`,
      [tenantId],
    );
    await tx.query(
      "insert into public.service_calendars (tenant_id, service_id) values ($1, $2)",
      [tenantId, s.id],
    );
    await tx.query(
      `insert into public.canteen_diets (tenant_id, service_id, code, name, kind) values ($1, $2, 'VEG', 'Vegetariana', 'ethical')`,
      [tenantId, s.id],
    );
    await tx.query(
      `insert into public.canteen_menus (tenant_id, service_id, name, rotation_weeks, starts_on) values ($1, $2, 'Prova', 1, '2026-09-14')`,
      [tenantId, s.id],
    );
    return s.id;
  });
}

dbTest(
  "members read published services' calendars, menus and diet types; recipients are staff only",
  async (db) => {
    const a = await demoTenant(db);
    const draft = await draftCanteen(db, a.tenantId);
    const { claims } = await callersOf(db, a);
    const by = new Map<string, Claims>(claims);
    const seen: Record<string, Record<string, number>> = {};
    for (const [who, c] of claims) {
      seen[who] = {
        services: await count(db, c, "select count(*)::int as n from public.services"),
        draft: await count(db, c, "select count(*)::int as n from public.services where id = $1", [
          draft,
        ]),
        draft_calendar: await count(
          db,
          c,
          "select count(*)::int as n from public.service_calendars where service_id = $1",
          [draft],
        ),
        calendars: await count(db, c, "select count(*)::int as n from public.service_calendars"),
        ranges: await count(db, c, "select count(*)::int as n from public.service_calendar_ranges"),
        closures: await count(db, c, "select count(*)::int as n from public.service_closures"),
        menus: await count(db, c, "select count(*)::int as n from public.canteen_menus"),
        dishes: await count(db, c, "select count(*)::int as n from public.canteen_menu_items"),
        diets: await count(db, c, "select count(*)::int as n from public.canteen_diets"),
        settings: await count(db, c, "select count(*)::int as n from public.canteen_settings"),
      };
    }
    const staff = {
      services: 7,
      draft: 1,
      draft_calendar: 1,
      calendars: 7,
      menus: 2,
      diets: 10,
      settings: 1,
    };
    // The diet types of published canteens are what a family chooses from when applying (which
    // child has which diet is in applications and enrollments, not here).
    const [{ n: offered }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.canteen_diets d
           join public.services s on s.id = d.service_id
          where d.active and s.status = 'published'`,
      )
    );
    const member = {
      services: 6,
      draft: 0,
      draft_calendar: 0,
      calendars: 6,
      menus: 1,
      diets: offered,
      settings: 0,
    };
    for (const who of ["admin", "operator", "api key"]) {
      for (const [k, n] of Object.entries(staff)) assert.equal(seen[who][k], n, `${who} ${k}`);
    }
    for (const who of ["teacher", "family", "provider"]) {
      for (const [k, n] of Object.entries(member)) assert.equal(seen[who][k], n, `${who} ${k}`);
      assert.equal(seen[who].dishes, 81, `${who} reads the published menu's dishes`);
      assert.equal(seen[who].ranges, seen.admin.ranges, `${who} reads periods and breaks`);
      assert.equal(seen[who].closures, 1);
    }

    // Writes by a family: refused outright, or touching nothing.
    const family = by.get("family")!;
    for (const table of CONFIG_TABLES) {
      const r = await db.asUser(
        family,
        (tx) => tx.query(`delete from public.${table} returning 1`).then((x) => x.length),
      );
      assert.equal(r, 0, `family deletes nothing from ${table}`);
    }
    await assert.rejects(
      db.asUser(family, (tx) =>
        tx.query(
          `insert into public.canteen_diets (tenant_id, service_id, code, name, kind)
         values ($1, $2, 'X1', 'Inventata', 'ethical')`,
          [a.tenantId, draft],
        )),
      (e: { code?: string }) => e.code === "42501",
    );
    const updated = await db.asUser(
      family,
      (tx) => tx.query("update public.services set title = 'Presa' returning 1"),
    );
    assert.equal(updated.length, 0);
  },
);

dbTest("another Ente sees none of the services, calendars, forms, diets or menus", async (db) => {
  const a = await demoTenant(db);
  const other = await addOtherTenant(db);
  const otherAdmin: Claims = {
    sub: crypto.randomUUID(),
    role: "authenticated",
    app_metadata: { tenant_id: other, roles: ["admin"] as Role[] },
  };
  for (const table of ["services", "school_years", "service_school_years", ...CONFIG_TABLES]) {
    assert.equal(
      await count(db, otherAdmin, `select count(*)::int as n from public.${table}`),
      0,
      `${table} of the demo Comune is invisible`,
    );
  }
  const [mensa] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      "select id from public.services where tenant_id = $1 and code = 'MENSA'",
      [a.tenantId],
    )
  );
  // Forging a row for the demo Comune's service is refused.
  await assert.rejects(
    db.asUser(otherAdmin, (tx) =>
      tx.query(
        `insert into public.service_closures (tenant_id, service_id, kind, reason, starts_on, ends_on)
         values ($1, $2, 'other', 'Chiusura forzata', '2026-10-01', '2026-10-01')`,
        [a.tenantId, mensa.id],
      )),
    (e: { code?: string }) => e.code === "42501",
  );

  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn(OTHER_ADMIN)).status, 303);
  const list = await c.get("/api/v1/services");
  assert.equal(list.status, 200);
  assert.deepEqual((await list.json()).items, []);
  for (const path of ["", "/calendar", "/closures", "/form", "/diets", "/menus", "/canteen"]) {
    const r = await c.get(`/api/v1/services/${mensa.id}${path}`);
    assert.equal(r.status, 404, path);
    assert.match(r.headers.get("content-type")!, /^application\/problem\+json/);
    assert.doesNotMatch(await r.text(), /Refezione|Valdiponte/);
  }
  for (const path of ["", "/calendario", "/modulo", "/mensa", "/menu"]) {
    const r = await c.get(`/operatore/servizi/${mensa.id}${path}`);
    assert.equal(r.status, 404, `page ${path}`);
    await r.body?.cancel();
  }
  const years = await c.get("/operatore/anni-scolastici");
  const html = await years.text();
  assert.match(html, /Nessun anno scolastico\./);
  assert.doesNotMatch(html, /<th scope="row">2026\/27/);
});

dbTest("the database refuses to publish without a school year and a calendar", async (db) => {
  const a = await demoTenant(db);
  const { claims } = await callersOf(db, a);
  const operator = claims.find(([who]) => who === "operator")![1];
  const id = await db.asUser(operator, async (tx) => {
    const [s] = await tx.query<{ id: string }>(
      "insert into public.services (tenant_id, kind, code, title) values (app.tenant_id(), 'post_school', 'POST2', 'Post-scuola bis') returning id",
    );
    return s.id;
  });
  const publish = () =>
    db.asUser(
      operator,
      (tx) => tx.query("update public.services set status = 'published' where id = $1", [id]),
    );
  await assert.rejects(
    publish(),
    (e: { code?: string; message?: string }) =>
      e.code === "23514" && /school year/.test(e.message ?? ""),
  );
  await db.asUser(operator, (tx) =>
    tx.query(
      `insert into public.service_school_years (tenant_id, service_id, school_year_id)
       select app.tenant_id(), $1, id from public.school_years limit 1`,
      [id],
    ));
  await assert.rejects(
    publish(),
    (e: { code?: string; message?: string }) =>
      e.code === "23514" && /calendar/.test(e.message ?? ""),
  );
  await db.asUser(operator, (tx) =>
    tx.query(
      "insert into public.service_calendars (tenant_id, service_id, weekdays) values (app.tenant_id(), $1, '{}')",
      [id],
    ));
  await assert.rejects(publish(), (e: { code?: string }) => e.code === "23514", "no weekdays");
  await db.asUser(
    operator,
    (tx) =>
      tx.query("update public.service_calendars set weekdays = '{1,3,5}' where service_id = $1", [
        id,
      ]),
  );
  await publish();

  // Canteen configuration belongs to canteens only (the foreign key includes the kind).
  await assert.rejects(
    db.asUser(operator, (tx) =>
      tx.query(
        `insert into public.canteen_diets (tenant_id, service_id, code, name, kind)
         values (app.tenant_id(), $1, 'VEG', 'Vegetariana', 'ethical')`,
        [id],
      )),
    (e: { code?: string }) => e.code === "23503",
  );
  // Nor can a canteen with a configuration turn into something else.
  await assert.rejects(
    db.asUser(
      operator,
      (tx) => tx.query("update public.services set kind = 'custom' where code = 'MENSA'"),
    ),
    (e: { code?: string }) => e.code === "23503",
  );
});

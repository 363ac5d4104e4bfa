/**
 * Row-level security and constraints of `transport_routes` and `transport_stops`, in SQL as each
 * caller: another Ente's routes are invisible and untouchable, only staff (and write keys)
 * change routes, members read only the active routes of published services, and positions are
 * unique per route yet can be swapped in one statement.
 */
import assert from "node:assert/strict";
import type { Claims, Db, Tx } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { TRANSPORT_FIXTURES } from "./helpers/fixtures_transport.ts";
import { addOtherTenant } from "./helpers/other_tenant.ts";
import { callersOf, demoTenant, type TenantFixture } from "./helpers/second_tenant.ts";

const ROLLBACK = new Error("rollback");

/** Runs `fn` as `claims` and rolls back; returns what it returned or the SQLSTATE it raised. */
async function attempt<T>(db: Db, claims: Claims, fn: (tx: Tx) => Promise<T>) {
  let out: { value: T } | { code: string } = { code: "none" };
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
  return out as { value: T } | { code: string };
}

const rows = (o: { value: unknown[] } | { code: string }) =>
  "value" in o ? o.value.length : `error ${o.code}`;

async function demoIds(db: Db) {
  return await db.asOwner(async (tx) => {
    const [r] = await tx.query<{ id: string; service_id: string; tenant_id: string }>(
      "select id, service_id, tenant_id from transport_routes where code = 'A' limit 1",
    );
    return r;
  });
}

dbTest("RLS: nobody of one Ente reads or changes another Ente's routes and stops", async (db) => {
  const a = await demoTenant(db);
  // Only what this area needs of a second Ente: its transport service, a route and stops.
  const b = { tenantId: await addOtherTenant(db) } as TenantFixture;
  await db.asService(async (tx) => {
    for (const fixture of Object.values(TRANSPORT_FIXTURES)) await fixture(tx, b);
  });
  const { claims } = await callersOf(db, a);
  const [bRoute] = await db.asOwner((tx) =>
    tx.query<{ id: string; service_id: string }>(
      "select id, service_id from transport_routes where tenant_id = $1",
      [b.tenantId],
    )
  );
  assert.ok(bRoute, "Montecalvo has a route (fixture)");
  for (const [who, c] of claims) {
    const q = (sql: string, p: unknown[] = [bRoute.id]) => attempt(db, c, (tx) => tx.query(sql, p));
    assert.equal(rows(await q("select 1 from transport_routes where id = $1")), 0, who);
    assert.equal(rows(await q("select 1 from transport_stops where route_id = $1")), 0, who);
    assert.equal(
      rows(await q("update transport_routes set name = 'Presa' where id = $1 returning 1")),
      0,
      who,
    );
    assert.equal(
      rows(await q("update transport_stops set name = 'Presa' where route_id = $1 returning 1")),
      0,
      who,
    );
    assert.equal(rows(await q("delete from transport_stops where route_id = $1 returning 1")), 0);
    assert.equal(rows(await q("delete from transport_routes where id = $1 returning 1")), 0, who);
    const forged = await attempt(db, c, (tx) =>
      tx.query(
        `insert into transport_stops (tenant_id, route_id, position, name, latitude, longitude)
         values ($1, $2, 99, 'Intrusa', 45.88, 8.85)`,
        [b.tenantId, bRoute.id],
      ));
    assert.deepEqual(forged, { code: "42501" }, `${who} cannot add a stop to B's route`);
    // Own tenant_id, B's route: the composite foreign key refuses the mix.
    const mixed = await attempt(db, c, (tx) =>
      tx.query(
        `insert into transport_stops (tenant_id, route_id, position, name, latitude, longitude)
         values ($1, $2, 99, 'Intrusa', 45.88, 8.85)`,
        [a.tenantId, bRoute.id],
      ));
    assert.ok("code" in mixed && ["42501", "23503"].includes(mixed.code), `${who}: ${mixed}`);
  }
});

dbTest("RLS: staff and write keys configure routes; other members only read", async (db) => {
  const a = await demoTenant(db);
  const { claims } = await callersOf(db, a);
  const route = await demoIds(db);
  // The demo's enrollments and applications use this route: free it, so a delete is possible.
  await db.asOwner(async (tx) => {
    for (const table of ["enrollments", "application_items"]) {
      await tx.query(
        `update public.${table} set route_id = null, stop_id = null where route_id = $1`,
        [route.id],
      );
    }
  });
  const canWrite = new Set(["admin", "operator", "api key"]);
  for (const [who, c] of claims) {
    const insert = await attempt(db, c, (tx) =>
      tx.query(
        `insert into transport_routes (tenant_id, service_id, code, name)
         values ($1, $2, 'NUOVA', 'Linea nuova') returning id`,
        [a.tenantId, route.service_id],
      ));
    const update = await attempt(
      db,
      c,
      (tx) =>
        tx.query("update transport_stops set name = 'Rinominata' where route_id = $1 returning 1", [
          route.id,
        ]),
    );
    const remove = await attempt(
      db,
      c,
      (tx) => tx.query("delete from transport_routes where id = $1 returning 1", [route.id]),
    );
    if (canWrite.has(who)) {
      assert.equal(rows(insert), 1, `${who} inserts`);
      assert.equal(rows(update), 7, `${who} updates`);
      assert.equal(rows(remove), 1, `${who} deletes`);
    } else {
      assert.deepEqual(insert, { code: "42501" }, `${who} cannot insert`);
      assert.equal(rows(update), 0, `${who} updates nothing`);
      assert.equal(rows(remove), 0, `${who} deletes nothing`);
    }
  }
});

dbTest("RLS: members read active routes of published services; staff read all", async (db) => {
  const a = await demoTenant(db);
  const { claims } = await callersOf(db, a);
  const route = await demoIds(db);
  const visibleTo = async () => {
    const out: Record<string, [number, number]> = {};
    for (const [who, c] of claims) {
      const r = await attempt(
        db,
        c,
        (tx) => tx.query("select 1 from transport_routes where id = $1", [route.id]),
      );
      const s = await attempt(
        db,
        c,
        (tx) => tx.query("select 1 from transport_stops where route_id = $1", [route.id]),
      );
      out[who] = [rows(r) as number, rows(s) as number];
    }
    return out;
  };
  const all = { admin: [1, 7], operator: [1, 7], "api key": [1, 7] };
  const none = { teacher: [0, 0], family: [0, 0], provider: [0, 0] };
  assert.deepEqual(await visibleTo(), {
    ...all,
    teacher: [1, 7],
    family: [1, 7],
    provider: [1, 7],
  });

  await db.asOwner((tx) =>
    tx.query("update transport_routes set active = false where id = $1", [route.id])
  );
  assert.deepEqual(await visibleTo(), { ...all, ...none }, "an inactive route is staff-only");

  await db.asOwner(async (tx) => {
    await tx.query("update transport_routes set active = true where id = $1", [route.id]);
    await tx.query("update services set status = 'draft' where id = $1", [route.service_id]);
  });
  assert.deepEqual(await visibleTo(), { ...all, ...none }, "a draft service's routes too");
});

dbTest("constraints: positions swap in one statement; service kind; ranges", async (db) => {
  const a = await demoTenant(db);
  const { claims } = await callersOf(db, a);
  const operator = claims.find(([who]) => who === "operator")![1];
  const route = await demoIds(db);

  const swap = await attempt(db, operator, (tx) =>
    tx.query(
      `update transport_stops set position = case position when 1 then 2 else 1 end
        where route_id = $1 and position in (1, 2) returning position`,
      [route.id],
    ));
  assert.equal(rows(swap), 2, "the deferrable unique position allows a swap");
  const clash = await attempt(
    db,
    operator,
    (tx) =>
      tx.query("update transport_stops set position = 1 where route_id = $1 and position = 2", [
        route.id,
      ]),
  );
  assert.deepEqual(clash, { code: "23505" });

  const [canteen] = await db.asService((tx) =>
    tx.query<{ id: string }>(
      `insert into services (tenant_id, kind, code, title) values ($1, 'canteen', 'MENSA_T', 'Mensa')
       returning id`,
      [a.tenantId],
    )
  );
  const wrongKind = await attempt(db, operator, (tx) =>
    tx.query(
      "insert into transport_routes (tenant_id, service_id, code, name) values ($1, $2, 'M', 'Mensa')",
      [a.tenantId, canteen.id],
    ));
  assert.deepEqual(wrongKind, { code: "23514" });
  const moved = await attempt(
    db,
    operator,
    (tx) =>
      tx.query("update transport_routes set service_id = $2 where id = $1", [
        route.id,
        canteen.id,
      ]),
  );
  assert.deepEqual(moved, { code: "23514" });

  for (
    const [lat, lon, time] of [[91, 11, null], [43, 181, null], [43, 11, "07:30:15"]] as const
  ) {
    const r = await attempt(db, operator, (tx) =>
      tx.query(
        `insert into transport_stops (tenant_id, route_id, position, name, latitude, longitude,
           time_there) values ($1, $2, 50, 'Fuori', $3, $4, $5::time)`,
        [a.tenantId, route.id, lat, lon, time],
      ));
    assert.deepEqual(r, { code: "23514" }, `${lat}, ${lon}, ${time}`);
  }
});

/**
 * `/api/v1/transport-routes`: create a route with its stops, read it as JSON and as GeoJSON,
 * change it, replace and reorder its stops (ids kept), validation with specific messages, and
 * who may do what (staff write; families read published, active routes; API-key scopes).
 */
import assert from "node:assert/strict";
import type { z } from "zod";
import { operationsOf } from "../lib/api/define_api.ts";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import type { Method } from "../lib/http/define.ts";
import { featureCollectionProblems } from "../lib/transport/geojson.ts";
import * as oneRoute from "../routes/api/v1/transport-routes/[id].ts";
import * as stopsRoute from "../routes/api/v1/transport-routes/[id]/stops.ts";
import * as routesRoute from "../routes/api/v1/transport-routes/index.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { demoTenant } from "./helpers/second_tenant.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";
const BASE = "/api/v1/transport-routes";

type Json = Record<string, unknown>;
interface Caller {
  call(method: Method, path: string, body?: unknown): Promise<Response>;
}

async function session(db: Db, email: string): Promise<Caller> {
  const { client } = await testApp(db);
  const c: TestClient = client();
  assert.equal((await c.signIn(email)).status, 303);
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { "x-csrf-token": await c.csrf() };
      if (body !== undefined) headers["content-type"] = "application/json";
      const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
      return await c.request(path, init);
    },
  };
}

async function apiKey(db: Db, scopes: ("read" | "write")[]): Promise<Caller> {
  const a = await demoTenant(db);
  const { token } = await db.asService((tx) =>
    createApiKey(tx, { tenantId: a.tenantId, name: "Prova", scopes, createdBy: a.users.admin })
  );
  const { app } = await testApp(db);
  return {
    async call(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
      return await app.request(path, init);
    },
  };
}

/** Status, then content type, then the body checked against the route's declared schema. */
async function expectJson(res: Response, status: number, route?: unknown, method?: Method) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  const body = JSON.parse(text);
  if (route && method) {
    const op = operationsOf((route as { handler: unknown }).handler)![method]!;
    (op.response as z.ZodType).parse(body);
  }
  return body;
}

async function expectProblem(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type")!, /^application\/problem\+json/);
  return JSON.parse(text) as { code: string; errors?: { path: string; message: string }[] };
}

async function transportServiceId(db: Db, status = "published"): Promise<string> {
  const a = await demoTenant(db);
  const [s] = await db.asService((tx) =>
    tx.query<{ id: string }>(
      `insert into public.services (tenant_id, kind, code, title, status)
       values ($1, 'transport', $2, 'Scuolabus di prova', $3) returning id`,
      [a.tenantId, `PROVA_${status.toUpperCase()}`, status],
    )
  );
  return s.id;
}

const STOPS = [
  { name: "Piazza Dalmazia", latitude: 43.795812, longitude: 11.239801, time_there: "07:35" },
  { name: "Piazza Leopoldo", latitude: 43.789305, longitude: 11.246512, time_back: "13:24" },
  { name: "Scuola Dante", latitude: 43.7731, longitude: 11.256, notes: "Ingresso laterale" },
];

dbTest("API: create a route with stops, read it, GeoJSON, change it, delete it", async (db) => {
  const serviceId = await transportServiceId(db);
  const op = await session(db, OPERATOR);

  const created = await expectJson(
    await op.call("POST", BASE, {
      service_id: serviceId,
      code: " l9 ",
      name: "Linea 9 – Campo di Marte",
      capacity: 30,
      stops: STOPS,
    }),
    201,
    routesRoute,
    "POST",
  );
  assert.equal(created.code, "L9");
  assert.equal(created.color, "#0066cc");
  assert.equal(created.active, true);
  assert.deepEqual(created.stops.map((s: Json) => [s.position, s.name]), [
    [1, "Piazza Dalmazia"],
    [2, "Piazza Leopoldo"],
    [3, "Scuola Dante"],
  ]);
  assert.equal(created.stops[0].time_there, "07:35");
  assert.equal(created.stops[0].time_back, null);
  const id = created.id as string;

  const list = await expectJson(
    await op.call("GET", `${BASE}?service_id=${serviceId}`),
    200,
    routesRoute,
    "GET",
  );
  assert.deepEqual(list.items.map((r: Json) => [r.code, r.stop_count]), [["L9", 3]]);

  const one = await expectJson(await op.call("GET", `${BASE}/${id}`), 200, oneRoute, "GET");
  assert.equal(one.stops.length, 3);

  for (const path of [`${BASE}/${id}.geojson`, `${BASE}/${id}?format=geojson`]) {
    const res = await op.call("GET", path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/geo+json; charset=utf-8");
    const geo = await res.json();
    assert.deepEqual(featureCollectionProblems(geo), [], path);
    assert.deepEqual(geo.features.map((f: Json) => (f.geometry as Json).type), [
      "LineString",
      "Point",
      "Point",
      "Point",
    ]);
    assert.deepEqual(geo.features[0].geometry.coordinates[0], [11.239801, 43.795812]);
    assert.equal(geo.features[1].properties.name, "Piazza Dalmazia");
  }
  await expectProblem(await op.call("GET", `${BASE}/not-a-uuid.geojson`), 404);

  const patched = await expectJson(
    await op.call("PATCH", `${BASE}/${id}`, { color: "#D1344C", active: false, vehicle: null }),
    200,
    oneRoute,
    "PATCH",
  );
  assert.equal(patched.color, "#d1344c");
  assert.equal(patched.active, false);
  await expectProblem(await op.call("PATCH", `${BASE}/${id}`, {}), 422);

  const del = await op.call("DELETE", `${BASE}/${id}`);
  assert.equal(del.status, 204);
  await expectProblem(await op.call("GET", `${BASE}/${id}`), 404);
  await expectProblem(await op.call("DELETE", `${BASE}/${id}`), 404);
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from transport_stops where route_id = $1", [
      id,
    ])
  );
  assert.equal(n, 0, "the stops went with the route");
});

dbTest("API: PUT stops replaces the ordered list, keeping the ids of kept stops", async (db) => {
  const serviceId = await transportServiceId(db);
  const op = await session(db, OPERATOR);
  const created = await expectJson(
    await op.call("POST", BASE, {
      service_id: serviceId,
      code: "R",
      name: "Riordino",
      stops: STOPS,
    }),
    201,
  );
  const [a, b, c] = created.stops as Json[];
  const path = `${BASE}/${created.id}/stops`;

  // Reverse the order, rename one, drop none: every id survives, positions follow the array.
  const reversed = await expectJson(
    await op.call("PUT", path, {
      stops: [
        { ...c, position: undefined },
        { id: b.id, name: "Piazza Leopoldo (giardino)", latitude: 43.7893, longitude: 11.2465 },
        { id: a.id, name: a.name, latitude: a.latitude, longitude: a.longitude },
      ],
    }),
    200,
    stopsRoute,
    "PUT",
  );
  assert.deepEqual(
    reversed.stops.map((s: Json) => [s.position, s.id, s.name]),
    [[1, c.id, "Scuola Dante"], [2, b.id, "Piazza Leopoldo (giardino)"], [3, a.id, a.name]],
  );

  // Drop the middle one, add a new one at the start.
  const replaced = await expectJson(
    await op.call("PUT", path, {
      stops: [
        { name: "Capolinea", latitude: 43.80, longitude: 11.23, time_there: "7.20" },
        { id: c.id, name: "Scuola Dante", latitude: 43.7731, longitude: 11.256 },
        { id: a.id, name: a.name, latitude: a.latitude, longitude: a.longitude },
      ],
    }),
    200,
  );
  assert.deepEqual(replaced.stops.map((s: Json) => s.name), [
    "Capolinea",
    "Scuola Dante",
    a.name,
  ]);
  assert.equal(replaced.stops[0].time_there, "07:20");
  assert.ok(!replaced.stops.some((s: Json) => s.id === b.id));

  const read = await expectJson(await op.call("GET", path), 200, stopsRoute, "GET");
  assert.deepEqual(read.items.map((s: Json) => s.position), [1, 2, 3]);

  // A stop of another route, or the same stop twice, is refused and nothing changes.
  const other = await expectJson(
    await op.call("POST", BASE, { service_id: serviceId, code: "X", name: "Altra", stops: STOPS }),
    201,
  );
  const foreign = await expectProblem(
    await op.call("PUT", path, {
      stops: [{ id: other.stops[0].id, name: "Furto", latitude: 43.7, longitude: 11.2 }],
    }),
    422,
  );
  assert.deepEqual(foreign.errors?.map((e) => e.path), ["body.stops.0.id"]);
  const twice = await expectProblem(
    await op.call("PUT", path, {
      stops: [
        { id: a.id, name: "Uno", latitude: 43.7, longitude: 11.2 },
        { id: a.id, name: "Due", latitude: 43.7, longitude: 11.2 },
      ],
    }),
    422,
  );
  assert.deepEqual(twice.errors?.map((e) => e.path), ["body.stops.1.id"]);
  assert.deepEqual(
    (await expectJson(await op.call("GET", path), 200)).items.map((s: Json) => s.name),
    ["Capolinea", "Scuola Dante", a.name],
  );

  // An empty list clears the route.
  const cleared = await expectJson(await op.call("PUT", path, { stops: [] }), 200);
  assert.deepEqual(cleared.stops, []);
});

dbTest("API: coordinates, times and codes are validated with specific messages", async (db) => {
  const serviceId = await transportServiceId(db);
  const op = await session(db, OPERATOR);
  const bad = await expectProblem(
    await op.call("POST", BASE, {
      service_id: serviceId,
      code: "linea uno",
      name: "L",
      color: "blu",
      capacity: 0,
      stops: [
        { name: "Lat", latitude: 95, longitude: 11.2 },
        { name: "Lon", latitude: 43.7, longitude: -181 },
        { name: "Zero", latitude: 0, longitude: 0 },
        { name: "Ora", latitude: 43.7, longitude: 11.2, time_there: "25:00" },
        { name: "Testo", latitude: "43.7", longitude: 11.2 },
      ],
    }),
    422,
  );
  const byPath = Object.fromEntries(bad.errors!.map((e) => [e.path, e.message]));
  assert.match(byPath["body.code"], /1 to 20 letters/);
  assert.match(byPath["body.name"], /2 to 200 characters/);
  assert.match(byPath["body.color"], /#rrggbb/);
  assert.match(byPath["body.capacity"], /1 to 200/);
  assert.match(byPath["body.stops.0.latitude"], /between -90 and 90 degrees: 95 is out of range/);
  assert.match(byPath["body.stops.1.longitude"], /between -180 and 180 degrees/);
  assert.match(byPath["body.stops.2.latitude"], /0, 0 is in the Atlantic Ocean/);
  assert.match(byPath["body.stops.3.time_there"], /outbound time is not valid/);
  assert.ok(byPath["body.stops.4.latitude"], "a string is not a number in JSON");

  // The service must be a transport service of the Ente; codes are unique per service.
  const [canteen] = await db.asService((tx) =>
    tx.query<{ id: string }>(
      `insert into public.services (tenant_id, kind, code, title)
       select tenant_id, 'canteen', 'MENSA_PROVA', 'Mensa' from public.services
        where id = $1 returning id`,
      [serviceId],
    )
  );
  const wrongKind = await expectProblem(
    await op.call("POST", BASE, { service_id: canteen.id, code: "A", name: "Mensa?" }),
    422,
  );
  assert.deepEqual(wrongKind.errors?.map((e) => e.path), ["body.service_id"]);
  await expectJson(
    await op.call("POST", BASE, { service_id: serviceId, code: "A", name: "Uno" }),
    201,
  );
  const dup = await expectProblem(
    await op.call("POST", BASE, { service_id: serviceId, code: "a", name: "Due" }),
    409,
  );
  assert.equal(dup.code, "conflict");
});

dbTest(
  "API: staff and write keys change routes; families read published, active ones",
  async (db) => {
    const published = await transportServiceId(db, "published");
    const draft = await transportServiceId(db, "draft");
    const op = await session(db, OPERATOR);
    const mk = async (service_id: string, code: string, active = true) =>
      (await expectJson(
        await op.call("POST", BASE, {
          service_id,
          code,
          name: `Linea ${code}`,
          active,
          stops: STOPS,
        }),
        201,
      )).id as string;
    const visible = await mk(published, "V");
    const inactive = await mk(published, "I", false);
    const hidden = await mk(draft, "D");

    for (const who of [FAMILY, TEACHER]) {
      const c = await session(db, who);
      const list = await expectJson(await c.call("GET", BASE), 200);
      const codes = list.items.map((r: Json) => r.code);
      assert.ok(codes.includes("V"), `${who} sees the active route of a published service`);
      assert.ok(!codes.includes("I") && !codes.includes("D"), `${who} sees only published, active`);
      await expectJson(await c.call("GET", `${BASE}/${visible}`), 200);
      const geo = await c.call("GET", `${BASE}/${visible}.geojson`);
      assert.equal(geo.status, 200);
      await geo.body?.cancel();
      await expectProblem(await c.call("GET", `${BASE}/${inactive}`), 404);
      await expectProblem(await c.call("GET", `${BASE}/${hidden}/stops`), 404);
      assert.equal(
        (await expectProblem(await c.call("PATCH", `${BASE}/${visible}`, { name: "Mia" }), 403))
          .code,
        "forbidden",
      );
      await expectProblem(await c.call("PUT", `${BASE}/${visible}/stops`, { stops: [] }), 403);
      await expectProblem(await c.call("DELETE", `${BASE}/${visible}`), 403);
      await expectProblem(
        await c.call("POST", BASE, { service_id: published, code: "F", name: "Famiglia" }),
        403,
      );
    }

    const reader = await apiKey(db, ["read"]);
    const all = await expectJson(await reader.call("GET", `${BASE}?active=false`), 200);
    assert.deepEqual(all.items.map((r: Json) => r.code), ["I"]);
    const scope = await expectProblem(await reader.call("DELETE", `${BASE}/${visible}`), 403);
    assert.equal(scope.code, "insufficient_scope");

    const writer = await apiKey(db, ["read", "write"]);
    await expectJson(
      await writer.call("PUT", `${BASE}/${hidden}/stops`, { stops: STOPS.slice(0, 2) }),
      200,
    );
    assert.equal((await writer.call("DELETE", `${BASE}/${inactive}`)).status, 204);
    const audit = await db.asOwner((tx) =>
      tx.query<{ entity: string; action: string }>(
        `select entity, action from audit_log where entity_id = $1`,
        [inactive],
      )
    );
    assert.deepEqual(audit.map((a) => a.action).sort(), ["delete", "insert"]);
  },
);

dbTest("API: another Ente's administrator sees none of these routes", async (db) => {
  await addOtherTenant(db);
  const [route] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from transport_routes limit 1")
  );
  const other = await session(db, OTHER_ADMIN);
  assert.deepEqual(await expectJson(await other.call("GET", BASE), 200), { items: [], total: 0 });
  for (
    const path of [
      `${BASE}/${route.id}`,
      `${BASE}/${route.id}.geojson`,
      `${BASE}/${route.id}/stops`,
    ]
  ) {
    await expectProblem(await other.call("GET", path), 404);
  }
  await expectProblem(await other.call("PATCH", `${BASE}/${route.id}`, { name: "Presa" }), 404);
  await expectProblem(await other.call("PUT", `${BASE}/${route.id}/stops`, { stops: [] }), 404);
  await expectProblem(await other.call("DELETE", `${BASE}/${route.id}`), 404);
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from transport_stops where route_id = $1", [
      route.id,
    ])
  );
  assert.equal(n, 7, "the demo route kept its stops");
});

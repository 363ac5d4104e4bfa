/**
 * `/api/v1/sites` and `/api/v1/classes`: create, read, change, teachers; the same refusals as the
 * forms; teachers see only their classes; another Ente sees nothing.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import { jsonOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, idOf, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { createSecondTenant, demoTenant } from "./helpers/second_tenant.ts";

const NEW_SITE = {
  name: "Scuola primaria Collodi",
  kind: "school",
  school_code: " fiee83203d ",
  address: "Via Carlo Lorenzini 2",
  postal_code: "50099",
  municipality: "Valdiponte",
  latitude: 43.7801234,
  longitude: 11.2501,
  capacity: 120,
  criteria: [{ label: "Fratelli già iscritti", points: 5 }],
};

dbTest("API: staff create, read and change a site", async (db) => {
  const c = await signedIn(db, PEOPLE.operator);
  const canteen = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `insert into services (tenant_id, kind, code, title)
       select id, 'canteen', 'PROVA-API', 'Mensa' from tenants limit 1 returning id`,
    )
  );
  const created = await jsonOf(
    await api(c, "POST", "/api/v1/sites", { ...NEW_SITE, service_ids: [canteen[0].id] }),
    201,
  );
  assert.equal(created.school_code, "FIEE83203D");
  assert.equal(created.latitude, 43.780123);
  assert.deepEqual(created.criteria, [
    { code: "fratelli_gia_iscritti", label: "Fratelli già iscritti", points: 5 },
  ]);
  assert.deepEqual(created.service_ids, [canteen[0].id]);
  assert.equal(created.residency_priority, false);
  assert.deepEqual(created.photos, []);

  const got = await jsonOf(await api(c, "GET", `/api/v1/sites/${created.id}`), 200);
  assert.deepEqual(got, created);
  const list = await jsonOf(await api(c, "GET", "/api/v1/sites?q=collodi"), 200);
  assert.equal(list.total, 1);
  assert.equal(list.items[0].id, created.id);
  const all = await jsonOf(await api(c, "GET", "/api/v1/sites?kind=nursery"), 200);
  assert.deepEqual(all.items.map((s: { name: string }) => s.name), [
    "Asilo nido comunale Il Pulcino",
  ]);

  const patched = await jsonOf(
    await api(c, "PATCH", `/api/v1/sites/${created.id}`, {
      capacity: null,
      residency_priority: true,
      service_ids: [],
      latitude: null,
      longitude: null,
    }),
    200,
  );
  assert.equal(patched.capacity, null);
  assert.equal(patched.residency_priority, true);
  assert.deepEqual(patched.service_ids, []);
  assert.equal(patched.latitude, null);
  assert.equal(patched.name, NEW_SITE.name);
  const audit = await db.asOwner((tx) =>
    tx.query("select 1 from audit_log where entity = 'sites' and entity_id = $1", [created.id])
  );
  assert.equal(audit.length, 2, "creation and change are audited");
});

dbTest("API: a site's refusals name the field", async (db) => {
  const c = await signedIn(db, PEOPLE.admin);
  const cases: [unknown, number, string][] = [
    [{ ...NEW_SITE, school_code: "FIEE8320" }, 422, "body.school_code"],
    [{ ...NEW_SITE, postal_code: "5009" }, 422, "body.postal_code"],
    [{ ...NEW_SITE, latitude: 95 }, 422, "body.latitude"],
    [{ ...NEW_SITE, longitude: null }, 422, "body.longitude"],
    [{ ...NEW_SITE, min_age_months: 36, max_age_months: 3 }, 422, "body.max_age_months"],
    [
      { ...NEW_SITE, criteria: [{ label: "Uno", points: 5 }, { label: "uno", points: 3 }] },
      422,
      "body.criteria",
    ],
    [
      { ...NEW_SITE, criteria: [{ label: "Troppi punti", points: 500 }] },
      422,
      "body.criteria.0.points",
    ],
    [{ ...NEW_SITE, service_ids: [crypto.randomUUID()] }, 422, "body.service_ids"],
    [{ ...NEW_SITE, kind: "castle" }, 422, "body.kind"],
    [{ ...NEW_SITE, name: "Scuola primaria Giovanni Pascoli" }, 409, "body.name"],
    [{ ...NEW_SITE, school_code: "FIEE83202B" }, 409, "body.school_code"],
  ];
  for (const [body, status, path] of cases) {
    const problem = await jsonOf(await api(c, "POST", "/api/v1/sites", body), status);
    assert.ok(
      problem.errors?.some((e: { path: string }) => e.path === path),
      `${path}: ${JSON.stringify(problem)}`,
    );
  }
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from sites where name like '%Collodi%'")
  );
  assert.equal(n, 0);
});

dbTest("API: classes are created, changed and given teachers", async (db) => {
  const c = await signedIn(db, PEOPLE.operator);
  const year = await idOf(db, "select id from school_years where label = '2026/27'");
  const site = await idOf(db, "select id from sites where name like 'Scuola primaria%'");
  const ferrari = await idOf(db, "select id from users where email = $1", [PEOPLE.ferrari]);
  const romano = await idOf(db, "select id from users where email = $1", [PEOPLE.romano]);
  const operator = await idOf(db, "select id from users where email = $1", [PEOPLE.operator]);

  const created = await jsonOf(
    await api(c, "POST", "/api/v1/classes", {
      school_year_id: year,
      site_id: site,
      name: "1B",
      school_level: "primaria",
      grade: 1,
      capacity: 24,
      teacher_ids: [ferrari],
    }),
    201,
  );
  assert.equal(created.site_name, "Scuola primaria Giovanni Pascoli");
  assert.equal(created.school_year_label, "2026/27");
  assert.deepEqual(created.teachers, [{ user_id: ferrari, full_name: "Laura Ferrari" }]);

  const put = await jsonOf(
    await api(c, "PUT", `/api/v1/classes/${created.id}/teachers`, {
      user_ids: [romano, ferrari],
    }),
    200,
  );
  assert.deepEqual(put.teachers.map((t: { full_name: string }) => t.full_name), [
    "Alessandro Romano",
    "Laura Ferrari",
  ]);
  const notTeacher = await jsonOf(
    await api(c, "PUT", `/api/v1/classes/${created.id}/teachers`, { user_ids: [operator] }),
    422,
  );
  assert.equal(notTeacher.code, "not_a_teacher");

  const patched = await jsonOf(
    await api(c, "PATCH", `/api/v1/classes/${created.id}`, { grade: 2, name: "2B" }),
    200,
  );
  assert.equal(patched.grade, 2);
  assert.equal(patched.name, "2B");
  assert.equal(patched.teachers.length, 2);

  const refusals: [unknown, number, string][] = [
    [{ grade: 6 }, 422, "body.grade"],
    [{ grade: null }, 422, "body.grade"],
    [{ name: "1A" }, 409, "body.name"],
    [{ site_id: crypto.randomUUID() }, 422, "body.site_id"],
    [{ school_level: "secondaria_primo_grado", grade: 4 }, 422, "body.grade"],
  ];
  for (const [body, status, path] of refusals) {
    const problem = await jsonOf(
      await api(c, "PATCH", `/api/v1/classes/${created.id}`, body),
      status,
    );
    assert.ok(
      problem.errors?.some((e: { path: string }) => e.path === path),
      `${JSON.stringify(body)}: ${JSON.stringify(problem)}`,
    );
  }
  // Mixed-age sections have no grade.
  const section = await jsonOf(
    await api(c, "POST", "/api/v1/classes", {
      school_year_id: year,
      site_id: site,
      name: "Sezione primavera",
      school_level: "infanzia",
    }),
    201,
  );
  assert.equal(section.grade, null);

  const list = await jsonOf(await api(c, "GET", `/api/v1/classes?site_id=${site}&limit=100`), 200);
  assert.deepEqual(
    list.items.map((x: { name: string }) => x.name),
    ["Sezione primavera", "1A", "2A", "2B", "3A", "4A", "5A"],
  );
});

dbTest("API: a teacher reads only their own classes and sites, and changes nothing", async (db) => {
  const c = await signedIn(db, PEOPLE.ferrari);
  const classes = await jsonOf(await api(c, "GET", "/api/v1/classes"), 200);
  assert.deepEqual(classes.items.map((x: { name: string }) => x.name).sort(), ["1A", "2A"]);
  const sites = await jsonOf(await api(c, "GET", "/api/v1/sites"), 200);
  assert.deepEqual(sites.items.map((s: { name: string }) => s.name), [
    "Scuola primaria Giovanni Pascoli",
  ]);
  const other = await idOf(db, "select id from classes where name = '5A'");
  assert.equal((await api(c, "GET", `/api/v1/classes/${other}`)).status, 404);
  const nursery = await idOf(db, "select id from sites where kind = 'nursery'");
  assert.equal((await api(c, "GET", `/api/v1/sites/${nursery}`)).status, 404);
  const own = classes.items[0].id;
  const refused = await api(c, "PATCH", `/api/v1/classes/${own}`, { capacity: 30 });
  assert.equal(refused.status, 403);
  assert.equal(
    (await api(c, "POST", "/api/v1/sites", NEW_SITE)).status,
    403,
  );
});

dbTest("API: keys need the scope; another Ente's sites and classes are invisible", async (db) => {
  const a = await demoTenant(db);
  const b = await createSecondTenant(db);
  const { client } = await testApp(db);
  const readOnly = await db.asOwner((tx) =>
    createApiKey(tx, {
      tenantId: a.tenantId,
      name: "Lettura",
      scopes: ["read"],
      createdBy: a.users.admin,
    })
  );
  const k = client();
  const auth = { authorization: `Bearer ${readOnly.token}` };
  const sites = await jsonOf(await k.get("/api/v1/sites", auth), 200);
  assert.equal(sites.total, 3);
  const write = await k.request("/api/v1/sites", {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(NEW_SITE),
  });
  assert.equal(write.status, 403);
  assert.equal((await write.json()).code, "insufficient_scope");

  // A third Ente's administrator sees none of the demo Comune's.
  await addOtherTenant(db);
  const other = await signedIn(db, OTHER_ADMIN);
  assert.equal((await jsonOf(await api(other, "GET", "/api/v1/sites"), 200)).total, 0);
  assert.equal((await jsonOf(await api(other, "GET", "/api/v1/classes"), 200)).total, 0);
  const aSite = await idOf(db, "select id from sites where tenant_id = $1", [a.tenantId]);
  assert.equal((await api(other, "GET", `/api/v1/sites/${aSite}`)).status, 404);

  // B's rows through A's administrator's eyes.
  const admin = await signedIn(db, PEOPLE.admin);
  const bSite = await idOf(db, "select id from sites where tenant_id = $1", [b.tenantId]);
  const bClass = await idOf(db, "select id from classes where tenant_id = $1", [b.tenantId]);
  assert.equal((await api(admin, "GET", `/api/v1/sites/${bSite}`)).status, 404);
  assert.equal((await api(admin, "GET", `/api/v1/classes/${bClass}`)).status, 404);
  assert.equal(
    (await api(admin, "PATCH", `/api/v1/sites/${bSite}`, { capacity: 1 })).status,
    404,
  );
  assert.equal(
    (await api(admin, "PUT", `/api/v1/classes/${bClass}/teachers`, { user_ids: [] })).status,
    404,
  );
  const list = await (await api(admin, "GET", "/api/v1/classes?limit=200")).text();
  assert.ok(!list.includes(bClass) && !list.includes("Montecalvo"));
  const bTeachers = await db.asOwner((tx) =>
    tx.query("select 1 from class_teachers where tenant_id = $1", [b.tenantId])
  );
  assert.equal(bTeachers.length, 1, "B's teacher is still assigned");
});

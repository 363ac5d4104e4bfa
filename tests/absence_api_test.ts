/**
 * `/api/v1/absence-periods`: teachers plan and remove absences for the children of their classes,
 * the office for the whole Ente (also with an API key), families read their own; bad input is a
 * 422 problem naming the field, with nothing stored.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { jsonOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, idOf, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { demoTenant } from "./helpers/second_tenant.ts";

/**
 * Ferrari's class 2A and one of its children; a child of a class she does not teach; a child of
 * the demo parent's household (`sofia`).
 */
async function scene(db: Db) {
  const cls = await idOf(
    db,
    `select c.id from classes c join school_years y on y.id = c.school_year_id
       join class_teachers ct on ct.class_id = c.id join users u on u.id = ct.user_id
      where c.name = '2A' and y.label = '2026/27' and u.email = $1`,
    [PEOPLE.ferrari],
  );
  const mine = await idOf(db, "select id from enrollments where class_id = $1 order by id", [cls]);
  // Another class's child, and not the demo parent's own (her eldest is enrolled too).
  const other = await idOf(
    db,
    `select e.id from enrollments e where e.class_id is not null and not exists (
       select 1 from class_teachers ct join users u on u.id = ct.user_id
        where ct.class_id = e.class_id and u.email = $1)
       and not exists (
         select 1 from household_members m join people p on p.id = m.person_id
           join users u on u.id = p.user_id
          where m.household_id = e.household_id and u.email = $2)
      order by e.id`,
    [PEOPLE.ferrari, PEOPLE.family],
  );
  // An enrollment moves to the demo parent's household (hers has none yet).
  const sofia = await idOf(
    db,
    "select id from enrollments where household_id is not null and id <> $1 order by id",
    [other],
  );
  await db.asOwner((tx) =>
    tx.query(
      `update enrollments e set household_id = m.household_id
         from household_members m join people p on p.id = m.person_id
         join users u on u.id = p.user_id
        where e.id = $1 and u.email = $2`,
      [sofia, PEOPLE.family],
    )
  );
  const otherClass = await idOf(db, "select class_id as id from enrollments where id = $1", [
    other,
  ]);
  return { cls, mine, other, otherClass, sofia };
}

const periods = (db: Db) =>
  db.asOwner((tx) =>
    tx.query<{ enrollment_id: string; created_by: string | null }>(
      "select enrollment_id, created_by from absence_periods order by created_at",
    )
  );

const JAN = { from_day: "2027-01-11", to_day: "2027-01-15", reason: "Settimana bianca" };

dbTest("absence periods API: teachers their classes, the office all, bad input 422", async (db) => {
  const s = await scene(db);
  const before = (await periods(db)).length;
  const teacher = await signedIn(db, PEOPLE.ferrari);

  const created = await jsonOf(
    await api(teacher, "POST", "/api/v1/absence-periods", { enrollment_id: s.mine, ...JAN }),
    201,
  );
  assert.equal(created.enrollment_id, s.mine);
  assert.equal(created.from_day, JAN.from_day);
  assert.equal(created.to_day, JAN.to_day);
  assert.equal(created.reason, "Settimana bianca");

  // Bad input: the field is named, Italian and English, nothing stored.
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ to_day: "2027-01-08" }, "body.to_day", /non può precedere/],
    [{ from_day: "2027-01-14", to_day: "2027-01-20" }, "body.from_day", /già un'assenza/],
    [{ from_day: "2026-06-01", to_day: "2026-06-03" }, "body.from_day", /iscritto dal/],
    [{ reason: " x " }, "body.reason", /almeno 3/],
  ];
  for (const [patch, path, it] of cases) {
    const res = await api(teacher, "POST", "/api/v1/absence-periods", {
      enrollment_id: s.mine,
      ...JAN,
      ...patch,
    });
    assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
    const problem = await jsonOf(res, 422);
    assert.equal(problem.code, "validation_failed");
    assert.equal(problem.errors[0].path, path, JSON.stringify(problem));
    assert.match(problem.errors[0].message_it, it);
    assert.ok(problem.errors[0].message.length > 0);
  }
  const malformed = await jsonOf(
    await api(teacher, "POST", "/api/v1/absence-periods", { enrollment_id: "x", from_day: "1" }),
    422,
  );
  assert.ok(malformed.errors.some((e: { path: string }) => e.path === "body.enrollment_id"));

  // Not her class: refused as unknown, nothing stored.
  const notMine = await jsonOf(
    await api(teacher, "POST", "/api/v1/absence-periods", { enrollment_id: s.other, ...JAN }),
    422,
  );
  assert.equal(notMine.errors[0].path, "body.enrollment_id");
  assert.equal((await periods(db)).length, before + 1);

  // The office plans for any child of the Ente.
  const operator = await signedIn(db, PEOPLE.operator);
  const byOffice = await jsonOf(
    await api(operator, "POST", "/api/v1/absence-periods", { enrollment_id: s.other, ...JAN }),
    201,
  );

  // Lists: the teacher her class only; the office any class.
  const list = await jsonOf(await teacher.get(`/api/v1/absence-periods?class_id=${s.cls}`), 200);
  assert.deepEqual(list.items.map((p: { id: string }) => p.id), [created.id]);
  const hidden = await jsonOf(
    await teacher.get(`/api/v1/absence-periods?class_id=${s.otherClass}`),
    200,
  );
  assert.deepEqual(hidden.items, []);
  const overlapping = await jsonOf(
    await operator.get(
      `/api/v1/absence-periods?enrollment_id=${s.other}&from=2027-01-15&to=2027-02-01`,
    ),
    200,
  );
  assert.deepEqual(overlapping.items.map((p: { id: string }) => p.id), [byOffice.id]);
  const later = await jsonOf(
    await operator.get(`/api/v1/absence-periods?enrollment_id=${s.other}&from=2027-01-16`),
    200,
  );
  assert.deepEqual(later.items, []);
  const noFilter = await jsonOf(await operator.get("/api/v1/absence-periods"), 422);
  assert.equal(noFilter.code, "validation_failed");

  // The teacher cannot remove the office's period of another class; her own she can.
  const steal = await api(teacher, "DELETE", `/api/v1/absence-periods/${byOffice.id}`);
  assert.equal(steal.status, 404);
  await steal.body?.cancel();
  const removed = await api(teacher, "DELETE", `/api/v1/absence-periods/${created.id}`);
  assert.equal(removed.status, 204);
  const again = await api(teacher, "DELETE", `/api/v1/absence-periods/${created.id}`);
  assert.equal(again.status, 404);
  await again.body?.cancel();
  assert.deepEqual(
    (await jsonOf(await teacher.get(`/api/v1/absence-periods?class_id=${s.cls}`), 200)).items,
    [],
  );
});

dbTest("absence periods API: families read their own; API keys plan for the Ente", async (db) => {
  const s = await scene(db);
  const a = await demoTenant(db);
  const key = await db.asOwner((tx) =>
    createApiKey(tx, {
      tenantId: a.tenantId,
      name: "Registro",
      scopes: ["read", "write"],
      createdBy: a.users.admin,
    })
  );
  const { client } = await testApp(db);
  const register = client();
  const auth = { authorization: `Bearer ${key.token}` };
  const forSofia = await jsonOf(
    await register.request("/api/v1/absence-periods", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ enrollment_id: s.sofia, ...JAN, reason: "Visita specialistica" }),
    }),
    201,
  );
  await jsonOf(
    await register.request("/api/v1/absence-periods", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ enrollment_id: s.other, ...JAN }),
    }),
    201,
  );
  // An API key is not a user: nobody is recorded as the author.
  const stored = (await periods(db)).filter((p) => p.enrollment_id === s.sofia);
  assert.deepEqual(stored, [{ enrollment_id: s.sofia, created_by: null }]);

  const family = await signedIn(db, PEOPLE.family);
  const own = await jsonOf(
    await family.get(`/api/v1/absence-periods?enrollment_id=${s.sofia}`),
    200,
  );
  assert.deepEqual(own.items.map((p: { id: string }) => p.id), [forSofia.id]);
  assert.equal(own.items[0].reason, "Visita specialistica");
  const notTheirs = await jsonOf(
    await family.get(`/api/v1/absence-periods?enrollment_id=${s.other}`),
    200,
  );
  assert.deepEqual(notTheirs.items, []);
  // Families read; they neither plan nor remove through the API.
  const post = await api(family, "POST", "/api/v1/absence-periods", {
    enrollment_id: s.sofia,
    ...JAN,
    from_day: "2027-02-01",
    to_day: "2027-02-02",
  });
  assert.equal(post.status, 403);
  await post.body?.cancel();
  const del = await api(family, "DELETE", `/api/v1/absence-periods/${forSofia.id}`);
  assert.equal(del.status, 403);
  await del.body?.cancel();
  assert.equal((await periods(db)).filter((p) => p.enrollment_id === s.sofia).length, 1);
});

/**
 * `/api/v1/attendance`: batches with partial rejects, idempotency and stale marks, API keys and
 * sessions, teachers limited to their classes, another Ente's enrollments not found; the list
 * e-registers read.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { jsonOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, idOf, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { createSecondTenant, demoTenant } from "./helpers/second_tenant.ts";

/** The MENSA enrollment of a demo child, by codice fiscale. */
export function enrollmentOf(db: Db, taxCode: string, service = "MENSA"): Promise<string> {
  return idOf(
    db,
    `select e.id from enrollments e join people p on p.id = e.beneficiary_id
       join services s on s.id = e.service_id where p.tax_code = $1 and s.code = $2`,
    [taxCode, service],
  );
}

async function keyClient(db: Db, scopes: ("read" | "write")[]) {
  const a = await demoTenant(db);
  const key = await db.asOwner((tx) =>
    createApiKey(tx, { tenantId: a.tenantId, name: "Registro", scopes, createdBy: a.users.admin })
  );
  const { client } = await testApp(db);
  const c = client();
  const headers = { authorization: `Bearer ${key.token}` };
  return {
    post: (body: unknown) =>
      c.request("/api/v1/attendance", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    get: (query: string) => c.get(`/api/v1/attendance?${query}`, headers),
  };
}

const marksIn = (db: Db) =>
  db.asOwner((tx) =>
    tx.query<{ enrollment_id: string; day: string; status: string; source: string }>(
      "select enrollment_id, day, status, meal, source, recorded_by from attendance_marks order by day",
    )
  );

dbTest("attendance API: a batch with partial rejects, then idempotent and stale", async (db) => {
  const omar = await enrollmentOf(db, "LMRMRO19M15D612T");
  const alice = await enrollmentOf(db, "MRTLCA19T41D612M");
  const other = await createSecondTenant(db);
  const foreign = await idOf(db, "select id from enrollments where tenant_id = $1", [
    other.tenantId,
  ]);
  const k = await keyClient(db, ["read", "write"]);
  const batch = {
    marks: [
      { enrollment_id: omar, day: "2026-11-26", status: "present", meal: "white" },
      { enrollment_id: alice, day: "2026-11-26", status: "absent" },
      { enrollment_id: alice, day: "2027-05-03", status: "present" },
      { enrollment_id: alice, day: "2026-11-22", status: "present" },
      { enrollment_id: alice, day: "2026-09-14", status: "present" },
      { enrollment_id: foreign, day: "2026-11-26", status: "present" },
      { enrollment_id: crypto.randomUUID(), day: "2026-11-26", status: "present" },
    ],
  };
  const first = await jsonOf(await k.post(batch), 200);
  assert.deepEqual(first.totals, {
    received: 7,
    recorded: 2,
    unchanged: 0,
    stale: 0,
    rejected: 5,
  });
  assert.deepEqual(
    first.results.map((r: { outcome: string; reason?: { code: string } }) =>
      r.reason?.code ?? r.outcome
    ),
    ["recorded", "recorded", "future", "closed_day", "not_enrolled", "not_found", "not_found"],
  );
  assert.equal(first.results[0].index, 0);
  assert.equal(first.results[0].revision, 1);
  assert.equal(first.results[0].after_cutoff, true, "a past day is after its cut-off");
  assert.match(first.results[2].reason.message, /giorno futuro/);
  assert.match(first.results[2].reason.message_en, /future day/);
  assert.match(first.results[3].reason.message, /chiuso/);

  const stored = (await marksIn(db)).filter((m) =>
    m.enrollment_id === omar || m.enrollment_id === alice
  );
  assert.deepEqual(stored, [
    {
      enrollment_id: omar,
      day: "2026-11-26",
      status: "present",
      meal: "white",
      source: "api",
      recorded_by: null,
    },
    {
      enrollment_id: alice,
      day: "2026-11-26",
      status: "absent",
      meal: null,
      source: "api",
      recorded_by: null,
    },
  ]);
  // The other Ente's mark was not written either.
  assert.equal(
    (await db.asOwner((tx) =>
      tx.query("select 1 from attendance_marks where tenant_id = $1", [other.tenantId])
    )).length,
    1,
    "only the fixture row of the other Ente",
  );

  // The same batch again: nothing changes, nothing is lost.
  const again = await jsonOf(await k.post(batch), 200);
  assert.deepEqual(again.totals, { received: 7, recorded: 0, unchanged: 2, stale: 0, rejected: 5 });

  // A correction made earlier than the stored mark is stale; a later one wins.
  const late = await jsonOf(
    await k.post({
      marks: [
        {
          enrollment_id: alice,
          day: "2026-11-26",
          status: "present",
          marked_at: "2000-01-01T08:00:00Z",
        },
        {
          enrollment_id: omar,
          day: "2026-11-26",
          status: "present",
          meal: "standard",
          marked_at: new Date().toISOString(),
        },
      ],
    }),
    200,
  );
  assert.equal(late.results[0].outcome, "stale");
  assert.equal(late.results[0].current.status, "absent");
  assert.equal(late.results[1].outcome, "recorded");
  assert.equal(late.results[1].revision, 2);

  // The list for e-registers.
  const list = await jsonOf(await k.get(`day=2026-11-26&service_id=${await serviceId(db)}`), 200);
  assert.equal(list.total, 2);
  const mine = list.items.find((m: { enrollment_id: string }) => m.enrollment_id === omar);
  assert.equal(mine.meal, "standard");
  assert.equal(mine.revision, 2);
  assert.equal(mine.voided, false);
  assert.equal((await jsonOf(await k.get("from=2026-11-27&to=2026-11-30"), 200)).total, 0);
});

function serviceId(db: Db) {
  return idOf(db, "select id from services where code = 'MENSA'");
}

dbTest("attendance API: malformed batches are 422 and store nothing", async (db) => {
  const omar = await enrollmentOf(db, "LMRMRO19M15D612T");
  const k = await keyClient(db, ["read", "write"]);
  const good = { enrollment_id: omar, day: "2026-11-26", status: "present" };
  const cases: unknown[] = [
    {},
    { marks: [] },
    { marks: "x" },
    { marks: Array.from({ length: 1001 }, () => good) },
    { marks: [good, { ...good, day: "26/11/2026" }] },
    { marks: [good, { ...good, status: "here" }] },
    { marks: [{ ...good, extra: 1 }] },
  ];
  for (const body of cases) {
    const res = await jsonOf(await k.post(body), 422);
    assert.equal(res.code, "validation_failed");
    assert.ok(res.errors.length > 0);
  }
  const bad = await jsonOf(await k.post({ marks: [good, { ...good, day: "26/11/2026" }] }), 422);
  assert.equal(bad.errors[0].path, "body.marks.1.day");
  assert.equal((await marksIn(db)).length, 0);
  const q = await jsonOf(await k.get("service_id=nope"), 422);
  assert.equal(q.code, "validation_failed");
});

dbTest("attendance API: scopes and roles", async (db) => {
  const omar = await enrollmentOf(db, "LMRMRO19M15D612T");
  const mark = { marks: [{ enrollment_id: omar, day: "2026-11-26", status: "present" }] };
  const readOnly = await keyClient(db, ["read"]);
  const refused = await jsonOf(await readOnly.post(mark), 403);
  assert.equal(refused.code, "insufficient_scope");
  assert.equal((await jsonOf(await readOnly.get("day=2026-11-26"), 200)).total, 0);

  const family = await signedIn(db, PEOPLE.family);
  assert.equal((await api(family, "POST", "/api/v1/attendance", mark)).status, 403);
  assert.equal((await api(family, "GET", "/api/v1/attendance?day=2026-11-26")).status, 403);

  // A session of the office records through the API as the api channel, by its user.
  const op = await signedIn(db, PEOPLE.operator);
  const res = await jsonOf(await api(op, "POST", "/api/v1/attendance", mark), 200);
  assert.equal(res.totals.recorded, 1);
  const [row] = await marksIn(db);
  assert.equal(row.source, "api");
  assert.ok((row as unknown as { recorded_by: string }).recorded_by);

  // Without the CSRF header a session cannot post.
  const noCsrf = await op.request("/api/v1/attendance", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(mark),
  });
  assert.equal(noCsrf.status, 403);
});

dbTest("attendance API: a teacher marks their class only; others are not found", async (db) => {
  const omar = await enrollmentOf(db, "LMRMRO19M15D612T"); // 2A, Ferrari's class
  const leonardo = await enrollmentOf(db, "BRBLRD16L30D612Z"); // 5A, Romano's class
  const t = await signedIn(db, PEOPLE.ferrari);
  const res = await jsonOf(
    await api(t, "POST", "/api/v1/attendance", {
      marks: [
        { enrollment_id: omar, day: "2026-11-26", status: "absent" },
        { enrollment_id: leonardo, day: "2026-11-26", status: "present" },
        { enrollment_id: omar, day: "2026-11-25", status: "cancelled" },
      ],
    }),
    200,
  );
  assert.deepEqual(
    res.results.map((r: { outcome: string; reason?: { code: string } }) =>
      r.reason?.code ?? r.outcome
    ),
    ["recorded", "not_found", "invalid"],
  );
  const rows = await marksIn(db);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].source, "teacher", "a teacher's marks are stored as theirs");
  const list = await jsonOf(await api(t, "GET", "/api/v1/attendance?day=2026-11-26"), 200);
  assert.deepEqual(list.items.map((m: { enrollment_id: string }) => m.enrollment_id), [omar]);
});

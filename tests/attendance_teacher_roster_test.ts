import assert from "node:assert/strict";
import { myClassesOn } from "../lib/attendance/roster.ts";
import { addDays } from "../lib/calendar/dates.ts";
import { EMPTY_CALENDAR, isServiceDay } from "../lib/calendar/service_calendar.ts";
import type { Db } from "../lib/db/types.ts";
import { claimsOf } from "../lib/enrollment/review_testing.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { loadServiceCalendar } from "../lib/services/calendar_db.ts";
import { htmlOf, signedInClient, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";

/** The teacher's class 2A (Pascoli), another class (4A), their children and a past school day. */
async function scene(db: Db) {
  return await db.asOwner(async (tx) => {
    const classOf = async (name: string) =>
      (await tx.query<{ id: string; tenant_id: string }>(
        `select c.id, c.tenant_id from public.classes c
           join public.school_years y on y.id = c.school_year_id
          where c.name = $1 and y.label = '2026/27'
            and exists (select 1 from public.enrollments e where e.class_id = c.id)`,
        [name],
      ))[0];
    const mine = await classOf("2A");
    const other = await classOf("4A");
    const kids = async (classId: string) =>
      await tx.query<{ id: string; name: string; service_id: string; diet: string | null }>(
        `select e.id, p.surname || ' ' || p.name as name, e.service_id, d.name as diet
           from public.enrollments e join public.people p on p.id = e.beneficiary_id
           left join public.canteen_diets d on d.id = e.diet_id
          where e.class_id = $1 order by p.surname, p.name`,
        [classId],
      );
    const children = await kids(mine.id);
    const others = await kids(other.id);
    return { mine: mine.id, other: other.id, tenantId: mine.tenant_id, children, others };
  });
}

/** The latest open day of the canteen before today (a past day the teacher may mark). */
async function pastServiceDay(db: Db, serviceId: string, tenantId: string) {
  return await db.asOwner(async (tx) => {
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ role: "service_role", app_metadata: { tenant_id: tenantId } }),
    ]);
    const cal = await loadServiceCalendar(tx, serviceId) ?? EMPTY_CALENDAR;
    let d = addDays(romeDate(), -1);
    while (!isServiceDay(cal, d).open) d = addDays(d, -1);
    let closed = addDays(romeDate(), -1);
    while (isServiceDay(cal, closed).open) closed = addDays(closed, -1);
    return { day: d, closed };
  });
}

async function postJson(c: TestClient, path: string, body: unknown) {
  return await c.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": await c.csrf() },
    body: JSON.stringify(body),
  });
}

async function markRow(db: Db, enrollmentId: string, day: string) {
  const [m] = await db.asOwner((tx) =>
    tx.query<{
      status: string;
      meal: string | null;
      revision: number;
      justified: boolean;
      justification: string | null;
      justified_by: string | null;
    }>(
      `select status, meal, revision, justified, justification, justified_by
         from public.attendance_marks where enrollment_id = $1 and day = $2`,
      [enrollmentId, day],
    )
  );
  return m ?? null;
}

dbTest(
  "teacher roster: only the class's enrolled children, diets marked, read audited",
  async (db) => {
    const s = await scene(db);
    const { day } = await pastServiceDay(db, s.children[0].service_id, s.tenantId);
    const c = await signedInClient(db, TEACHER);

    const home = await htmlOf(await c.get("/docenti"));
    assert.match(home, new RegExp(`href="/docenti/classi/${s.mine}"`));
    assert.doesNotMatch(home, new RegExp(s.other));

    const html = await htmlOf(await c.get(`/docenti/classi/${s.mine}?giorno=${day}`));
    for (const k of s.children) assert.ok(html.includes(k.name.split(" ")[0]), k.name);
    for (const k of s.others) assert.ok(!html.includes(`data-enrollment="${k.id}"`), k.name);
    const withDiet = s.children.find((k) => k.diet);
    assert.ok(withDiet, "a child of 2A has a diet in the demo");
    assert.ok(html.includes(`Dieta: ${withDiet.diet}`) || html.includes(`Dieta</span>`));
    assert.match(html, /Tutti presenti/);

    const json = await c.get(`/docenti/classi/${s.mine}?giorno=${day}`, {
      accept: "application/json",
    });
    assert.equal(json.status, 200);
    assert.match(json.headers.get("content-type")!, /application\/json/);
    const body = await json.json();
    const kids = body.services.flatMap((x: { children: { enrollment_id: string }[] }) =>
      x.children
    );
    assert.deepEqual(
      kids.map((k: { enrollment_id: string }) => k.enrollment_id).sort(),
      s.children.map((k) => k.id).sort(),
    );
    // Health data: the roster carries the diet's name and kind, never notes or certificates.
    const dietKid = kids.find((k: { diet: unknown }) => k.diet);
    assert.deepEqual(Object.keys(dietKid.diet).sort(), ["kind", "name"]);

    const audit = await db.asOwner((tx) =>
      tx.query<{ details: { day: string; diets: number } }>(
        `select details from public.audit_log
        where action = 'view' and entity = 'class_roster' and entity_id = $1`,
        [s.mine],
      )
    );
    assert.ok(audit.length >= 2);
    assert.equal(audit[0].details.day, day);
    assert.ok(audit[0].details.diets >= 1);
  },
);

dbTest("teacher roster: another class is 404 everywhere", async (db) => {
  const s = await scene(db);
  const { day } = await pastServiceDay(db, s.children[0].service_id, s.tenantId);
  const c = await signedInClient(db, TEACHER);
  await htmlOf(await c.get(`/docenti/classi/${s.other}`), 404);
  await htmlOf(await c.get(`/docenti/classi/not-a-uuid`), 404);
  await htmlOf(await c.get(`/docenti/classi/${s.other}/assenze`), 404);
  const res = await postJson(c, `/docenti/classi/${s.other}/segna`, {
    marks: [{ enrollment_id: s.others[0].id, day, status: "present" }],
  });
  assert.equal(res.status, 404);
  assert.match(res.headers.get("content-type")!, /problem\+json/);
  const form = await c.postForm(`/docenti/classi/${s.other}/segna`, {
    enrollment_id: s.others[0].id,
    day,
    action: "present",
  });
  assert.equal(form.status, 404);
  assert.equal(await markRow(db, s.others[0].id, day), null);
  // A family is not a teacher.
  const fam = await signedInClient(db, "chiara.colombo@posta.example");
  assert.equal((await fam.get(`/docenti/classi/${s.mine}`)).status, 403);
});

dbTest(
  "teacher marks: per-item results, rejects with reasons, duplicates and stale",
  async (db) => {
    const s = await scene(db);
    const { day, closed } = await pastServiceDay(db, s.children[0].service_id, s.tenantId);
    const c = await signedInClient(db, TEACHER);
    const [a, b] = s.children;
    const url = `/docenti/classi/${s.mine}/segna`;
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const res = await postJson(c, url, {
      marks: [
        { enrollment_id: a.id, day, status: "absent", marked_at: at(10) },
        { enrollment_id: b.id, day, status: "present", meal: "white", marked_at: at(10) },
        { enrollment_id: s.others[0].id, day, status: "present" },
        { enrollment_id: a.id, day: closed, status: "present" },
        { enrollment_id: a.id, day: addDays(romeDate(), 2), status: "present" },
        { enrollment_id: a.id, day: "2026-08-03", status: "present" },
      ],
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /application\/json/);
    const { results } = await res.json();
    assert.deepEqual(
      results.map((r: { outcome: string; reason?: { code: string } }) =>
        r.reason ? `${r.outcome}:${r.reason.code}` : r.outcome
      ),
      [
        "recorded",
        "recorded",
        "rejected:not_found",
        "rejected:closed_day",
        "rejected:future",
        "rejected:not_enrolled",
      ],
    );
    assert.match(results[2].reason.it, /non è iscritto in questa classe/);
    assert.match(results[3].reason.it, /servizio è chiuso/);
    assert.equal((await markRow(db, b.id, day))!.meal, "white");
    assert.equal(await markRow(db, s.others[0].id, day), null);

    // The same tap again is a no-op; an older one from an offline device is stale.
    const again = await (await postJson(c, url, {
      marks: [
        { enrollment_id: a.id, day, status: "absent", marked_at: at(10) },
        { enrollment_id: a.id, day, status: "present", marked_at: at(20) },
      ],
    })).json();
    assert.deepEqual(again.results.map((r: { outcome: string }) => r.outcome), [
      "unchanged",
      "stale",
    ]);
    // A correction: revision 2, and the roster shows it.
    const fix = await (await postJson(c, url, {
      marks: [{ enrollment_id: a.id, day, status: "present", marked_at: at(1) }],
    })).json();
    assert.equal(fix.results[0].revision, 2);
    const html = await htmlOf(await c.get(`/docenti/classi/${s.mine}?giorno=${day}`));
    assert.match(html, /Ultima modifica[^<]*revisione 2/);

    // Bad JSON: problem+json with the errors, nothing stored.
    const bad = await postJson(c, url, { marks: [{ enrollment_id: "x", day: "ieri" }] });
    assert.equal(bad.status, 422);
    assert.match(bad.headers.get("content-type")!, /problem\+json/);
    const problem = await bad.json();
    assert.equal(problem.code, "validation_failed");
    assert.ok(problem.errors.length >= 2);

    // Without JavaScript: the form posts the same endpoint and comes back with the reason.
    const form = await c.postForm(url, { enrollment_id: a.id, day: closed, action: "absent" });
    assert.equal(form.status, 303);
    const back = form.headers.get("location")!;
    assert.match(back, /esito=rifiutata&motivo=closed_day/);
    const page = await htmlOf(await c.get(back), 422);
    assert.match(page, /role="alert"[^>]*>Quel giorno il servizio è chiuso/);
    // The realtime outbox has the class's and the child's events.
    const rooms = await db.asOwner((tx) =>
      tx.query<{ room: string }>(
        "select distinct room from private.realtime_outbox where event = 'attendance.mark'",
      )
    );
    assert.ok(rooms.some((r) => r.room === `class:${s.mine}`));
    assert.ok(rooms.some((r) => r.room === `child:${a.id}`));
  },
);

dbTest("the teacher's home counts only children of services open on the day", async (db) => {
  const s = await scene(db);
  const { day, closed } = await pastServiceDay(db, s.children[0].service_id, s.tenantId);
  const teacher = await claimsOf(db, TEACHER);
  const on = async (d: string) =>
    (await db.asUser(teacher, (tx) => myClassesOn(tx, d))).find((c) => c.id === s.mine)!;
  const open = await on(day);
  assert.equal(open.closed, null);
  assert.ok(open.counts.total > 0, "2A has children on a service day");
  const shut = await on(closed);
  assert.equal(shut.counts.total, 0, "nothing to mark when the service is closed");
  assert.equal(shut.closed?.open, false);
});

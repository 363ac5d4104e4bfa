import assert from "node:assert/strict";
import { addDays } from "../lib/calendar/dates.ts";
import { EMPTY_CALENDAR, isServiceDay } from "../lib/calendar/service_calendar.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { loadServiceCalendar } from "../lib/services/calendar_db.ts";
import { htmlOf, postAndFollow, signedInClient, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";

/** Class 2A with its children by first name, the teacher's id and two past school days. */
async function scene(db: Db) {
  return await db.asOwner(async (tx) => {
    const [cls] = await tx.query<{ id: string; tenant_id: string; teacher: string }>(
      `select c.id, c.tenant_id, u.id as teacher from public.classes c
         join public.school_years y on y.id = c.school_year_id
         join public.class_teachers ct on ct.class_id = c.id
         join public.users u on u.id = ct.user_id and u.email = $1
        where c.name = '2A' and y.label = '2026/27'`,
      [TEACHER],
    );
    const kids = await tx.query<{ id: string; name: string; service_id: string }>(
      `select e.id, p.name, e.service_id from public.enrollments e
         join public.people p on p.id = e.beneficiary_id where e.class_id = $1`,
      [cls.id],
    );
    const by = Object.fromEntries(kids.map((k) => [k.name, k.id]));
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ role: "service_role", app_metadata: { tenant_id: cls.tenant_id } }),
    ]);
    const cal = await loadServiceCalendar(tx, kids[0].service_id) ?? EMPTY_CALENDAR;
    const days: string[] = [];
    for (let d = addDays(romeDate(), -1); days.length < 2; d = addDays(d, -1)) {
      if (isServiceDay(cal, d).open) days.push(d);
    }
    return { cls: cls.id, tenantId: cls.tenant_id, teacher: cls.teacher, by, kids, days };
  });
}

async function mark(db: Db, enrollmentId: string, day: string) {
  const [m] = await db.asOwner((tx) =>
    tx.query<
      { status: string; justified: boolean; justification: string | null; justified_by: string }
    >(
      `select status, justified, justification, justified_by from public.attendance_marks
        where enrollment_id = $1 and day = $2`,
      [enrollmentId, day],
    )
  );
  return m ?? null;
}

async function postJson(c: TestClient, path: string, body: unknown) {
  return await c.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": await c.csrf() },
    body: JSON.stringify(body),
  });
}

dbTest(
  "planned absence: shown on the roster, applied by 'tutti presenti' and by any mark",
  async (db) => {
    const s = await scene(db);
    const [d1, d0] = s.days; // d0 before d1
    const c = await signedInClient(db, TEACHER);
    const base = `/docenti/classi/${s.cls}`;

    const added = await postAndFollow(c, `${base}/assenze`, {
      enrollment_id: s.by.Omar,
      from_day: d0,
      to_day: d1,
      reason: "Viaggio in Marocco",
    });
    assert.match(added.location, /esito=aggiunta/);
    assert.match(added.page, /Viaggio in Marocco/);

    const roster = await htmlOf(await c.get(`${base}?giorno=${d1}`));
    assert.match(
      roster,
      new RegExp(`data-enrollment="${s.by.Omar}" data-status="planned"[^]*?Viaggio in Marocco`),
    );

    // "Tutti presenti" (no JavaScript): the others present, Omar absent and justified.
    const res = await c.postForm(`${base}/segna`, { action: "all_present", day: d1 });
    assert.equal(res.status, 303);
    assert.match(res.headers.get("location")!, /esito=tutti/);
    assert.equal((await mark(db, s.by.Alice, d1))!.status, "present");
    assert.equal((await mark(db, s.by.Beatrice, d1))!.status, "present");
    const omar = (await mark(db, s.by.Omar, d1))!;
    assert.equal(omar.status, "absent");
    assert.equal(omar.justified, true);
    assert.equal(omar.justification, "Assenza programmata: Viaggio in Marocco");
    // Pressing it again changes nothing.
    await c.postForm(`${base}/segna`, { action: "all_present", day: d1 });
    assert.equal((await mark(db, s.by.Alice, d1))!.status, "present");

    // On d0 a single mark applies the plan of the day too (through recordMarks).
    const out = await (await postJson(c, `${base}/segna`, {
      marks: [{ enrollment_id: s.by.Alice, day: d0, status: "present" }],
    })).json();
    assert.equal(out.results[0].outcome, "recorded");
    assert.deepEqual(
      out.planned.map((r: { enrollment_id: string; outcome: string }) => [
        r.enrollment_id,
        r.outcome,
      ]),
      [[s.by.Omar, "recorded"]],
    );
    assert.equal((await mark(db, s.by.Omar, d0))!.status, "absent");
    assert.equal(await mark(db, s.by.Beatrice, d0), null);
  },
);

dbTest(
  "planned absence form: clear errors, nothing stored; overlap refused; delete",
  async (db) => {
    const s = await scene(db);
    const c = await signedInClient(db, TEACHER);
    const url = `/docenti/classi/${s.cls}/assenze`;
    const page = await htmlOf(await c.get(url));
    assert.match(page, /<select id="enrollment_id"/);
    assert.match(page, /Omar/);

    const bad = await c.postForm(url, {
      enrollment_id: s.by.Omar,
      from_day: "2026-12-10",
      to_day: "2026-12-01",
      reason: "x",
    });
    const html = await htmlOf(bad, 422);
    assert.match(html, /role="alert"/);
    assert.match(
      html,
      /L&#39;ultimo giorno non può precedere il primo|L'ultimo giorno non può precedere il primo/,
    );
    assert.match(html, /almeno 3 caratteri/);
    assert.match(html, /id="to_day"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="to_day"/);

    // A child of another class is not one of the choices.
    const [other] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        "select id from public.enrollments where class_id <> $1 and class_id is not null limit 1",
        [s.cls],
      )
    );
    const foreign = await htmlOf(
      await c.postForm(url, {
        enrollment_id: other.id,
        from_day: "2026-12-01",
        to_day: "2026-12-02",
        reason: "Vacanza",
      }),
      422,
    );
    assert.match(foreign, /Scegli un bambino della classe/);

    await postAndFollow(c, url, {
      enrollment_id: s.by.Alice,
      from_day: "2026-12-01",
      to_day: "2026-12-04",
      reason: "Vacanza",
    });
    const clash = await htmlOf(
      await c.postForm(url, {
        enrollment_id: s.by.Alice,
        from_day: "2026-12-03",
        to_day: "2026-12-07",
        reason: "Visita medica",
      }),
      422,
    );
    assert.match(clash, /già un&#39;assenza programmata|già un'assenza programmata/);
    const rows = await db.asOwner((tx) =>
      tx.query<{ id: string; created_by: string }>(
        "select id, created_by from public.absence_periods where enrollment_id = $1",
        [s.by.Alice],
      )
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].created_by, s.teacher);

    const del = await postAndFollow(c, url, { action: "delete", id: rows[0].id });
    assert.match(del.location, /esito=eliminata/);
    assert.doesNotMatch(del.page, /id="absences"/);
  },
);

dbTest("justification: who and when kept; a present day or a short text is refused", async (db) => {
  const s = await scene(db);
  const [d1] = s.days;
  const c = await signedInClient(db, TEACHER);
  const base = `/docenti/classi/${s.cls}`;
  await c.postForm(`${base}/segna`, { action: "absent", enrollment_id: s.by.Alice, day: d1 });
  await c.postForm(`${base}/segna`, { action: "present", enrollment_id: s.by.Beatrice, day: d1 });
  const before = await htmlOf(await c.get(`${base}?giorno=${d1}`));
  assert.match(before, /Giustifica l&#39;assenza|Giustifica l'assenza/);

  const ok = await postAndFollow(c, `${base}/giustifica`, {
    enrollment_id: s.by.Alice,
    day: d1,
    text: "Febbre, certificato del pediatra",
  });
  assert.match(ok.location, /esito=giustificata/);
  assert.match(ok.page, /Giustificata: Febbre, certificato del pediatra \(Laura Ferrari/);
  const m = (await mark(db, s.by.Alice, d1))!;
  assert.equal(m.justified, true);
  assert.equal(m.justified_by, s.teacher);
  const audit = await db.asOwner((tx) =>
    tx.query(
      `select 1 from public.audit_log where entity = 'attendance_marks' and action = 'update'
          and actor_id = $1`,
      [s.teacher],
    )
  );
  assert.ok(audit.length >= 1, "the justification is in the audit log");

  const present = await c.postForm(`${base}/giustifica`, {
    enrollment_id: s.by.Beatrice,
    day: d1,
    text: "Febbre",
  });
  assert.match(present.headers.get("location")!, /motivo=justify_present/);
  const short = await c.postForm(`${base}/giustifica`, {
    enrollment_id: s.by.Alice,
    day: d1,
    text: "no",
  });
  assert.match(short.headers.get("location")!, /motivo=justify_invalid/);
  const shown = await htmlOf(await c.get(short.headers.get("location")!), 422);
  assert.match(shown, /da 3 a 1000 caratteri/);
});

dbTest("family attendance page: their child's marks, live room, nobody else's", async (db) => {
  const s = await scene(db);
  const [d1] = s.days;
  // Sofia Ricci (household Ricci Colombo) joins 2A's canteen.
  const sofia = await db.asOwner(async (tx) => {
    const [r] = await tx.query<{ id: string }>(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, site_id, class_id, starts_on, ends_on)
       select e.tenant_id, e.service_id, e.school_year_id, p.id, payer.id, h.id, e.site_id,
              e.class_id, e.starts_on, e.ends_on
         from public.enrollments e, public.people p, public.people payer, public.households h
        where e.id = $1 and p.surname = 'Ricci' and p.name = 'Sofia'
          and payer.surname = 'Colombo' and payer.name = 'Chiara'
          and h.name = 'Famiglia Ricci Colombo'
       returning id`,
      [s.by.Alice],
    );
    return r.id;
  });
  const teacher = await signedInClient(db, TEACHER);
  await teacher.postForm(`/docenti/classi/${s.cls}/segna`, {
    action: "absent",
    enrollment_id: sofia,
    day: d1,
  });
  const fam = await signedInClient(db, "chiara.colombo@posta.example");
  const html = await htmlOf(await fam.get(`/famiglie/presenze/${sofia}?mese=${d1.slice(0, 7)}`));
  assert.match(html, /Presenze di /);
  assert.match(html, new RegExp(`data-day="${d1}" data-status="absent"`));
  assert.match(html, /Non giustificata/);
  const json = await fam.get(`/famiglie/presenze/${sofia}?mese=${d1.slice(0, 7)}`, {
    accept: "application/json",
  });
  assert.equal(json.status, 200);
  assert.match(json.headers.get("content-type")!, /application\/json/);
  assert.equal((await json.json()).marks[0].status, "absent");
  // Another household's child, or nonsense: 404.
  await htmlOf(await fam.get(`/famiglie/presenze/${s.by.Alice}`), 404);
  await htmlOf(await fam.get(`/famiglie/presenze/abc`), 404);
});

dbTest(
  "RLS: a teacher plans and reads only their classes' children; definers check the class",
  async (db) => {
    const s = await scene(db);
    const { claims, other } = await db.asOwner(async (tx) => {
      const [o] = await tx.query<{ id: string; class_id: string }>(
        `select e.id, e.class_id from public.enrollments e
        where e.class_id is not null and not exists (select 1 from public.class_teachers ct
          where ct.class_id = e.class_id and ct.user_id = $1) limit 1`,
        [s.teacher],
      );
      return {
        other: o,
        claims: {
          sub: s.teacher,
          role: "authenticated",
          app_metadata: { tenant_id: s.tenantId, roles: ["teacher"] },
        } as unknown as Claims,
      };
    });
    const insert = (enrollment: string) =>
      db.asUser(claims, (tx) =>
        tx.query(
          `insert into public.absence_periods (tenant_id, enrollment_id, from_day, to_day, reason,
           created_by) values (app.tenant_id(), $1, '2026-12-01', '2026-12-02', 'Vacanza', $2)
         returning id`,
          [enrollment, s.teacher],
        ));
    await assert.rejects(insert(other.id), (e: { code?: string }) => e.code === "42501");
    assert.equal((await insert(s.by.Alice)).length, 1);
    // Someone else's name on the row is refused too.
    await assert.rejects(
      db.asUser(claims, (tx) =>
        tx.query(
          `insert into public.absence_periods (tenant_id, enrollment_id, from_day, to_day, reason,
           created_by) values (app.tenant_id(), $1, '2026-12-10', '2026-12-11', 'Vacanza', null)`,
          [s.by.Alice],
        )),
      (e: { code?: string }) => e.code === "42501",
    );
    const day = s.days[0];
    const [mine, theirs] = await db.asUser(claims, async (tx) => [
      await tx.query("select * from app.class_roster($1, $2)", [s.cls, day]),
      await tx.query("select * from app.class_roster($1, $2)", [other.class_id, day]),
    ]);
    assert.ok(mine.length >= 3);
    assert.equal(theirs.length, 0);
    const theirKids = await db.asUser(
      claims,
      (tx) => tx.query("select * from app.class_children($1)", [other.class_id]),
    );
    assert.equal(theirKids.length, 0);
    await assert.rejects(
      db.asUser(
        claims,
        (tx) => tx.query("select * from app.justify_absence($1, $2, 'Febbre')", [other.id, day]),
      ),
      (e: { code?: string }) => e.code === "P0002",
    );
    // A family of the Ente (no child in 2A) sees no planned absence and cannot add one.
    const fam = await db.asOwner(async (tx) => {
      const [u] = await tx.query<{ id: string }>(
        "select id from public.users where email = 'chiara.colombo@posta.example'",
      );
      return {
        sub: u.id,
        role: "authenticated",
        app_metadata: { tenant_id: s.tenantId, roles: ["family"] },
      } as unknown as Claims;
    });
    assert.equal(
      (await db.asUser(fam, (tx) => tx.query("select * from public.absence_periods"))).length,
      0,
    );
    assert.equal(
      (await db.asUser(
        fam,
        (tx) => tx.query("select * from app.class_roster($1, $2)", [s.cls, day]),
      ))
        .length,
      0,
    );
  },
);

/**
 * The teacher's register in a real browser: Laura Ferrari marks Sofia Ricci absent in class 2A
 * and Sofia's mother, with the "Presenze" page open, sees it within a second without reloading
 * (socket.io room `child:<enrollment>`); then the teacher loses the connection, marks Sofia present
 * (queued in IndexedDB, "da inviare"), comes back online and the mark syncs and shows what
 * happened; with no network the roster page opens again from the service worker. Every page
 * passes axe (WCAG 2.1 AA).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { addDays } from "../../lib/calendar/dates.ts";
import { EMPTY_CALENDAR, isServiceDay } from "../../lib/calendar/service_calendar.ts";
import type { Db } from "../../lib/db/types.ts";
import { romeDate } from "../../lib/i18n/mod.ts";
import { loadServiceCalendar } from "../../lib/services/calendar_db.ts";
import { assertAccessible, browserTest, withPage } from "./harness.ts";
import { servedApp, signInAs } from "./served_app.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";
const MOTHER = "chiara.colombo@posta.example";

/** Sofia Ricci enrolled in 2A's canteen, the class, and the last school day before today. */
async function scene(db: Db) {
  return await db.asOwner(async (tx) => {
    const [cls] = await tx.query<{ id: string; tenant_id: string; alice: string }>(
      `select c.id, c.tenant_id, e.id as alice from public.classes c
         join public.school_years y on y.id = c.school_year_id
         join public.enrollments e on e.class_id = c.id
         join public.people p on p.id = e.beneficiary_id and p.name = 'Alice'
        where c.name = '2A' and y.label = '2026/27'`,
    );
    const [sofia] = await tx.query<{ id: string; service_id: string }>(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, site_id, class_id, starts_on, ends_on)
       select e.tenant_id, e.service_id, e.school_year_id, p.id, payer.id, h.id, e.site_id,
              e.class_id, e.starts_on, e.ends_on
         from public.enrollments e, public.people p, public.people payer, public.households h
        where e.id = $1 and p.surname = 'Ricci' and p.name = 'Sofia'
          and payer.surname = 'Colombo' and payer.name = 'Chiara'
          and h.name = 'Famiglia Ricci Colombo'
       returning id, service_id`,
      [cls.alice],
    );
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ role: "service_role", app_metadata: { tenant_id: cls.tenant_id } }),
    ]);
    const cal = await loadServiceCalendar(tx, sofia.service_id) ?? EMPTY_CALENDAR;
    let day = addDays(romeDate(), -1);
    while (!isServiceDay(cal, day).open) day = addDays(day, -1);
    return { classId: cls.id, sofia: sofia.id, day };
  });
}

async function hydrated(page: Page, island: string) {
  await page.waitForSelector(`[data-island="${island}"][data-island-state="hydrated"]`);
}

async function markOf(db: Db, enrollmentId: string, day: string) {
  const [m] = await db.asOwner((tx) =>
    tx.query<{ status: string; revision: number; source: string }>(
      "select status, revision, source from public.attendance_marks where enrollment_id = $1 and day = $2",
      [enrollmentId, day],
    )
  );
  return m ?? null;
}

let setup: Promise<{ base: string; db: Db; classId: string; sofia: string; day: string }>;
function world() {
  setup ??= (async () => {
    const { base, db } = await servedApp();
    return { base, db, ...await scene(db) };
  })();
  return setup;
}

browserTest("teacher marks Sofia absent: her mother's page shows it within a second", async () => {
  const { base, db, classId, sofia, day } = await world();
  await withPage(async (family) => {
    await signInAs(family, base, MOTHER);
    await family.goto(`${base}/famiglie/presenze/${sofia}?mese=${day.slice(0, 7)}`);
    await hydrated(family, "FamilyAttendance");
    await assertAccessible(family, "family attendance");
    assert.equal(await family.locator(`tr[data-day="${day}"]`).count(), 0);

    await withPage(async (teacher) => {
      await signInAs(teacher, base, TEACHER);
      await teacher.goto(`${base}/docenti`);
      await assertAccessible(teacher, "teacher home");
      assert.ok(await teacher.locator(`a[href="/docenti/classi/${classId}"]`).count() > 0);
      await teacher.goto(`${base}/docenti/classi/${classId}?giorno=${day}`);
      await hydrated(teacher, "AttendanceRoster");
      await assertAccessible(teacher, "roster");
      // The family's socket has joined its room by now (it joins right after connecting).
      await family.waitForTimeout(500);

      const line = teacher.locator(`li[data-enrollment="${sofia}"]`);
      const started = Date.now();
      await line.locator('button[value="absent"]').click();
      await family.waitForSelector(`tr[data-day="${day}"][data-status="absent"]`, {
        timeout: 3_000,
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1_000, `the family saw the absence after ${elapsed} ms`);
      await line.locator('[data-testid="outcome"]', { hasText: "Registrata." }).waitFor();
      assert.equal(await line.getAttribute("data-status"), "absent");
      assert.equal((await markOf(db, sofia, day))?.status, "absent");
      assert.match(await family.locator("#month-totals").innerText(), /Assenze 1/);

      // The planned-absence page of the class is accessible too.
      await teacher.goto(`${base}/docenti/classi/${classId}/assenze`);
      await assertAccessible(teacher, "planned absences");
    });
  });
});

browserTest(
  "offline: the mark waits in IndexedDB, syncs when back online and says so",
  async () => {
    const { base, db, classId, sofia, day } = await world();
    await withPage(async (teacher) => {
      await signInAs(teacher, base, TEACHER);
      await teacher.goto(`${base}/docenti/classi/${classId}?giorno=${day}`);
      await hydrated(teacher, "AttendanceRoster");
      const before = await markOf(db, sofia, day);

      await teacher.context().setOffline(true);
      const line = teacher.locator(`li[data-enrollment="${sofia}"]`);
      await line.locator('button[value="white"]').click();
      await line.locator('[data-testid="pending"]').waitFor();
      assert.match(await line.locator('[data-testid="pending"]').innerText(), /da inviare/);
      assert.match(await teacher.locator("#queue-status").innerText(), /1 da inviare/);
      // Let the buttons' colour transitions end: axe must judge the colours a person sees.
      await teacher.waitForTimeout(400);
      await assertAccessible(teacher, "roster offline");
      await teacher.waitForTimeout(300);
      assert.deepEqual(await markOf(db, sofia, day), before, "nothing reached the server offline");

      await teacher.context().setOffline(false);
      await line.locator('[data-testid="outcome"]', { hasText: "Registrata." }).waitFor({
        timeout: 10_000,
      });
      await line.locator('[data-testid="pending"]').waitFor({ state: "detached" });
      const after = await markOf(db, sofia, day);
      assert.equal(after?.status, "present");
      assert.equal(after?.source, "teacher");
      assert.equal(after?.revision, (before?.revision ?? 0) + 1);
      assert.equal(await line.getAttribute("data-status"), "present");
      assert.match(await line.innerText(), /Pasto in bianco/);

      // The service worker kept the page: with no network it opens again, with its island. A
      // page loaded once the worker is active is controlled by it (clients.claim may have run
      // while the first one was still being navigated to: then it never gets a controller).
      await teacher.waitForFunction(async () => !!(await navigator.serviceWorker.ready).active);
      await teacher.reload();
      await teacher.waitForFunction(() => navigator.serviceWorker?.controller != null);
      await hydrated(teacher, "AttendanceRoster");
      await teacher.context().setOffline(true);
      await teacher.reload();
      await hydrated(teacher, "AttendanceRoster");
      assert.equal(await teacher.locator(`li[data-enrollment="${sofia}"]`).count(), 1);
      await teacher.context().setOffline(false);
    });
  },
);

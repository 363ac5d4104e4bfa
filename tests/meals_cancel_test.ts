import assert from "node:assert/strict";
import { applyCancellations } from "../lib/attendance/cancel.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { enrollDemoFamilyInCanteen, type MealsSetup } from "./helpers/fixtures_meals.ts";

async function claimsOf(db: Db, email: string, role: string, tenantId: string): Promise<Claims> {
  const [u] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.users where email = $1", [email])
  );
  return {
    sub: u.id,
    role: "authenticated",
    app_metadata: { tenant_id: tenantId, roles: [role] },
  } as Claims;
}

async function effective(db: Db, s: MealsSetup, day: string) {
  return await db.asOwner(async (tx) => {
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ app_metadata: { tenant_id: s.tenantId } }),
    ]);
    const [row] = await tx.query<{ status: string; meal: string | null; billable: boolean }>(
      `select status, meal, billable from app.effective_attendance($1, $2, $2)
        where enrollment_id = $3`,
      [s.serviceId, day, s.enrollmentId],
    );
    return row;
  });
}

dbTest(
  "meals: a family cancels, asks for a pasto in bianco and undoes before the cut-off",
  async (db) => {
    const s = await enrollDemoFamilyInCanteen(db);
    const fam = await claimsOf(db, "chiara.colombo@posta.example", "family", s.tenantId);
    assert.deepEqual(await effective(db, s, s.nextDay), {
      status: "present",
      meal: "standard",
      billable: true,
    });
    const act = (action: "cancel" | "white" | "restore", day = s.nextDay, e = s.enrollmentId) =>
      db.asUser(fam, (tx) =>
        applyCancellations(tx, [{ enrollment_id: e, day, action }], {
          source: "family",
          userId: fam.sub,
        }));
    assert.equal((await act("cancel"))[0].outcome, "recorded");
    assert.deepEqual(await effective(db, s, s.nextDay), {
      status: "cancelled",
      meal: null,
      billable: false,
    });
    assert.equal((await act("cancel"))[0].outcome, "unchanged");
    assert.equal((await act("white"))[0].outcome, "recorded");
    assert.deepEqual(await effective(db, s, s.nextDay), {
      status: "present",
      meal: "white",
      billable: true,
    });
    assert.equal((await act("restore"))[0].outcome, "recorded");
    assert.equal((await effective(db, s, s.nextDay)).meal, "standard");

    // After the cut-off (a past day): refused with the reason; another child: not found.
    const late = await act("cancel", s.pastDay);
    assert.equal(late[0].outcome === "rejected" && late[0].reason.code, "after_cutoff");
    const other = await act("cancel", s.nextDay, s.otherEnrollmentId);
    assert.equal(other[0].outcome === "rejected" && other[0].reason.code, "not_found");

    // Live: the site's meals room and the child's room heard every change.
    const events = await db.asOwner((tx) =>
      tx.query<{ room: string }>(
        "select room from private.realtime_outbox where data ->> 'enrollment_id' = $1",
        [s.enrollmentId],
      )
    );
    assert.equal(events.filter((e) => e.room === `site:${s.siteId}:meals`).length, 3);
    assert.equal(events.filter((e) => e.room === `child:${s.enrollmentId}`).length, 3);
  },
);

dbTest(
  "meals RLS: a family cannot write a mark past the cut-off or for another's child",
  async (db) => {
    const s = await enrollDemoFamilyInCanteen(db);
    const fam = await claimsOf(db, "chiara.colombo@posta.example", "family", s.tenantId);
    const write = (e: string, day: string) =>
      db.asUser(fam, (tx) =>
        tx.query(
          `insert into public.attendance_marks (tenant_id, enrollment_id, day, status, source,
           marked_at, recorded_by)
         values (app.tenant_id(), $1, $2, 'cancelled', 'family', now(), app.user_id())`,
          [e, day],
        ));
    await assert.rejects(write(s.enrollmentId, s.pastDay), (e: Error & { code?: string }) => {
      assert.equal(e.code, "42501");
      return true;
    });
    await assert.rejects(write(s.otherEnrollmentId, s.nextDay), (e: Error & { code?: string }) => {
      assert.equal(e.code, "42501");
      return true;
    });
    // Their own child, before the cut-off, as a family: allowed.
    await write(s.enrollmentId, s.nextDay);
    // But not as someone else (recorded_by is the caller) nor as a teacher's source.
    await assert.rejects(
      db.asUser(fam, (tx) =>
        tx.query(
          `update public.attendance_marks set source = 'teacher'
          where enrollment_id = $1 and day = $2`,
          [s.enrollmentId, s.nextDay],
        )),
      (e: Error & { code?: string }) => e.code === "42501",
    );
  },
);

dbTest("meals: the office changes after the cut-off, flagged as late", async (db) => {
  const s = await enrollDemoFamilyInCanteen(db);
  const op = await claimsOf(db, "m.rossi@comune.valdiponte.example", "operator", s.tenantId);
  const r = await db.asUser(
    op,
    (tx) =>
      applyCancellations(
        tx,
        [{ enrollment_id: s.enrollmentId, day: s.pastDay, action: "cancel" }],
        {
          source: "operator",
          userId: op.sub,
        },
      ),
  );
  assert.equal(r[0].outcome, "recorded");
  assert.equal(r[0].outcome === "recorded" && r[0].after_cutoff, true);
  const [mark] = await db.asOwner((tx) =>
    tx.query<{ after_cutoff: boolean; source: string }>(
      "select after_cutoff, source from public.attendance_marks where enrollment_id = $1 and day = $2",
      [s.enrollmentId, s.pastDay],
    )
  );
  assert.deepEqual(mark, { after_cutoff: true, source: "operator" });
});

dbTest("meals API: POST /api/v1/attendance/cancellations with per-item results", async (db) => {
  const s = await enrollDemoFamilyInCanteen(db);
  const c = await signedInClient(db, "chiara.colombo@posta.example");
  const csrf = await c.csrf();
  const post = (body: unknown) =>
    c.request("/api/v1/attendance/cancellations", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(body),
    });
  const res = await post({
    items: [
      { enrollment_id: s.enrollmentId, day: s.nextDay, action: "cancel" },
      { enrollment_id: s.enrollmentId, day: s.pastDay, action: "cancel" },
      { enrollment_id: s.otherEnrollmentId, day: s.nextDay, action: "cancel" },
    ],
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /json/);
  const body = await res.json();
  assert.deepEqual(body.results.map((r: { outcome: string }) => r.outcome), [
    "recorded",
    "rejected",
    "rejected",
  ]);
  assert.equal(body.results[1].reason.code, "after_cutoff");
  assert.match(body.results[1].reason.message, /si accettano fino alle 09:30/);
  assert.equal(body.results[2].reason.code, "not_found");
  assert.deepEqual(body.totals, {
    received: 3,
    recorded: 1,
    unchanged: 0,
    stale: 0,
    rejected: 2,
  });

  const bad = await post({ items: [{ enrollment_id: "x", day: "2026-13-01", action: "eat" }] });
  assert.equal(bad.status, 422);
  assert.match(bad.headers.get("content-type")!, /problem\+json/);
  const problem = await bad.json();
  assert.ok(problem.errors.length >= 3);
  const none = await db.asOwner((tx) =>
    tx.query("select 1 from public.attendance_marks where enrollment_id = $1 and day = $2", [
      s.enrollmentId,
      s.pastDay,
    ])
  );
  assert.equal(none.length, 0);
});

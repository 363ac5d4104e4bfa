import assert from "node:assert/strict";
import { recordMarks } from "../lib/attendance/marks.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";

/** A school Thursday, 10:00 in Rome. */
const NOW = new Date("2026-11-26T09:00:00Z");
const DAY = "2026-11-26";

async function teacherAndChildren(db: Db) {
  return await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ user_id: string; tenant_id: string; class_id: string }>(
      `select ct.user_id, ct.tenant_id, ct.class_id from public.class_teachers ct
         join public.users u on u.id = ct.user_id
        where u.email = 'l.ferrari@scuola.valdiponte.example'
          and exists (select 1 from public.enrollments e
                       where e.class_id = ct.class_id and e.withdrawn_on is null)
        limit 1`,
    );
    const mine = await tx.query<{ id: string }>(
      "select id from public.enrollments where class_id = $1 and withdrawn_on is null",
      [t.class_id],
    );
    const [other] = await tx.query<{ id: string }>(
      `select e.id from public.enrollments e
        where e.tenant_id = $1 and (e.class_id is null or e.class_id not in
          (select class_id from public.class_teachers where user_id = $2)) limit 1`,
      [t.tenant_id, t.user_id],
    );
    const claims: Claims = {
      sub: t.user_id,
      role: "authenticated",
      app_metadata: { tenant_id: t.tenant_id, roles: ["teacher"] },
    } as Claims;
    return { claims, userId: t.user_id, mine: mine.map((m) => m.id), other: other?.id };
  });
}

dbTest("attendance: a teacher marks their class; rules, duplicates and stale marks", async (db) => {
  const t = await teacherAndChildren(db);
  assert.ok(t.mine.length > 0, "the demo teacher has enrolled children");
  const ctx = { source: "teacher" as const, userId: t.userId, now: NOW };
  const first = await db.asUser(t.claims, (tx) =>
    recordMarks(tx, [
      { enrollment_id: t.mine[0], day: DAY, status: "absent", marked_at: "2026-11-26T08:50:00Z" },
      { enrollment_id: t.mine[0], day: "2026-11-27", status: "present" },
      { enrollment_id: t.mine[0], day: "2026-11-01", status: "present" },
      ...(t.other ? [{ enrollment_id: t.other, day: DAY, status: "present" as const }] : []),
    ], ctx));
  assert.equal(first[0].outcome, "recorded");
  assert.equal(first[1].outcome, "rejected");
  assert.equal(first[1].outcome === "rejected" && first[1].reason.code, "future");
  assert.equal(first[2].outcome === "rejected" && first[2].reason.code, "closed_day");
  if (t.other) assert.equal(first[3].outcome === "rejected" && first[3].reason.code, "not_found");

  const again = await db.asUser(
    t.claims,
    (tx) => recordMarks(tx, [{ enrollment_id: t.mine[0], day: DAY, status: "absent" }], ctx),
  );
  assert.equal(again[0].outcome, "unchanged");

  // An offline device syncs a mark made before the stored one: kept out, reported.
  const stale = await db.asUser(t.claims, (tx) =>
    recordMarks(tx, [{
      enrollment_id: t.mine[0],
      day: DAY,
      status: "present",
      marked_at: "2026-11-26T08:40:00Z",
    }], ctx));
  assert.equal(stale[0].outcome, "stale");

  const later = await db.asUser(t.claims, (tx) =>
    recordMarks(tx, [{
      enrollment_id: t.mine[0],
      day: DAY,
      status: "present",
      marked_at: "2026-11-26T09:00:00Z",
    }], ctx));
  assert.equal(later[0].outcome === "recorded" && later[0].revision, 2);

  const events = await db.asOwner((tx) =>
    tx.query<{ room: string; event: string }>(
      "select room, event from private.realtime_outbox order by id",
    )
  );
  assert.ok(events.some((e) => e.room === `child:${t.mine[0]}` && e.event === "attendance.mark"));
});

dbTest("attendance: a family cannot mark a child that is not theirs", async (db) => {
  const t = await teacherAndChildren(db);
  const fam = await db.asOwner(async (tx) => {
    const [u] = await tx.query<{ id: string }>(
      "select id from public.users where email = 'chiara.colombo@posta.example'",
    );
    return {
      sub: u.id,
      role: "authenticated",
      app_metadata: { tenant_id: t.claims.app_metadata.tenant_id, roles: ["family"] },
    } as Claims;
  });
  const r = await db.asUser(
    fam,
    (tx) =>
      recordMarks(tx, [{ enrollment_id: t.mine[0], day: DAY, status: "present" }], {
        source: "family",
        userId: fam.sub,
        now: NOW,
      }),
  );
  // Not their child: the enrollment is invisible to them.
  assert.equal(r[0].outcome === "rejected" && r[0].reason.code, "not_found");
});

import assert from "node:assert/strict";
import { recordMarks } from "../lib/attendance/marks.ts";
import type { Claims } from "../lib/db/types.ts";
import { rooms } from "../lib/realtime/emit.ts";
import { serve } from "../lib/realtime/server.ts";
import { connectClient, join, nextEvent } from "../lib/realtime/testing.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { familyWithEnrollment } from "./helpers/fixtures_realtime.ts";

const PARENT = "chiara.colombo@posta.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";
/** A school Thursday, 10:00 in Rome. */
const NOW = new Date("2026-11-26T09:00:00Z");
const DAY = "2026-11-26";

dbTest(
  "realtime latency: a teacher's mark reaches the family's socket well under 1 s",
  async (db) => {
    const fam = await familyWithEnrollment(db, PARENT, { teacherEmail: TEACHER });
    const teacher = await db.asOwner(async (tx) => {
      const [t] = await tx.query<{ id: string; tenant_id: string }>(
        `select u.id, m.tenant_id from public.users u join public.memberships m on m.user_id = u.id
        where u.email = $1 and m.role = 'teacher'`,
        [TEACHER],
      );
      return t;
    });
    const claims = {
      sub: teacher.id,
      role: "authenticated",
      app_metadata: { tenant_id: teacher.tenant_id, roles: ["teacher"] },
    } as Claims;

    const { app, config, client } = await testApp(db);
    const server = await serve(app, db, config, { hostname: "127.0.0.1", port: 0 });
    const c = client();
    assert.equal((await c.signIn(PARENT)).status, 303);
    const socket = await connectClient(
      `http://127.0.0.1:${server.port}`,
      `piazza_session=${c.cookies.get("piazza_session")}`,
    );
    try {
      assert.deepEqual(await join(socket, rooms.child(fam.enrollmentId)), { ok: true });
      const samples: number[] = [];
      const statuses = ["absent", "present"] as const;
      for (let i = 0; i < 6; i++) {
        const status = statuses[i % 2];
        const received = nextEvent<Record<string, unknown>>(socket, "attendance.mark", 2_000);
        const t0 = performance.now();
        const [r] = await db.asUser(claims, (tx) =>
          recordMarks(tx, [{
            enrollment_id: fam.enrollmentId,
            day: DAY,
            status,
            marked_at: new Date(NOW.getTime() - 60_000 + i * 1000).toISOString(),
          }], { source: "teacher", userId: teacher.id, now: NOW }));
        assert.equal(r.outcome, "recorded", JSON.stringify(r));
        const data = await received;
        samples.push(performance.now() - t0);
        assert.equal(data.enrollment_id, fam.enrollmentId);
        assert.equal(data.status, status);
      }
      samples.sort((a, b) => a - b);
      const worst = samples[samples.length - 1];
      console.log(`mark → socket: median ${samples[3].toFixed(1)} ms, max ${worst.toFixed(1)} ms`);
      assert.ok(worst < 500, `a mark took ${worst.toFixed(0)} ms to reach the family`);
    } finally {
      socket.close();
      await server.close();
    }
  },
);

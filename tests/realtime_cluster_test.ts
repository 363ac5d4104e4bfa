/**
 * Two real app processes (`deno run -A main.ts`) on one Postgres: a socket connected to process A
 * receives the live update of a mark recorded through process B's API (the outbox row is claimed
 * by exactly one dispatcher, and @socket.io/postgres-adapter carries the emit to the other).
 * Needs DATABASE_URL (as CI); skipped on the embedded default, which is single-process.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import type { Socket } from "socket.io-client";
import { createScratchDb } from "../bench/postgres.ts";
import { spawnDeno, type Spawned, stopAll, timeUntilReady } from "../bench/spawn.ts";
import { rooms } from "../lib/realtime/emit.ts";
import { connectClient, join, nextEvent } from "../lib/realtime/testing.ts";
import { DEMO_PASSWORD } from "../lib/seed/demo.ts";
import { TEST_SECRET } from "./helpers/app.ts";

const SERVER_URL = Deno.env.get("DATABASE_URL");
const OPERATOR = "m.rossi@comune.valdiponte.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";

/** Signs in over HTTP; resolves to the Cookie header (session + CSRF) and the CSRF token. */
async function signIn(base: string, email: string) {
  const page = await fetch(`${base}/accedi`);
  await page.body?.cancel();
  const csrf = /piazza_csrf=([^;]+)/.exec(page.headers.getSetCookie().join("\n"))![1];
  const res = await fetch(`${base}/accedi`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `piazza_csrf=${csrf}` },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 303, `sign-in of ${email} on ${base}`);
  const session = /piazza_session=([^;]+)/.exec(res.headers.getSetCookie().join("\n"))![1];
  return { cookie: `piazza_session=${session}; piazza_csrf=${csrf}`, csrf };
}

Deno.test({
  name: "realtime cluster: an event written through process B reaches a socket on process A",
  ignore: !SERVER_URL,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const scratch = await createScratchDb(SERVER_URL!);
    const procs: Spawned[] = [];
    const sockets: Socket[] = [];
    try {
      const env = {
        DATABASE_URL: scratch.url,
        JWT_SECRET: TEST_SECRET,
        SEED_DEMO: "true",
        DATA_DIR: await Deno.makeTempDir({ prefix: "piazza_rt_" }),
      };
      // A migrates and seeds; B starts on the result.
      const a = spawnDeno("main.ts", env);
      procs.push(a);
      await timeUntilReady(a, "/accedi", { timeoutMs: 180_000, pollMs: 200 });
      const b = spawnDeno("main.ts", env);
      procs.push(b);
      await timeUntilReady(b, "/accedi", { timeoutMs: 180_000, pollMs: 200 });

      const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
      const [facts] = await sql<{ enrollment_id: string; class_id: string; tenant_id: string }[]>`
        select e.id as enrollment_id, e.class_id, e.tenant_id from public.enrollments e
         where e.withdrawn_on is null and e.class_id in (
           select ct.class_id from public.class_teachers ct join public.users u
             on u.id = ct.user_id where u.email = ${TEACHER})
         limit 1`;
      await sql.end();
      assert.ok(facts, "the demo teacher has an enrolled child");

      // The operator watches on A (the class and the child's room), and also on B.
      const op = await signIn(a.base, OPERATOR);
      const onA = await connectClient(a.base, op.cookie);
      const onB = await connectClient(b.base, op.cookie);
      sockets.push(onA, onB);
      for (const s of [onA, onB]) {
        assert.deepEqual(await join(s, rooms.child(facts.enrollment_id)), { ok: true });
      }

      // Marks recorded through B's API (a past school day): every one reaches both processes'
      // sockets exactly once, whichever dispatcher claimed it.
      const teacher = await signIn(b.base, TEACHER);
      const days = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];
      const seenA: string[] = [];
      const seenB: string[] = [];
      onA.on("attendance.mark", (d: { day: string }) => seenA.push(d.day));
      onB.on("attendance.mark", (d: { day: string }) => seenB.push(d.day));
      for (const day of days) {
        const gotA = nextEvent<{ day: string; enrollment_id: string }>(onA, "attendance.mark");
        const res = await fetch(`${b.base}/api/v1/attendance`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-csrf-token": teacher.csrf,
            cookie: teacher.cookie,
          },
          body: JSON.stringify({
            marks: [{ enrollment_id: facts.enrollment_id, day, status: "absent" }],
          }),
        });
        const body = await res.json();
        assert.equal(res.status, 200, JSON.stringify(body));
        assert.equal(body.results[0].outcome, "recorded", JSON.stringify(body));
        const got = await gotA;
        assert.equal(got.enrollment_id, facts.enrollment_id);
        assert.equal(got.day, day);
      }
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(seenA, days);
      assert.deepEqual(seenB, days);
    } finally {
      for (const s of sockets) s.close();
      await Promise.all(procs.map((p) => p.stop()));
      await stopAll();
      await scratch.drop();
    }
  },
});

import assert from "node:assert/strict";
import type { Socket } from "socket.io-client";
import type { Db } from "../lib/db/types.ts";
import { emitFor, rooms } from "../lib/realtime/emit.ts";
import { parseRoom } from "../lib/realtime/rooms.ts";
import { serve } from "../lib/realtime/server.ts";
import { connectClient, join, nextEvent, noEvent } from "../lib/realtime/testing.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { familyWithEnrollment } from "./helpers/fixtures_realtime.ts";

const PARENT = "chiara.colombo@posta.example";
const TEACHER = "l.ferrari@scuola.valdiponte.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";
const PROVIDER = "ordini@ristorazionecolli.example";

async function start(db: Db) {
  const { app, config, client } = await testApp(db);
  const server = await serve(app, db, config, { hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.port}`;
  const sockets: Socket[] = [];
  const cookieOf = async (email: string) => {
    const c = client();
    const res = await c.signIn(email);
    assert.equal(res.status, 303, `sign-in of ${email}`);
    return { cookie: `piazza_session=${c.cookies.get("piazza_session")}`, client: c };
  };
  return {
    server,
    base,
    cookieOf,
    async as(email: string) {
      const { cookie } = await cookieOf(email);
      const s = await connectClient(base, cookie);
      sockets.push(s);
      return s;
    },
    async stop(this: void) {
      for (const s of sockets) s.close();
      await server.close();
    },
  };
}

async function demoFacts(db: Db) {
  const e = await familyWithEnrollment(db, PARENT);
  return await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ id: string }>(
      "select tenant_id as id from public.enrollments where id = $1",
      [e.enrollmentId],
    );
    const fam = { mine: e.enrollmentId, other: e.otherEnrollmentId, tenant_id: t.id };
    const [cls] = await tx.query<{ mine: string; other: string }>(
      `select (select ct.class_id from public.class_teachers ct join public.users u
                 on u.id = ct.user_id where u.email = $1 limit 1) as mine,
              (select c.id from public.classes c where c.id not in
                 (select ct.class_id from public.class_teachers ct join public.users u
                    on u.id = ct.user_id where u.email = $1) limit 1) as other`,
      [TEACHER],
    );
    const [svc] = await tx.query<{ provided: string; other: string; site: string }>(
      `select s.id as provided, ss.site_id as site,
              (select id from public.services o where o.tenant_id = s.tenant_id
                 and o.provider_id is distinct from s.provider_id limit 1) as other
         from public.services s join public.site_services ss
           on ss.tenant_id = s.tenant_id and ss.service_id = s.id
        where s.provider_id is not null order by s.code limit 1`,
    );
    return { fam, cls, svc };
  });
}

Deno.test("realtime rooms: names parse strictly", () => {
  const id = "0b6f3c2e-5a1d-4c8e-9f00-123456789abc";
  assert.deepEqual(parseRoom(`class:${id}`), { kind: "class", id });
  assert.deepEqual(parseRoom(`child:${id}`), { kind: "child", id });
  assert.deepEqual(parseRoom(`site:${id}:meals`), { kind: "site_meals", id });
  assert.deepEqual(parseRoom(`service:${id}:meals`), { kind: "service_meals", id });
  assert.deepEqual(parseRoom(`tenant:${id}:ops`), { kind: "tenant_ops", id });
  for (
    const bad of [
      `class:${id}:meals`,
      `tenant:${id}`,
      `site:${id}`,
      `child:${id.toUpperCase()}`,
      `user:${id}`,
      "class:1",
      "",
      null,
      42,
      { room: `class:${id}` },
    ]
  ) assert.equal(parseRoom(bad), null, String(bad));
});

dbTest("realtime rooms: each role joins only what RLS lets it read", async (db) => {
  const { fam, cls, svc } = await demoFacts(db);
  assert.ok(fam.mine && fam.other && cls.mine && cls.other && svc.provided && svc.site);
  const rt = await start(db);
  try {
    // A family follows its own child, never another family's (nor a class or the back office).
    const parent = await rt.as(PARENT);
    assert.deepEqual(await join(parent, rooms.child(fam.mine)), { ok: true });
    assert.deepEqual(await join(parent, rooms.child(fam.other)), { ok: false, error: "forbidden" });
    assert.deepEqual(await join(parent, rooms.class(cls.mine)), { ok: false, error: "forbidden" });
    assert.deepEqual(await join(parent, rooms.tenantOps(fam.tenant_id)), {
      ok: false,
      error: "forbidden",
    });
    assert.deepEqual(await join(parent, "class:not-a-uuid"), { ok: false, error: "invalid_room" });

    // A teacher follows their class, not another one.
    const teacher = await rt.as(TEACHER);
    assert.deepEqual(await join(teacher, rooms.class(cls.mine)), { ok: true });
    assert.deepEqual(await join(teacher, rooms.class(cls.other)), {
      ok: false,
      error: "forbidden",
    });
    assert.deepEqual(await join(teacher, rooms.siteMeals(svc.site)), {
      ok: false,
      error: "forbidden",
    });

    // Staff: every room of their Ente, nothing of another one.
    const operator = await rt.as(OPERATOR);
    for (
      const room of [
        rooms.class(cls.other),
        rooms.child(fam.other),
        rooms.siteMeals(svc.site),
        rooms.serviceMeals(svc.provided),
        rooms.tenantOps(fam.tenant_id),
      ]
    ) assert.deepEqual(await join(operator, room), { ok: true }, room);
    assert.deepEqual(await join(operator, rooms.tenantOps(crypto.randomUUID())), {
      ok: false,
      error: "forbidden",
    });
    assert.deepEqual(await join(operator, rooms.class(crypto.randomUUID())), {
      ok: false,
      error: "forbidden",
    });

    // A provider: only the services of its organization and the sites where they are delivered.
    const provider0 = await rt.as(PROVIDER);
    await db.asOwner((tx) =>
      tx.query(
        `update public.memberships m set organization_id = null
           from public.users u where u.id = m.user_id and u.email = $1 and m.role = 'provider'`,
        [PROVIDER],
      )
    );
    assert.deepEqual(await join(provider0, rooms.serviceMeals(svc.provided)), {
      ok: false,
      error: "forbidden",
    }, "no organization linked: nothing");
    await db.asOwner((tx) =>
      tx.query(
        `update public.memberships m set organization_id = s.provider_id
           from public.users u, public.services s
          where u.id = m.user_id and u.email = $1 and m.role = 'provider' and s.id = $2`,
        [PROVIDER, svc.provided],
      )
    );
    const provider = await rt.as(PROVIDER);
    assert.deepEqual(await join(provider, rooms.serviceMeals(svc.provided)), { ok: true });
    assert.deepEqual(await join(provider, rooms.siteMeals(svc.site)), { ok: true });
    if (svc.other) {
      assert.deepEqual(await join(provider, rooms.serviceMeals(svc.other)), {
        ok: false,
        error: "forbidden",
      });
    }
    assert.deepEqual(await join(provider, rooms.child(fam.mine)), {
      ok: false,
      error: "forbidden",
    });

    // Events reach the room's members only.
    const got = nextEvent(parent, "attendance.mark");
    const notTeacher = noEvent(teacher, "attendance.mark");
    await db.asService((tx) =>
      emitFor(tx, fam.tenant_id, rooms.child(fam.mine), "attendance.mark", { day: "2026-11-26" })
    );
    assert.deepEqual(await got, { day: "2026-11-26" });
    assert.equal(await notTeacher, true, "the teacher did not join the child's room");

    // Leaving stops delivery.
    await parent.timeout(2000).emitWithAck("leave", rooms.child(fam.mine));
    const none = noEvent(parent, "attendance.mark");
    await db.asService((tx) =>
      emitFor(tx, fam.tenant_id, rooms.child(fam.mine), "attendance.mark", { day: "2026-11-27" })
    );
    assert.equal(await none, true);
  } finally {
    await rt.stop();
  }
});

dbTest(
  "realtime auth: no session, a forged or revoked one, or another origin: refused",
  async (db) => {
    const rt = await start(db);
    try {
      await assert.rejects(connectClient(rt.base, null), /unauthorized/);
      await assert.rejects(connectClient(rt.base, "piazza_session=eyJhbGciOiJIUzI1NiJ9.e30.x"));
      const { cookie, client } = await rt.cookieOf(PARENT);
      await assert.rejects(connectClient(rt.base, cookie, { origin: "https://evil.example" }));
      const ok = await connectClient(rt.base, cookie, { origin: rt.base });
      try {
        // Signing out revokes the session: the open socket can join nothing more and is dropped.
        const disconnected = new Promise((r) => ok.once("disconnect", r));
        const out = await client.postForm("/esci", {});
        assert.equal(out.status, 303);
        const ack = await join(ok, rooms.tenantOps(crypto.randomUUID()));
        assert.deepEqual(ack, { ok: false, error: "unauthorized" });
        await disconnected;
        await assert.rejects(connectClient(rt.base, cookie), /unauthorized/);
      } finally {
        ok.close();
      }
    } finally {
      await rt.stop();
    }
  },
);

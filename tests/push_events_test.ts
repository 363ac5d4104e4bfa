/**
 * Web push for events inside a transaction: an absence the school records today reaches the
 * family's devices, an outcome communicated reaches the applicant household's parents — queued in
 * the realtime outbox, so only after commit, delivered by the dispatcher, decrypted here by a
 * local push service (tests/helpers/push_service.ts). A failing push service fails nothing.
 */
import assert from "node:assert/strict";
import { recordMarks } from "../lib/attendance/marks.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { communicateOutcomes } from "../lib/enrollment/review_db.ts";
import { deliverPushEvent, isPushEvent, withPush } from "../lib/push/events.ts";
import { saveSubscription } from "../lib/push/subscriptions.ts";
import { claimBatch, type OutboxEvent } from "../lib/realtime/dispatcher.ts";
import { dbTest } from "./helpers/db.ts";
import { idOf, PEOPLE } from "./helpers/fixtures_sites.ts";
import { browserKeys, pushService } from "./helpers/push_service.ts";
import { demoTenant } from "./helpers/second_tenant.ts";

/** A service day's morning (Thursday 26 November 2026, 08:40 in Rome). */
const NOW = new Date("2026-11-26T07:40:00Z");
const DAY = "2026-11-26";

function claimsOf(tenantId: string, sub: string, role: "teacher" | "family" | "operator"): Claims {
  return { sub, role: "authenticated", app_metadata: { tenant_id: tenantId, roles: [role] } };
}

async function userId(db: Db, email: string) {
  return await idOf(db, "select id from users where email = $1", [email]);
}

/** Gives `userId` a device served by the local push service at `path`. */
async function device(
  db: Db,
  claims: Claims,
  ps: ReturnType<typeof pushService>,
  browsers: Map<string, ReturnType<typeof browserKeys>>,
  path: string,
) {
  const b = browserKeys();
  browsers.set(path, b);
  await db.asUser(
    claims,
    (tx) => saveSubscription(tx, { endpoint: `${ps.base}${path}`, keys: b.keys }, "test"),
  );
}

/** Claims the pending outbox rows; the push ones apart. */
async function pending(db: Db): Promise<{ push: OutboxEvent[]; rooms: OutboxEvent[] }> {
  const all: OutboxEvent[] = [];
  for (let batch = await claimBatch(db); batch.length; batch = await claimBatch(db)) {
    all.push(...batch);
  }
  return { push: all.filter(isPushEvent), rooms: all.filter((e) => !isPushEvent(e)) };
}

dbTest("push: an absence recorded today reaches the family's devices, after commit", async (db) => {
  const a = await demoTenant(db);
  const ferrari = claimsOf(a.tenantId, await userId(db, PEOPLE.ferrari), "teacher");
  const [omar, second] = await db.asOwner((tx) =>
    tx.query<{ id: string; name: string; service: string }>(
      `select e.id, p.name, s.title as service from enrollments e
         join people p on p.id = e.beneficiary_id join services s on s.id = e.service_id
         join classes c on c.id = e.class_id join class_teachers ct on ct.class_id = c.id
        where ct.user_id = $1 order by p.name limit 2`,
      [ferrari.sub],
    )
  );
  // Both demo parents' household becomes the child's.
  await db.asOwner((tx) =>
    tx.query(
      `update enrollments e set household_id = m.household_id
         from household_members m join people p on p.id = m.person_id
         join users u on u.id = p.user_id
        where e.id = $1 and u.email = $2`,
      [omar.id, PEOPLE.family],
    )
  );
  const browsers = new Map<string, ReturnType<typeof browserKeys>>();
  const ps = pushService(browsers);
  try {
    const chiara = claimsOf(a.tenantId, await userId(db, PEOPLE.family), "family");
    const luca = claimsOf(a.tenantId, await userId(db, "luca.ricci@posta.example"), "family");
    await device(db, chiara, ps, browsers, "/wpush/chiara");
    await device(db, luca, ps, browsers, "/wpush/luca");
    await pending(db);

    const ctx = { source: "teacher" as const, userId: ferrari.sub, now: NOW };
    // Rolled back: nothing to announce.
    await assert.rejects(db.asUser(ferrari, async (tx) => {
      await recordMarks(tx, [{ enrollment_id: omar.id, day: DAY, status: "absent" }], ctx);
      throw new Error("rollback");
    }));
    assert.deepEqual((await pending(db)).push, []);

    // A presence and a past day's absence are not news; today's absence is.
    await db.asUser(ferrari, (tx) =>
      recordMarks(tx, [
        { enrollment_id: second.id, day: DAY, status: "present" },
        { enrollment_id: omar.id, day: "2026-11-25", status: "absent" },
        { enrollment_id: omar.id, day: DAY, status: "absent" },
      ], ctx));
    const { push, rooms } = await pending(db);
    assert.equal(push.length, 1);
    assert.equal(push[0].event, "push.absence");
    assert.ok(rooms.some((e) => e.room === `child:${omar.id}`), "sockets still hear every mark");
    const report = await deliverPushEvent(db, push[0]);
    assert.deepEqual(report, { sent: 2, removed: 0, failed: 0 });
    assert.deepEqual(ps.received.map((r) => r.path).sort(), ["/wpush/chiara", "/wpush/luca"]);
    assert.deepEqual(ps.received[0].payload, {
      title: `Assenza di ${omar.name}`,
      body: `${omar.name} risulta assente oggi, 26/11/2026 (${omar.service}).`,
      url: `/famiglie/presenze/${omar.id}`,
      tag: `absence-${omar.id}-${DAY}`,
    });

    // Corrected to present before the push went out: nothing is sent.
    await db.asUser(
      ferrari,
      (tx) => recordMarks(tx, [{ enrollment_id: second.id, day: DAY, status: "absent" }], ctx),
    );
    const corrected = (await pending(db)).push;
    assert.equal(corrected.length, 1);
    await db.asUser(ferrari, (tx) =>
      recordMarks(tx, [{
        enrollment_id: second.id,
        day: DAY,
        status: "present",
        marked_at: new Date(NOW.getTime() + 60_000).toISOString(),
      }], ctx));
    assert.equal(await deliverPushEvent(db, corrected[0]), null);
    assert.equal(ps.received.length, 2);

    // A push service that is down fails nothing: the sink returns, the report counts it.
    await ps.stop();
    await db.asUser(ferrari, (tx) =>
      recordMarks(tx, [{
        enrollment_id: omar.id,
        day: DAY,
        status: "present",
        marked_at: new Date(NOW.getTime() + 60_000).toISOString(),
      }], ctx));
    await db.asUser(ferrari, (tx) =>
      recordMarks(tx, [{
        enrollment_id: omar.id,
        day: DAY,
        status: "absent",
        marked_at: new Date(NOW.getTime() + 120_000).toISOString(),
      }], ctx));
    const down = (await pending(db)).push;
    assert.equal(down.length, 1);
    const delivered: string[] = [];
    assert.doesNotThrow(() => withPush(db, (e) => delivered.push(e.room))(down[0]));
    assert.deepEqual(delivered, [], "push events never go to a socket room");
    assert.deepEqual(await deliverPushEvent(db, down[0]), { sent: 0, removed: 0, failed: 2 });
  } finally {
    await ps.stop().catch(() => {});
  }
});

dbTest("push: an outcome communicated reaches the applicant household's parents", async (db) => {
  const a = await demoTenant(db);
  // A demo application whose household's parent gets an account, outcomes not yet communicated.
  const [app] = await db.asOwner((tx) =>
    tx.query<{ id: string; protocol_number: string; person_id: string }>(
      `select a.id, a.protocol_number, m.person_id from applications a
         join household_members m on m.household_id = a.household_id and m.role = 'parent'
         join people p on p.id = m.person_id
        where a.status = 'submitted' and p.user_id is null
          and exists (select 1 from application_items i where i.application_id = a.id
                        and i.outcome <> 'pending')
        order by a.protocol_number limit 1`,
    )
  );
  const parent = await db.asOwner(async (tx) => {
    const [u] = await tx.query<{ id: string }>(
      `insert into users (email, full_name) values ('genitore.esito@posta.example',
         'Genitore Esito') returning id`,
    );
    await tx.query(
      "insert into memberships (tenant_id, user_id, role) values ($1, $2, 'family')",
      [a.tenantId, u.id],
    );
    await tx.query("update people set user_id = $1 where id = $2", [u.id, app.person_id]);
    await tx.query(
      `update application_items set communicated_at = null, communicated_via = null
        where application_id = $1`,
      [app.id],
    );
    return u.id;
  });
  const browsers = new Map<string, ReturnType<typeof browserKeys>>();
  const ps = pushService(browsers);
  try {
    await device(db, claimsOf(a.tenantId, parent, "family"), ps, browsers, "/wpush/esito");
    // Someone else's device hears nothing.
    const chiara = claimsOf(a.tenantId, await userId(db, PEOPLE.family), "family");
    await device(db, chiara, ps, browsers, "/wpush/chiara");
    await pending(db);

    const operator = claimsOf(a.tenantId, a.users.operator!, "operator");
    await db.asUser(operator, (tx) => communicateOutcomes(tx, app.id, "portal", operator.sub));
    const { push } = await pending(db);
    assert.equal(push.length, 1);
    assert.equal(push[0].event, "push.outcome");
    assert.deepEqual(await deliverPushEvent(db, push[0]), { sent: 1, removed: 0, failed: 0 });
    assert.equal(ps.received.length, 1);
    assert.equal(ps.received[0].path, "/wpush/esito");
    assert.deepEqual(ps.received[0].payload, {
      title: "Esito della domanda",
      body: `È disponibile l'esito della domanda n. ${app.protocol_number}: aprila per leggerlo.`,
      url: `/famiglie/domande/${app.id}`,
      tag: `outcome-${app.id}`,
    });
  } finally {
    await ps.stop();
  }
});

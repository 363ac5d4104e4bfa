import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { notify, safeUrl } from "../lib/push/send.ts";
import { vapidKeys } from "../lib/push/vapid.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { browserKeys, pushService } from "./helpers/push_service.ts";

const PARENT = "chiara.colombo@posta.example";
const OTHER_PARENT = "luca.ricci@posta.example";
const SUBJECT = "mailto:servizi.scolastici@comune.valdiponte.example";

async function userIdOf(db: Db, email: string) {
  const [u] = await db.asOwner((tx) =>
    tx.query<{ id: string; tenant_id: string }>(
      `select u.id, m.tenant_id from public.users u join public.memberships m on m.user_id = u.id
        where u.email = $1 limit 1`,
      [email],
    )
  );
  return u;
}

Deno.test("push: notification links stay on this site", () => {
  assert.equal(safeUrl("/famiglie/presenze"), "/famiglie/presenze");
  assert.equal(safeUrl("//evil.example/x"), "/");
  assert.equal(safeUrl("/\\evil.example"), "/");
  assert.equal(safeUrl("https://evil.example"), "/");
  assert.equal(safeUrl("javascript:alert(1)"), "/");
});

dbTest(
  "push: subscribe through the API, deliver encrypted with VAPID, drop gone devices",
  async (db) => {
    const browsers = new Map<string, ReturnType<typeof browserKeys>>();
    const ps = pushService(browsers);
    try {
      const { client } = await testApp(db);
      const parent = client();
      assert.equal((await parent.signIn(PARENT)).status, 303);
      const csrf = await parent.csrf();
      const post = (body: unknown) =>
        parent.request("/api/v1/push-subscriptions", {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": csrf },
          body: JSON.stringify(body),
        });

      // Bad input: refused with the field named, nothing stored.
      const bad = await post({ endpoint: "ftp://x", keys: { p256dh: "short", auth: "x" } });
      assert.equal(bad.status, 422);
      assert.match(bad.headers.get("content-type") ?? "", /application\/problem\+json/);
      const problem = await bad.json();
      assert.ok(problem.errors.some((e: { path: string }) => e.path.includes("endpoint")));

      const phone = browserKeys();
      const gone = browserKeys();
      browsers.set("/wpush/phone", phone);
      const created = await post({
        endpoint: `${ps.base}/wpush/phone`,
        expirationTime: null,
        keys: phone.keys,
      });
      assert.equal(created.status, 201);
      assert.match(created.headers.get("content-type") ?? "", /application\/json/);
      const device = await created.json();
      assert.equal(device.endpoint_host, new URL(ps.base).host);
      // Same endpoint again: refreshed, not duplicated.
      assert.equal(
        (await post({ endpoint: `${ps.base}/wpush/phone`, keys: phone.keys })).status,
        201,
      );
      assert.equal(
        (await post({ endpoint: `${ps.base}/gone/old-tablet`, keys: gone.keys })).status,
        201,
      );
      const list = await parent.get("/api/v1/push-subscriptions");
      assert.equal(list.status, 200);
      const listed = await list.json();
      assert.equal(listed.items.length, 2);
      assert.equal(listed.vapid_public_key, (await vapidKeys(db)).publicKey);

      // The other parent sees none of them (RLS: own devices only).
      const other = client();
      assert.equal((await other.signIn(OTHER_PARENT)).status, 303);
      assert.equal((await (await other.get("/api/v1/push-subscriptions")).json()).items.length, 0);
      const steal = await other.request(`/api/v1/push-subscriptions/${device.id}`, {
        method: "DELETE",
        headers: { "x-csrf-token": await other.csrf() },
      });
      assert.equal(steal.status, 404);

      const me = await userIdOf(db, PARENT);
      const report = await notify(db, {
        tenantId: me.tenant_id,
        userIds: [me.id],
        title: "Assenza registrata",
        body: "Sofia è stata segnata assente oggi.",
        url: "/famiglie",
        tag: "attendance",
      }, { subject: SUBJECT });
      assert.deepEqual(report, { sent: 1, removed: 1, failed: 0 });
      assert.equal(ps.received.length, 1);
      const got = ps.received[0];
      assert.equal(got.path, "/wpush/phone");
      assert.deepEqual(got.payload, {
        title: "Assenza registrata",
        body: "Sofia è stata segnata assente oggi.",
        url: "/famiglie",
        tag: "attendance",
      });
      assert.equal(got.jwt.sub, SUBJECT);
      assert.ok(got.jwt.exp * 1000 > Date.now() && got.jwt.exp * 1000 <= Date.now() + 86_400_000);
      assert.equal(got.ttl, String(24 * 3600));
      assert.equal(got.urgency, "normal");

      // The 410 device is gone; the delivered one remembers when.
      const after = await (await parent.get("/api/v1/push-subscriptions")).json();
      assert.equal(after.items.length, 1);
      assert.ok(after.items[0].last_sent_at);

      // Nobody else's devices get it.
      const none = await notify(db, {
        tenantId: me.tenant_id,
        userIds: [(await userIdOf(db, OTHER_PARENT)).id],
        title: "x",
        body: "y",
        url: "/",
      }, { subject: SUBJECT });
      assert.deepEqual(none, { sent: 0, removed: 0, failed: 0 });

      // The device changes hands: the other parent enables it, the first one loses it.
      const takeover = await other.request("/api/v1/push-subscriptions", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": await other.csrf() },
        body: JSON.stringify({ endpoint: `${ps.base}/wpush/phone`, keys: phone.keys }),
      });
      assert.equal(takeover.status, 201);
      assert.equal((await (await parent.get("/api/v1/push-subscriptions")).json()).items.length, 0);

      // Disabling by endpoint (what the browser knows) is idempotent.
      for (let i = 0; i < 2; i++) {
        const del = await other.request(
          `/api/v1/push-subscriptions?endpoint=${encodeURIComponent(`${ps.base}/wpush/phone`)}`,
          { method: "DELETE", headers: { "x-csrf-token": await other.csrf() } },
        );
        assert.equal(del.status, 204);
      }
      assert.equal((await (await other.get("/api/v1/push-subscriptions")).json()).items.length, 0);
    } finally {
      await ps.stop();
    }
  },
);

dbTest("push: VAPID keys are made once and shared", async (db) => {
  const [a, b] = await Promise.all([vapidKeys(db), vapidKeys(db)]);
  assert.deepEqual(a, b);
  assert.equal(Buffer.from(a.publicKey, "base64url").length, 65);
  const [row] = await db.asService((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from private.vapid_keys")
  );
  assert.equal(row.n, 1);
});

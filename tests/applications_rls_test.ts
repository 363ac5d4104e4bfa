import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import {
  canteenBody,
  clearApplications,
  demoFacts,
  fileApplication,
} from "../lib/enrollment/review_testing.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const CHIARA = "chiara.colombo@posta.example";
const OTHER_FAMILY = "altra.famiglia@posta.example";

/** A family account of another household of the demo Ente (a parent in the registry). */
async function addOtherFamily(db: Db): Promise<string> {
  return await db.asService(async (tx) => {
    const [parent] = await tx.query<{ id: string; tenant_id: string; household_id: string }>(
      `select p.id, p.tenant_id, m.household_id from public.people p
         join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
         join public.households h on h.tenant_id = m.tenant_id and h.id = m.household_id
        where m.role = 'parent' and p.user_id is null and h.name not like '%Ricci%'
        order by h.name limit 1`,
    );
    const [user] = await tx.query<{ id: string }>(
      "insert into public.users (email, full_name) values ($1, 'Altra Famiglia') returning id",
      [OTHER_FAMILY],
    );
    await tx.query(
      `insert into private.credentials (user_id, password_hash)
       select $1, c.password_hash from private.credentials c
         join public.users u on u.id = c.user_id where u.email = $2`,
      [user.id, DEMO_USERS[0].email],
    );
    await tx.query(
      "insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'family')",
      [parent.tenant_id, user.id],
    );
    await tx.query("update public.people set user_id = $1 where id = $2", [user.id, parent.id]);
    return parent.household_id;
  });
}

dbTest("applications API: a family sees only its own; others get 404 or nothing", async (db) => {
  const f = await demoFacts(db);
  const id = await fileApplication(db, canteenBody(f, f.kids.slice(0, 1)));
  const otherHousehold = await addOtherFamily(db);

  const chiara = await operatorApi(db, CHIARA);
  const mine = await chiara.call("GET", "/applications");
  assert.equal(mine.status, 200);
  assert.match(mine.type, /^application\/json/);
  assert.ok(mine.json.items.some((a: { id: string }) => a.id === id));
  const [{ own }] = await db.asOwner((tx) =>
    tx.query<{ own: number }>(
      "select count(*)::int as own from public.applications where household_id = $1",
      [f.applicant.household_id],
    )
  );
  assert.equal(mine.json.total, own, "only the household's applications");
  const one = await chiara.call("GET", `/applications/${id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.items[0].child.name, "Sofia");
  assert.equal("review_notes" in one.json.items[0], false, "internal notes never reach families");

  const stranger = await operatorApi(db, OTHER_FAMILY);
  const theirs = await stranger.call("GET", "/applications");
  assert.equal(theirs.status, 200);
  assert.ok(!theirs.json.items.some((a: { id: string }) => a.id === id));
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.applications where household_id = $1",
      [otherHousehold],
    )
  );
  assert.equal(theirs.json.total, n);
  for (
    const [method, path, body] of [
      ["GET", `/applications/${id}`],
      ["GET", `/applications/${id}/messages`],
      ["POST", `/applications/${id}/messages`, { subject: "Ciao", body: "Intruso" }],
      ["POST", `/applications/${id}/withdraw`, { reason: "Non è mia" }],
    ] as [string, string, unknown?][]
  ) {
    const r = await stranger.call(method, path, body);
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.match(r.type, /^application\/problem\+json/);
  }
  const review = await stranger.call("POST", `/applications/${id}/review`, { items: [] });
  assert.equal(review.status, 403, "families do not review");

  await addOtherTenant(db);
  const otherEnte = await operatorApi(db, OTHER_ADMIN);
  const none = await otherEnte.call("GET", "/applications");
  assert.equal(none.status, 200);
  assert.equal(none.json.total, 0);
  assert.equal((await otherEnte.call("GET", `/applications/${id}`)).status, 404);
  const r = await otherEnte.call("POST", `/applications/${id}/review`, { items: [] });
  assert.equal(r.status, 404);
});

dbTest("applications API: review, communicate, messages and withdrawal", async (db) => {
  await clearApplications(db);
  const f = await demoFacts(db);
  const id = await fileApplication(db, canteenBody(f));
  const op = await operatorApi(db);
  const app = await op.call("GET", `/applications/${id}`);
  const byName = (n: string) =>
    app.json.items.find((i: { child: { name: string } }) => i.child.name === n).id as string;
  const [sofia, tommaso] = [byName("Sofia"), byName("Tommaso")];
  const outcomes = (a: { items: { id: string; outcome: string }[] }) =>
    [sofia, tommaso].map((x) => a.items.find((i) => i.id === x)!.outcome);

  const list = await op.call("GET", "/applications?outcome=pending&kind=new&q=ricci");
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 1);
  assert.deepEqual(list.json.items[0].outcomes, ["pending"]);
  assert.equal(list.json.items[0].children, 2);
  const bad = await op.call("GET", "/applications?submitted_from=ieri");
  assert.equal(bad.status, 422);

  const noReason = await op.call("POST", `/applications/${id}/review`, {
    items: [{ item_id: sofia, outcome: "accepted" }, { item_id: tommaso, outcome: "rejected" }],
  });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.json.code, "invalid");
  assert.deepEqual(noReason.json.errors.map((e: { path: string }) => e.path), [
    `items.${tommaso}.reason`,
  ]);
  const untouched = await op.call("GET", `/applications/${id}`);
  assert.deepEqual(outcomes(untouched.json), ["pending", "pending"], "all or nothing");

  const done = await op.call("POST", `/applications/${id}/review`, {
    items: [
      { item_id: sofia, outcome: "accepted", notes: "Tutto in regola" },
      { item_id: tommaso, outcome: "waitlisted" },
    ],
    communicate_via: "portal",
  });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  assert.deepEqual(outcomes(done.json), ["accepted", "waitlisted"]);
  assert.ok(
    done.json.items.every((i: { communicated_via: string }) => i.communicated_via === "portal"),
  );

  const chiara = await operatorApi(db, CHIARA);
  const thread = await chiara.call("GET", `/applications/${id}/messages`);
  assert.equal(thread.status, 200);
  assert.deepEqual(thread.json.items.map((m: { direction: string }) => m.direction), [
    "system",
    "to_family",
  ]);
  assert.match(thread.json.items[1].body, /Sofia Ricci, Refezione scolastica: accolta/);
  const asked = await chiara.call("POST", `/applications/${id}/messages`, {
    subject: "Domanda",
    body: "Quando si libera un posto per Tommaso?",
    email: true,
  });
  assert.equal(asked.status, 201);
  assert.equal(asked.json.direction, "from_family");
  assert.equal(asked.json.channel, "portal", "families write on the portal only");
  const answer = await op.call("POST", `/applications/${id}/messages`, {
    subject: "Lista d'attesa",
    body: "Vi scriveremo appena si libera un posto.",
    email: true,
  });
  assert.equal(answer.status, 201);
  assert.equal(answer.json.channel, "email");
  const [mail] = await db.asOwner((tx) =>
    tx.query<{ to_address: string }>(
      "select to_address from public.mail_outbox where subject = $1",
      ["Lista d'attesa"],
    )
  );
  assert.equal(mail.to_address, "chiara.colombo@posta.example");

  // The family cannot review, nor withdraw once a child is accepted; the office can.
  const famReview = await chiara.call("POST", `/applications/${id}/review`, { items: [] });
  assert.equal(famReview.status, 403);
  const famWithdraw = await chiara.call("POST", `/applications/${id}/withdraw`, {
    reason: "Cambio scuola",
  });
  assert.equal(famWithdraw.status, 409);
  assert.equal(famWithdraw.json.code, "accepted");
  const w = await op.call("POST", `/applications/${id}/withdraw`, { reason: "Trasferimento" });
  assert.equal(w.status, 200);
  assert.equal(w.json.status, "withdrawn");
  const late = await op.call("POST", `/applications/${id}/review`, {
    items: [{ item_id: tommaso, outcome: "accepted" }],
  });
  assert.equal(late.status, 422);
  assert.match(late.json.errors[0].message, /withdrawn/);
});

dbTest("applications API: a family withdraws its own pending application", async (db) => {
  await clearApplications(db);
  const f = await demoFacts(db);
  const id = await fileApplication(db, canteenBody(f, f.kids.slice(1)));
  const chiara = await operatorApi(db, CHIARA);
  const r = await chiara.call("POST", `/applications/${id}/withdraw`, { reason: "Non serve più" });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, "withdrawn");
  assert.ok(r.json.withdrawn_at);
  const again = await chiara.call("POST", `/applications/${id}/withdraw`, { reason: "Di nuovo" });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, "not_submitted");
});

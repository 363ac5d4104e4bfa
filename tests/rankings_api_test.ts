/**
 * Rankings end to end through the API and the pages: criteria, compute → final → publish, the
 * public page (protocol numbers, never names), scorrimento (decline → next offered with its
 * deadline; expiry processed once; added places), and the family's answer.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_NURSERY_RULES } from "../lib/rankings/demo.ts";
import { htmlOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { nurseryApplications } from "./helpers/fixtures_rankings.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";

const CHIARA = "chiara.colombo@posta.example";

async function nursery(db: Db) {
  const [r] = await db.asOwner((tx) =>
    tx.query<{ service: string; year: string }>(
      `select s.id as service, sy.school_year_id as year from public.services s
         join public.service_school_years sy on sy.tenant_id = s.tenant_id and sy.service_id = s.id
        where s.code = 'NIDO' limit 1`,
    )
  );
  return r;
}

/** Six applications whose order under the demo rules is known (see each comment). */
async function sixApplications(db: Db) {
  const p = await nurseryApplications(db, [
    { name: "Alice", birth_date: "2025-03-10", working_parents: 2 }, // 22
    { name: "Bruno", birth_date: "2025-06-01", working_parents: 1, disability: true }, // 42
    { name: "Carla", birth_date: "2025-01-05", working_parents: 2, full_time: false }, // 20
    { name: "Dario", birth_date: "2025-02-02", working_parents: 2, resident: false }, // 22, last
    { name: "Elena", birth_date: "2025-04-04", working_parents: 1, ricciColombo: true }, // 12
    { name: "Franco", birth_date: "2024-12-01", working_parents: 2 }, // 22, older than Alice
  ]);
  return { alice: p[0], bruno: p[1], carla: p[2], dario: p[3], elena: p[4], franco: p[5] };
}

dbTest("rankings API: criteria are checked field by field and stored", async (db) => {
  const n = await nursery(db);
  const op = await operatorApi(db);
  const got = await op.call(
    "GET",
    `/rankings/criteria?service_id=${n.service}&school_year_id=${n.year}`,
  );
  assert.equal(got.status, 200);
  assert.deepEqual(got.json.rules, DEMO_NURSERY_RULES, "the demo seeds the nursery's criteria");

  const bad = await op.call("PUT", "/rankings/criteria", {
    service_id: n.service,
    school_year_id: n.year,
    rules: {
      criteria: [{ kind: "disability", code: "x", label: "D", points: 5000 }],
      tie_breakers: ["older_child", "younger_child"],
      offer_days: 0,
    },
  });
  assert.equal(bad.status, 422);
  assert.match(bad.type, /problem\+json/);
  assert.equal(bad.json.code, "invalid");
  const paths = bad.json.errors.map((e: { path: string }) => e.path).sort();
  assert.deepEqual(paths, [
    "rules.criteria.0.code",
    "rules.criteria.0.label",
    "rules.criteria.0.points",
    "rules.offer_days",
    "rules.tie_breakers",
  ]);
  const again = await op.call(
    "GET",
    `/rankings/criteria?service_id=${n.service}&school_year_id=${n.year}`,
  );
  assert.deepEqual(again.json.rules, DEMO_NURSERY_RULES, "nothing stored on error");
});

dbTest(
  "rankings: compute → final → publish, public page, scorrimento, family answer",
  async (db) => {
    const n = await nursery(db);
    const p = await sixApplications(db);
    const op = await operatorApi(db);

    const computed = await op.call("POST", "/rankings", {
      service_id: n.service,
      school_year_id: n.year,
      places: 2,
    });
    assert.equal(computed.status, 201, JSON.stringify(computed.json));
    const r = computed.json;
    assert.equal(r.status, "provisional");
    type E = {
      id: string;
      protocol_number: string;
      score: number;
      state: string;
      group: string;
      breakdown: { code: string; points: number }[];
      offer_deadline: string | null;
    };
    const order = r.entries.map((e: E) => e.protocol_number);
    assert.deepEqual(order, [p.bruno, p.franco, p.alice, p.carla, p.elena, p.dario]);
    assert.deepEqual(r.entries.map((e: E) => e.score), [42, 22, 22, 20, 12, 22]);
    assert.deepEqual(r.entries.map((e: E) => e.state), [
      "admitted",
      "admitted",
      "waiting",
      "waiting",
      "waiting",
      "waiting",
    ]);
    assert.equal(r.entries[5].group, "non_resident");
    const bruno = r.entries[0] as E;
    assert.equal(bruno.breakdown.find((l) => l.code === "disabilita")!.points, 30);
    assert.equal(bruno.breakdown.find((l) => l.code === "genitori_lavoratori")!.points, 10);

    // Recomputing a provisional ranking gives the same list.
    const re = await op.call("POST", "/rankings", {
      service_id: n.service,
      school_year_id: n.year,
      places: 2,
    });
    assert.equal(re.json.id, r.id);
    assert.deepEqual(re.json.entries.map((e: E) => e.protocol_number), order);

    // Not public before publication.
    const anon = (await testApp(db)).client();
    await htmlOf(await anon.get(`/graduatorie/${r.id}`), 404);

    const fin = await op.call("POST", `/rankings/${r.id}/finalize`);
    assert.equal(fin.status, 200);
    assert.equal(fin.json.status, "final");
    const locked = await op.call("POST", "/rankings", {
      service_id: n.service,
      school_year_id: n.year,
    });
    assert.equal(locked.status, 409);
    assert.equal(locked.json.code, "locked");
    assert.equal((await op.call("POST", `/rankings/${r.id}/finalize`)).json.code, "wrong_status");

    const mailsBefore = await countMails(db);
    const pub = await op.call("POST", `/rankings/${r.id}/publish`);
    assert.equal(pub.status, 200, JSON.stringify(pub.json));
    assert.equal(pub.json.status, "published");
    assert.equal(pub.json.public_url, `/graduatorie/${r.id}`);
    const states = pub.json.entries.map((e: E) => e.state);
    assert.deepEqual(states, ["offered", "offered", "waiting", "waiting", "waiting", "waiting"]);
    const deadline = new Date(pub.json.entries[0].offer_deadline);
    const days = (deadline.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 7 && days <= 8.01, `deadline 7 days on, until 23:59 Rome: ${deadline}`);
    assert.equal(await countMails(db), mailsBefore + 2, "one e-mail per offer");
    const [msg] = await db.asOwner((tx) =>
      tx.query<{ subject: string; body: string }>(
        `select m.subject, m.body from public.application_messages m
         join public.applications a on a.id = m.application_id
        where a.protocol_number = $1 and m.direction = 'to_family'`,
        [p.bruno],
      )
    );
    assert.match(msg.subject, /Offerta di posto/);
    assert.match(msg.body, new RegExp(`${p.bruno}.*entro le 23:59`));

    // The public page: protocol numbers, scores and positions; never names or codes.
    const page = await htmlOf(await anon.get(`/graduatorie/${r.id}`));
    for (const protocol of order) assert.ok(page.includes(protocol), protocol);
    for (const name of ["Alice", "Bruno", "Prova", "TSTNMO", "Genitore", "disabilit"]) {
      assert.ok(!page.toLowerCase().includes(name.toLowerCase()), `${name} on the public page`);
    }
    assert.match(page, /<caption/);

    // Scorrimento: Franco's family declines (at the counter) → Alice is offered, with a deadline.
    const franco = pub.json.entries[1] as E;
    const declined = await op.call("POST", `/rankings/${r.id}/offers/answer`, {
      entry_id: franco.id,
      answer: "decline",
    });
    assert.equal(declined.status, 200, JSON.stringify(declined.json));
    assert.equal(declined.json.state, "declined");
    const twice = await op.call("POST", `/rankings/${r.id}/offers/answer`, {
      entry_id: franco.id,
      answer: "accept",
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.code, "offer_closed");
    let cur = (await op.call("GET", `/rankings/${r.id}`)).json;
    const alice = cur.entries.find((e: E) => e.protocol_number === p.alice);
    assert.equal(alice.state, "offered");
    assert.ok(alice.offer_deadline);

    // Alice's offer expires: processed once, the place goes to Carla.
    await db.asOwner((tx) =>
      tx.query(
        `update public.ranking_entries set offer_deadline = now() - interval '1 minute',
              offer_sent_at = now() - interval '8 days' where id = $1`,
        [alice.id],
      )
    );
    const processed = await op.call("POST", `/rankings/${r.id}/offers`);
    assert.deepEqual(processed.json, { expired: 1, offered: 1 });
    assert.deepEqual((await op.call("POST", `/rankings/${r.id}/offers`)).json, {
      expired: 0,
      offered: 0,
    });
    const [item] = await db.asOwner((tx) =>
      tx.query<{ outcome: string; live: boolean }>(
        `select i.outcome, i.live from public.application_items i
         join public.ranking_entries e on e.application_item_id = i.id where e.id = $1`,
        [alice.id],
      )
    );
    assert.deepEqual(item, { outcome: "rejected", live: false });
    cur = (await op.call("GET", `/rankings/${r.id}`)).json;
    assert.deepEqual(
      cur.entries.map((e: E) => e.state),
      ["offered", "declined", "expired", "offered", "waiting", "waiting"],
    );

    // One more place: offered to the next waiting (Elena, the Ricci Colombo family's).
    const more = await op.call("PATCH", `/rankings/${r.id}`, { places: 3 });
    assert.equal(more.status, 200);
    const elena = more.json.entries.find((e: E) => e.protocol_number === p.elena);
    assert.equal(elena.state, "offered");
    // Carla's application is withdrawn: processing frees her place for Dario (non-resident).
    await db.asOwner((tx) =>
      tx.query(
        `update public.applications set status = 'withdrawn', withdrawn_at = now(),
                withdrawal_reason = 'trasferimento' where protocol_number = $1`,
        [p.carla],
      )
    );
    assert.deepEqual((await op.call("POST", `/rankings/${r.id}/offers`)).json, {
      expired: 0,
      offered: 1,
    });
    cur = (await op.call("GET", `/rankings/${r.id}`)).json;
    assert.deepEqual(
      cur.entries.map((e: E) => e.state),
      ["offered", "declined", "expired", "withdrawn", "offered", "offered"],
    );
    const fewer = await op.call("PATCH", `/rankings/${r.id}`, { places: 1 });
    assert.equal(fewer.status, 422);

    // The family sees its offer on its home and accepts it on its own page.
    const { client } = await testApp(db);
    const chiara = client();
    assert.equal((await chiara.signIn(CHIARA)).status, 303);
    const csrf = await chiara.csrf();
    const mine = await chiara.request("/api/v1/rankings/offers", {
      headers: { "x-csrf-token": csrf },
    });
    assert.equal(mine.status, 200);
    const list = (await mine.json()).items;
    assert.deepEqual(list.map((o: { protocol_number: string }) => o.protocol_number), [p.elena]);
    const home = await htmlOf(await chiara.get("/famiglie"));
    assert.match(home, /Offerte di posto/);
    assert.ok(home.includes(`/famiglie/offerte/${elena.id}`));
    const offerPage = await htmlOf(await chiara.get(`/famiglie/offerte/${elena.id}`));
    assert.ok(offerPage.includes(p.elena));
    await htmlOf(await chiara.get(`/famiglie/offerte/${alice.id}`), 404);
    const accepted = await chiara.postForm(`/famiglie/offerte/${elena.id}`, { answer: "accept" });
    assert.equal(accepted.status, 303);
    const after = await htmlOf(await chiara.get(accepted.headers.get("location")!));
    assert.match(after, /accettato/i);
    const [el] = await db.asOwner((tx) =>
      tx.query<{ outcome: string; state: string }>(
        `select i.outcome, e.state from public.ranking_entries e
         join public.application_items i on i.id = e.application_item_id where e.id = $1`,
        [elena.id],
      )
    );
    assert.deepEqual(el, { outcome: "accepted", state: "accepted" });
  },
);

async function countMails(db: Db) {
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from public.mail_outbox")
  );
  return n;
}

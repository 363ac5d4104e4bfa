/**
 * Rankings under RLS: a family reads only its own entries, and only once published; it cannot
 * write entries nor answer another family's offer; another Ente sees nothing; the public page of
 * an unpublished ranking (of any Ente) is 404.
 */
import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { htmlOf, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { nurseryApplications } from "./helpers/fixtures_rankings.ts";
import { callersOf, createSecondTenant, demoTenant } from "./helpers/second_tenant.ts";

async function claimsOf(db: Db, email: string): Promise<Claims> {
  const [u] = await db.asOwner((tx) =>
    tx.query<{ id: string; tenant_id: string; role: string }>(
      `select u.id, m.tenant_id, m.role from public.users u
         join public.memberships m on m.user_id = u.id where lower(u.email) = $1`,
      [email],
    )
  );
  return {
    sub: u.id,
    role: "authenticated",
    // deno-lint-ignore no-explicit-any
    app_metadata: { tenant_id: u.tenant_id, roles: [u.role as any] },
  };
}

dbTest("rankings RLS: families see their own published entries only", async (db) => {
  const [, mine] = await nurseryApplications(db, [
    { name: "Altro", birth_date: "2025-02-01", working_parents: 2 },
    { name: "Nostro", birth_date: "2025-03-01", working_parents: 1, ricciColombo: true },
  ]);
  const f = await demoTenant(db);
  const { claims } = await callersOf(db, f);
  const operator = claims.find(([r]) => r === "operator")![1];
  const chiara = await claimsOf(db, "chiara.colombo@posta.example");
  const luca = await claimsOf(db, "luca.ricci@posta.example");
  const teacher = claims.find(([r]) => r === "teacher")![1];
  const { computeRanking, finalizeRanking, publishRanking } = await import(
    "../lib/rankings/rankings.ts"
  );
  const id = await db.asUser(operator, async (tx) => {
    const [n] = await tx.query<{ service: string; year: string }>(
      `select s.id as service, sy.school_year_id as year from public.services s
         join public.service_school_years sy on sy.service_id = s.id
        where s.tenant_id = app.tenant_id() and s.code = 'NIDO' limit 1`,
    );
    return await computeRanking(tx, {
      serviceId: n.service,
      yearId: n.year,
      places: 1,
      userId: operator.sub,
    });
  });
  const entries = (c: Claims) =>
    db.asUser(c, (tx) =>
      tx.query<{ protocol_number: string; state: string; id: string }>(
        "select id, protocol_number, state from public.ranking_entries order by position",
      ));

  assert.equal((await entries(chiara)).length, 0, "nothing before publication");
  await db.asUser(operator, (tx) => finalizeRanking(tx, id));
  await db.asUser(operator, (tx) => publishRanking(tx, id, operator.sub));
  const all = await entries(operator);
  assert.equal(all.length, 2);
  for (const parent of [chiara, luca]) {
    const seen = await entries(parent);
    assert.deepEqual(seen.map((e) => e.protocol_number), [mine], "both parents, own entry only");
    const rankings = await db.asUser(parent, (tx) => tx.query("select id from public.rankings"));
    assert.equal(rankings.length, 1);
  }
  assert.equal((await entries(teacher)).length, 0, "teachers see no rankings");

  // Writes are refused: a direct update changes nothing, another family's offer is not found.
  const other = all.find((e) => e.protocol_number !== mine)!;
  await assert.rejects(
    db.asUser(chiara, (tx) =>
      tx.query(
        `insert into public.ranking_entries (tenant_id, ranking_id, application_id,
           application_item_id, protocol_number, score, position, state)
         select tenant_id, ranking_id, application_id, application_item_id, 'X', 1, 99, 'accepted'
           from public.ranking_entries limit 1`,
      )),
    /row-level security/,
  );
  const [{ n }] = await db.asUser(chiara, (tx) =>
    tx.query<{ n: number }>(
      `with u as (update public.ranking_entries set state = 'accepted' returning 1)
       select count(*)::int as n from u`,
    ));
  assert.equal(n, 0, "no entry updated by a family");
  await assert.rejects(
    db.asUser(chiara, (tx) => tx.query("select app.respond_place_offer($1, true)", [other.id])),
    /offer_not_found/,
  );
  await assert.rejects(
    db.asUser(chiara, (tx) => tx.query("select * from app.ranking_process_offers($1)", [id])),
    /ranking_not_found/,
  );

  // Another Ente: its staff and families see none of these; its unpublished ranking is 404.
  const second = await createSecondTenant(db);
  const theirs = await callersOf(db, second);
  for (const [, c] of theirs.claims) {
    assert.equal((await entries(c)).filter((e) => e.protocol_number === mine).length, 0);
  }
  const [theirRanking] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `update public.rankings set status = 'final', published_at = null, public_snapshot = null
        where tenant_id = $1 returning id`,
      [second.tenantId],
    )
  );
  const anon = (await testApp(db)).client();
  await htmlOf(await anon.get(`/graduatorie/${theirRanking.id}`), 404);
  await htmlOf(await anon.get("/graduatorie/not-a-uuid"), 404);
  const page = await htmlOf(await anon.get(`/graduatorie/${id}`));
  assert.ok(page.includes(mine));
});

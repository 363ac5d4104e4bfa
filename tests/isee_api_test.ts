import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { declareIsee, listAttestations, verifyDeclared } from "../lib/inps/attestations.ts";
import { inpsGateway } from "../lib/inps/gateway.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";
import { dbTest } from "./helpers/db.ts";
import { testApp } from "./helpers/app.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const CHIARA = "chiara.colombo@posta.example";

async function ricci(db: Db) {
  return await db.asOwner(async (tx) => {
    const rows = await tx.query<{ id: string; name: string }>(
      `select id, name from public.people where surname in ('Ricci', 'Colombo')
         and name in ('Sofia', 'Tommaso', 'Chiara', 'Luca') and merged_into is null`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.id])) as Record<string, string>;
  });
}

async function session(db: Db, email: string) {
  const { client, config } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn(email)).status, 303);
  return { c, config, token: c.cookies.get("piazza_session")! };
}

async function claimsOf(db: Db, email: string): Promise<Claims> {
  const { token, config } = await session(db, email);
  const { verifySession } = await import("../lib/auth/tokens.ts");
  return (await verifySession(token, config.jwtSecret))!;
}

dbTest(
  "edge function inps-isee: operator's session JWT, stores the row, supersedes the previous",
  async (db) => {
    const ids = await ricci(db);
    const { c, token } = await session(db, OPERATOR);
    const call = (body: unknown, bearer: string | null = token) =>
      c.app.request("/functions/v1/inps-isee", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const first = await call({ person_id: ids.Sofia, service_kind: "canteen" });
    assert.equal(first.status, 201);
    assert.match(first.headers.get("content-type")!, /json/);
    const a = await first.json();
    assert.equal(a.simulated, true);
    assert.equal(a.superseded, 0);
    assert.equal(a.attestation.source, "inps");
    assert.equal(a.attestation.status, "valid");
    assert.equal(a.attestation.kind, "minorenni");
    assert.equal(a.attestation.value_cents, 2134567);
    assert.equal(a.attestation.protocol, "INPS-ISEE-2026-00004512K-00");
    assert.equal(a.attestation.presented_on, "2026-01-22");
    assert.equal(a.attestation.valid_until, "2026-12-31");
    const second = await (await call({ person_id: ids.Sofia })).json();
    assert.equal(second.superseded, 1);
    const rows = await db.asOwner((tx) =>
      tx.query<{ id: string; status: string }>(
        "select id, status from public.isee_attestations where person_id = $1 order by retrieved_at",
        [ids.Sofia],
      )
    );
    assert.deepEqual(rows.map((r) => r.status), ["superseded", "valid"]);
    assert.equal(rows[1].id, second.attestation.id);
    const ord = await (await call({ person_id: ids.Luca })).json();
    assert.equal(ord.attestation.kind, "ordinario");
    assert.equal(ord.attestation.value_cents, 2345678);
    // Refusals: no token, a family's token, a bad body.
    const none = await call({ person_id: ids.Sofia }, null);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("content-type"), "application/problem+json");
    await none.body?.cancel();
    const fam = await session(db, CHIARA);
    const forbidden = await call({ person_id: ids.Sofia }, fam.token);
    assert.equal(forbidden.status, 403);
    await forbidden.body?.cancel();
    const bad = await call({ person_id: "x" });
    assert.equal(bad.status, 422);
    assert.equal((await bad.json()).code, "validation");
    const viewed = await db.asOwner((tx) =>
      tx.query(
        "select 1 from public.audit_log where action = 'view' and entity = 'isee_attestations'",
      )
    );
    assert.ok(viewed.length >= 3);
  },
);

dbTest("API: POST /people/{id}/isee and GET /isee-attestations (audited)", async (db) => {
  const ids = await ricci(db);
  const api = await operatorApi(db);
  const r = await api.call("POST", `/people/${ids.Tommaso}/isee`, { kind: "ordinario" });
  assert.equal(r.status, 201);
  assert.equal(r.json.attestation.kind, "ordinario");
  const list = await api.call("GET", `/isee-attestations?person_id=${ids.Tommaso}`);
  assert.equal(list.status, 200);
  assert.match(list.type, /json/);
  assert.equal(list.json.items.length, 1);
  assert.equal(list.json.items[0].value_cents, 2345678);
  const unknown = await api.call("POST", `/people/${crypto.randomUUID()}/isee`, {});
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, "person_not_found");
});

dbTest(
  "RLS: another Ente sees nothing; a family sees its household's and only declares for it",
  async (db) => {
    const ids = await ricci(db);
    const op = await claimsOf(db, OPERATOR);
    const gw = await inpsGateway((await testApp(db)).config);
    const { retrieveIsee } = await import("../lib/inps/attestations.ts");
    await retrieveIsee(db, op, gw, { personId: ids.Sofia });
    const stranger = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        `select p.id from public.people p where p.surname not in ('Ricci', 'Colombo')
         and p.tax_code is not null and p.merged_into is null limit 1`,
      )
    );
    await retrieveIsee(db, op, gw, { personId: stranger[0].id }).catch(() => {});
    const chiara = await claimsOf(db, CHIARA);
    const mine = await db.asUser(chiara, (tx) => listAttestations(tx));
    assert.ok(mine.length >= 1);
    assert.ok(mine.every((a) => Object.values(ids).includes(a.person_id)));
    // A family declares for its own child, never for someone else's, never as INPS.
    const id = await db.asUser(chiara, (tx) =>
      declareIsee(tx, chiara.sub, {
        personId: ids.Tommaso,
        kind: "minorenni",
        valueCents: 2000000,
        protocol: "INPS-ISEE-2026-00004512K-00",
        presentedOn: "2026-01-22",
      }));
    await assert.rejects(() =>
      db.asUser(chiara, (tx) =>
        declareIsee(tx, chiara.sub, {
          personId: stranger[0].id,
          kind: "ordinario",
          valueCents: 1,
          protocol: "INPS-ISEE-2026-00000001A-00",
          presentedOn: "2026-01-22",
        }))
    );
    await assert.rejects(() =>
      db.asUser(chiara, (tx) =>
        tx.query(
          `insert into public.isee_attestations (tenant_id, person_id, tax_code, value_cents, source)
         select tenant_id, id, tax_code, 100, 'inps' from public.people where id = $1`,
          [ids.Tommaso],
        ))
    );
    // The office verifies it: INPS says 21,345.67, the family wrote 20,000.00.
    const v = await verifyDeclared(db, op, gw, id);
    assert.equal(v.declared.status, "mismatch");
    assert.equal(v.difference_cents, 134567);
    assert.equal(v.inps?.status, "valid");
    assert.equal(v.declared.verification?.inps_value_cents, 2134567);
    await assert.rejects(() => verifyDeclared(db, op, gw, id), /already verified/);
    // Another Ente sees none of it.
    await addOtherTenant(db);
    const other = await claimsOf(db, OTHER_ADMIN);
    assert.deepEqual(await db.asUser(other, (tx) => listAttestations(tx)), []);
  },
);

/**
 * `/api/v1/tariffs` over HTTP: create with versions, invalid rules refused with the engine's
 * Italian messages and nothing written, the quote equal to the engine's, published versions
 * append-only, and another Ente's operator seeing nothing.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { quote } from "../lib/tariffs/engine.ts";
import type { TariffRules } from "../lib/tariffs/schema.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { CANTEEN, monthStart, serviceId } from "./helpers/fixtures_tariffs.ts";
import { callersOf, demoTenant } from "./helpers/second_tenant.ts";

const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!.email;

async function api(db: Db, email = OPERATOR) {
  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn(email)).status, 303);
  const csrf = await c.csrf();
  return async (method: string, path: string, body?: unknown, headers: HeadersInit = {}) => {
    const res = await c.request(`/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", "x-csrf-token": csrf, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      json: await res.json(),
    };
  };
}

const count = (db: Db, table: string) =>
  db.asOwner(async (tx) =>
    (await tx.query<{ n: number }>(`select count(*)::int as n from public.${table}`))[0].n
  );

dbTest("tariffs API: create, add versions, read back, quote equals the engine", async (db) => {
  const call = await api(db);
  const service = await serviceId(db);
  const created = await call("POST", "/tariffs", {
    service_id: service,
    code: "mensa-2027",
    title: "Refezione 2027",
    version: { valid_from: "2026-09-01", rounding: "half_up", rules: CANTEEN },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.match(created.type, /^application\/json/);
  const t = created.json;
  assert.equal(t.code, "MENSA-2027");
  assert.equal(t.status, "draft");
  assert.equal(t.service.code, "MENSA");
  assert.deepEqual(
    t.versions.map((
      v: { valid_from: string; valid_to: string | null },
    ) => [v.valid_from, v.valid_to]),
    [["2026-09-01", null]],
  );

  const raised = {
    ...CANTEEN,
    amount: {
      ...CANTEEN.amount,
      brackets: (CANTEEN.amount as { brackets: unknown[] }).brackets.map((b) => ({
        ...(b as object),
        cents: (b as { cents: number }).cents + 20,
      })),
    },
  } as TariffRules;
  const v2 = await call("POST", `/tariffs/${t.id}/versions`, {
    valid_from: "2027-01-01",
    rules: raised,
  });
  assert.equal(v2.status, 201, JSON.stringify(v2.json));
  assert.deepEqual(
    v2.json.versions.map((
      v: { valid_from: string; valid_to: string | null },
    ) => [v.valid_from, v.valid_to]),
    [
      ["2026-09-01", "2026-12-31"],
      ["2027-01-01", null],
    ],
  );
  // A version between the two fits in: the first ends before it, it ends before the next.
  const v15 = await call("POST", `/tariffs/${t.id}/versions`, {
    valid_from: "2026-11-01",
    rules: CANTEEN,
    rounding: "half_even",
  });
  assert.equal(v15.status, 201, JSON.stringify(v15.json));
  assert.deepEqual(
    v15.json.versions.map((
      v: { valid_from: string; valid_to: string | null },
    ) => [v.valid_from, v.valid_to]),
    [
      ["2026-09-01", "2026-10-31"],
      ["2026-11-01", "2026-12-31"],
      ["2027-01-01", null],
    ],
  );

  const got = await call("GET", `/tariffs/${t.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.versions.length, 3);
  const list = await call("GET", `/tariffs?service_id=${service}`);
  assert.equal(list.status, 200);
  assert.ok(
    list.json.items.some((i: { id: string; versions_count: number }) =>
      i.id === t.id && i.versions_count === 3
    ),
  );

  const engine = {
    versions: got.json.versions.map((
      v: { valid_from: string; valid_to: string | null; rounding: string; rules: TariffRules },
    ) => ({
      validFrom: v.valid_from,
      validTo: v.valid_to,
      rounding: v.rounding,
      rules: v.rules,
    })),
  };
  for (
    const [month, extra] of [["2026-10", {}], ["2027-02", { resident: false }], [
      "2026-11",
      {},
    ]] as const
  ) {
    const body = { month, isee_cents: 1240000, sibling_rank: 2, uses_count: 18, ...extra };
    const r = await call("POST", `/tariffs/${t.id}/quote`, body);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const want = quote(engine, {
      month,
      iseeCents: 1240000,
      siblingRank: 2,
      usesCount: 18,
      resident: !("resident" in extra),
    });
    assert.equal(r.json.amount_cents, want.amountCents);
    assert.deepEqual(r.json.explanation, JSON.parse(JSON.stringify(want.explanation)));
  }
  const oct = await call("POST", `/tariffs/${t.id}/quote`, {
    month: "2026-10",
    isee_cents: 1240000,
    sibling_rank: 2,
    uses_count: 18,
  });
  assert.equal(oct.json.amount_cents, 4788);
  assert.equal(
    oct.json.explanation.summary.it,
    "Fascia 3 (ISEE 12.400,00 €), secondo figlio −30 %: 2,66 € × 18 = 47,88 €",
  );
  const feb = await call("POST", `/tariffs/${t.id}/quote`, {
    month: "2027-02",
    isee_cents: 1240000,
    uses_count: 18,
  });
  assert.equal(feb.json.amount_cents, 400 * 18);
  assert.equal(feb.json.version.valid_from, "2027-01-01");
  const none = await call("POST", `/tariffs/${t.id}/quote`, { month: "2026-08" });
  assert.equal(none.status, 422);
  assert.equal(none.json.code, "no_version");
  assert.match(none.json.detail, /Nessuna versione/);

  const audit = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where entity = 'tariff_versions' and entity_id = any($1)",
      [got.json.versions.map((v: { id: string }) => v.id)],
    )
  );
  assert.ok(audit[0].n >= 3, "version changes are audited");
});

dbTest(
  "tariffs API: invalid rules are refused with Italian messages and nothing is written",
  async (db) => {
    const call = await api(db);
    const service = await serviceId(db);
    const [tariffs, versions] = [await count(db, "tariffs"), await count(db, "tariff_versions")];
    const bad = {
      kind: "per_use",
      unit: "meal",
      amount: {
        type: "isee_brackets",
        brackets: [
          { fromCents: 0, toCents: 600000, cents: 200 },
          { fromCents: 590000, toCents: 1000000, cents: 320 },
          { fromCents: 1200000, toCents: null, cents: -5 },
        ],
      },
      adjustments: [{ type: "reduction_percent", bp: 15000 }],
    };
    const r = await call("POST", "/tariffs", {
      service_id: service,
      code: "ROTTA",
      title: "Tariffa sbagliata",
      version: { valid_from: "2026-09-01", rules: bad },
    });
    assert.equal(r.status, 422);
    assert.match(r.type, /^application\/problem\+json/);
    assert.equal(r.json.code, "invalid_tariff");
    assert.deepEqual(r.json.errors.map((e: { code: string }) => e.code), ["negative"]);
    const fixedSign = structuredClone(bad);
    fixedSign.amount.brackets[2].cents = 500;
    const r2 = await call("POST", "/tariffs", {
      service_id: service,
      code: "ROTTA",
      title: "Tariffa sbagliata",
      version: { valid_from: "2026-09-01", rules: fixedSign },
    });
    assert.equal(r2.status, 422);
    const codes = r2.json.errors.map((e: { code: string }) => e.code).sort();
    assert.deepEqual(codes, ["gap_in_brackets", "overlapping_brackets", "reduction_over_100"]);
    const gap = r2.json.errors.find((e: { code: string }) => e.code === "gap_in_brackets");
    assert.match(
      gap.message,
      /un ISEE da 10\.000,01 € a 11\.999,99 € non è coperto da nessuna fascia/,
    );
    assert.match(gap.message_en, /is covered by no bracket/);
    assert.equal(await count(db, "tariffs"), tariffs);
    assert.equal(await count(db, "tariff_versions"), versions);

    const ok = await call("POST", "/tariffs", {
      service_id: service,
      code: "BUONA",
      title: "Buona",
    });
    assert.equal(ok.status, 201);
    const v = await call("POST", `/tariffs/${ok.json.id}/versions`, {
      valid_from: "2026-09-01",
      rules: {
        kind: "monthly",
        amount: {
          type: "isee_linear",
          points: [{ iseeCents: 3000000, cents: 30000 }, { iseeCents: 500000, cents: 5000 }],
        },
      },
    });
    assert.equal(v.status, 422);
    assert.match(
      v.json.errors[0].message,
      /l'ISEE minimo della formula \(30\.000,00 €\) deve essere minore dell'ISEE massimo/,
    );
    const overlap = await call("POST", `/tariffs/${ok.json.id}/versions`, {
      valid_from: "2026-09-01",
      valid_to: "2027-06-30",
      rules: CANTEEN,
    });
    assert.equal(overlap.status, 201);
    const into = await call("POST", `/tariffs/${ok.json.id}/versions`, {
      valid_from: "2026-08-01",
      valid_to: "2026-09-30",
      rules: CANTEEN,
    });
    assert.equal(into.status, 422);
    assert.equal(into.json.errors[0].code, "versions_overlap");
    const publishBare = await call("POST", "/tariffs", {
      service_id: service,
      code: "NUDA",
      title: "Senza versione",
      status: "published",
    });
    assert.equal(publishBare.status, 422);
    const bare = await call("POST", "/tariffs", {
      service_id: service,
      code: "VUOTA",
      title: "Vuota",
    });
    const publishEmpty = await call("PATCH", `/tariffs/${bare.json.id}`, { status: "published" });
    assert.equal(publishEmpty.status, 409);
    assert.match(publishEmpty.json.detail, /senza versioni non si pubblica/);
    const dup = await call("POST", "/tariffs", {
      service_id: service,
      code: "BUONA",
      title: "Doppione",
    });
    assert.equal(dup.status, 409);
    assert.match(dup.json.detail, /Esiste già una tariffa con questo codice/);
  },
);

dbTest(
  "tariffs API: a published tariff's versions are append-only from the current month",
  async (db) => {
    const call = await api(db);
    const service = await serviceId(db);
    const past = monthStart(-2);
    const created = await call("POST", "/tariffs", {
      service_id: service,
      code: "PUBBLICA",
      title: "Pubblicata",
      status: "published",
      version: { valid_from: past, rules: CANTEEN },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal(created.json.status, "published");
    const id = created.json.id;

    const retro = await call("POST", `/tariffs/${id}/versions`, {
      valid_from: monthStart(-1),
      rules: CANTEEN,
    });
    assert.equal(retro.status, 409);
    assert.match(retro.json.detail, /non può iniziare prima del/);
    const same = await call("POST", `/tariffs/${id}/versions`, {
      valid_from: past,
      rules: CANTEEN,
    });
    assert.equal(same.status, 409);
    assert.match(same.json.detail, /crea una nuova versione da una data successiva/);
    const next = await call("POST", `/tariffs/${id}/versions`, {
      valid_from: monthStart(1),
      rules: { ...CANTEEN, adjustments: [] },
    });
    assert.equal(next.status, 201, JSON.stringify(next.json));
    assert.deepEqual(
      next.json.versions.map((v: { valid_to: string | null }) => v.valid_to !== null),
      [true, false],
    );

    const rewrite = await db.asUser(await operatorClaims(db), (tx) =>
      tx.query(
        'update public.tariff_versions set rules = \'{"kind":"monthly"}\' where tariff_id = $1',
        [id],
      )).catch((e) => e);
    assert.equal(
      (rewrite as { code?: string }).code,
      "55000",
      "a published version's rules never change",
    );
    const remove = await db.asUser(
      await operatorClaims(db),
      (tx) => tx.query("delete from public.tariff_versions where tariff_id = $1", [id]),
    ).catch((e) => e);
    assert.equal((remove as { code?: string }).code, "55000");

    const back = await call("PATCH", `/tariffs/${id}`, { status: "draft" });
    assert.equal(back.status, 409);
    assert.match(back.json.detail, /non torna in bozza/);
    const archived = await call("PATCH", `/tariffs/${id}`, {
      status: "archived",
      title: "Archiviata",
    });
    assert.equal(archived.status, 200);
    assert.equal(archived.json.title, "Archiviata");

    // On a draft the same start replaces the rules in place.
    const draft = await call("POST", "/tariffs", {
      service_id: service,
      code: "BOZZA",
      title: "Bozza",
      version: { valid_from: past, rules: CANTEEN },
    });
    const replaced = await call("POST", `/tariffs/${draft.json.id}/versions`, {
      valid_from: past,
      rules: { ...CANTEEN, adjustments: [] },
    });
    assert.equal(replaced.status, 201);
    assert.equal(replaced.json.versions.length, 1);
    assert.deepEqual(replaced.json.versions[0].rules.adjustments, []);
  },
);

async function operatorClaims(db: Db) {
  const f = await demoTenant(db);
  return (await callersOf(db, f)).claims.find(([role]) => role === "operator")![1];
}

dbTest(
  "tariffs API: another Ente's administrator sees nothing; keys need their scope",
  async (db) => {
    const call = await api(db);
    const service = await serviceId(db);
    const mine = await call("POST", "/tariffs", {
      service_id: service,
      code: "MIA",
      title: "Mia",
      version: { valid_from: "2026-09-01", rules: CANTEEN },
    });
    assert.equal(mine.status, 201);
    await addOtherTenant(db);
    const other = await api(db, OTHER_ADMIN);
    const list = await other("GET", "/tariffs");
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items, []);
    for (
      const [method, path, body] of [
        ["GET", `/tariffs/${mine.json.id}`, undefined],
        ["PATCH", `/tariffs/${mine.json.id}`, { title: "Presa" }],
        ["POST", `/tariffs/${mine.json.id}/versions`, { valid_from: "2027-09-01", rules: CANTEEN }],
        ["POST", `/tariffs/${mine.json.id}/quote`, { month: "2026-10" }],
      ] as const
    ) {
      const r = await other(method, path, body);
      assert.equal(r.status, 404, `${method} ${path}: ${JSON.stringify(r.json)}`);
    }
    const cross = await other("POST", "/tariffs", {
      service_id: service,
      code: "FURTO",
      title: "Furto",
    });
    assert.equal(cross.status, 422, "a tariff on another Ente's service");
    assert.equal(cross.json.errors[0].code, "unknown_service");
    const after = await call("GET", `/tariffs/${mine.json.id}`);
    assert.equal(after.json.title, "Mia");
    assert.equal(after.json.versions.length, 1);

    const f = await demoTenant(db);
    const admin = (await callersOf(db, f)).claims[0][1];
    const readKey = await db.asUser(admin, (tx) =>
      createApiKey(tx, {
        tenantId: f.tenantId,
        name: "Sola lettura",
        scopes: ["read"],
        createdBy: f.users.admin,
      }));
    const { client } = await testApp(db);
    const c = client();
    const auth = { authorization: `Bearer ${readKey.token}`, "content-type": "application/json" };
    const q = await c.request(`/api/v1/tariffs/${mine.json.id}/quote`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ month: "2026-10", isee_cents: 500000, uses_count: 10 }),
    });
    assert.equal(q.status, 200);
    assert.equal((await q.json()).amount_cents, 2000);
    const w = await c.request("/api/v1/tariffs", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ service_id: service, code: "KEY", title: "Da chiave" }),
    });
    assert.equal(w.status, 403);
    assert.equal((await w.json()).code, "insufficient_scope");
  },
);

dbTest("tariffs RLS: families read published tariffs only; staff read drafts too", async (db) => {
  const f = await demoTenant(db);
  const claims = Object.fromEntries((await callersOf(db, f)).claims);
  const seen = async (
    role: string,
  ) => (await db.asUser(
    claims[role],
    (tx) =>
      tx.query<{ code: string; status: string }>(
        "select t.code, t.status from public.tariffs t order by code",
      ),
  ));
  const staff = await seen("operator");
  assert.ok(staff.some((t) => t.status === "draft"), "the demo has a draft");
  const family = await seen("family");
  assert.ok(family.length > 0 && family.every((t) => t.status === "published"));
  const versions = await db.asUser(
    claims.family,
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.tariff_versions"),
  );
  assert.equal(versions[0].n, family.length, "one version each, for the visible tariffs only");
  const write = await db.asUser(
    claims.family,
    (tx) => tx.query("update public.tariffs set title = 'X' returning id"),
  ).catch((e) => e);
  assert.ok(
    Array.isArray(write) ? write.length === 0 : (write as { code: string }).code === "42501",
  );
  const api = await testApp(db);
  const c = api.client();
  await c.signIn(DEMO_USERS.find((u) => u.role === "family")!.email);
  const r = await c.get("/api/v1/tariffs");
  assert.equal(r.status, 403);
  await r.body?.cancel();
});

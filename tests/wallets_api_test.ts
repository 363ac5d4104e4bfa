import assert from "node:assert/strict";
import { dbTest } from "./helpers/db.ts";
import { signedInClient, type TestClient } from "./helpers/app.ts";
import { setupPrepaidCanteen } from "./helpers/fixtures_wallets.ts";

async function json(c: TestClient, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "x-csrf-token": await c.csrf() };
  if (body !== undefined) headers["content-type"] = "application/json";
  return await c.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function read(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 2000));
  assert.match(
    res.headers.get("content-type")!,
    status >= 400 ? /^application\/problem\+json/ : /^application\/json/,
  );
  return JSON.parse(text);
}

dbTest(
  "wallets API: families top up their own wallets, the office adjusts and filters",
  async (db) => {
    const s = await setupPrepaidCanteen(db);
    const fam = await signedInClient(db, "chiara.colombo@posta.example");
    const mine = await read(await fam.get("/api/v1/wallets"), 200);
    assert.equal(mine.total, 1);
    const w = mine.items[0];
    assert.equal(w.payer.name, "Colombo Chiara");
    assert.equal(w.beneficiary, null);
    assert.equal(w.balance_cents, 0);
    assert.equal(w.alert_level, "low");

    const bad = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
        amount_cents: 100,
      }),
      422,
    );
    assert.equal(bad.code, "amount_out_of_range");
    const invalid = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
        amount_cents: "dieci",
      }),
      422,
    );
    assert.equal(invalid.code, "validation_failed");
    assert.equal(invalid.errors[0].path, "body.amount_cents");
    const topUp = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
        amount_cents: 3000,
      }),
      201,
    );
    assert.equal(topUp.status, "open");
    assert.match(topUp.notice_number, /^307\d{15}$/);
    // At most five unpaid top-ups per wallet.
    for (let i = 0; i < 4; i++) {
      await read(
        await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, { amount_cents: 500 }),
        201,
      );
    }
    const pile = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
        amount_cents: 500,
      }),
      409,
    );
    assert.equal(pile.code, "too_many_open");
    // A family cannot adjust.
    const denied = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/adjustments`, {
        amount_cents: 100000,
        reason: "Regalo a me stesso",
      }),
      403,
    );
    assert.equal(denied.code, "forbidden");

    const op = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const moved = await read(
      await json(op, "POST", `/api/v1/wallets/${w.id}/adjustments`, {
        amount_cents: -1200,
        reason: "Pasti di ottobre",
      }),
      201,
    );
    assert.equal(moved.kind, "adjustment");
    assert.equal(moved.balance_after_cents, -1200);
    const neg = await read(await op.get("/api/v1/wallets?filter=negative"), 200);
    assert.ok(neg.items.some((x: { id: string }) => x.id === w.id));
    assert.ok(neg.items.every((x: { balance_cents: number }) => x.balance_cents < 0));
    const noReason = await read(
      await json(op, "POST", `/api/v1/wallets/${w.id}/adjustments`, {
        amount_cents: 100,
        reason: "",
      }),
      422,
    );
    assert.equal(noReason.errors[0].path, "body.reason");

    const patched = await read(
      await json(op, "PATCH", `/api/v1/wallets/${w.id}`, {
        low_balance_threshold_cents: 2000,
        grace_cents: 1500,
      }),
      200,
    );
    assert.equal(patched.alert_level, "negative");

    const moves = await read(await fam.get(`/api/v1/wallets/${w.id}/movements`), 200);
    assert.equal(moves.total, 1);
    assert.match(moves.items[0].explanation.summary.it, /Pasti di ottobre/);
    const ups = await read(await fam.get(`/api/v1/wallets/${w.id}/top-ups`), 200);
    assert.equal(ups.items.length, 5);

    const settings = await read(await fam.get("/api/v1/wallets/settings"), 200);
    assert.equal(settings.min_top_up_cents, 500);
    const put = await read(
      await json(op, "PUT", "/api/v1/wallets/settings", {
        ...settings,
        scope: "beneficiary",
      }),
      409,
    );
    assert.equal(put.code, "scope_in_use");
    const swap = await read(
      await json(op, "PUT", "/api/v1/wallets/settings", {
        ...settings,
        min_top_up_cents: 90000,
        max_top_up_cents: 1000,
      }),
      422,
    );
    assert.equal(swap.errors[0].path, "body.max_top_up_cents");

    // Another household sees nothing of it.
    const [other] = await db.asOwner((tx) =>
      tx.query<{ email: string }>(
        `select u.email from public.users u join public.memberships m on m.user_id = u.id
        where m.tenant_id = $1 and m.role = 'family'
          and u.email not in ('chiara.colombo@posta.example', 'luca.ricci@posta.example') limit 1`,
        [s.tenantId],
      )
    );
    if (other) {
      const stranger = await signedInClient(db, other.email);
      await read(await stranger.get(`/api/v1/wallets/${w.id}`), 404);
      const r = await read(
        await json(stranger, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
          amount_cents: 3000,
        }),
        404,
      );
      assert.equal(r.code, "not_found");
    }
  },
);

dbTest(
  "wallets API: a top-up is refused with a reason when pagoPA cannot collect it",
  async (db) => {
    const s = await setupPrepaidCanteen(db);
    await db.asOwner((tx) =>
      tx.query("update public.billing_settings set iban = null where tenant_id = $1", [s.tenantId])
    );
    const fam = await signedInClient(db, "chiara.colombo@posta.example");
    const [w] = (await read(await fam.get("/api/v1/wallets"), 200)).items;
    const r = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
        amount_cents: 3000,
      }),
      409,
    );
    assert.equal(r.code, "iban_missing");
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.debt_positions where purpose = 'top_up'",
      )
    );
    assert.equal(n, 0, "nothing stored");
    await db.asOwner((tx) =>
      tx.query("update public.people set tax_code = null where id = $1", [s.payerId])
    );
    await db.asOwner((tx) =>
      tx.query(
        "update public.billing_settings set iban = 'IT60X0542811101000000123456' where tenant_id = $1",
        [s.tenantId],
      )
    );
    const noCf = await read(
      await json(fam, "POST", `/api/v1/wallets/${w.id}/top-ups`, {
        amount_cents: 3000,
      }),
      409,
    );
    assert.equal(noCf.code, "payer_without_tax_code");
  },
);

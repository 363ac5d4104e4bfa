import assert from "node:assert/strict";
import { addDays, romeDateOf } from "../lib/calendar/dates.ts";
import type { Db } from "../lib/db/types.ts";
import { recordMarks } from "../lib/attendance/marks.ts";
import { deductDue } from "../lib/jobs/wallet_deduction.ts";
import { deliverWalletAlerts } from "../lib/wallets/alerts.ts";
import { adjustWallet, myWallets, requestTopUp } from "../lib/wallets/db.ts";
import { deductService } from "../lib/wallets/deduction.ts";
import { levelOf } from "../lib/wallets/rules.ts";
import { signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { browserKeys, pushService } from "./helpers/push_service.ts";
import { claimsOf, type PrepaidSetup, setupPrepaidCanteen } from "./helpers/fixtures_wallets.ts";

const OCT = ["2026-10-01", "2026-10-31"] as const;

/** Deducts the canteen's October as the job does (service_role naming the Ente). */
function deduct(db: Db, s: PrepaidSetup, from: string = OCT[0], to: string = OCT[1]) {
  return db.asService(async (tx) => {
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ role: "service_role", app_metadata: { tenant_id: s.tenantId, roles: [] } }),
    ]);
    return await deductService(tx, s.tenantId, s.serviceId, from, to);
  });
}

async function sofia(db: Db, s: PrepaidSetup) {
  return await db.asOwner(async (tx) => {
    const [w] = await tx.query<{ id: string; balance_cents: number; alert_level: string }>(
      `select id, balance_cents, alert_level from public.wallets
        where tenant_id = $1 and payer_id = $2 and beneficiary_id is null`,
      [s.tenantId, s.payerId],
    );
    const moves = await tx.query<{ kind: string; amount_cents: number; day: string; seq: number }>(
      `select kind, amount_cents, day::text, seq from public.wallet_movements
        where wallet_id = $1 order by created_at, id`,
      [w?.id],
    );
    const [{ days, mine, others }] = await tx.query<
      { days: number; mine: number; others: number }
    >(
      `select count(*) filter (where kind = 'use' and enrollment_id = $2)::int as days,
              coalesce(sum(amount_cents) filter (where enrollment_id = $2), 0)::int as mine,
              coalesce(sum(amount_cents) filter (where enrollment_id is distinct from $2
                                                   and kind in ('use', 'refund')), 0)::int
                as others
         from public.wallet_movements where wallet_id = $1`,
      [w?.id, s.enrollmentId],
    );
    // The payer's wallet also pays for Sofia's sister Giulia (canteen, same payer).
    return { wallet: w, moves, days, mine, others };
  });
}

async function billableDays(
  db: Db,
  s: PrepaidSetup,
  from: string = OCT[0],
  to: string = OCT[1],
): Promise<number> {
  return await db.asOwner(async (tx) => {
    await tx.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ app_metadata: { tenant_id: s.tenantId } }),
    ]);
    const [{ n }] = await tx.query<{ n: number }>(
      `select count(*)::int as n from app.effective_attendance($1, $2, $3)
        where enrollment_id = $4 and billable`,
      [s.serviceId, from, to, s.enrollmentId],
    );
    return n;
  });
}

dbTest(
  "wallets: a month of uses is deducted once at the tariff, with its explanation",
  async (db) => {
    const s = await setupPrepaidCanteen(db);
    const days = await billableDays(db, s);
    assert.ok(days >= 15, `October has service days (${days})`);
    const first = await deduct(db, s);
    assert.ok(first.uses >= days, "every billable day of every enrollment");
    const after = await sofia(db, s);
    assert.equal(after.days, days);
    assert.equal(after.mine, -450 * days);
    assert.equal(after.wallet.balance_cents, -450 * days + after.others);
    // A negative balance is only a flag: beyond the 5,00 € grace.
    assert.equal(after.wallet.alert_level, "over_grace");
    const again = await deduct(db, s);
    assert.deepEqual({ uses: again.uses, refunds: again.refunds }, { uses: 0, refunds: 0 });
    const still = await sofia(db, s);
    assert.equal(still.wallet.balance_cents, -450 * days + still.others);
    const [use] = await db.asOwner((tx) =>
      tx.query<{ description: string; explanation: { summary: { it: string; en: string } } }>(
        `select description, explanation from public.wallet_movements
        where enrollment_id = $1 and kind = 'use' order by day limit 1`,
        [s.enrollmentId],
      )
    );
    assert.match(use.description, /^Refezione scolastica del \d\d\/10\/2026 - Sofia Ricci$/);
    assert.match(use.explanation.summary.it, /presente, addebitati 4,50 € \(tariffa "Refezione/);
    assert.match(use.explanation.summary.it, /Fascia ISEE 3/);
    assert.match(use.explanation.summary.en, /charged €4\.50/);
  },
);

dbTest(
  "wallets: a use voided after the deduction is refunded once, and charged again if restored",
  async (db) => {
    const s = await setupPrepaidCanteen(db);
    await deduct(db, s);
    const before = await sofia(db, s);
    const day = before.moves.find((m) => m.kind === "use")!.day;
    const op = await claimsOf(db, "m.rossi@comune.valdiponte.example", "operator", s.tenantId);
    const mark = (status: "absent" | "present") =>
      db.asUser(op, (tx) =>
        recordMarks(tx, [{ enrollment_id: s.enrollmentId, day, status }], {
          source: "operator",
          userId: op.sub,
        }));
    assert.equal((await mark("absent"))[0].outcome, "recorded");
    const r1 = await deduct(db, s);
    assert.equal(r1.refunds, 1);
    assert.equal(r1.uses, 0);
    const refunded = await sofia(db, s);
    assert.equal(refunded.wallet.balance_cents, before.wallet.balance_cents + 450);
    const refund = refunded.moves.at(-1)!;
    assert.deepEqual(refund, { kind: "refund", amount_cents: 450, day, seq: 0 });
    assert.equal((await deduct(db, s)).refunds, 0, "a refund happens once");
    // Present again: deducted again, as the next use of that day.
    assert.equal((await mark("present"))[0].outcome, "recorded");
    const r2 = await deduct(db, s);
    assert.deepEqual({ uses: r2.uses, refunds: r2.refunds }, { uses: 1, refunds: 0 });
    const last = (await sofia(db, s)).moves.at(-1)!;
    assert.deepEqual(last, { kind: "use", amount_cents: -450, day, seq: 1 });
    assert.equal((await sofia(db, s)).wallet.balance_cents, before.wallet.balance_cents);
    assert.deepEqual(await deduct(db, s), { uses: 0, refunds: 0, unpriced: 0, wallets: 0 });
  },
);

dbTest("wallets: the job deducts once a day however many rounds or processes", async (db) => {
  const s = await setupPrepaidCanteen(db);
  // The first day the job finds the service prepaid: nothing before it is deducted (it was
  // billed by notice).
  const start = await deductDue(db, { now: new Date("2026-10-01T08:00:00Z") });
  const mine = start.deducted.filter((d) => d.service_id === s.serviceId);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].uses, 0);
  const now = new Date("2026-11-02T08:00:00Z");
  const [a, b] = await Promise.all([deductDue(db, { now }), deductDue(db, { now })]);
  const runs = [...a.deducted, ...b.deducted].filter((d) => d.service_id === s.serviceId);
  assert.equal(runs.length, 1, "one process deducts the day");
  assert.equal(runs[0].to, "2026-11-01");
  assert.equal(runs[0].from, "2026-10-02", "the lookback (31 days) bounds the window");
  const again = await deductDue(db, { now });
  assert.equal(again.deducted.length, 0);
  const days = (await sofia(db, s)).days;
  assert.equal(days, await billableDays(db, s, "2026-10-02", "2026-11-01"));
  const next = await deductDue(db, { now: new Date("2026-11-03T08:00:00Z") });
  assert.equal(next.deducted.length, 1);
  const [{ early }] = await db.asOwner((tx) =>
    tx.query<{ early: number }>(
      "select count(*)::int as early from public.wallet_movements where day < '2026-10-01'",
    )
  );
  assert.equal(early, 0);
  // The next day adds only its own new day (2 November), nothing twice.
  assert.equal((await sofia(db, s)).days, await billableDays(db, s, "2026-10-02", "2026-11-02"));
});

dbTest("wallets: a top-up is credited once, even if the paid status is set twice", async (db) => {
  const s = await setupPrepaidCanteen(db);
  const fam = await claimsOf(db, "chiara.colombo@posta.example", "family", s.tenantId);
  const wallets = await db.asUser(fam, (tx) => myWallets(tx));
  assert.equal(wallets.length, 1, "the family's wallet exists before the first meal");
  assert.equal(wallets[0].balance_cents, 0);
  const positionId = await db.asUser(fam, (tx) => requestTopUp(tx, wallets[0].id, 2500));
  const [pos] = await db.asOwner((tx) =>
    tx.query<
      {
        purpose: string;
        amount_cents: number;
        status: string;
        notice_number: string;
        taxonomy_code: string;
        description: string;
        debtor: { fiscal_code: string };
      }
    >(
      `select d.purpose, d.amount_cents, d.status, n.notice_number, d.taxonomy_code, d.description,
              d.debtor
         from public.debt_positions d
         join public.payment_notices n on n.debt_position_id = d.id and n.instalment = 0
        where d.id = $1`,
      [positionId],
    )
  );
  assert.equal(pos.purpose, "top_up");
  assert.equal(pos.amount_cents, 2500);
  assert.equal(pos.taxonomy_code, "9/0107101TS/");
  assert.match(pos.notice_number, /^307\d{15}$/);
  const check = Number(BigInt(pos.notice_number.slice(0, 16)) % 93n);
  assert.equal(Number(pos.notice_number.slice(16)), check, "mod-93 check digits");
  assert.equal(pos.debtor.fiscal_code, "CLMCHR88M61D612P");
  assert.match(pos.description, /^Ricarica borsellino Refezione scolastica - Chiara Colombo$/);
  const pay = (status: string) =>
    db.asService((tx) =>
      tx.query("update public.debt_positions set status = $2, paid_at = now() where id = $1", [
        positionId,
        status,
      ])
    );
  await pay("paid");
  await pay("paid");
  await pay("open");
  await pay("paid");
  const w = await sofia(db, s);
  assert.deepEqual(w.moves.map((m) => [m.kind, m.amount_cents]), [["top_up", 2500]]);
  assert.equal(w.wallet.balance_cents, 2500);
  // Another family cannot top up this wallet (and learns nothing about it).
  const other = await db.asOwner((tx) =>
    tx.query<{ email: string }>(
      `select u.email from public.users u join public.memberships m on m.user_id = u.id
        where m.tenant_id = $1 and m.role = 'family' and u.email not in
          ('chiara.colombo@posta.example', 'luca.ricci@posta.example') limit 1`,
      [s.tenantId],
    )
  );
  if (other.length) {
    const stranger = await claimsOf(db, other[0].email, "family", s.tenantId);
    await assert.rejects(
      db.asUser(stranger, (tx) => requestTopUp(tx, wallets[0].id, 2500)),
      /wallet:not_found/,
    );
  }
  await assert.rejects(
    db.asUser(fam, (tx) => requestTopUp(tx, wallets[0].id, 10)),
    /wallet:amount_out_of_range/,
  );
});

dbTest(
  "wallets: the family is alerted once per crossing (low, negative, beyond grace), by e-mail",
  async (db) => {
    const s = await setupPrepaidCanteen(db);
    const op = await claimsOf(db, "m.rossi@comune.valdiponte.example", "operator", s.tenantId);
    const fam = await claimsOf(db, "chiara.colombo@posta.example", "family", s.tenantId);
    const [w] = await db.asUser(fam, (tx) => myWallets(tx));
    const today = romeDateOf();
    const adjust = (cents: number) =>
      db.asUser(op, (tx) =>
        adjustWallet(tx, w.id, {
          cents,
          reason: "Prova di rettifica",
          userId: op.sub,
          day: today,
        }));
    await adjust(2000); // 20,00: ok
    await adjust(-1500); // 5,00: low
    await adjust(-100); // 4,00: still low
    await adjust(-600); // -2,00: negative
    await adjust(-400); // -6,00: beyond the 5,00 grace
    await adjust(-400); // -10,00: still beyond
    await adjust(3000); // 20,00: ok again
    await adjust(-1200); // 8,00: low again
    const alerts = await db.asOwner((tx) =>
      tx.query<{ level: string; balance_cents: number }>(
        `select level, balance_cents from public.wallet_alerts where wallet_id = $1
        order by created_at, balance_cents desc`,
        [w.id],
      )
    );
    assert.deepEqual(alerts.map((a) => [a.level, a.balance_cents]), [
      ["low", 500],
      ["negative", -200],
      ["over_grace", -600],
      ["low", 800],
    ]);
    const sent = await deliverWalletAlerts(db, { publicUrl: "https://piazza.example" });
    assert.equal(sent.alerts, 4);
    assert.equal(sent.mails, 4);
    assert.equal((await deliverWalletAlerts(db)).alerts, 0, "delivered once");
    const mails = await db.asOwner((tx) =>
      tx.query<{ to_address: string; subject: string; body_text: string }>(
        `select to_address, subject, body_text from public.mail_outbox
        where tenant_id = $1 and subject like 'Borsellino%' order by created_at`,
        [s.tenantId],
      )
    );
    assert.equal(mails.length, 4);
    assert.equal(mails[0].to_address, "chiara.colombo@posta.example");
    assert.equal(mails[0].subject, "Borsellino quasi esaurito");
    assert.match(mails[0].body_text, /Il saldo è 5,00 €, sotto la soglia di 10,00 €/);
    assert.match(mails[0].body_text, /https:\/\/piazza\.example\/famiglie\/borsellino/);
    assert.match(mails[2].body_text, /oltre la tolleranza di 5,00 €/);
    // The family reads its alerts; the adjustments are audited with their reason.
    const [{ n }] = await db.asUser(
      fam,
      (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.wallet_alerts"),
    );
    assert.equal(n, 4);
    const [{ audited }] = await db.asOwner((tx) =>
      tx.query<{ audited: number }>(
        `select count(*)::int as audited from public.audit_log
        where entity = 'wallet_movements' and after ->> 'reason' = 'Prova di rettifica'`,
      )
    );
    assert.equal(audited, 8);
  },
);

dbTest("wallets: a negative balance never blocks a mark, a meal or the deduction", async (db) => {
  const s = await setupPrepaidCanteen(db);
  const op = await claimsOf(db, "m.rossi@comune.valdiponte.example", "operator", s.tenantId);
  const fam = await claimsOf(db, "chiara.colombo@posta.example", "family", s.tenantId);
  const [w] = await db.asUser(fam, (tx) => myWallets(tx));
  await db.asUser(op, (tx) =>
    adjustWallet(tx, w.id, {
      cents: -50_000,
      reason: "Debito pregresso",
      userId: op.sub,
      day: romeDateOf(),
    }));
  const [r] = await db.asUser(
    op,
    (tx) =>
      recordMarks(tx, [{ enrollment_id: s.enrollmentId, day: s.pastDay, status: "present" }], {
        source: "operator",
        userId: op.sub,
      }),
  );
  assert.notEqual(r.outcome, "rejected");
  const res = await deduct(db, s, s.pastDay, s.pastDay);
  assert.ok(res.uses >= 1);
  const after = await sofia(db, s);
  assert.equal(after.mine, -450);
  assert.equal(after.wallet.balance_cents, -50_000 - 450 + after.others);
  assert.equal(after.wallet.alert_level, "over_grace");
  assert.ok(addDays(s.pastDay, 1) <= addDays(romeDateOf(), 1));
});

dbTest("wallets: the low-balance alert reaches the payer's phone by push, once", async (db) => {
  const s = await setupPrepaidCanteen(db);
  const browsers = new Map<string, ReturnType<typeof browserKeys>>();
  const ps = pushService(browsers);
  try {
    const parent = await signedInClient(db, "chiara.colombo@posta.example");
    const phone = browserKeys();
    browsers.set("/wpush/phone", phone);
    const created = await parent.request("/api/v1/push-subscriptions", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": await parent.csrf() },
      body: JSON.stringify({ endpoint: `${ps.base}/wpush/phone`, keys: phone.keys }),
    });
    assert.equal(created.status, 201);
    await created.body?.cancel();
    const fam = await claimsOf(db, "chiara.colombo@posta.example", "family", s.tenantId);
    const op = await claimsOf(db, "m.rossi@comune.valdiponte.example", "operator", s.tenantId);
    const [w] = await db.asUser(fam, (tx) => myWallets(tx));
    await db.asUser(
      op,
      (tx) =>
        adjustWallet(tx, w.id, {
          cents: -300,
          reason: "Pasto extra",
          userId: op.sub,
          day: "2026-11-27",
        }),
    );
    const report = await deliverWalletAlerts(db);
    assert.deepEqual(report, { alerts: 1, mails: 1, pushes: 1 });
    assert.equal(ps.received.length, 1);
    assert.deepEqual(ps.received[0].payload, {
      title: "Borsellino in negativo",
      body:
        "Il saldo è −3,00 €: i consumi continuano a essere registrati, ma il credito è finito. Puoi ricaricarlo con pagoPA dalla pagina Borsellino dell'area famiglie.",
      url: "/famiglie/borsellino",
      tag: `wallet-${w.id}`,
    });
    assert.deepEqual(await deliverWalletAlerts(db), { alerts: 0, mails: 0, pushes: 0 });
    assert.equal(ps.received.length, 1);
  } finally {
    await ps.stop();
  }
});

dbTest("wallets: the SQL band agrees with the TypeScript one", async (db) => {
  const cases: [number, number, number][] = [
    [2000, 1000, 500],
    [1000, 1000, 500],
    [999, 1000, 500],
    [0, 1000, 500],
    [-1, 1000, 500],
    [-500, 1000, 500],
    [-501, 1000, 500],
    [-1, 1000, 0],
    [0, 0, 0],
  ];
  for (const [b, t, g] of cases) {
    const [{ level }] = await db.asService((tx) =>
      tx.query<{ level: string }>("select app.wallet_level($1, $2, $3) as level", [b, t, g])
    );
    assert.equal(level, levelOf(b, t, g), `${b} / ${t} / ${g}`);
  }
});

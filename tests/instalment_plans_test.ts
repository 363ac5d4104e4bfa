/**
 * Rateizzazione (`lib/billing/instalment_plan*.ts`, `app.grant_instalment_plan`): an issued
 * position nothing has paid is replaced by a new one with monthly instalments — its charge lines
 * follow it, the old one is cancelled with its notices and invalidated on pagoPA, the new one
 * published (requests and answers conforming to gpd.json) — and what the database refuses: a
 * second plan of the same position, paid or listed positions, instalments that do not add up or
 * fall due in the past, anyone but the billing office.
 */
import assert from "node:assert/strict";
import { createCollection } from "../lib/billing/enforced_collection_record.ts";
import { defaultFirstDue, instalmentDue } from "../lib/billing/instalment_plan.ts";
import {
  grantInstalmentPlan,
  PlanError,
  planLinks,
} from "../lib/billing/instalment_plan_record.ts";
import type { Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { simulatedGpdGateway } from "../lib/pagopa/gpd_client.ts";
import { processNow } from "../lib/pagopa/publish_job.ts";
import { canteenBilling, computedRun, issuedRun } from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf, enforcedFixture, RULE } from "./helpers/fixtures_enforced.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";

const REQUEST = { reference: "Prot. n. 4521/2026", reason: "Difficoltà economiche temporanee" };

const planError = (code: string, status?: number) => (e: unknown) =>
  e instanceof PlanError && e.code === code && (status === undefined || e.status === status);

async function one<T>(db: Db, sql: string, params: unknown[]): Promise<T> {
  const [r] = await db.asOwner((tx) => tx.query<T>(sql, params));
  return r;
}

interface PositionRow {
  status: string;
  gpd_status: string;
  amount_cents: number;
  iupd: string;
  cancel_reason: string | null;
  replaces_position_id: string | null;
  lines: number;
}

const positionRow = (db: Db, id: string) =>
  one<PositionRow>(
    db,
    `select d.status, d.gpd_status, d.amount_cents::int as amount_cents, d.iupd, d.cancel_reason,
            d.replaces_position_id,
            (select count(*)::int from public.charge_lines cl where cl.debt_position_id = d.id)
              as lines
       from public.debt_positions d where d.id = $1`,
    [id],
  );

const noticesOf = (db: Db, id: string) =>
  db.asOwner((tx) =>
    tx.query<
      { instalment: number; amount_cents: number; due_on: string; status: string; nav: string }
    >(
      `select instalment, amount_cents::int as amount_cents, due_on::text as due_on, status,
              notice_number as nav
         from public.payment_notices where debt_position_id = $1 order by instalment`,
      [id],
    )
  );

dbTest("rateizzazione: a new position with the instalments replaces the old one", async (db) => {
  const b = await canteenBilling(db);
  const oct = await computedRun(db, b, "2026-10-01", "2026-10-31");
  await issuedRun(db, b.op, oct);
  const { id: old } = await one<{ id: string }>(
    db,
    "select id from public.debt_positions where run_id = $1 and payer_id = $2",
    [oct, b.chiaraPayer],
  );
  const gw = await simulatedGpdGateway();
  const sim = gw.simulator!;
  await processNow(db, gw, [old]);
  const before = await positionRow(db, old);
  assert.equal(before.gpd_status, "published");
  assert.ok(before.lines > 0);
  const oldNotices = await noticesOf(db, old);

  // The Ente's own rule of decadenza, which the payer's e-mail states.
  const settings = await db.asOwner((tx) =>
    tx.query(
      `update public.billing_settings
          set lapse_missed_instalments = 3, lapse_consecutive = false, lapse_window_months = 6
        returning 1`,
    )
  );
  assert.equal(settings.length, 1);
  const firstDue = defaultFirstDue(romeDate());
  const granted = await grantInstalmentPlan(db, b.op, gw, old, {
    count: 3,
    firstDue,
    ...REQUEST,
  });
  assert.equal(granted.replaced_id, old);
  assert.deepEqual(
    granted.pagopa.map((o) => [o.id, o.result]).sort(),
    [[old, "invalidated"], [granted.position_id, "published"]].sort(),
  );

  const was = await positionRow(db, old);
  assert.equal(was.status, "cancelled");
  assert.equal(was.gpd_status, "invalidated");
  assert.equal(was.lines, 0);
  assert.match(
    was.cancel_reason!,
    /^Sostituita dal piano di rateizzazione in 3 rate \(Prot\. n\. 4521\/2026\)/,
  );
  assert.ok((await noticesOf(db, old)).every((n) => n.status === "cancelled"));

  const now = await positionRow(db, granted.position_id);
  assert.equal(now.status, "open");
  assert.equal(now.gpd_status, "published");
  assert.equal(now.amount_cents, before.amount_cents);
  assert.equal(now.replaces_position_id, old);
  assert.equal(now.lines, before.lines, "the charge lines follow the debt");
  const notices = await noticesOf(db, granted.position_id);
  assert.deepEqual(notices.map((n) => n.instalment), [0, 1, 2, 3]);
  assert.equal(notices[0].amount_cents, before.amount_cents);
  assert.equal(notices[0].due_on, firstDue);
  assert.equal(
    notices.slice(1).reduce((s, n) => s + n.amount_cents, 0),
    before.amount_cents,
  );
  assert.deepEqual(
    notices.slice(1).map((n) => n.due_on),
    [1, 2, 3].map((i) => instalmentDue(firstDue, i)),
  );
  // Notice numbers are never reused.
  const oldNavs = new Set(oldNotices.map((n) => n.nav));
  assert.ok(notices.every((n) => !oldNavs.has(n.nav)));

  // pagoPA: the old position invalid, the new one valid, every exchange conforming.
  const tenantCf = sim.requests[0].path.split("/")[2];
  assert.equal(sim.get(tenantCf, before.iupd)?.status, "INVALID");
  assert.equal(sim.get(tenantCf, now.iupd)?.status, "VALID");
  for (const r of sim.requests) assert.deepEqual(r.requestErrors, [], `${r.method} ${r.path}`);
  assert.deepEqual(sim.violations, []);

  // The payer is told by e-mail, instalment by instalment.
  const mail = await one<{ subject: string; body_text: string }>(
    db,
    `select subject, body_text from public.mail_outbox
      where to_address = 'chiara.colombo@posta.example' and subject like '%rateizzazione concessa'`,
    [],
  );
  assert.match(mail.body_text, /sostituito da 3 rate/);
  assert.match(mail.body_text, /- rata 3: /);
  assert.match(
    mail.body_text,
    /la rateizzazione decade con il mancato pagamento di tre rate, anche non consecutive, nell'arco di sei mesi, dopo un sollecito espresso \(regolamento dell'Ente\);/,
  );

  // The office reads both links; the family reads the plan, not who granted it.
  const links = await db.asUser(b.op, (tx) => planLinks(tx, granted.position_id));
  assert.equal(links.plan?.instalments, 3);
  assert.equal(links.plan?.reference, REQUEST.reference);
  assert.equal(links.plan?.replaced_iupd, before.iupd);
  assert.ok(links.plan?.granted_by_name);
  assert.equal(links.replacedBy, null);
  const back = await db.asUser(b.op, (tx) => planLinks(tx, old));
  assert.equal(back.replacedBy?.position_id, granted.position_id);
  const family = await db.asUser(b.chiara, (tx) => planLinks(tx, granted.position_id));
  assert.equal(family.plan?.first_due_on, firstDue);
  assert.equal(family.plan?.granted_by_name, null);

  const audited = await one<{ n: number }>(
    db,
    `select count(*)::int as n from public.audit_log
      where entity = 'instalment_plans' and action = 'insert'`,
    [],
  );
  assert.equal(audited.n, 1);

  // Once replaced, never again; and the plan's own position is open to a new plan only because
  // nothing is paid on it (a family may ask again).
  await assert.rejects(
    grantInstalmentPlan(db, b.op, gw, old, { count: 2, firstDue, ...REQUEST }),
    planError("cancelled", 409),
  );
});

dbTest("rateizzazione: what the database refuses", async (db) => {
  const f = await enforcedFixture(db);
  await db.asOwner((tx) =>
    tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
      [f.tenantId],
    )
  );
  const { claims: op } = await demoOperator(db);
  const gw = await simulatedGpdGateway();
  const firstDue = defaultFirstDue(f.today);
  const input = { count: 2, firstDue, ...REQUEST };

  // A family, even the payer, grants nothing.
  const chiara = await claimsOf(db, "chiara.colombo@posta.example", ["family"]);
  await assert.rejects(
    grantInstalmentPlan(db, chiara, gw, f.dueToday, input),
    planError("forbidden", 403),
  );
  // Partly paid, paid.
  await assert.rejects(grantInstalmentPlan(db, op, gw, f.instalments, input), planError("paid"));
  await assert.rejects(grantInstalmentPlan(db, op, gw, f.paid, input), planError("paid"));
  // On a live list of enforced collection.
  const made = await db.asUser(op, (tx) => createCollection(tx, RULE));
  assert.ok("id" in made);
  await assert.rejects(grantInstalmentPlan(db, op, gw, f.late, input), planError("enforced"));
  // Unknown position.
  await assert.rejects(
    grantInstalmentPlan(db, op, gw, crypto.randomUUID(), input),
    planError("not_found", 404),
  );

  // The database checks the schedule itself, whatever the caller sends.
  const call = (items: unknown) =>
    db.asUser(
      op,
      (tx) =>
        tx.query("select app.grant_instalment_plan($1, $2::jsonb -> 'items', $3, $4)", [
          f.other,
          { items },
          REQUEST.reference,
          REQUEST.reason,
        ]),
    );
  const refused = (word: string) => (e: Error) => e.message.startsWith(`instalment_plan_${word}:`);
  await assert.rejects(call([{ amount_cents: 1500, due_on: firstDue }]), refused("count"));
  await assert.rejects(
    call([{ amount_cents: 700, due_on: firstDue }, {
      amount_cents: 700,
      due_on: instalmentDue(firstDue, 2),
    }]),
    refused("total"),
  );
  await assert.rejects(
    call([{ amount_cents: 750, due_on: f.day(-1) }, { amount_cents: 750, due_on: firstDue }]),
    refused("past"),
  );
  await assert.rejects(
    call([{ amount_cents: 750, due_on: instalmentDue(firstDue, 2) }, {
      amount_cents: 750,
      due_on: firstDue,
    }]),
    refused("order"),
  );
  await assert.rejects(
    call([{ amount_cents: 1500, due_on: firstDue }, {
      amount_cents: 0,
      due_on: instalmentDue(firstDue, 2),
    }]),
    refused("amount"),
  );
  // Nothing was written by any of the refusals.
  const plans = await one<{ n: number }>(
    db,
    "select count(*)::int as n from public.instalment_plans",
    [],
  );
  assert.equal(plans.n, 0);
  assert.equal((await positionRow(db, f.other)).status, "open");

  // The rule met: Roberta's 15,00 € in two instalments of 7,50 €.
  const granted = await grantInstalmentPlan(db, op, gw, f.other, input);
  const notices = await noticesOf(db, granted.position_id);
  assert.deepEqual(notices.map((n) => n.amount_cents), [1500, 750, 750]);
});

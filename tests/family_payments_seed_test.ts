/**
 * Positions of the demo family "Ricci Colombo" written straight into the billing tables (as the
 * billing run would issue them), for the family-payments tests; and another household's family
 * account. The one test here checks the rows are what an issued run leaves.
 */
import assert from "node:assert/strict";
import type { Db, Tx } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { dbTest } from "./helpers/db.ts";

export const CHIARA = "chiara.colombo@posta.example";
export const LUCA = "luca.ricci@posta.example";
export const OTHER_FAMILY = "altra.famiglia.pagamenti@posta.example";

export interface SeededPosition {
  id: string;
  notices: { id: string; instalment: number; notice_number: string; amount_cents: number }[];
  lines: string[];
  receiptId: string | null;
}

export interface PositionSpec {
  /** Whose household pays: Chiara (default) or another payer id. */
  payerId?: string;
  periodStart?: string;
  periodEnd?: string;
  label?: string;
  /** Instalment amounts; none = single payment only. */
  instalments?: number[];
  dueOn?: string;
  paid?: boolean;
  purpose?: "charges" | "top_up";
}

async function facts(tx: Tx) {
  const [t] = await tx.query<{ tenant_id: string; chiara: string; sofia: string; tommaso: string }>(
    `select c.tenant_id, c.id as chiara,
            (select id from public.people where tenant_id = c.tenant_id and name = 'Sofia' and surname = 'Ricci') as sofia,
            (select id from public.people where tenant_id = c.tenant_id and name = 'Tommaso' and surname = 'Ricci') as tommaso
       from public.people c where c.name = 'Chiara' and c.surname = 'Colombo'`,
  );
  const [s] = await tx.query<{ id: string }>(
    "select id from public.services where tenant_id = $1 and code = 'MENSA'",
    [t.tenant_id],
  );
  return { ...t, service: s.id };
}

let base = 0;

/**
 * An issued position of the demo family: 2 lines for Sofia (meals with explanation, a credit)
 * and 1 for Tommaso (monthly fee), the single-payment notice and its instalments; paid when
 * asked (receipt matched, notice and position paid).
 */
export async function seedPosition(db: Db, spec: PositionSpec = {}): Promise<SeededPosition> {
  return await db.asOwner(async (tx) => {
    const f = await facts(tx);
    const payer = spec.payerId ?? f.chiara;
    const from = spec.periodStart ?? "2026-10-01";
    const to = spec.periodEnd ?? "2026-10-31";
    const label = spec.label ?? "Ottobre 2026";
    const [run] = await tx.query<{ id: string }>(
      `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
         service_ids, status, computed_at, approved_at, issued_at)
       select $1, coalesce(max(number), 0) + 1, $2, $3, $4, array[$5::uuid], 'issued', now(), now(), now()
         from public.billing_runs where tenant_id = $1
       returning id`,
      [f.tenant_id, from, to, label, f.service],
    );
    const amounts = [4500, -500, 3000];
    const total = amounts.reduce((a, b) => a + b, 0);
    const topUp = spec.purpose === "top_up";
    const [pos] = await tx.query<{ id: string }>(
      `insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id, purpose,
         period_start, period_end, description, amount_cents, taxonomy_code, debtor)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '9/0107101TS/',
               '{"fiscal_code": "CLMCHR88M61D612P", "full_name": "Chiara Colombo"}')
       returning id`,
      [
        f.tenant_id,
        topUp ? null : run.id,
        `PZ-T-${crypto.randomUUID().slice(0, 18)}`,
        payer,
        f.service,
        topUp ? "top_up" : "charges",
        topUp ? null : from,
        topUp ? null : to,
        topUp
          ? "Ricarica borsellino mensa"
          : `Mensa ${label.toLowerCase()} - Sofia e Tommaso Ricci`,
        topUp ? 2000 : total,
      ],
    );
    const lines: string[] = [];
    if (!topUp) {
      const rows: [string, string, number, string, number | null, string, object][] = [
        ["usage", f.sofia, 4500, "10.000", 450, "Mensa: 10 pasti", {
          summary: {
            it: "10 pasti a 4,50 € (fascia ISEE 2)",
            en: "10 meals at €4.50 (ISEE band 2)",
          },
          steps: {
            it: ["Giorni di servizio nel mese: 21", "Presenze: 10", "10 × 4,50 € = 45,00 €"],
            en: ["Service days in the month: 21", "Present: 10", "10 × €4.50 = €45.00"],
          },
          usage: { open_days: 21, billable_days: 10 },
        }],
        ["credit", f.sofia, -500, "1.000", null, "Rimborso pasti non fruiti per sciopero", {}],
        ["fee", f.tommaso, 3000, "1.000", 3000, "Quota fissa mensile", {
          summary: { it: "Quota fissa mensile, riduzione secondo figlio" },
        }],
      ];
      for (const [kind, child, cents, qty, unit, text, expl] of rows) {
        const [l] = await tx.query<{ id: string }>(
          `insert into public.charge_lines (tenant_id, run_id, service_id, payer_id, beneficiary_id,
             period_start, period_end, kind, source, quantity, unit, unit_cents, amount_cents,
             description, explanation, reason, debt_position_id, computed_cents)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                   case when $9 = 'computed' then $13::bigint end)
           returning id`,
          [
            f.tenant_id,
            run.id,
            f.service,
            payer,
            child,
            from,
            to,
            kind,
            kind === "credit" ? "operator" : "computed",
            qty,
            kind === "usage" ? "meal" : kind === "fee" ? "month" : null,
            unit,
            cents,
            text,
            expl,
            kind === "credit" ? "Sciopero del personale del 12 ottobre" : null,
            pos.id,
          ],
        );
        lines.push(l.id);
      }
    }
    const amount = topUp ? 2000 : total;
    const options = [amount, ...(spec.instalments ?? [])];
    const notices: SeededPosition["notices"] = [];
    for (const [i, cents] of options.entries()) {
      // Bases far from the demo's and each other's: unique per test database.
      const b = 9_000_000_000_000 + Math.floor(Math.random() * 900_000_000_000) + base++;
      const [n] = await tx.query<{ id: string; notice_number: string }>(
        `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
           iuv, amount_cents, due_on)
         values ($1, $2, $3::int, app.notice_number('02', $4::bigint), substr(app.notice_number('02', $4::bigint), 2),
                 $5, ($6::date + ($3::int * interval '1 month'))::date)
         returning id, notice_number`,
        [f.tenant_id, pos.id, i, b, cents, spec.dueOn ?? "2026-12-15"],
      );
      notices.push({
        id: n.id,
        instalment: i,
        notice_number: n.notice_number,
        amount_cents: cents,
      });
    }
    let receiptId: string | null = null;
    if (spec.paid) {
      const n = notices[0];
      const [r] = await tx.query<{ id: string }>(
        `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, notice_number,
           payment_notice_id, amount_cents, paid_at, psp_id, psp_name, payment_method,
           payer_fiscal_code, payer_name, source, status)
         values ($1, $2, substr($3, 2), $3, $4, $5, '2026-11-10T09:30:00Z', 'BCITITMM',
                 'Intesa Sanpaolo', 'CP', 'CLMCHR88M61D612P', 'Chiara Colombo', 'gpd', 'matched')
         returning id`,
        [f.tenant_id, `RCPT-${n.notice_number}`, n.notice_number, n.id, n.amount_cents],
      );
      receiptId = r.id;
      await tx.query(
        `update public.payment_notices set status = case when id = $2 then 'paid' else 'cancelled' end,
                paid_at = case when id = $2 then '2026-11-10T09:30:00Z'::timestamptz end,
                receipt_id = case when id = $2 then $3::uuid end
          where debt_position_id = $1`,
        [pos.id, n.id, r.id],
      );
      await tx.query(
        `update public.debt_positions set status = 'paid', paid_cents = amount_cents,
                paid_at = '2026-11-10T09:30:00Z' where id = $1`,
        [pos.id],
      );
    }
    return { id: pos.id, notices, lines, receiptId };
  });
}

/** A family account for a parent of another household of the demo Ente; returns that parent's id. */
export async function addOtherFamily(db: Db): Promise<string> {
  return await db.asService(async (tx) => {
    const [parent] = await tx.query<{ id: string; tenant_id: string }>(
      `select p.id, p.tenant_id from public.people p
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
    return parent.id;
  });
}

dbTest("family payments seed: an issued position as a run leaves it", async (db) => {
  const p = await seedPosition(db, { instalments: [2000, 5000] });
  const rows = await db.asOwner((tx) =>
    tx.query<{ total: number; amount: number; options: number; valid: boolean }>(
      `select (select sum(amount_cents)::int from public.charge_lines where debt_position_id = d.id) as total,
              d.amount_cents::int as amount,
              (select count(*)::int from public.payment_notices where debt_position_id = d.id) as options,
              (select bool_and(notice_number = app.notice_number('02', substr(notice_number, 4, 13)::bigint))
                 from public.payment_notices where debt_position_id = d.id) as valid
         from public.debt_positions d where d.id = $1`,
      [p.id],
    )
  );
  assert.deepEqual(rows, [{ total: 7000, amount: 7000, options: 3, valid: true }]);
});

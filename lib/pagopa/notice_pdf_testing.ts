/**
 * Test support for the notice PDF: an issued debt position of the demo Comune written directly in
 * the tables (as the billing run's issue step leaves it), for a payer of the demo household or
 * any other person, with optional instalments and postal account. Used by the notice tests and
 * the notice bench; never by the app.
 *
 * @module
 */

import type { Claims, Db, Tx } from "../db/types.ts";
import { noticeNumber } from "./notice_number.ts";

export interface SeededPosition {
  id: string;
  tenantId: string;
  runId: string;
  iupd: string;
  navs: string[];
}

/** The demo Comune's tenant id, Chiara Colombo's person id and the canteen service id. */
export async function demoNoticeFacts(tx: Tx) {
  const [row] = await tx.query<{ tenant_id: string; chiara: string; canteen: string }>(
    `select p.tenant_id, p.id as chiara,
            (select s.id from public.services s where s.tenant_id = p.tenant_id and s.code = 'MENSA')
              as canteen
       from public.people p where p.surname = 'Colombo' and p.name = 'Chiara'`,
  );
  return row;
}

/** Claims of a demo member (operator by default) as a session carries them. */
export async function memberClaims(
  db: Db,
  email: string,
  role: Claims["app_metadata"]["roles"][0],
) {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ tenant_id: string; user_id: string }>(
      `select m.tenant_id, u.id as user_id from public.users u
         join public.memberships m on m.user_id = u.id where lower(u.email) = lower($1) limit 1`,
      [email],
    )
  );
  return {
    sub: row.user_id,
    role: "authenticated",
    app_metadata: { tenant_id: row.tenant_id, roles: [role] },
  } satisfies Claims as Claims;
}

/** Collection settings of the demo Comune (CBILL; postal account when `postal`). */
export async function seedNoticeSettings(db: Db, postal = false): Promise<void> {
  await db.asOwner(async (tx) => {
    const f = await demoNoticeFacts(tx);
    await tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, cbill, office_name,
         office_contact, postal_account, postal_account_holder, postal_authorization)
       values ($1, '02', 'IT60X0542811101000000123456', 'AB12C', 'Ufficio Servizi Scolastici',
               'scuola@comune.valdiponte.example', $2, $3, $4)
       on conflict (tenant_id) do update set cbill = excluded.cbill,
         postal_account = excluded.postal_account,
         postal_account_holder = excluded.postal_account_holder,
         postal_authorization = excluded.postal_authorization,
         office_name = excluded.office_name, office_contact = excluded.office_contact`,
      [
        f.tenant_id,
        postal ? "000012345678" : null,
        postal ? "Comune di Val di Ponte - Servizio Tesoreria" : null,
        postal ? "AUT. 08/5 S3/81 53079 08129.07.20211" : null,
      ],
    );
  });
}

/** An issued run of the demo Comune for October 2026; returns its id. */
export async function seedNoticeRun(tx: Tx): Promise<string> {
  const f = await demoNoticeFacts(tx);
  const [run] = await tx.query<{ id: string }>(
    `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
       service_ids, status, computed_at, approved_at, issued_at)
     select $1, coalesce(max(number), 0) + 1, '2026-10-01', '2026-10-31', 'Ottobre 2026',
            array[$2::uuid], 'issued', now(), now(), now()
       from public.billing_runs where tenant_id = $1
     returning id`,
    [f.tenant_id, f.canteen],
  );
  return run.id;
}

let nextBase = 1_000_000;

/**
 * One position of `payerId` (Chiara by default) in run `runId`: a single payment of the total
 * and, when `instalments` lists amounts, those instalments too.
 */
export async function seedNoticePosition(
  tx: Tx,
  opts: {
    runId: string;
    payerId?: string;
    /** A fresh person of the Ente pays (a run has one position per payer and service). */
    newPayer?: boolean;
    cents?: number;
    instalments?: number[];
    iupd?: string;
  },
): Promise<SeededPosition> {
  const f = await demoNoticeFacts(tx);
  if (opts.newPayer) {
    const [p] = await tx.query<{ id: string }>(
      `insert into public.people (tenant_id, surname, name) values ($1, 'Pagatore', 'Prova')
       returning id`,
      [f.tenant_id],
    );
    opts = { ...opts, payerId: p.id };
  }
  const cents = opts.cents ?? 8550;
  const iupd = opts.iupd ?? `PZ-T-${crypto.randomUUID().slice(0, 18)}`;
  const [pos] = await tx.query<{ id: string }>(
    `insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
       period_start, period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
     values ($1, $2, $3, $4, $5, '2026-10-01', '2026-10-31',
             'Mensa scolastica ottobre 2026 - Sofia Ricci', $6, '9/0107101TS/',
             $7, 'published')
     returning id`,
    [f.tenant_id, opts.runId, iupd, opts.payerId ?? f.chiara, f.canteen, cents, {
      fiscal_code: "CLMCHR85M41H501Z",
      full_name: "Chiara Colombo",
      address: "Via dei Mulini 12",
      postal_code: "00100",
      city: "Val di Ponte",
      province: "RM",
    }],
  );
  const amounts = [cents, ...(opts.instalments ?? [])];
  const navs: string[] = [];
  for (const [i, amount] of amounts.entries()) {
    const nav = noticeNumber("02", nextBase++ + Math.floor(Math.random() * 1e9) * 1000);
    navs.push(nav);
    await tx.query(
      `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
         iuv, amount_cents, due_on)
       values ($1, $2, $3::int, $4, $5, $6, ($7::date + ($3::int * interval '1 month'))::date)`,
      [f.tenant_id, pos.id, i, nav, nav.slice(1), amount, "2026-11-30"],
    );
  }
  return { id: pos.id, tenantId: f.tenant_id, runId: opts.runId, iupd, navs };
}

/**
 * `n` positions of fresh payers in run `runId`, set-based (the bench's 10,000): one single
 * payment each, every fifth with two instalments as well. Returns how many were created.
 */
export async function seedNoticeVolume(tx: Tx, runId: string, n: number): Promise<number> {
  const f = await demoNoticeFacts(tx);
  await tx.query(
    `with payers as (
       insert into public.people (tenant_id, surname, name)
       select $1, 'Pagatore ' || g, 'Bench' from generate_series(1, $3::int) g
       returning id
     ), numbered as (
       select id, row_number() over (order by id) as k from payers
     ), pos as (
       insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
         period_start, period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
       select $1, $2, 'PZ-B-' || lpad(k::text, 7, '0'), id, $4, '2026-10-01', '2026-10-31',
              'Mensa scolastica ottobre 2026 - alunno ' || k, 4000 + k, '9/0107101TS/',
              jsonb_build_object('fiscal_code', 'RSSMRA80A01H501U', 'full_name', 'Pagatore ' || k,
                                 'address', 'Via Roma ' || k, 'postal_code', '00100',
                                 'city', 'Val di Ponte', 'province', 'RM'),
              'published'
         from numbered
       returning id, amount_cents, iupd
     ), opts as (
       select p.id, p.amount_cents, i,
              substr(p.iupd, 6)::bigint * 13 + i + 5000000000 as base
         from pos p cross join generate_series(0, 2) i
        where i = 0 or substr(p.iupd, 6)::bigint % 5 = 0
     )
     insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
       iuv, amount_cents, due_on)
     select $1, id, i, app.notice_number('02', base), substr(app.notice_number('02', base), 2),
            case when i = 0 then amount_cents when i = 1 then amount_cents / 2
                 else amount_cents - amount_cents / 2 end,
            ('2026-11-30'::date + i * interval '1 month')::date
       from opts`,
    [f.tenant_id, runId, n, f.canteen],
  );
  return n;
}

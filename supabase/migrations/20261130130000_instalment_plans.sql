-- Rateizzazione: on a family's request, the billing office spreads what a position owes over
-- monthly instalments (the Ente's rules on revenue allow it; the office records the request's
-- reference and the reason). pagoPA cannot change the payment options of a published position,
-- so the plan is a new position that replaces the old one:
--
-- - the new position has the same payer, service, run, period, remittance, taxonomy and debtor,
--   and new notices: the whole amount at once (option 0, due with the first instalment) or the
--   instalments, each with its own notice number (never reused);
-- - the old position is cancelled ("Sostituita dal piano di rateizzazione …"), its unpaid notices
--   with it, and invalidated on GPD (`to_invalidate`, as a cancellation is); its charge lines and
--   its invoice, if it was invoiced, now belong to the new position (the debt is the same: no
--   credit note);
-- - `debt_positions.replaces_position_id` links them (one replacement per position), and
--   `instalment_plans` keeps who granted it, when, on which request and why. Audited.
--
-- Only a position nothing has paid (status open, no payment), for charges (not a wallet
-- top-up), and not on a live list of enforced collection (withdraw it first) can be spread.
-- Written only by `app.grant_instalment_plan` (billing office only, 42501).

alter table public.debt_positions add column replaces_position_id uuid;
alter table public.debt_positions
  add constraint debt_positions_replaces_fkey
  foreign key (tenant_id, replaces_position_id) references public.debt_positions (tenant_id, id);
create unique index debt_positions_replaces_idx on public.debt_positions
  (tenant_id, replaces_position_id) where replaces_position_id is not null;

-- One position per run, payer and service, as issued: a plan's position replaces one of them.
drop index public.debt_positions_once_idx;
create unique index debt_positions_once_idx
  on public.debt_positions (tenant_id, run_id, payer_id, service_id) nulls not distinct
  where run_id is not null and replaces_position_id is null;

create table public.instalment_plans (
  -- The new position, which carries the instalments.
  position_id uuid primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  replaced_position_id uuid not null,
  instalments int not null check (instalments between 2 and 12),
  amount_cents bigint not null check (amount_cents > 0),
  first_due_on date not null,
  last_due_on date not null,
  -- The family's request as the office registered it ("Prot. n. 4521 del 03/11/2026").
  reference text not null check (length(btrim(reference)) between 2 and 200),
  reason text not null check (length(btrim(reason)) between 5 and 1000),
  granted_by uuid references public.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  unique (tenant_id, position_id),
  unique (tenant_id, replaced_position_id),
  check (last_due_on > first_due_on),
  foreign key (tenant_id, position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, replaced_position_id) references public.debt_positions (tenant_id, id)
);
comment on table public.instalment_plans is
  'Rateizzazione: a position spread over instalments on request, replacing the position it names.';

revoke all on public.instalment_plans from public, anon, authenticated;
grant select on public.instalment_plans to authenticated;
grant all on public.instalment_plans to service_role;
alter table public.instalment_plans enable row level security;
create policy instalment_plans_staff_read on public.instalment_plans for select
  to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
-- The family sees the plan of its own position (who granted it is the office's: the page names
-- only the date, the reference and the instalments).
create policy instalment_plans_family_read on public.instalment_plans for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and app.position_is_mine(position_id));
create trigger instalment_plans_audit after insert or update or delete on public.instalment_plans
  for each row execute function app.audit_row();

-- Spreads position `p_position` over `p_instalments` [{amount_cents, due_on}] (2 to 12, in
-- order of due date, the first not before today in Rome, amounts summing to what the position
-- owes). The e-mail `p_mail_subject` / `p_mail_body` (written by lib/billing/instalment_plan.ts)
-- goes to the payer's address in the registry, if any. Returns the new position's id. Errors: 42501 not the billing office; P0002 no such
-- position; 22023 with a code word first (`instalment_plan_*`) for everything the office can fix.
create or replace function app.grant_instalment_plan(
  p_position uuid, p_instalments jsonb, p_reference text, p_reason text,
  p_mail_subject text default null, p_mail_body text default null)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  v_today date := (now() at time zone 'Europe/Rome')::date;
  v_id uuid := gen_random_uuid();
  p public.debt_positions;
  s public.billing_settings;
  v_n int;
  v_sum bigint;
  v_first date;
  v_last date;
  v_base bigint;
  v_bad int;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'instalment_plan_forbidden: only the billing office grants instalment plans'
      using errcode = '42501';
  end if;
  select * into p from public.debt_positions d
   where d.tenant_id = t and d.id = p_position
   for update;
  if not found then
    raise exception 'instalment_plan_not_found: no such position in this Ente' using errcode = 'P0002';
  end if;
  if length(btrim(coalesce(p_reference, ''))) not between 2 and 200 then
    raise exception 'instalment_plan_reference: the request''s reference is 2 to 200 characters'
      using errcode = '22023';
  end if;
  if length(btrim(coalesce(p_reason, ''))) not between 5 and 1000 then
    raise exception 'instalment_plan_reason: the reason is 5 to 1000 characters'
      using errcode = '22023';
  end if;
  if p.purpose <> 'charges' then
    raise exception 'instalment_plan_top_up: a wallet top-up is not spread over instalments'
      using errcode = '22023';
  end if;
  if p.status = 'cancelled' then
    raise exception 'instalment_plan_cancelled: the position is cancelled' using errcode = '22023';
  end if;
  if p.status <> 'open' or p.paid_cents <> 0 or exists (
       select 1 from public.payment_notices n
        where n.tenant_id = t and n.debt_position_id = p.id and n.status = 'paid') then
    raise exception 'instalment_plan_paid: the position is already (partly) paid'
      using errcode = '22023';
  end if;
  if exists (select 1 from public.enforced_collection_positions e
              where e.tenant_id = t and e.debt_position_id = p.id and e.withdrawn_at is null) then
    raise exception 'instalment_plan_enforced: the position is on a list of enforced collection'
      using errcode = '22023';
  end if;
  if jsonb_typeof(p_instalments) is distinct from 'array' then
    raise exception 'instalment_plan_count: 2 to 12 instalments' using errcode = '22023';
  end if;
  select count(*), coalesce(sum(x.amount_cents), 0), min(x.due_on), max(x.due_on),
         count(*) filter (where x.amount_cents is null or x.amount_cents <= 0 or x.due_on is null)
    into v_n, v_sum, v_first, v_last, v_bad
    from jsonb_to_recordset(p_instalments) as x(amount_cents bigint, due_on date);
  if v_n not between 2 and 12 then
    raise exception 'instalment_plan_count: 2 to 12 instalments' using errcode = '22023';
  end if;
  if v_bad > 0 then
    raise exception 'instalment_plan_amount: every instalment has an amount above zero and a due date'
      using errcode = '22023';
  end if;
  if v_sum <> p.amount_cents then
    raise exception 'instalment_plan_total: the instalments add up to %, the position owes %',
      v_sum, p.amount_cents using errcode = '22023';
  end if;
  if v_first < v_today then
    raise exception 'instalment_plan_past: the first instalment falls due before today'
      using errcode = '22023';
  end if;
  -- Due dates strictly increasing, in the order given.
  if exists (
       select 1 from (
         select (e.v ->> 'due_on')::date as due_on,
                lag((e.v ->> 'due_on')::date) over (order by e.ord) as prev
           from jsonb_array_elements(p_instalments) with ordinality as e(v, ord)
       ) d where d.prev is not null and d.due_on <= d.prev) then
    raise exception 'instalment_plan_order: each instalment falls due after the one before'
      using errcode = '22023';
  end if;
  select * into s from public.billing_settings b where b.tenant_id = t;
  if not found then
    raise exception 'instalment_plan_settings: the Ente''s pagoPA settings are missing'
      using errcode = '22023';
  end if;

  insert into public.debt_positions (id, tenant_id, run_id, iupd, payer_id, service_id, purpose,
    period_start, period_end, description, amount_cents, taxonomy_code, debtor, gpd_status,
    replaces_position_id)
  values (v_id, t, p.run_id,
          'PZ-R-' || upper(substr(replace(v_id::text, '-', ''), 1, 20)),
          p.payer_id, p.service_id, p.purpose, p.period_start, p.period_end, p.description,
          p.amount_cents, p.taxonomy_code, p.debtor,
          case when s.gpd_enabled then 'to_publish' else 'none' end, p.id);

  v_base := app.reserve_notice_bases(s.segregation_code, v_n + 1);
  insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number, iuv,
    amount_cents, due_on)
  select t, v_id, 0, n.nav, substr(n.nav, 2), p.amount_cents, v_first
    from (select app.notice_number(s.segregation_code, v_base) as nav) n;
  insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number, iuv,
    amount_cents, due_on)
  select t, v_id, e.ord::int, n.nav, substr(n.nav, 2), (e.v ->> 'amount_cents')::bigint,
         (e.v ->> 'due_on')::date
    from jsonb_array_elements(p_instalments) with ordinality as e(v, ord)
   cross join lateral (select app.notice_number(s.segregation_code, v_base + e.ord) as nav) n;

  update public.charge_lines cl set debt_position_id = v_id
   where cl.tenant_id = t and cl.debt_position_id = p.id;
  update public.invoices i set debt_position_id = v_id
   where i.tenant_id = t and i.debt_position_id = p.id;

  update public.payment_notices n set status = 'cancelled'
   where n.tenant_id = t and n.debt_position_id = p.id and n.status = 'unpaid';
  update public.debt_positions d
     set status = 'cancelled', cancelled_at = now(),
         cancel_reason = left(format('Sostituita dal piano di rateizzazione in %s rate (%s): %s',
                                     v_n, btrim(p_reference), btrim(p_reason)), 1000),
         gpd_status = case when d.gpd_status = 'none' then 'none' else 'to_invalidate' end,
         gpd_attempts = 0, gpd_next_attempt_at = null, gpd_error = null, updated_at = now()
   where d.id = p.id;

  insert into public.instalment_plans (position_id, tenant_id, replaced_position_id, instalments,
    amount_cents, first_due_on, last_due_on, reference, reason, granted_by)
  values (v_id, t, p.id, v_n, p.amount_cents, v_first, v_last, btrim(p_reference),
          btrim(p_reason), u);

  if length(btrim(coalesce(p_mail_subject, ''))) > 0 and length(coalesce(p_mail_body, '')) > 0 then
    insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
    select t, pe.email, left(btrim(p_mail_subject), 200), p_mail_body
      from public.people pe
     where pe.tenant_id = t and pe.id = p.payer_id and nullif(btrim(pe.email), '') is not null;
  end if;

  perform app.realtime_emit('payer:' || p.payer_id, 'instalment_plan.granted',
                            jsonb_build_object('position_id', v_id, 'replaced', p.id));
  return v_id;
end
$$;
revoke all on function app.grant_instalment_plan(uuid, jsonb, text, text, text, text) from public;
grant execute on function app.grant_instalment_plan(uuid, jsonb, text, text, text, text)
  to authenticated, service_role;

-- Prepaid wallets (borsellino, issue 6): a service billed 'prepaid' (service_billing.mode) is
-- not billed by notices; each use is deducted from the payer's wallet (or the child's, when the
-- Ente keeps one wallet per child) and the family tops it up through a pagoPA notice of an
-- amount of its choice.
--
-- The balance is maintained by the movements only (append-only, signed cents). Unique keys make
-- every write idempotent: a use is deducted once per (enrollment, day) — again only after it was
-- refunded — a refund once per use, a top-up credited once per debt position. A child is never
-- refused a meal by the software: a negative balance only alerts the family and flags the wallet
-- for the office (below zero, beyond the grace amount).

-- The Ente's wallet rules (one row per Ente; defaults when missing).
create table public.wallet_settings (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  -- One wallet per payer (all their children), or one per child (beneficiary).
  scope text not null default 'payer' check (scope in ('payer', 'beneficiary')),
  default_threshold_cents bigint not null default 1000
    check (default_threshold_cents between 0 and 10000000),
  default_grace_cents bigint not null default 0 check (default_grace_cents between 0 and 10000000),
  min_top_up_cents bigint not null default 500 check (min_top_up_cents between 100 and 10000000),
  max_top_up_cents bigint not null default 50000 check (max_top_up_cents between 100 and 10000000),
  -- How many past days the daily deduction looks at again (late changes become refunds).
  lookback_days int not null default 31 check (lookback_days between 1 and 120),
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  check (max_top_up_cents >= min_top_up_cents)
);
comment on table public.wallet_settings is
  'Prepaid wallet rules of the Ente: per payer or per child, default threshold and grace, top-up limits.';

create table public.wallets (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  payer_id uuid not null,
  -- Set when the Ente keeps one wallet per child.
  beneficiary_id uuid,
  balance_cents bigint not null default 0,
  -- Filled from wallet_settings when not given (trigger below).
  low_balance_threshold_cents bigint not null check (low_balance_threshold_cents between 0 and 10000000),
  -- How far below zero the balance may go before the office is alerted (meals are never refused).
  grace_cents bigint not null check (grace_cents between 0 and 10000000),
  -- The band the balance is in; an alert is raised when it moves to a worse band (once per crossing).
  alert_level text not null default 'ok' check (alert_level in ('ok', 'low', 'negative', 'over_grace')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id),
  foreign key (tenant_id, beneficiary_id) references public.people (tenant_id, id)
);
create unique index wallets_owner_idx on public.wallets (tenant_id, payer_id, beneficiary_id) nulls not distinct;
create index wallets_balance_idx on public.wallets (tenant_id, alert_level, balance_cents);
comment on table public.wallets is
  'Borsellino: prepaid balance of a payer (or of one child), kept by wallet_movements.';

-- Top-ups asked for: the debt position (purpose top_up) and the wallet it credits once paid.
create table public.wallet_top_ups (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  debt_position_id uuid not null,
  wallet_id uuid not null,
  amount_cents bigint not null check (amount_cents > 0),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, debt_position_id),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, wallet_id) references public.wallets (tenant_id, id)
);
create index wallet_top_ups_wallet_idx on public.wallet_top_ups (tenant_id, wallet_id, created_at desc);

create table public.wallet_movements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  wallet_id uuid not null,
  -- top_up: a paid pagoPA top-up; use: one use deducted at its tariff; refund: a use voided
  -- after it was deducted; adjustment: by the office, with a reason.
  kind text not null check (kind in ('top_up', 'use', 'refund', 'adjustment')),
  amount_cents bigint not null check (amount_cents <> 0 and abs(amount_cents) <= 100000000),
  -- The day of the use (Europe/Rome), of the payment, of the adjustment.
  day date not null,
  enrollment_id uuid,
  service_id uuid,
  beneficiary_id uuid,
  debt_position_id uuid,
  payment_notice_id uuid,
  refund_of uuid,
  -- A use of a day refunded and billable again is deducted again with the next seq.
  seq int not null default 0 check (seq >= 0),
  unit_cents bigint,
  description text not null check (length(btrim(description)) between 2 and 300),
  -- {summary: {it, en}, tariff_title, unit_cents, source, meal…}
  explanation jsonb not null default '{}' check (jsonb_typeof(explanation) = 'object'),
  reason text check (length(btrim(reason)) between 5 and 1000),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  check (kind <> 'top_up' or (amount_cents > 0 and debt_position_id is not null)),
  check (kind <> 'use' or (amount_cents < 0 and enrollment_id is not null)),
  check (kind <> 'refund' or (amount_cents > 0 and refund_of is not null)),
  check (kind <> 'adjustment' or reason is not null),
  -- No cascade: a wallet with movements is never deleted.
  foreign key (tenant_id, wallet_id) references public.wallets (tenant_id, id),
  foreign key (tenant_id, enrollment_id) references public.enrollments (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, beneficiary_id) references public.people (tenant_id, id),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, payment_notice_id) references public.payment_notices (tenant_id, id),
  foreign key (tenant_id, refund_of) references public.wallet_movements (tenant_id, id)
);
create index wallet_movements_wallet_idx on public.wallet_movements (tenant_id, wallet_id, created_at desc);
create unique index wallet_movements_use_once_idx
  on public.wallet_movements (tenant_id, enrollment_id, day, seq) where kind = 'use';
create unique index wallet_movements_refund_once_idx
  on public.wallet_movements (tenant_id, refund_of) where kind = 'refund';
create index wallet_movements_refund_day_idx
  on public.wallet_movements (tenant_id, enrollment_id, day) where kind = 'refund';
create unique index wallet_movements_top_up_once_idx
  on public.wallet_movements (tenant_id, debt_position_id) where kind = 'top_up';
create index wallet_movements_service_day_idx
  on public.wallet_movements (tenant_id, service_id, day) where kind = 'use';
comment on table public.wallet_movements is
  'Movements of a prepaid wallet (append-only): top-ups, uses, refunds, adjustments, with explanations.';

-- An alert raised when a wallet's balance moved to a worse band; delivered (e-mail, push) by the
-- wallet job, which claims undelivered ones with SKIP LOCKED.
create table public.wallet_alerts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  wallet_id uuid not null,
  level text not null check (level in ('low', 'negative', 'over_grace')),
  balance_cents bigint not null,
  threshold_cents bigint not null,
  grace_cents bigint not null,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  mails int not null default 0,
  pushes int not null default 0,
  unique (tenant_id, id),
  foreign key (tenant_id, wallet_id) references public.wallets (tenant_id, id) on delete cascade
);
create index wallet_alerts_wallet_idx on public.wallet_alerts (tenant_id, wallet_id, created_at desc);
create index wallet_alerts_pending_idx on public.wallet_alerts (created_at) where delivered_at is null;

-- Which (service, day) the daily deduction has done: claimed in the deduction's transaction, so
-- of several processes one deducts and the others find the row taken.
create table private.wallet_deduction_runs (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  run_on date not null,
  uses int not null default 0,
  refunds int not null default 0,
  done_at timestamptz not null default now(),
  primary key (tenant_id, service_id, run_on)
);
grant all on private.wallet_deduction_runs to service_role;

-- Euro amount for people, "4,50 €" / "€4.50" (texts built in SQL: explanations, descriptions).
create or replace function app.wallet_euro(p_cents bigint, p_lang text default 'it') returns text
language sql immutable set search_path = ''
as $$
  select case when p_lang = 'en'
    then case when p_cents < 0 then '-' else '' end || '€' || to_char(abs(p_cents) / 100.0, 'FM999999990.00')
    else case when p_cents < 0 then '-' else '' end
         || replace(to_char(abs(p_cents) / 100.0, 'FM999999990.00'), '.', ',') || ' €'
  end
$$;

-- The band of a balance: ok, low (under the threshold), negative, over_grace (beyond the grace).
create or replace function app.wallet_level(p_balance bigint, p_threshold bigint, p_grace bigint)
returns text
language sql immutable set search_path = ''
as $$
  select case when p_balance < -p_grace then 'over_grace'
              when p_balance < 0 then 'negative'
              when p_balance < p_threshold then 'low'
              else 'ok' end
$$;

create or replace function app.wallet_level_rank(p_level text) returns int
language sql immutable set search_path = ''
as $$ select array_position(array['ok', 'low', 'negative', 'over_grace'], p_level) $$;

-- New wallets take the Ente's default threshold and grace unless given.
create or replace function app.wallets_defaults() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  s public.wallet_settings;
begin
  select * into s from public.wallet_settings where tenant_id = new.tenant_id;
  new.low_balance_threshold_cents := coalesce(new.low_balance_threshold_cents, s.default_threshold_cents, 1000);
  new.grace_cents := coalesce(new.grace_cents, s.default_grace_cents, 0);
  new.alert_level := app.wallet_level(new.balance_cents, new.low_balance_threshold_cents, new.grace_cents);
  return new;
end
$$;
create trigger wallets_defaults before insert on public.wallets
  for each row execute function app.wallets_defaults();

-- The band follows the balance; moving to a worse band because of a movement raises one alert
-- (a change of threshold or grace by the office moves the band silently).
create or replace function app.wallets_band() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  lvl text := app.wallet_level(new.balance_cents, new.low_balance_threshold_cents, new.grace_cents);
begin
  if new.balance_cents is distinct from old.balance_cents
     and app.wallet_level_rank(lvl) > app.wallet_level_rank(old.alert_level) then
    insert into public.wallet_alerts (tenant_id, wallet_id, level, balance_cents, threshold_cents, grace_cents)
    values (new.tenant_id, new.id, lvl, new.balance_cents, new.low_balance_threshold_cents, new.grace_cents);
  end if;
  new.alert_level := lvl;
  new.updated_at := now();
  return new;
end
$$;
create trigger wallets_band before update on public.wallets
  for each row execute function app.wallets_band();

-- The balance is the sum of the movements: kept set-based, once per statement.
create or replace function app.wallet_movements_apply() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.wallets w set balance_cents = w.balance_cents + d.total
    from (select tenant_id, wallet_id, sum(amount_cents) as total from new_rows
           group by tenant_id, wallet_id) d
   where w.tenant_id = d.tenant_id and w.id = d.wallet_id;
  return null;
end
$$;
create trigger wallet_movements_apply after insert on public.wallet_movements
  referencing new table as new_rows
  for each statement execute function app.wallet_movements_apply();

-- A paid top-up credits its wallet, once per debt position whatever happens to the status later.
create or replace function app.wallet_credit_top_up() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.wallet_movements (tenant_id, wallet_id, kind, amount_cents, day, service_id,
    debt_position_id, payment_notice_id, description, explanation)
  select t.tenant_id, t.wallet_id, 'top_up', new.amount_cents,
         (coalesce(new.paid_at, now()) at time zone 'Europe/Rome')::date, new.service_id, new.id, n.id,
         'Ricarica pagoPA' || coalesce(' avviso ' || n.notice_number, ''),
         jsonb_build_object('summary', jsonb_build_object(
           'it', 'Ricarica di ' || app.wallet_euro(new.amount_cents, 'it') || ' pagata con pagoPA'
                 || coalesce(' (avviso ' || n.notice_number || ')', '') || '.',
           'en', 'Top-up of ' || app.wallet_euro(new.amount_cents, 'en') || ' paid through pagoPA'
                 || coalesce(' (notice ' || n.notice_number || ')', '') || '.'),
           'notice_number', n.notice_number, 'iupd', new.iupd)
    from public.wallet_top_ups t
    left join public.payment_notices n
      on n.tenant_id = new.tenant_id and n.debt_position_id = new.id and n.instalment = 0
   where t.tenant_id = new.tenant_id and t.debt_position_id = new.id
  on conflict (tenant_id, debt_position_id) where kind = 'top_up' do nothing;
  return null;
end
$$;
create trigger debt_positions_wallet_top_up after update of status on public.debt_positions
  for each row when (new.status = 'paid' and old.status is distinct from 'paid' and new.purpose = 'top_up')
  execute function app.wallet_credit_top_up();

create or replace function app.wallet_is_mine(p_wallet uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.wallets w
                  where w.tenant_id = app.tenant_id() and w.id = p_wallet and app.is_my_payer(w.payer_id))
$$;
revoke all on function app.wallet_is_mine(uuid) from public;
grant execute on function app.wallet_is_mine(uuid) to authenticated, service_role;

-- A top-up of a chosen amount: a debt position (purpose top_up) with one pagoPA notice, for a
-- wallet of the caller's payers (families) or any wallet of the Ente (office). Refusals are
-- 'wallet:<code>' (22023) so callers can explain them; nothing is stored then.
create or replace function app.wallet_top_up(p_wallet uuid, p_amount_cents bigint) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  w public.wallets;
  ws public.wallet_settings;
  b public.billing_settings;
  svc record;
  payer record;
  child text;
  base bigint;
  num text;
  pos uuid;
  today date := (now() at time zone 'Europe/Rome')::date;
begin
  select * into w from public.wallets where tenant_id = t and id = p_wallet;
  if w.id is null or not (app.is_my_payer(w.payer_id) or app.can_bill()) then
    raise exception 'wallet:not_found' using errcode = '22023';
  end if;
  select * into ws from public.wallet_settings where tenant_id = t;
  if p_amount_cents is null or p_amount_cents < coalesce(ws.min_top_up_cents, 500)
     or p_amount_cents > coalesce(ws.max_top_up_cents, 50000) then
    raise exception 'wallet:amount_out_of_range' using errcode = '22023';
  end if;
  -- A family cannot pile up unpaid notices (each consumes a number that is never reused).
  if (select count(*) from public.wallet_top_ups x
        join public.debt_positions d on d.tenant_id = x.tenant_id and d.id = x.debt_position_id
       where x.tenant_id = t and x.wallet_id = w.id and d.status = 'open') >= 5 then
    raise exception 'wallet:too_many_open' using errcode = '22023';
  end if;
  select * into b from public.billing_settings where tenant_id = t;
  if b.tenant_id is null or (b.iban is null and b.postal_iban is null) then
    raise exception 'wallet:iban_missing' using errcode = '22023';
  end if;
  -- The prepaid service the wallet pays for: the child's (or the payer's children's) first.
  select s.id, s.title, sb.taxonomy_code into svc
    from public.service_billing sb
    join public.services s on s.tenant_id = sb.tenant_id and s.id = sb.service_id
   where sb.tenant_id = t and sb.mode = 'prepaid'
   order by exists (select 1 from public.enrollments e
                     where e.tenant_id = t and e.service_id = s.id and e.payer_id = w.payer_id
                       and (w.beneficiary_id is null or e.beneficiary_id = w.beneficiary_id)) desc,
            s.title, s.id
   limit 1;
  if svc.id is null then
    raise exception 'wallet:no_prepaid_service' using errcode = '22023';
  end if;
  select p.tax_code, p.name, p.surname, p.email into payer
    from public.people p where p.tenant_id = t and p.id = w.payer_id;
  if payer.tax_code is null then
    raise exception 'wallet:payer_without_tax_code' using errcode = '22023';
  end if;
  select p.name || ' ' || p.surname into child
    from public.people p where p.tenant_id = t and p.id = w.beneficiary_id;
  base := app.reserve_notice_bases(b.segregation_code, 1);
  num := app.notice_number(b.segregation_code, base);
  insert into public.debt_positions (tenant_id, iupd, payer_id, service_id, purpose, period_start,
    period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
  values (t, 'RIC-' || num, w.payer_id, svc.id, 'top_up', today, today,
          left('Ricarica borsellino ' || svc.title || ' - ' || coalesce(child, payer.name || ' ' || payer.surname), 140),
          p_amount_cents, svc.taxonomy_code,
          jsonb_strip_nulls(jsonb_build_object('type', 'F', 'fiscal_code', payer.tax_code,
            'full_name', payer.name || ' ' || payer.surname, 'email', payer.email)),
          case when b.gpd_enabled then 'to_publish' else 'none' end)
  returning id into pos;
  insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number, iuv,
    amount_cents, due_on)
  values (t, pos, 0, num, substr(num, 2), p_amount_cents, today + b.due_days);
  insert into public.wallet_top_ups (tenant_id, debt_position_id, wallet_id, amount_cents, created_by)
  values (t, pos, w.id, p_amount_cents, app.user_id());
  perform app.audit_event(t, 'wallet.top_up_requested', 'wallets', w.id::text,
    jsonb_build_object('debt_position_id', pos, 'amount_cents', p_amount_cents, 'notice_number', num));
  return pos;
end
$$;
revoke all on function app.wallet_top_up(uuid, bigint) from public;
grant execute on function app.wallet_top_up(uuid, bigint) to authenticated, service_role;

-- Wallets exist before the first use, so a family can top up in advance: one for each payer (or
-- payer and child) of a current enrollment in a prepaid service — the caller's payers for a
-- family, the whole Ente for the office. Returns how many were created.
create or replace function app.ensure_wallets() returns int
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  office boolean := app.can_bill() or coalesce(app.claims() ->> 'role', '') = 'service_role';
  per_child boolean := coalesce((select scope = 'beneficiary' from public.wallet_settings where tenant_id = t), false);
  mine uuid[] := array_append(app.my_household_person_ids(), app.my_person_id());
  n int;
begin
  if t is null then
    return 0;
  end if;
  insert into public.wallets (tenant_id, payer_id, beneficiary_id)
  select distinct e.tenant_id, e.payer_id, case when per_child then e.beneficiary_id end
    from public.enrollments e
    join public.service_billing sb on sb.tenant_id = e.tenant_id and sb.service_id = e.service_id
   where e.tenant_id = t and sb.mode = 'prepaid'
     and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date - 60
     and (office or e.payer_id = any (mine))
  on conflict do nothing;
  get diagnostics n = row_count;
  return n;
end
$$;
revoke all on function app.ensure_wallets() from public;
-- A family's wallets are looked up by payer.
create index if not exists enrollments_payer_wallet_idx on public.enrollments (tenant_id, payer_id);
grant execute on function app.ensure_wallets() to authenticated, service_role;

revoke all on public.wallet_settings, public.wallets, public.wallet_top_ups,
  public.wallet_movements, public.wallet_alerts from public, anon, authenticated;
grant select, insert, update on public.wallet_settings to authenticated;
grant select on public.wallets, public.wallet_top_ups, public.wallet_movements,
  public.wallet_alerts to authenticated;
-- The balance and its band are the movements' alone; the office sets threshold and grace.
grant insert (tenant_id, payer_id, beneficiary_id, low_balance_threshold_cents, grace_cents)
  on public.wallets to authenticated;
grant update (low_balance_threshold_cents, grace_cents) on public.wallets to authenticated;
-- Empty wallets go when the Ente switches between per payer and per child (nothing moved yet).
grant delete on public.wallets to authenticated;
-- The office writes adjustments only (uses, refunds and top-ups come from the job and triggers).
grant insert (tenant_id, wallet_id, kind, amount_cents, day, description, explanation, reason, created_by)
  on public.wallet_movements to authenticated;
grant all on public.wallet_settings, public.wallets, public.wallet_top_ups, public.wallet_alerts
  to service_role;
-- Append-only for everyone, the jobs included.
grant select, insert on public.wallet_movements to service_role;

alter table public.wallet_settings enable row level security;
alter table public.wallets enable row level security;
alter table public.wallet_top_ups enable row level security;
alter table public.wallet_movements enable row level security;
alter table public.wallet_alerts enable row level security;

-- Families read the limits for the top-up form.
create policy wallet_settings_read on public.wallet_settings for select to authenticated
  using (tenant_id = (select app.tenant_id()));
create policy wallet_settings_write on public.wallet_settings for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

create policy wallets_staff_read on public.wallets for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy wallets_family_read on public.wallets for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id));
create policy wallets_write on public.wallets for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy wallets_update on public.wallets for update to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

create policy wallets_delete_empty on public.wallets for delete to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()) and balance_cents = 0);

create policy wallet_top_ups_staff_read on public.wallet_top_ups for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy wallet_top_ups_family_read on public.wallet_top_ups for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.wallet_is_mine(wallet_id));

create policy wallet_movements_staff_read on public.wallet_movements for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy wallet_movements_family_read on public.wallet_movements for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.wallet_is_mine(wallet_id));
create policy wallet_movements_adjust on public.wallet_movements for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()) and kind = 'adjustment');

create policy wallet_alerts_staff_read on public.wallet_alerts for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy wallet_alerts_family_read on public.wallet_alerts for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.wallet_is_mine(wallet_id));

-- Audit: the rules, the office's thresholds, its adjustments; uses are explained row by row and
-- audited through the job (thousands a day).
create trigger wallet_settings_audit after insert or update or delete on public.wallet_settings
  for each row execute function app.audit_row();
create trigger wallets_audit after update of low_balance_threshold_cents, grace_cents or delete
  on public.wallets for each row execute function app.audit_row();
create trigger wallet_movements_audit after insert on public.wallet_movements
  for each row when (new.kind = 'adjustment') execute function app.audit_row();

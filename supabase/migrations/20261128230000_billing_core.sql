-- Billing (issue 6): the Ente's pagoPA settings, how each service is billed, billing runs and
-- their charge lines, debt positions with their pagoPA notices, and the receipts that pay them.
--
-- Money is integer cents. A run computes lines for a period (draft), the office reviews and
-- changes them with a reason (audited), approves, then issues: lines are grouped into debt
-- positions (one per payer and period, per service or aggregated) with notice numbers that are
-- never reused. Issued money is never rewritten: a later change becomes an adjustment line in a
-- later run. Receipts are stored once (unique per receipt id) and credit once.

-- The Ente's pagoPA and collection settings (one row per Ente).
create table public.billing_settings (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  -- Codice di segregazione assigned by PagoPA to the Ente's IUV generation point (aux digit 3).
  segregation_code text not null default '02' check (segregation_code ~ '^[0-9]{2}$'),
  iban text check (iban ~ '^IT[0-9]{2}[A-Z][0-9]{10}[A-Z0-9]{12}$'),
  -- Conto corrente postale (12 digits): the notice carries the Poste section and Data Matrix.
  postal_account text check (postal_account ~ '^[0-9]{12}$'),
  postal_iban text check (postal_iban ~ '^IT[0-9]{2}[A-Z][0-9]{10}[A-Z0-9]{12}$'),
  postal_account_holder text check (length(postal_account_holder) <= 140),
  -- Autorizzazione Poste "AUT. …" printed on the postal section.
  postal_authorization text check (length(postal_authorization) <= 140),
  cbill text check (cbill ~ '^[A-Z0-9]{5}$'),
  -- Who to contact, printed on the notice ("Ufficio Servizi Scolastici").
  office_name text check (length(office_name) <= 140),
  office_contact text check (length(office_contact) <= 300),
  -- One debt position per payer and period for each service, or one for all services.
  position_grouping text not null default 'per_service'
    check (position_grouping in ('per_service', 'aggregated')),
  -- Days after issue the (single) payment is due.
  due_days int not null default 30 check (due_days between 1 and 365),
  -- GPD (Gestione Posizioni Debitorie): positions are published there when enabled.
  gpd_enabled boolean not null default true,
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now()
);
comment on table public.billing_settings is
  'pagoPA and collection settings of the Ente: segregation code, accounts, grouping of positions.';

-- How a service is billed.
create table public.service_billing (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  -- notice: pagoPA notices; invoice: FatturaPA invoices (paid through pagoPA too);
  -- prepaid: each use is deducted from the payer's wallet, top-ups through pagoPA.
  mode text not null default 'notice' check (mode in ('notice', 'invoice', 'prepaid')),
  -- Tassonomia pagoPA (transferCategory), e.g. 9/0107101TS/ for the canteen.
  taxonomy_code text not null check (taxonomy_code ~ '^[0-9]/[0-9]{7}[A-Z]{2}/$'),
  -- 1 = single payment; more = instalments (the full amount stays payable at once too).
  instalments int not null default 1 check (instalments between 1 and 12),
  -- Charges below this amount are carried to the next period instead of a notice (0 = never).
  min_notice_cents bigint not null default 0 check (min_notice_cents >= 0),
  -- FatturaPA: natura of a VAT-exempt line (N1..N7) or a VAT rate in basis points.
  vat_nature text check (vat_nature ~ '^N[1-7](\.[0-9])?$'),
  vat_rate_bp int not null default 0 check (vat_rate_bp between 0 and 10000),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, service_id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade,
  check (vat_rate_bp > 0 or vat_nature is not null or mode <> 'invoice')
);

-- A billing run: one period, one or more services.
create table public.billing_runs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- Sequence number per Ente, for people ("Elaborazione n. 12").
  number int not null,
  period_start date not null,
  period_end date not null,
  -- "Ottobre 2026", "Anno scolastico 2026/27", "1° trimestre"…
  label text not null check (length(btrim(label)) between 2 and 120),
  service_ids uuid[] not null check (cardinality(service_ids) between 1 and 50),
  -- queued → computing → computed (draft, in review) → approved → issuing → issued;
  -- failed (the job stopped, it resumes when queued again); cancelled (never issued).
  status text not null default 'queued'
    check (status in ('queued', 'computing', 'computed', 'failed', 'approved', 'issuing', 'issued', 'cancelled')),
  -- Job progress: enrollments done / to do, the last enrollment id done (resume point).
  progress_done int not null default 0,
  progress_total int not null default 0,
  cursor_enrollment uuid,
  -- The month being computed (runs over several months go month by month), then the phase that
  -- looks for late changes of periods already issued.
  cursor_period date,
  cursor_phase text not null default 'period' check (cursor_phase in ('period', 'late_changes')),
  claimed_by text,
  heartbeat_at timestamptz,
  attempts int not null default 0,
  error text,
  -- Issue progress: positions created / to create.
  issue_done int not null default 0,
  issue_total int not null default 0,
  -- Late changes of periods already issued are looked for after this moment (the previous run's
  -- computation start): they become adjustment lines.
  changes_since timestamptz,
  -- When the computation started (late changes are looked for after the previous run's start).
  started_at timestamptz,
  computed_at timestamptz,
  -- {lines, amount_cents, payers, problems} when computed; {positions, notices} when issued.
  totals jsonb not null default '{}',
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  approved_by uuid references public.users (id) on delete set null,
  approved_at timestamptz,
  issued_by uuid references public.users (id) on delete set null,
  issued_at timestamptz,
  cancelled_by uuid references public.users (id) on delete set null,
  cancelled_at timestamptz,
  unique (tenant_id, id),
  unique (tenant_id, number),
  check (period_end >= period_start)
);
create index billing_runs_status_idx on public.billing_runs (status) where status in ('queued', 'computing', 'issuing');
create index billing_runs_period_idx on public.billing_runs (tenant_id, period_start);

-- What a run could not bill, per enrollment: a missing tariff, a payer without CF… Nothing is
-- issued for an enrollment with a problem; the office fixes the data and runs again.
create table public.billing_problems (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  run_id uuid not null,
  enrollment_id uuid,
  payer_id uuid,
  code text not null check (code ~ '^[a-z_]{2,60}$'),
  message text not null,
  message_en text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, run_id) references public.billing_runs (tenant_id, id) on delete cascade,
  foreign key (tenant_id, enrollment_id) references public.enrollments (tenant_id, id) on delete cascade,
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id)
);
create index billing_problems_run_idx on public.billing_problems (tenant_id, run_id);
create unique index billing_problems_once_idx
  on public.billing_problems (tenant_id, run_id, enrollment_id, code) nulls not distinct;

-- A charge line ("movimento"): what one enrollment owes for one period, or an adjustment.
create table public.charge_lines (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  run_id uuid not null,
  enrollment_id uuid,
  service_id uuid not null,
  payer_id uuid not null,
  beneficiary_id uuid,
  site_id uuid,
  -- The period the line is about (a late change of September billed in November says September).
  period_start date not null,
  period_end date not null,
  -- usage: uses × unit price; fee: monthly/period fee; one_off: a one-off fee (enrollment…);
  -- adjustment: computed difference for a period already issued; credit/debit: by the office.
  kind text not null check (kind in ('usage', 'fee', 'one_off', 'adjustment', 'credit', 'debit')),
  -- computed by the run, or written by the office (always with a reason).
  source text not null default 'computed' check (source in ('computed', 'operator')),
  quantity numeric(12, 3) not null default 1,
  unit text check (unit in ('meal', 'ride', 'day', 'use', 'month', 'term', 'year', 'once')),
  unit_cents bigint,
  amount_cents bigint not null,
  -- What the run computed (null for the office's lines). Already-billed amounts are sums of
  -- this, so a line the office changed or deleted is not computed again by a later run.
  computed_cents bigint,
  description text not null check (length(btrim(description)) between 2 and 300),
  -- {summary: {it, en}, steps: {it: [...], en: [...]}, usage: {...}, tariff: {...}}
  explanation jsonb not null default '{}' check (jsonb_typeof(explanation) = 'object'),
  reason text check (length(btrim(reason)) between 5 and 1000),
  deleted_at timestamptz,
  deleted_by uuid references public.users (id) on delete set null,
  delete_reason text check (length(btrim(delete_reason)) between 5 and 1000),
  debt_position_id uuid,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz,
  unique (tenant_id, id),
  check (period_end >= period_start),
  check (source = 'computed' or reason is not null),
  check ((source = 'computed') = (computed_cents is not null)),
  check ((deleted_at is null) = (delete_reason is null)),
  check (kind in ('credit', 'adjustment') or amount_cents >= 0),
  check (kind <> 'credit' or amount_cents < 0),
  foreign key (tenant_id, run_id) references public.billing_runs (tenant_id, id) on delete cascade,
  foreign key (tenant_id, enrollment_id) references public.enrollments (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id),
  foreign key (tenant_id, beneficiary_id) references public.people (tenant_id, id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id)
);
-- A run computes one line per enrollment, period and kind: a resumed or repeated computation
-- inserts nothing twice.
create unique index charge_lines_computed_once_idx
  on public.charge_lines (tenant_id, run_id, enrollment_id, period_start, kind)
  where source = 'computed';
create index charge_lines_run_idx on public.charge_lines (tenant_id, run_id, payer_id);
create index charge_lines_enrollment_idx on public.charge_lines (tenant_id, enrollment_id, period_start);
create index charge_lines_position_idx on public.charge_lines (tenant_id, debt_position_id)
  where debt_position_id is not null;
comment on table public.charge_lines is
  'Movimenti: what each enrollment owes per period, with its explanation; adjustments for late changes.';

-- Posizione debitoria: what one payer owes for a period (one service or all).
create table public.debt_positions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  run_id uuid,
  -- Identificativo univoco posizione debitoria (GPD iupd), unique per Ente.
  iupd text not null check (iupd ~ '^[A-Za-z0-9-]{5,35}$'),
  payer_id uuid not null,
  service_id uuid,
  -- top_up: a prepaid wallet top-up of a chosen amount.
  purpose text not null default 'charges' check (purpose in ('charges', 'top_up')),
  period_start date,
  period_end date,
  -- Causale: service, pupil(s) and period — the family's proof for tax deductions.
  description text not null check (length(btrim(description)) between 2 and 140),
  amount_cents bigint not null check (amount_cents > 0),
  paid_cents bigint not null default 0 check (paid_cents >= 0),
  taxonomy_code text not null check (taxonomy_code ~ '^[0-9]/[0-9]{7}[A-Z]{2}/$'),
  -- The payer as printed and sent to pagoPA, at issue time.
  debtor jsonb not null check (jsonb_typeof(debtor) = 'object'),
  status text not null default 'open'
    check (status in ('open', 'partially_paid', 'paid', 'cancelled')),
  -- GPD publication: none (GPD disabled), to_publish, published, failed (retried), invalidated.
  gpd_status text not null default 'to_publish'
    check (gpd_status in ('none', 'to_publish', 'published', 'failed', 'to_invalidate', 'invalidated')),
  gpd_error text,
  gpd_attempts int not null default 0,
  published_at timestamptz,
  paid_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text check (length(btrim(cancel_reason)) between 5 and 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, iupd),
  check (paid_cents <= amount_cents),
  foreign key (tenant_id, run_id) references public.billing_runs (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id)
);
create index debt_positions_payer_idx on public.debt_positions (tenant_id, payer_id, created_at desc);
create index debt_positions_run_idx on public.debt_positions (tenant_id, run_id);
create index debt_positions_gpd_idx on public.debt_positions (gpd_status)
  where gpd_status in ('to_publish', 'failed', 'to_invalidate');
-- One position per run, payer and service (null service = aggregated): issuing twice creates none.
create unique index debt_positions_once_idx
  on public.debt_positions (tenant_id, run_id, payer_id, service_id) nulls not distinct
  where run_id is not null;

alter table public.charge_lines
  add foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id);

-- Avviso pagoPA: one payment option of a position — the whole amount (instalment 0) or one
-- instalment (1..n).
create table public.payment_notices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  debt_position_id uuid not null,
  instalment int not null default 0 check (instalment between 0 and 12),
  -- Numero avviso (18 digits, aux digit 3) and IUV (its last 17); never reused.
  notice_number text not null check (notice_number ~ '^3[0-9]{17}$'),
  iuv text not null check (iuv ~ '^[0-9]{17}$' and iuv = substr(notice_number, 2)),
  amount_cents bigint not null check (amount_cents > 0),
  due_on date not null,
  status text not null default 'unpaid' check (status in ('unpaid', 'paid', 'cancelled')),
  paid_at timestamptz,
  receipt_id uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, notice_number),
  unique (tenant_id, iuv),
  unique (tenant_id, debt_position_id, instalment),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id) on delete cascade
);

-- Ricevuta telematica: a payment reported by pagoPA (GPD receipts API, paSendRTV2) or by the
-- checkout. Stored once per receipt id whatever happens; matched to a notice when it can be.
create table public.payment_receipts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- pagoPA's receiptId (IUR on old flows): a receipt delivered twice is the same row.
  receipt_ref text not null check (length(receipt_ref) between 1 and 64),
  iuv text not null check (length(iuv) between 1 and 35),
  notice_number text,
  payment_notice_id uuid,
  amount_cents bigint not null,
  paid_at timestamptz not null,
  psp_id text,
  psp_name text,
  payment_method text,
  payer_fiscal_code text,
  payer_name text,
  source text not null check (source in ('gpd', 'pa_send_rt', 'checkout', 'manual')),
  -- matched: paid its notice; unmatched: no notice with that IUV (kept and shown);
  -- amount_mismatch: the notice exists but the amount differs (kept, notice not paid).
  status text not null check (status in ('matched', 'unmatched', 'amount_mismatch')),
  raw text,
  received_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, receipt_ref),
  foreign key (tenant_id, payment_notice_id) references public.payment_notices (tenant_id, id)
);
create index payment_receipts_iuv_idx on public.payment_receipts (tenant_id, iuv);
create index payment_receipts_status_idx on public.payment_receipts (tenant_id, status, received_at desc);

alter table public.payment_notices
  add foreign key (tenant_id, receipt_id) references public.payment_receipts (tenant_id, id);

-- Notice numbers are never reused: a counter per Ente and segregation code.
create table private.notice_counters (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  segregation_code text not null,
  last_base bigint not null default 0 check (last_base < 10000000000000),
  primary key (tenant_id, segregation_code)
);
grant all on private.notice_counters to service_role;

-- 18-digit numero avviso: 3 + segregation code + 13-digit base + mod-93 check of the first 16.
create or replace function app.notice_number(p_segregation text, p_base bigint) returns text
language sql immutable set search_path = ''
as $$
  select '3' || p_segregation || lpad(p_base::text, 13, '0')
      || lpad(((('3' || p_segregation || lpad(p_base::text, 13, '0'))::numeric) % 93)::text, 2, '0')
$$;

-- Reserves `n` consecutive bases for the caller's Ente (staff) or a named Ente (service_role):
-- returns the first. The counter row is locked until the transaction ends, so a rolled-back
-- issue gives its numbers back and a committed one never sees them again.
create or replace function app.reserve_notice_bases(p_segregation text, p_n int)
returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  first_base bigint;
begin
  if t is null or not (app.can_configure() or coalesce(app.claims() ->> 'role', '') = 'service_role'
                       or app.has_role('family')) then
    raise exception 'reserve_notice_bases: not allowed' using errcode = '42501';
  end if;
  if p_n < 1 or p_n > 1000000 then
    raise exception 'reserve_notice_bases: bad count %', p_n using errcode = '22023';
  end if;
  insert into private.notice_counters (tenant_id, segregation_code, last_base)
  values (t, p_segregation, p_n)
  on conflict (tenant_id, segregation_code)
  do update set last_base = private.notice_counters.last_base + p_n
  returning last_base - p_n + 1 into first_base;
  return first_base;
end
$$;
revoke all on function app.reserve_notice_bases(text, int) from public;
grant execute on function app.reserve_notice_bases(text, int) to authenticated, service_role;

create or replace function app.next_billing_run_number() returns int
language sql volatile security definer set search_path = ''
as $$
  select coalesce(max(number), 0) + 1 from public.billing_runs where tenant_id = app.tenant_id()
$$;
revoke all on function app.next_billing_run_number() from public;
grant execute on function app.next_billing_run_number() to authenticated, service_role;

-- Who pays: a family member reads the positions, notices, receipts and lines of the payers of
-- their household (both parents equal), never another household's.
create or replace function app.is_my_payer(p uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select p = app.my_person_id() or p = any (app.my_household_person_ids())
$$;
revoke all on function app.is_my_payer(uuid) from public;
grant execute on function app.is_my_payer(uuid) to authenticated, service_role;

create or replace function app.position_is_mine(p_position uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.debt_positions d
                  where d.tenant_id = app.tenant_id() and d.id = p_position
                    and app.is_my_payer(d.payer_id))
$$;
revoke all on function app.position_is_mine(uuid) from public;
grant execute on function app.position_is_mine(uuid) to authenticated, service_role;

-- Billing is the office's: admins and operators write, staff (and API keys) read.
create or replace function app.can_bill() returns boolean
language sql stable
as $$ select app.has_any_role(array['admin', 'operator']) $$;
grant execute on function app.can_bill() to authenticated, service_role;

revoke all on public.billing_settings, public.service_billing, public.billing_runs,
  public.billing_problems, public.charge_lines, public.debt_positions, public.payment_notices,
  public.payment_receipts from public, anon, authenticated;
grant select, insert, update on public.billing_settings, public.service_billing,
  public.billing_runs, public.charge_lines, public.debt_positions, public.payment_notices,
  public.payment_receipts to authenticated;
grant select, insert, delete on public.billing_problems to authenticated;
grant delete on public.service_billing, public.charge_lines to authenticated;
grant all on public.billing_settings, public.service_billing, public.billing_runs,
  public.billing_problems, public.charge_lines, public.debt_positions, public.payment_notices,
  public.payment_receipts to service_role;

alter table public.billing_settings enable row level security;
alter table public.service_billing enable row level security;
alter table public.billing_runs enable row level security;
alter table public.billing_problems enable row level security;
alter table public.charge_lines enable row level security;
alter table public.debt_positions enable row level security;
alter table public.payment_notices enable row level security;
alter table public.payment_receipts enable row level security;

-- Settings: staff read, the office writes. Families read the service's billing mode (the portal
-- says "prepagato" or "avviso pagoPA") but not the Ente's accounts.
create policy billing_settings_staff_read on public.billing_settings for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy billing_settings_write on public.billing_settings for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy service_billing_read on public.service_billing for select to authenticated
  using (tenant_id = (select app.tenant_id()));
create policy service_billing_write on public.service_billing for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

create policy billing_runs_staff_read on public.billing_runs for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy billing_runs_write on public.billing_runs for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy billing_problems_staff_read on public.billing_problems for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy billing_problems_write on public.billing_problems for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

create policy charge_lines_staff_read on public.charge_lines for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
-- The office writes lines only while their run is in review, and never issued ones.
create or replace function app.run_is_open(p_run uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.billing_runs r
                  where r.tenant_id = app.tenant_id() and r.id = p_run
                    and r.status in ('queued', 'computing', 'computed', 'failed'))
$$;
revoke all on function app.run_is_open(uuid) from public;
grant execute on function app.run_is_open(uuid) to authenticated, service_role;
create policy charge_lines_write on public.charge_lines for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()) and debt_position_id is null
         and app.run_is_open(run_id))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()) and debt_position_id is null
              and app.run_is_open(run_id));
-- Families read the issued lines of their positions (with the explanation).
create policy charge_lines_family_read on public.charge_lines for select to authenticated
  using (tenant_id = (select app.tenant_id()) and debt_position_id is not null and deleted_at is null
         and app.is_my_payer(payer_id));

create policy debt_positions_staff_read on public.debt_positions for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy debt_positions_write on public.debt_positions for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy debt_positions_family_read on public.debt_positions for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id));

create policy payment_notices_staff_read on public.payment_notices for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy payment_notices_write on public.payment_notices for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy payment_notices_family_read on public.payment_notices for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.position_is_mine(debt_position_id));

create policy payment_receipts_staff_read on public.payment_receipts for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy payment_receipts_write on public.payment_receipts for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy payment_receipts_family_read on public.payment_receipts for select to authenticated
  using (tenant_id = (select app.tenant_id()) and payment_notice_id is not null
         and exists (select 1 from public.payment_notices n
                      where n.tenant_id = payment_receipts.tenant_id and n.id = payment_receipts.payment_notice_id
                        and app.position_is_mine(n.debt_position_id)));

-- Audit: settings, runs and positions change rarely and matter; computed lines are audited
-- through their run (hundreds of thousands per month), the office's own lines and every change
-- or deletion row by row.
create trigger billing_settings_audit after insert or update or delete on public.billing_settings
  for each row execute function app.audit_row();
create trigger service_billing_audit after insert or update or delete on public.service_billing
  for each row execute function app.audit_row();
create trigger billing_runs_audit after insert or delete or update of status on public.billing_runs
  for each row execute function app.audit_row();
create trigger charge_lines_audit_operator after insert on public.charge_lines
  for each row when (new.source = 'operator') execute function app.audit_row();
create trigger charge_lines_audit_change
  after update of amount_cents, quantity, unit_cents, description, kind, deleted_at or delete
  on public.charge_lines
  for each row execute function app.audit_row();
create trigger debt_positions_audit after update of status, gpd_status, amount_cents or delete on public.debt_positions
  for each row execute function app.audit_row();

-- Usage per enrollment for billing, one batch of enrollments at a time (keyset on id): service
-- days in the period and in the enrollment's span, days present and billable, meals by kind.
-- Service days are computed once for the period; the batch's marks are one index range. Run as
-- a dynamic query so it is planned with the batch's own values (a generic plan of the same
-- statement is ten times slower on a large Ente).
create index enrollments_service_id_idx on public.enrollments (tenant_id, service_id, id);
-- A batch's marks are read from the index alone (no heap visit per mark).
create index attendance_marks_billing_idx
  on public.attendance_marks (tenant_id, enrollment_id, day) include (status, meal, voided_at);

create or replace function app.billing_usage(
  p_services uuid[], p_from date, p_to date, p_after uuid, p_limit int, p_ids uuid[] default null
)
returns table (
  enrollment_id uuid, service_id uuid, payer_id uuid, beneficiary_id uuid, site_id uuid,
  starts_on date, ends_on date, withdrawn_on date, tariff_id uuid, tariff_assignment jsonb,
  override_cents bigint, social_services_exemption boolean, disability boolean,
  payer_tax_code text, payer_merged boolean, beneficiary_name text,
  open_days int, billable_days int, absent_days int, white_meals int, voided_days int
)
language plpgsql stable set search_path = ''
as $$
declare
  ids uuid[];
begin
  -- The batch first, so the marks' range is known to the planner (hash joins, not loops).
  execute
    'select array_agg(id order by id) from (
       select e.id from public.enrollments e
        where e.tenant_id = $1 and e.service_id = any ($2)
          and e.starts_on <= $4 and coalesce(e.withdrawn_on, e.ends_on) >= $3
          and ($5::uuid is null or e.id > $5) and ($7::uuid[] is null or e.id = any ($7))
        order by e.id
        limit $6) x'
    into ids
    using app.tenant_id(), p_services, p_from, p_to, p_after, p_limit, p_ids;
  if ids is null then
    return;
  end if;
  return query execute
    'with batch as materialized (
       select e.id, e.tenant_id, e.service_id, e.payer_id, e.beneficiary_id, e.site_id,
              e.starts_on, e.ends_on, e.withdrawn_on, e.tariff_id,
              -- Only the situation the tariff is quoted on (the stored quote and explanation
              -- are not needed, and are most of the row).
              case when e.tariff_assignment ? ''situation''
                   then jsonb_build_object(''situation'', e.tariff_assignment -> ''situation'')
              end as tariff_assignment,
              e.override_cents, e.social_services_exemption, e.disability
         from public.enrollments e
        where e.tenant_id = $1 and e.id = any ($5)
     ),
     days as (
       select s.id as service_id, s.attendance_mode, d::date as day
         from public.services s
        cross join generate_series($3::date, $4::date, interval ''1 day'') d
        where s.tenant_id = $1 and s.id = any ($2)
          and app.is_service_day(s.tenant_id, s.id, d::date)
     ),
     -- The batch''s marks: one index range (the batch is a range of ids), then aggregated per
     -- enrollment over service days only (hash joins on the batch and the few service days).
     marks as materialized (
       select m.enrollment_id, m.day, m.status, m.meal, m.voided_at
         from public.attendance_marks m
        where m.tenant_id = $1 and m.enrollment_id between $6 and $7
          and m.day between $3 and $4
     ),
     agg_marks as (
       select m.enrollment_id as id,
              count(*) filter (where m.voided_at is null and m.status = ''present'')::int as present,
              count(*) filter (where m.voided_at is null and m.status in (''absent'', ''cancelled''))::int as absent,
              count(*) filter (where m.voided_at is null and m.status = ''present'' and m.meal = ''white'')::int as white,
              count(*) filter (where m.voided_at is not null)::int as voided
         from marks m
         join batch b on b.id = m.enrollment_id
         join days ds on ds.service_id = b.service_id and ds.day = m.day
        where m.day between greatest(b.starts_on, $3) and least(coalesce(b.withdrawn_on, b.ends_on), $4)
        group by m.enrollment_id
     ),
     spans as (
       select b.id,
              (select ds.attendance_mode from days ds where ds.service_id = b.service_id limit 1)
                as attendance_mode,
              (select count(*)::int from days ds
                where ds.service_id = b.service_id
                  and ds.day between greatest(b.starts_on, $3)
                                 and least(coalesce(b.withdrawn_on, b.ends_on), $4)) as open_days
         from batch b
     ),
     agg as (
       select sp.id, sp.open_days,
              case when sp.attendance_mode = ''presumed''
                   then sp.open_days - coalesce(am.absent, 0) - coalesce(am.voided, 0)
                   else coalesce(am.present, 0) end as billable_days,
              coalesce(am.absent, 0) as absent_days,
              coalesce(am.white, 0) as white_meals,
              coalesce(am.voided, 0) as voided_days
         from spans sp left join agg_marks am on am.id = sp.id
     )
     select b.id, b.service_id, b.payer_id, b.beneficiary_id, b.site_id, b.starts_on, b.ends_on,
            b.withdrawn_on, b.tariff_id, b.tariff_assignment, b.override_cents,
            b.social_services_exemption, b.disability,
            pp.tax_code, pp.merged_into is not null, pb.name || '' '' || pb.surname,
            coalesce(a.open_days, 0), coalesce(a.billable_days, 0), coalesce(a.absent_days, 0),
            coalesce(a.white_meals, 0), coalesce(a.voided_days, 0)
       from batch b
       left join agg a on a.id = b.id
       join public.people pp on pp.tenant_id = b.tenant_id and pp.id = b.payer_id
       join public.people pb on pb.tenant_id = b.tenant_id and pb.id = b.beneficiary_id
      order by b.id'
    using app.tenant_id(), p_services, p_from, p_to, ids, ids[1], ids[cardinality(ids)];
end
$$;
comment on function app.billing_usage(uuid[], date, date, uuid, int, uuid[]) is
  'Billing facts per enrollment for a period, in batches by enrollment id (same rules as app.effective_attendance).';

-- Late changes: marks recorded or voided after a period was billed.
create index attendance_marks_recorded_idx on public.attendance_marks (tenant_id, recorded_at);
create index attendance_marks_voided_idx on public.attendance_marks (tenant_id, voided_at)
  where voided_at is not null;

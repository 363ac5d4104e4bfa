-- Invoices (issue 6): services billed by invoice produce a FatturaPA (FPR12, B2C) invoice per debt
-- position, numbered per Ente and calendar year without gaps, with the XML as sent to the SdI
-- (validated against the official XSD before it is stored) and a snapshot of its lines.
--
-- Money is integer cents. An invoice is never rewritten: a mistake is corrected by a credit note
-- in a later run. The SdI file name carries a progressive per Ente (5 characters, base 36).

-- The Ente as cedente/prestatore.
create table public.invoice_settings (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  -- Partita IVA (IdFiscaleIVA) and codice fiscale of the Ente (both 11 digits for a Comune).
  vat_number text not null check (vat_number ~ '^[0-9]{11}$'),
  tax_code text not null check (tax_code ~ '^[0-9]{11}$'),
  -- Denominazione as printed on the invoice (String80LatinType).
  name text not null check (length(btrim(name)) between 2 and 80),
  -- Sede: street, number, CAP, comune, provincia.
  address text not null check (length(btrim(address)) between 2 and 60),
  street_number text check (street_number ~ '^[A-Za-z0-9/ -]{1,8}$'),
  postal_code text not null check (postal_code ~ '^[0-9]{5}$'),
  municipality text not null check (length(btrim(municipality)) between 2 and 60),
  province text check (province ~ '^[A-Z]{2}$'),
  tax_regime text not null default 'RF01'
    check (tax_regime ~ '^RF(0[1-9]|1[0-9]|20)$' and tax_regime <> 'RF03'),
  -- Iscrizione REA: office (province) and number, both or neither.
  rea_office text check (rea_office ~ '^[A-Z]{2}$'),
  rea_number text check (rea_number ~ '^[A-Za-z0-9/-]{1,20}$'),
  -- Printed before the number ("FE" → "FE-12/2026"); empty for "12/2026".
  number_prefix text not null default '' check (number_prefix ~ '^[A-Z0-9]{0,6}$'),
  -- IdTrasmittente (IdCodice) when an intermediary transmits for the Ente; null = the P.IVA.
  transmitter_code text check (transmitter_code ~ '^[A-Z0-9]{11,16}$'),
  -- RiferimentoNormativo per natura, e.g. {"N4": "Esente art. 10 c.1 n. 20 DPR 633/72"}.
  vat_references jsonb not null default '{}' check (jsonb_typeof(vat_references) = 'object'),
  -- Bollo virtuale (2 EUR) on exempt amounts above 77.47 EUR, paid by the Ente.
  stamp_duty boolean not null default true,
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  check ((rea_office is null) = (rea_number is null))
);
comment on table public.invoice_settings is
  'The Ente as cedente/prestatore of its FatturaPA invoices: P.IVA, CF, sede, regime fiscale, REA.';

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  year int not null check (year between 2000 and 2200),
  number int not null check (number > 0),
  -- The number as printed and in <Numero> ("FE-12/2026").
  numero text not null check (numero ~ '^[A-Za-z0-9/-]{1,20}$'),
  issued_on date not null,
  payer_id uuid not null,
  debt_position_id uuid,
  run_id uuid,
  -- The pagoPA payment reference (CodicePagamento) and its due date.
  notice_number text check (notice_number ~ '^3[0-9]{17}$'),
  due_on date,
  -- The customer and the lines as invoiced (snapshots: the registry may change later).
  customer jsonb not null check (jsonb_typeof(customer) = 'object'),
  lines jsonb not null check (jsonb_typeof(lines) = 'array' and jsonb_array_length(lines) > 0),
  summary jsonb not null check (jsonb_typeof(summary) = 'array'),
  description text not null check (length(btrim(description)) between 2 and 200),
  taxable_cents bigint not null,
  vat_cents bigint not null,
  total_cents bigint not null check (total_cents > 0),
  stamp_duty_cents int not null default 0 check (stamp_duty_cents >= 0),
  -- ProgressivoInvio and the SdI file name IT<codice>_<progressivo>.xml.
  transmission_id text not null check (transmission_id ~ '^[A-Z0-9]{5}$'),
  file_name text not null check (file_name ~ '^IT[A-Z0-9]{11,16}_[A-Z0-9]{5}\.xml$'),
  xml text not null,
  sdi_status text not null default 'ready'
    check (sdi_status in ('ready', 'sent', 'delivered', 'not_deliverable', 'rejected')),
  sdi_updated_at timestamptz,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, year, number),
  unique (tenant_id, file_name),
  check (total_cents = taxable_cents + vat_cents),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, run_id) references public.billing_runs (tenant_id, id)
);
-- One invoice per debt position: issuing (or retrying) twice creates none.
create unique index invoices_position_once_idx on public.invoices (tenant_id, debt_position_id)
  where debt_position_id is not null;
create index invoices_year_idx on public.invoices (tenant_id, year desc, number desc);
create index invoices_payer_idx on public.invoices (tenant_id, payer_id, issued_on desc);
create index invoices_run_idx on public.invoices (tenant_id, run_id) where run_id is not null;
comment on table public.invoices is
  'FatturaPA invoices of the Ente (FPR12, B2C), one per debt position of a service billed by invoice.';

-- Gapless numbers per Ente and year; the transmission progressive per Ente.
create table private.invoice_counters (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  year int not null,
  last int not null default 0,
  primary key (tenant_id, year)
);
create table private.sdi_counters (
  tenant_id uuid primary key references public.tenants (id) on delete cascade,
  last bigint not null default 0 check (last < 60466176)
);
grant all on private.invoice_counters, private.sdi_counters to service_role;

-- The next invoice number of `p_tenant` for `p_year` and the next transmission progressive. The
-- counter rows stay locked until the transaction ends: a rolled-back invoice gives its number
-- back, so numbers have no gaps.
create or replace function app.next_invoice_number(p_tenant uuid, p_year int)
returns table (number int, transmission bigint)
language plpgsql security definer set search_path = ''
as $$
declare
  n int;
  t bigint;
begin
  if p_tenant is null or not (
       coalesce(app.claims() ->> 'role', '') = 'service_role'
       or (p_tenant = app.tenant_id() and app.can_bill())) then
    raise exception 'next_invoice_number: not allowed' using errcode = '42501';
  end if;
  insert into private.invoice_counters as c (tenant_id, year, last) values (p_tenant, p_year, 1)
    on conflict (tenant_id, year) do update set last = c.last + 1
    returning c.last into n;
  insert into private.sdi_counters as c (tenant_id, last) values (p_tenant, 1)
    on conflict (tenant_id) do update set last = c.last + 1
    returning c.last into t;
  return query select n, t;
end
$$;
revoke all on function app.next_invoice_number(uuid, int) from public;
grant execute on function app.next_invoice_number(uuid, int) to authenticated, service_role;

revoke all on public.invoice_settings, public.invoices from public, anon, authenticated;
grant select, insert, update on public.invoice_settings to authenticated;
-- Invoices are written once; only the SdI outcome changes (service_role).
grant select, insert on public.invoices to authenticated;
grant all on public.invoice_settings, public.invoices to service_role;

alter table public.invoice_settings enable row level security;
alter table public.invoices enable row level security;

create policy invoice_settings_read on public.invoice_settings for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy invoice_settings_write on public.invoice_settings for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

create policy invoices_staff_read on public.invoices for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy invoices_insert on public.invoices for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
-- Families read the invoices addressed to a payer of their household.
create policy invoices_family_read on public.invoices for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id));

create trigger invoice_settings_audit after insert or update or delete on public.invoice_settings
  for each row execute function app.audit_row();
create trigger invoices_audit after insert or delete or update of sdi_status on public.invoices
  for each row execute function app.audit_row('xml');

-- Contrib modules used from here on: trigram search (registry) and GiST exclusion on ranges
-- (non-overlapping validity periods). Both ship with Debian's postgresql-15, Supabase and PGlite.
create extension if not exists pg_trgm;
create extension if not exists btree_gist;

-- School (or educational) years of an Ente: e.g. 2026/27 from 2026-09-01 to 2027-08-31.
create table public.school_years (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  label text not null check (label ~ '^[0-9]{4}/[0-9]{2}$'),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  check (ends_on > starts_on),
  unique (tenant_id, id),
  unique (tenant_id, label),
  exclude using gist (tenant_id with =, daterange(starts_on, ends_on, '[]') with &&)
);

-- Servizi a domanda individuale. Later migrations add the service's calendar, forms, provider,
-- canteen and transport details; this is the core every area refers to.
create table public.services (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  kind text not null check (kind in ('canteen', 'transport', 'nursery', 'pre_school', 'post_school', 'summer_camp', 'custom')),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,19}$'),
  title text not null check (length(trim(title)) between 2 and 200),
  description text,
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, code)
);
comment on column public.services.kind is 'custom = a service the Ente defines itself';

-- A service runs in one or more school years.
create table public.service_school_years (
  tenant_id uuid not null,
  service_id uuid not null,
  school_year_id uuid not null,
  primary key (tenant_id, service_id, school_year_id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade,
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id) on delete cascade
);
create index service_school_years_year_idx on public.service_school_years (tenant_id, school_year_id);

revoke all on public.school_years, public.services, public.service_school_years from public, anon, authenticated;
grant select on public.school_years, public.services, public.service_school_years to authenticated;
grant insert, update, delete on public.school_years, public.services, public.service_school_years to authenticated;
grant all on public.school_years, public.services, public.service_school_years to service_role;

alter table public.school_years enable row level security;
alter table public.services enable row level security;
alter table public.service_school_years enable row level security;

-- Everyone of the Ente reads years; staff write them (API keys with the write scope too).
create or replace function app.can_configure() returns boolean
language sql stable
as $$ select app.has_any_role(array['admin', 'operator', 'api_write']) $$;
grant execute on function app.can_configure() to authenticated;

create policy school_years_read on public.school_years for select to authenticated
  using (tenant_id = (select app.tenant_id()));
create policy school_years_write on public.school_years for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

-- Published services are visible to every member of the Ente (families browse them);
-- drafts and archived ones only to staff.
create policy services_read on public.services for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (status = 'published' or (select app.is_staff())));
create policy services_write on public.services for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy service_school_years_read on public.service_school_years for select to authenticated
  using (tenant_id = (select app.tenant_id()));
create policy service_school_years_write on public.service_school_years for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create trigger services_audit after insert or update or delete on public.services
  for each row execute function app.audit_row();
create trigger school_years_audit after insert or update or delete on public.school_years
  for each row execute function app.audit_row();

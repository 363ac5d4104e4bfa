-- Tariffs: what a service costs, as data the engine in lib/tariffs reads. A tariff belongs to a
-- service; its rules live in versions, each valid over a date range. Versions of one tariff never
-- overlap (GiST exclusion), and once a tariff is published its versions are append-only: an edit
-- is a new version from a date, never a rewrite of a month that may have been billed.
create table public.tariffs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,19}$'),
  title text not null check (length(trim(title)) between 2 and 200),
  description text check (description is null or length(description) <= 2000),
  status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, code),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete restrict
);
create index tariffs_service_idx on public.tariffs (tenant_id, service_id);
comment on column public.tariffs.status is
  'draft: editable in place, never billed; published: versions append-only; archived: kept for history';

create table public.tariff_versions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  tariff_id uuid not null,
  valid_from date not null,
  valid_to date,
  rules jsonb not null check (jsonb_typeof(rules) = 'object'),
  rounding text not null default 'half_up' check (rounding in ('half_up', 'half_even', 'down', 'up')),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from),
  unique (tenant_id, id),
  foreign key (tenant_id, tariff_id) references public.tariffs (tenant_id, id) on delete cascade,
  constraint tariff_versions_no_overlap exclude using gist (
    tenant_id with =, tariff_id with =, daterange(valid_from, valid_to, '[]') with &&
  )
);
create index tariff_versions_tariff_idx on public.tariff_versions (tenant_id, tariff_id, valid_from);
comment on column public.tariff_versions.rules is 'TariffRules (lib/tariffs/schema.ts), validated by the engine before saving';

revoke all on public.tariffs, public.tariff_versions from public, anon, authenticated;
grant select, insert, update, delete on public.tariffs, public.tariff_versions to authenticated;
grant all on public.tariffs, public.tariff_versions to service_role;

alter table public.tariffs enable row level security;
alter table public.tariff_versions enable row level security;

-- Members read the published tariffs of their Ente (families will see what they pay and why);
-- staff and read API keys see drafts too. Versions are visible when their tariff is.
create policy tariffs_read on public.tariffs for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (status = 'published' or (select app.is_staff())));
create policy tariffs_write on public.tariffs for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy tariff_versions_read on public.tariff_versions for select to authenticated
  using (
    tenant_id = (select app.tenant_id())
    and exists (
      select 1 from public.tariffs t
       where t.tenant_id = tariff_versions.tenant_id and t.id = tariff_versions.tariff_id
    )
  );
create policy tariff_versions_write on public.tariff_versions for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

-- The first day of the current month in Italy: days before it may already have been billed.
create or replace function app.tariff_frozen_before() returns date
language sql stable
as $$ select date_trunc('month', (now() at time zone 'Europe/Rome'))::date $$;
grant execute on function app.tariff_frozen_before() to authenticated, service_role;

-- A published tariff stays published (or is archived); only drafts are deleted.
-- Security definer so the version check sees every version, whatever the caller may read.
create or replace function app.tariffs_guard() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'Solo una tariffa in bozza si può eliminare: archiviala.'
        using errcode = '55000';
    end if;
    return old;
  end if;
  if old.status <> 'draft' and new.status = 'draft' then
    raise exception 'Una tariffa pubblicata non torna in bozza: crea una nuova versione.'
      using errcode = '55000';
  end if;
  if old.status = 'draft' and new.status = 'published' and not exists (
    select 1 from public.tariff_versions v where v.tenant_id = new.tenant_id and v.tariff_id = new.id
  ) then
    raise exception 'Una tariffa senza versioni non si pubblica: aggiungi prima le regole.'
      using errcode = '55000';
  end if;
  if old.status <> 'draft' and new.service_id <> old.service_id then
    raise exception 'Il servizio di una tariffa pubblicata non si cambia.' using errcode = '55000';
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger tariffs_guard before update or delete on public.tariffs
  for each row execute function app.tariffs_guard();

-- Versions of a published (or archived) tariff: no deletes, no rewrites of rules, rounding or
-- start, no new version starting in a month that may have been billed, and an end date may move
-- only within months not yet billed. Drafts are free: nothing was ever billed from them.
-- Security definer: the tariff's true status, whatever the caller may read (a write-only API
-- key cannot see drafts); the parent is gone only inside a cascade from deleting a draft.
create or replace function app.tariff_versions_guard() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  st text;
  row_tenant uuid;
  frozen date := app.tariff_frozen_before();
begin
  -- A row of another Ente is for row-level security to refuse (42501), without a word from here.
  if tg_op = 'DELETE' then
    row_tenant := old.tenant_id;
  else
    row_tenant := new.tenant_id;
  end if;
  if (select app.tenant_id()) is not null
     and ((select app.tenant_id()) <> row_tenant
          or (tg_op = 'UPDATE' and old.tenant_id <> new.tenant_id)) then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'INSERT' then
    select status into st from public.tariffs where tenant_id = new.tenant_id and id = new.tariff_id;
  else
    select status into st from public.tariffs where tenant_id = old.tenant_id and id = old.tariff_id;
  end if;
  if st is null or st = 'draft' then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'DELETE' then
    raise exception 'La versione dal % di una tariffa pubblicata non si elimina.', old.valid_from
      using errcode = '55000';
  end if;
  if tg_op = 'INSERT' then
    if new.valid_from < frozen then
      raise exception 'Una nuova versione di una tariffa pubblicata non può iniziare prima del %: i mesi precedenti possono essere già stati fatturati.', to_char(frozen, 'DD/MM/YYYY')
        using errcode = '55000';
    end if;
    return new;
  end if;
  if new.rules is distinct from old.rules or new.rounding <> old.rounding
     or new.valid_from <> old.valid_from or new.tariff_id <> old.tariff_id
     or new.tenant_id <> old.tenant_id then
    raise exception 'La versione dal % è pubblicata: per cambiarla crea una nuova versione da una data successiva.', to_char(old.valid_from, 'DD/MM/YYYY')
      using errcode = '55000';
  end if;
  if new.valid_to is distinct from old.valid_to
     and least(coalesce(old.valid_to, 'infinity'::date), coalesce(new.valid_to, 'infinity'::date)) < frozen - 1 then
    raise exception 'La fine della versione dal % non può cambiare mesi già fatturabili (prima del %).', to_char(old.valid_from, 'DD/MM/YYYY'), to_char(frozen, 'DD/MM/YYYY')
      using errcode = '55000';
  end if;
  return new;
end
$$;
create trigger tariff_versions_guard before insert or update or delete on public.tariff_versions
  for each row execute function app.tariff_versions_guard();

create trigger tariffs_audit after insert or update or delete on public.tariffs
  for each row execute function app.audit_row();
create trigger tariff_versions_audit after insert or update or delete on public.tariff_versions
  for each row execute function app.audit_row();

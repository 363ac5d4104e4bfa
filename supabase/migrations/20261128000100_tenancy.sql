-- Enti (tenants), people who sign in (users), their roles in each Ente (memberships), audit log.

create table public.tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 2 and 200),
  tax_code text not null unique check (tax_code ~ '^[0-9]{11}$'),
  istat_code text not null unique check (istat_code ~ '^[0-9]{6}$'),
  pec text check (pec ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  email text check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text,
  address text,
  website text,
  logo_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.tenants is 'Ente: the Comune (or union of Comuni) running the services.';

create table public.users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  full_name text not null check (length(trim(full_name)) between 2 and 200),
  tax_code text check (tax_code ~ '^[A-Z0-9]{16}$'),
  locale text not null default 'it' check (locale in ('it', 'en')),
  is_superadmin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on public.users (lower(email));
comment on table public.users is 'People who sign in. Global: one person may belong to several Enti.';

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role text not null check (role in ('admin', 'operator', 'teacher', 'family', 'provider')),
  created_at timestamptz not null default now(),
  unique (tenant_id, user_id, role)
);
create index memberships_user_idx on public.memberships (user_id);

create table public.audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid references public.tenants (id) on delete cascade,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_kind text not null check (actor_kind in ('user', 'api_key', 'system')),
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  details jsonb
);
create index audit_log_tenant_at_idx on public.audit_log (tenant_id, at desc);
comment on column public.audit_log.tenant_id is 'null only for platform events (superadmin).';

-- Grants: nothing by default, then what each role needs.
revoke all on public.tenants, public.users, public.memberships, public.audit_log
  from public, anon, authenticated;
grant select on public.tenants to authenticated;
grant insert (name, tax_code, istat_code, pec, email, phone, address, website, logo_url)
  on public.tenants to authenticated;
grant update (name, pec, email, phone, address, website, logo_url, updated_at)
  on public.tenants to authenticated;
grant select on public.users to authenticated;
grant update (full_name, locale, updated_at) on public.users to authenticated;
grant select, insert, delete on public.memberships to authenticated;
grant select on public.audit_log to authenticated;
grant all on public.tenants, public.users, public.memberships to service_role;
grant select, insert on public.audit_log to service_role;

alter table public.tenants enable row level security;
alter table public.users enable row level security;
alter table public.memberships enable row level security;
alter table public.audit_log enable row level security;

-- Is `uid` a member of the caller's Ente? Security definer: reads memberships without recursing
-- into its policies.
create or replace function app.is_member_of_my_tenant(uid uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m where m.user_id = uid and m.tenant_id = app.tenant_id()
  )
$$;
grant execute on function app.is_member_of_my_tenant(uuid) to authenticated;

create policy tenants_select on public.tenants for select to authenticated
  using (id = (select app.tenant_id()) or (select app.is_superadmin()));
create policy tenants_insert on public.tenants for insert to authenticated
  with check ((select app.is_superadmin()));
create policy tenants_update on public.tenants for update to authenticated
  using ((id = (select app.tenant_id()) and (select app.has_role('admin'))) or (select app.is_superadmin()))
  with check ((id = (select app.tenant_id()) and (select app.has_role('admin'))) or (select app.is_superadmin()));

create policy users_select on public.users for select to authenticated
  using (
    id = (select app.user_id())
    or (select app.is_superadmin())
    or ((select app.is_staff()) and app.is_member_of_my_tenant(id))
  );
create policy users_update_self on public.users for update to authenticated
  using (id = (select app.user_id())) with check (id = (select app.user_id()));

create policy memberships_select on public.memberships for select to authenticated
  using (
    user_id = (select app.user_id())
    or (tenant_id = (select app.tenant_id()) and (select app.is_staff()))
    or (select app.is_superadmin())
  );
create policy memberships_insert on public.memberships for insert to authenticated
  with check (
    (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')))
    or (select app.is_superadmin())
  );
create policy memberships_delete on public.memberships for delete to authenticated
  using (
    (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')) and user_id <> (select app.user_id()))
    or (select app.is_superadmin())
  );

create policy audit_log_select on public.audit_log for select to authenticated
  using (
    (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')))
    or (select app.is_superadmin())
  );

-- Append-only, even for the owner.
create or replace function app.audit_log_immutable() returns trigger
language plpgsql
as $$ begin raise exception 'audit_log is append-only' using errcode = '42501'; end $$;
create trigger audit_log_immutable before update or delete on public.audit_log
  for each row execute function app.audit_log_immutable();

create or replace function app.actor_kind() returns text
language sql stable
as $$
  select case
    when app.has_any_role(array['api_read', 'api_write']) then 'api_key'
    when app.user_id() is null then 'system'
    else 'user'
  end
$$;

/** Records an event that is not a row change (sign-in, export, view of special-category data). */
create or replace function app.audit_event(
  p_tenant_id uuid, p_action text, p_entity text, p_entity_id text, p_details jsonb default null
) returns void
language sql security definer set search_path = ''
as $$
  insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id, details)
  values (p_tenant_id, app.user_id(), app.actor_kind(), p_action, p_entity, p_entity_id, p_details)
$$;
grant execute on function app.audit_event(uuid, text, text, text, jsonb) to authenticated, service_role;

-- Row-change audit. TG_ARGV lists columns never copied into the log (secrets).
create or replace function app.audit_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
  row_data jsonb := coalesce(new_row, old_row);
  col text;
begin
  foreach col in array coalesce(tg_argv, '{}'::text[]) loop
    old_row := old_row - col;
    new_row := new_row - col;
  end loop;
  if tg_op = 'UPDATE' and old_row = new_row then
    return new;
  end if;
  insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id, before, after)
  values (
    case when tg_table_name = 'tenants' then (row_data ->> 'id')::uuid
         else (row_data ->> 'tenant_id')::uuid end,
    app.user_id(), app.actor_kind(), lower(tg_op), tg_table_name, row_data ->> 'id', old_row, new_row
  );
  return coalesce(new, old);
end
$$;

create trigger tenants_audit after insert or update on public.tenants
  for each row execute function app.audit_row();
create trigger memberships_audit after insert or delete on public.memberships
  for each row execute function app.audit_row();

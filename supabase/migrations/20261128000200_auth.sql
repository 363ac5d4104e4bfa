-- Sign-in secrets live in schema `private`, never exposed: only service_role reaches them.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to service_role;

create table private.credentials (
  user_id uuid primary key references public.users (id) on delete cascade,
  password_hash text not null,
  updated_at timestamptz not null default now()
);

create table private.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  tenant_id uuid references public.tenants (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text,
  ip text
);
create index sessions_user_idx on private.sessions (user_id);

create table private.password_resets (
  token_hash text primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user_idx on private.password_resets (user_id);

-- Failed sign-in attempts per key ('email:<address>' or 'ip:<address>').
create table private.login_throttle (
  key text primary key,
  failures int not null default 0,
  window_start timestamptz not null default now(),
  locked_until timestamptz
);

alter table private.credentials enable row level security;
alter table private.sessions enable row level security;
alter table private.password_resets enable row level security;
alter table private.login_throttle enable row level security;
grant all on all tables in schema private to service_role;

-- API keys for machine clients of one Ente: only a SHA-256 of the secret is stored.
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  name text not null check (length(trim(name)) between 2 and 100),
  prefix text not null unique,
  key_hash text not null unique,
  scopes text[] not null check (scopes <@ array['read', 'write'] and cardinality(scopes) > 0),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_tenant_idx on public.api_keys (tenant_id, created_at desc);

revoke all on public.api_keys from public, anon, authenticated;
grant select (id, tenant_id, name, prefix, scopes, created_by, created_at, expires_at, last_used_at, revoked_at)
  on public.api_keys to authenticated;
grant insert (tenant_id, name, prefix, key_hash, scopes, created_by, expires_at)
  on public.api_keys to authenticated;
grant update (revoked_at) on public.api_keys to authenticated;
grant all on public.api_keys to service_role;
alter table public.api_keys enable row level security;

create policy api_keys_admin on public.api_keys for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')))
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')));

create trigger api_keys_audit after insert or update on public.api_keys
  for each row execute function app.audit_row('key_hash', 'last_used_at');

-- Outgoing e-mail. In the embedded default nothing is sent: admins read it on the outbox page.
create table public.mail_outbox (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references public.tenants (id) on delete cascade,
  to_address text not null,
  subject text not null,
  body_text text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  error text
);
create index mail_outbox_tenant_idx on public.mail_outbox (tenant_id, created_at desc);
comment on column public.mail_outbox.tenant_id is 'null for platform mail (superadmin accounts).';

revoke all on public.mail_outbox from public, anon, authenticated;
grant select on public.mail_outbox to authenticated;
grant all on public.mail_outbox to service_role;
alter table public.mail_outbox enable row level security;
create policy mail_outbox_admin on public.mail_outbox for select to authenticated
  using (
    (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')))
    or (select app.is_superadmin())
  );

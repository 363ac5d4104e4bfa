-- Roles as Supabase has them, created only when missing, and the claim helpers every policy uses.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- The connecting role must be able to `set role` to each of them (superusers already can).
  if not pg_has_role(current_user, 'authenticated', 'member') then
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;

-- Not exposed through the API: helpers and security-definer functions.
create schema if not exists app;
revoke all on schema app from public;
grant usage on schema app to anon, authenticated, service_role;

create or replace function app.claims() returns jsonb
language sql stable
as $$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;

create or replace function app.user_id() returns uuid
language sql stable
as $$ select nullif(app.claims() ->> 'sub', '')::uuid $$;

create or replace function app.tenant_id() returns uuid
language sql stable
as $$ select nullif(app.claims() -> 'app_metadata' ->> 'tenant_id', '')::uuid $$;

create or replace function app.roles() returns text[]
language sql stable
as $$
  select coalesce(array(select jsonb_array_elements_text(app.claims() -> 'app_metadata' -> 'roles')), '{}')
$$;

create or replace function app.has_role(r text) returns boolean
language sql stable
as $$ select r = any(app.roles()) $$;

create or replace function app.has_any_role(rs text[]) returns boolean
language sql stable
as $$ select app.roles() && rs $$;

create or replace function app.is_superadmin() returns boolean
language sql stable
as $$ select app.has_role('superadmin') $$;

-- Staff of the Ente: people of the back office and API keys. Read access to the Ente's registry.
create or replace function app.is_staff() returns boolean
language sql stable
as $$ select app.has_any_role(array['admin', 'operator', 'api_read']) $$;

grant execute on all functions in schema app to anon, authenticated, service_role;

-- Realtime and web push (issue 5): the devices that opted in to notifications, the VAPID key pair
-- of the installation, and the attachments table of the socket.io Postgres adapter.
--
-- VAPID keys are per installation, not per Ente: they identify the application server to the
-- browsers' push services, a subscription is bound to the public key it was made with, and one
-- person may belong to several Enti on the same device. Generated on first start
-- (lib/push/vapid.ts), kept in `private` (service_role only) so every app process shares them.

create table private.vapid_keys (
  id int primary key default 1 check (id = 1),
  public_key text not null check (public_key ~ '^[A-Za-z0-9_-]{86,88}$'),
  private_key text not null check (private_key ~ '^[A-Za-z0-9_-]{42,44}$'),
  created_at timestamptz not null default now()
);
grant all on private.vapid_keys to service_role;

-- @socket.io/postgres-adapter stores here the events too large for a NOTIFY (8000 bytes) and
-- prunes them itself; only the app's own connection (the owner role) touches it.
create table private.socket_io_attachments (
  id bigserial unique,
  created_at timestamptz default now(),
  payload bytea
);

-- One row per device (browser profile) and Ente where a user enabled notifications. The endpoint
-- is the push service URL of that browser; p256dh/auth are its public key and auth secret
-- (RFC 8291), needed to encrypt payloads for it.
create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  endpoint text not null check (endpoint ~ '^https?://' and length(endpoint) <= 2000),
  p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{80,100}={0,2}$'),
  auth text not null check (auth ~ '^[A-Za-z0-9_-]{16,30}={0,2}$'),
  user_agent text check (length(user_agent) <= 500),
  created_at timestamptz not null default now(),
  last_sent_at timestamptz,
  unique (tenant_id, id),
  unique (tenant_id, endpoint)
);
comment on table public.push_subscriptions is 'Dispositivi abilitati alle notifiche push (Web Push, RFC 8030/8291), per utente ed Ente.';
create index push_subscriptions_user_idx on public.push_subscriptions (tenant_id, user_id);

revoke all on public.push_subscriptions from public, anon, authenticated;
grant select, delete on public.push_subscriptions to authenticated;
grant all on public.push_subscriptions to service_role;
alter table public.push_subscriptions enable row level security;

-- Least privilege: an endpoint identifies a device, so nobody but its owner reads it (the sender
-- runs as service_role).
create policy push_subscriptions_own_read on public.push_subscriptions for select to authenticated
  using (tenant_id = (select app.tenant_id()) and user_id = (select app.user_id()));
create policy push_subscriptions_own_delete on public.push_subscriptions for delete to authenticated
  using (tenant_id = (select app.tenant_id()) and user_id = (select app.user_id()));

-- Subscribing goes through this function: a device belongs to whoever enabled it last, so the
-- endpoint is taken away from any other user first (a shared family tablet must not keep
-- receiving the previous user's notifications), in every Ente.
create or replace function app.push_subscribe(
  p_endpoint text, p_p256dh text, p_auth text, p_user_agent text
) returns public.push_subscriptions
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  r public.push_subscriptions;
begin
  if t is null or u is null or not exists (
    select 1 from public.memberships m where m.tenant_id = t and m.user_id = u
  ) then
    raise exception 'push_subscribe: not a member of the Ente' using errcode = '42501';
  end if;
  delete from public.push_subscriptions where endpoint = p_endpoint and user_id <> u;
  insert into public.push_subscriptions as s (tenant_id, user_id, endpoint, p256dh, auth, user_agent)
  values (t, u, p_endpoint, p_p256dh, p_auth, left(p_user_agent, 500))
  on conflict (tenant_id, endpoint) do update
    set p256dh = excluded.p256dh, auth = excluded.auth, user_agent = excluded.user_agent
  returning * into r;
  return r;
end
$$;
revoke all on function app.push_subscribe(text, text, text, text) from public;
grant execute on function app.push_subscribe(text, text, text, text) to authenticated;

-- Realtime rooms `site:<id>:meals`: a provider may follow the meal counts of a site where one of
-- its services is delivered (providers are linked to their organization by
-- memberships.organization_id, see 20261128212000_meals.sql; they cannot read site_services).
create or replace function app.is_my_provided_site(site uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.site_services ss
                  where ss.tenant_id = app.tenant_id() and ss.site_id = site
                    and app.is_my_provided_service(ss.service_id))
$$;
revoke all on function app.is_my_provided_site(uuid) from public;
grant execute on function app.is_my_provided_site(uuid) to authenticated, service_role;

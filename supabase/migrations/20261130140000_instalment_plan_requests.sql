-- Requests of rateizzazione from the families' portal: a family asks, from a position it has to
-- pay, to spread it over a number of monthly instalments, with a message; the billing office
-- grants it (the plan of 20261130130000_instalment_plans.sql, which closes the request) or refuses
-- it with a reason the family reads. Until then the position stays as it is.
--
-- - One pending request per position (a partial unique index); a family may withdraw its own
--   while it is pending. Decided requests are kept (granted, refused, withdrawn), never deleted.
-- - Written only by the functions below: `app.request_instalment_plan` and
--   `app.withdraw_instalment_plan_request` (the position's payer or their household),
--   `app.refuse_instalment_plan_request` (billing office, 42501 otherwise); a granted plan closes
--   the position's pending request through a trigger on `instalment_plans`.
-- - Read by the Ente's staff and by the family of the payer; audited.

create table public.instalment_plan_requests (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  debt_position_id uuid not null,
  payer_id uuid not null,
  instalments int not null check (instalments between 2 and 12),
  message text check (length(message) <= 1000),
  requested_by uuid references public.users (id) on delete set null,
  requested_at timestamptz not null default now(),
  status text not null default 'pending'
    check (status in ('pending', 'granted', 'refused', 'withdrawn')),
  decided_by uuid references public.users (id) on delete set null,
  decided_at timestamptz,
  -- Why the office refused, in words the family reads.
  decision_note text check (length(btrim(decision_note)) between 5 and 1000),
  -- The plan's position, when granted.
  plan_position_id uuid,
  unique (tenant_id, id),
  check ((status = 'pending') = (decided_at is null)),
  check (status <> 'refused' or decision_note is not null),
  check ((status = 'granted') = (plan_position_id is not null)),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, plan_position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id)
);
create unique index instalment_plan_requests_pending_idx
  on public.instalment_plan_requests (tenant_id, debt_position_id) where status = 'pending';
create index instalment_plan_requests_queue_idx
  on public.instalment_plan_requests (tenant_id, status, requested_at);
comment on table public.instalment_plan_requests is
  'Requests of rateizzazione made by families online; granted by an instalment plan or refused.';

revoke all on public.instalment_plan_requests from public, anon, authenticated;
grant select on public.instalment_plan_requests to authenticated;
grant all on public.instalment_plan_requests to service_role;
alter table public.instalment_plan_requests enable row level security;
create policy instalment_plan_requests_staff_read on public.instalment_plan_requests for select
  to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy instalment_plan_requests_family_read on public.instalment_plan_requests for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id));
create trigger instalment_plan_requests_audit after insert or update or delete
  on public.instalment_plan_requests
  for each row execute function app.audit_row();

-- The family of position `p_position`'s payer asks for `p_instalments` monthly instalments.
-- Errors: 42501 not the family's position; 22023 with a code word (`instalment_request_*`):
-- not payable as a plan (paid, cancelled, top-up, enforced collection), count out of range (2 to
-- 12, at least 1,00 € each), message too long, a request already pending.
create or replace function app.request_instalment_plan(
  p_position uuid, p_instalments int, p_message text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  p public.debt_positions;
  v_id uuid;
begin
  if u is null or t is null or not app.position_is_mine(p_position) then
    raise exception 'instalment_request_forbidden: not a position of your family'
      using errcode = '42501';
  end if;
  select * into p from public.debt_positions d
   where d.tenant_id = t and d.id = p_position
   for update;
  if p.purpose <> 'charges' or p.status <> 'open' or p.paid_cents <> 0 or exists (
       select 1 from public.payment_notices n
        where n.tenant_id = t and n.debt_position_id = p.id and n.status = 'paid')
     or exists (
       select 1 from public.enforced_collection_positions e
        where e.tenant_id = t and e.debt_position_id = p.id and e.withdrawn_at is null) then
    raise exception 'instalment_request_not_payable: this position cannot be spread over instalments'
      using errcode = '22023';
  end if;
  if p_instalments is null or p_instalments not between 2 and least(12, p.amount_cents / 100) then
    raise exception 'instalment_request_count: 2 to % instalments', least(12, p.amount_cents / 100)
      using errcode = '22023';
  end if;
  if length(p_message) > 1000 then
    raise exception 'instalment_request_message: the message is at most 1000 characters'
      using errcode = '22023';
  end if;
  if exists (select 1 from public.instalment_plan_requests r
              where r.tenant_id = t and r.debt_position_id = p.id and r.status = 'pending') then
    raise exception 'instalment_request_pending: a request for this position is already pending'
      using errcode = '22023';
  end if;
  insert into public.instalment_plan_requests (tenant_id, debt_position_id, payer_id,
    instalments, message, requested_by)
  values (t, p.id, p.payer_id, p_instalments, nullif(btrim(coalesce(p_message, '')), ''), u)
  returning id into v_id;
  return v_id;
end
$$;
revoke all on function app.request_instalment_plan(uuid, int, text) from public;
grant execute on function app.request_instalment_plan(uuid, int, text) to authenticated;

-- The family takes back its pending request. Errors: 42501 not its request; 22023
-- `instalment_request_decided` when the office already decided.
create or replace function app.withdraw_instalment_plan_request(p_request uuid)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  r public.instalment_plan_requests;
begin
  select * into r from public.instalment_plan_requests x
   where x.tenant_id = t and x.id = p_request
   for update;
  if u is null or not found or not app.is_my_payer(r.payer_id) then
    raise exception 'instalment_request_forbidden: not a request of your family'
      using errcode = '42501';
  end if;
  if r.status <> 'pending' then
    raise exception 'instalment_request_decided: the request was already decided'
      using errcode = '22023';
  end if;
  update public.instalment_plan_requests
     set status = 'withdrawn', decided_by = u, decided_at = now()
   where id = r.id;
end
$$;
revoke all on function app.withdraw_instalment_plan_request(uuid) from public;
grant execute on function app.withdraw_instalment_plan_request(uuid) to authenticated;

-- The billing office refuses pending request `p_request` with `p_note` (5 to 1000 characters,
-- shown to the family); the e-mail `p_mail_subject` / `p_mail_body` (lib/billing) goes to the
-- payer's address in the registry, if any. Errors: 42501 not the billing office; P0002 no such
-- request; 22023 `instalment_request_decided`, `instalment_request_note`.
create or replace function app.refuse_instalment_plan_request(
  p_request uuid, p_note text, p_mail_subject text default null, p_mail_body text default null)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  r public.instalment_plan_requests;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'instalment_request_forbidden: only the billing office decides requests'
      using errcode = '42501';
  end if;
  select * into r from public.instalment_plan_requests x
   where x.tenant_id = t and x.id = p_request
   for update;
  if not found then
    raise exception 'instalment_request_not_found: no such request in this Ente'
      using errcode = 'P0002';
  end if;
  if r.status <> 'pending' then
    raise exception 'instalment_request_decided: the request was already decided'
      using errcode = '22023';
  end if;
  if length(btrim(coalesce(p_note, ''))) not between 5 and 1000 then
    raise exception 'instalment_request_note: the reason is 5 to 1000 characters'
      using errcode = '22023';
  end if;
  update public.instalment_plan_requests
     set status = 'refused', decided_by = u, decided_at = now(), decision_note = btrim(p_note)
   where id = r.id;
  if length(btrim(coalesce(p_mail_subject, ''))) > 0 and length(coalesce(p_mail_body, '')) > 0 then
    insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
    select t, pe.email, left(btrim(p_mail_subject), 200), p_mail_body
      from public.people pe
     where pe.tenant_id = t and pe.id = r.payer_id and nullif(btrim(pe.email), '') is not null;
  end if;
end
$$;
revoke all on function app.refuse_instalment_plan_request(uuid, text, text, text) from public;
grant execute on function app.refuse_instalment_plan_request(uuid, text, text, text)
  to authenticated;

-- A plan granted on a position closes the position's pending request (granted, with the plan).
create or replace function app.instalment_plan_closes_request()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.instalment_plan_requests r
     set status = 'granted', decided_by = new.granted_by, decided_at = now(),
         plan_position_id = new.position_id
   where r.tenant_id = new.tenant_id and r.debt_position_id = new.replaced_position_id
     and r.status = 'pending';
  return null;
end
$$;
revoke all on function app.instalment_plan_closes_request() from public;
create trigger instalment_plans_close_request after insert on public.instalment_plans
  for each row execute function app.instalment_plan_closes_request();

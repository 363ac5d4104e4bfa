-- Giving back a carried credit (issue 6). When a payer's lines of an issued run total less than
-- zero (the Ente owes the family: a credit after a late absence, a withdrawal, the office's own
-- credit line), they are carried and would be netted against the payer's next position — but a
-- family with nothing more to pay (a child withdrawn, the last school year ended) never gets one.
-- The billing office then gives the credit back, once:
--
-- - refunded: by bank transfer, with its reference (CRO/TRN) and day;
-- - wallet_credit: onto a prepaid wallet of the payer, as an office adjustment of exactly the
--   credit (the movement is named here, as a settled receipt names its own).
--
-- The settlement names the lines it consumed (`charge_lines.carried_settlement_id`); they are
-- never carried again nor put on a position. It is written by `app.settle_carried_credit` alone,
-- which locks the lines, checks that they still make the credit the office saw, and records who
-- and when from the caller's claims.

create table public.carried_settlements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  payer_id uuid not null,
  -- The service of the balance; null when the Ente issues one position for all services.
  service_id uuid,
  -- The credit given back: the lines' total, as a positive amount.
  amount_cents bigint not null check (amount_cents > 0),
  kind text not null check (kind in ('refunded', 'wallet_credit')),
  refund_ref text check (length(btrim(refund_ref)) between 3 and 64),
  refunded_on date,
  wallet_movement_id uuid,
  note text check (length(btrim(note)) between 5 and 1000),
  settled_by uuid references public.users (id) on delete set null,
  settled_at timestamptz not null default now(),
  unique (tenant_id, id),
  check (case kind
           when 'refunded' then refund_ref is not null and refunded_on is not null
             and wallet_movement_id is null
           else wallet_movement_id is not null and refund_ref is null and refunded_on is null
         end),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, wallet_movement_id) references public.wallet_movements (tenant_id, id)
);
create index carried_settlements_payer_idx
  on public.carried_settlements (tenant_id, payer_id, settled_at desc);
-- One wallet movement gives back one credit.
create unique index carried_settlements_wallet_movement_idx
  on public.carried_settlements (tenant_id, wallet_movement_id) where wallet_movement_id is not null;
comment on table public.carried_settlements is
  'Carried credits given back to a payer (refund or wallet credit), with the lines they consumed.';

alter table public.charge_lines
  add column carried_settlement_id uuid,
  add constraint charge_lines_carried_settlement_fkey
    foreign key (tenant_id, carried_settlement_id)
    references public.carried_settlements (tenant_id, id);
create index charge_lines_carried_settlement_idx
  on public.charge_lines (tenant_id, carried_settlement_id) where carried_settlement_id is not null;

revoke all on public.carried_settlements from public, anon, authenticated;
grant select on public.carried_settlements to authenticated;
grant all on public.carried_settlements to service_role;
alter table public.carried_settlements enable row level security;
create policy carried_settlements_staff_read on public.carried_settlements for select
  to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy carried_settlements_family_read on public.carried_settlements for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id));

create trigger carried_settlements_audit after insert or update or delete
  on public.carried_settlements
  for each row execute function app.audit_row();

-- A line given back is final: it names its settlement for good and never joins a position (an
-- issue that read the line before the settlement committed fails here and is resumed).
create or replace function app.charge_lines_carried_guard() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if old.carried_settlement_id is not null
     and (new.carried_settlement_id is distinct from old.carried_settlement_id
          or new.debt_position_id is not null or new.deleted_at is not null
          or new.amount_cents <> old.amount_cents) then
    raise exception 'carried_settled: line % was given back by settlement %', old.id,
      old.carried_settlement_id using errcode = '55000';
  end if;
  if new.carried_settlement_id is not null and old.carried_settlement_id is null
     and current_setting('app.settling_carried', true) is distinct from new.carried_settlement_id::text then
    raise exception 'carried_settlement_forbidden: lines are given back by app.settle_carried_credit'
      using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger charge_lines_carried_guard
  before update on public.charge_lines
  for each row
  when (old.carried_settlement_id is not null or new.carried_settlement_id is not null)
  execute function app.charge_lines_carried_guard();

-- The carried lines of one balance, as the issue groups them: the payer's lines of issued runs,
-- not deleted, without a position, not given back; per service, or all services together.
create or replace function app.settle_carried_credit(
  p_payer uuid,
  p_service uuid,
  p_expected_cents bigint,
  p_kind text,
  p_refund_ref text,
  p_refunded_on date,
  p_wallet_movement uuid,
  p_note text
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_tenant uuid := app.tenant_id();
  v_aggregated boolean := app.position_grouping() = 'aggregated';
  v_ids uuid[];
  v_total bigint;
  v_id uuid := gen_random_uuid();
begin
  if app.user_id() is null or not app.can_bill() then
    raise exception 'carried_forbidden: only the billing office gives back carried credits'
      using errcode = '42501';
  end if;
  if v_aggregated <> (p_service is null) then
    raise exception 'carried_grouping: the Ente issues % positions; the balance is named %',
      case when v_aggregated then 'aggregated' else 'per-service' end,
      case when v_aggregated then 'by payer alone' else 'by payer and service' end
      using errcode = '22023';
  end if;
  if p_kind = 'refunded' and p_refunded_on > (now() at time zone 'Europe/Rome')::date then
    raise exception 'carried_future: the refund date cannot be in the future' using errcode = '23514';
  end if;
  -- Locked, so a concurrent settlement or issue of the same lines waits and then finds them gone.
  select array_agg(cl.id order by cl.id), coalesce(sum(cl.amount_cents), 0)
    into v_ids, v_total
    from (select cl.id, cl.amount_cents
            from public.charge_lines cl
           where cl.tenant_id = v_tenant and cl.payer_id = p_payer
             and (v_aggregated or cl.service_id = p_service)
             and cl.deleted_at is null and cl.debt_position_id is null
             and cl.carried_settlement_id is null
             and exists (select 1 from public.billing_runs r
                          where r.tenant_id = cl.tenant_id and r.id = cl.run_id
                            and r.status = 'issued')
           for update of cl) cl;
  if v_total >= 0 then
    raise exception 'carried_not_credit: the payer''s carried balance is % cents, not a credit', v_total
      using errcode = '55000';
  end if;
  if -v_total <> p_expected_cents then
    raise exception 'carried_changed: the credit is now % cents, not %', -v_total, p_expected_cents
      using errcode = '55000';
  end if;
  if p_kind = 'wallet_credit' and not exists (
    select 1
      from public.wallet_movements m
      join public.wallets w on w.tenant_id = m.tenant_id and w.id = m.wallet_id
     where m.tenant_id = v_tenant and m.id = p_wallet_movement and m.kind = 'adjustment'
       and m.amount_cents = -v_total and w.payer_id = p_payer
  ) then
    raise exception 'carried_wallet: the credit must be given as one adjustment of % cents on a wallet of the payer', -v_total
      using errcode = '23514';
  end if;
  insert into public.carried_settlements (id, tenant_id, payer_id, service_id, amount_cents, kind,
    refund_ref, refunded_on, wallet_movement_id, note, settled_by)
  values (v_id, v_tenant, p_payer, p_service, -v_total, p_kind,
    case when p_kind = 'refunded' then p_refund_ref end,
    case when p_kind = 'refunded' then p_refunded_on end,
    case when p_kind = 'wallet_credit' then p_wallet_movement end,
    nullif(btrim(p_note), ''), app.user_id());
  perform set_config('app.settling_carried', v_id::text, true);
  update public.charge_lines set carried_settlement_id = v_id
   where tenant_id = v_tenant and id = any (v_ids);
  perform set_config('app.settling_carried', '', true);
  return v_id;
end
$$;
revoke all on function app.settle_carried_credit(uuid, uuid, bigint, text, text, date, uuid, text)
  from public;
grant execute on function app.settle_carried_credit(uuid, uuid, bigint, text, text, date, uuid, text)
  to authenticated;

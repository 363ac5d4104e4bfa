-- Decadenza dal beneficio della rateizzazione: when a family stops paying its instalments, the
-- billing office declares the plan lapsed (the Ente's rules on revenue usually say after two
-- missed instalments; the office decides, with at least one instalment unpaid past its due date).
-- From the day after, everything the plan still owes counts as overdue (lib/billing/
-- positions_read.ts, OVERDUE_NOTICE): reminders and enforced collection take the whole residual,
-- not only the instalments already missed. The notices stay valid on pagoPA: a family that pays
-- late is still credited.
--
-- A lapsed plan is not spread again, and the family cannot ask for it. Written only by
-- `app.lapse_instalment_plan` (billing office only, 42501); audited with the plan.

alter table public.instalment_plans
  add column lapsed_at timestamptz,
  add column lapsed_by uuid references public.users (id) on delete set null,
  add column lapse_reason text,
  add constraint instalment_plans_lapse_check check (
    (lapsed_at is null and lapse_reason is null)
    or (lapsed_at is not null and length(btrim(lapse_reason)) between 5 and 1000));

-- Declares the plan carried by position `p_position` lapsed, for `p_reason` (the family reads
-- it). The e-mail `p_mail_subject` / `p_mail_body` (lib/billing/instalment_plan_lapse.ts) goes to
-- the payer's address in the registry, if any. Returns what the plan still owes. Errors: 42501
-- not the billing office; P0002 no plan on that position; 22023 with a code word first
-- (`instalment_lapse_*`): already lapsed, settled (paid or cancelled), nothing overdue, reason.
create or replace function app.lapse_instalment_plan(
  p_position uuid, p_reason text, p_mail_subject text default null, p_mail_body text default null)
returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  v_today date := (now() at time zone 'Europe/Rome')::date;
  p public.debt_positions;
  v_plan public.instalment_plans;
  v_residual bigint;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'instalment_lapse_forbidden: only the billing office declares a plan lapsed'
      using errcode = '42501';
  end if;
  select * into p from public.debt_positions d
   where d.tenant_id = t and d.id = p_position
   for update;
  select * into v_plan from public.instalment_plans ip
   where ip.tenant_id = t and ip.position_id = p_position;
  if p.id is null or v_plan.position_id is null then
    raise exception 'instalment_lapse_not_found: no instalment plan on this position'
      using errcode = 'P0002';
  end if;
  if v_plan.lapsed_at is not null then
    raise exception 'instalment_lapse_already: the plan lapsed on %', v_plan.lapsed_at
      using errcode = '22023';
  end if;
  if p.status not in ('open', 'partially_paid') then
    raise exception 'instalment_lapse_settled: the position is %', p.status using errcode = '22023';
  end if;
  if not exists (
       select 1 from public.payment_notices n
        where n.tenant_id = t and n.debt_position_id = p.id and n.instalment > 0
          and n.status = 'unpaid' and n.due_on < v_today) then
    raise exception 'instalment_lapse_not_overdue: no instalment is unpaid past its due date'
      using errcode = '22023';
  end if;
  if length(btrim(coalesce(p_reason, ''))) not between 5 and 1000 then
    raise exception 'instalment_lapse_reason: the reason is 5 to 1000 characters'
      using errcode = '22023';
  end if;

  update public.instalment_plans ip
     set lapsed_at = now(), lapsed_by = u, lapse_reason = btrim(p_reason)
   where ip.tenant_id = t and ip.position_id = p.id;
  select coalesce(sum(n.amount_cents), 0) into v_residual
    from public.payment_notices n
   where n.tenant_id = t and n.debt_position_id = p.id and n.instalment > 0
     and n.status = 'unpaid';

  if length(btrim(coalesce(p_mail_subject, ''))) > 0 and length(coalesce(p_mail_body, '')) > 0 then
    insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
    select t, pe.email, left(btrim(p_mail_subject), 200), p_mail_body
      from public.people pe
     where pe.tenant_id = t and pe.id = p.payer_id and nullif(btrim(pe.email), '') is not null;
  end if;
  perform app.realtime_emit('payer:' || p.payer_id, 'instalment_plan.lapsed',
                            jsonb_build_object('position_id', p.id));
  return v_residual;
end
$$;
revoke all on function app.lapse_instalment_plan(uuid, text, text, text) from public;
grant execute on function app.lapse_instalment_plan(uuid, text, text, text)
  to authenticated, service_role;

-- A lapsed plan is not spread again, by the office or on the family's request.
create or replace function app.refuse_spreading_lapsed_plan()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  -- The position to be spread: a plan replaces it, a request names it.
  v_position uuid := coalesce(to_jsonb(new) ->> 'replaced_position_id',
                              to_jsonb(new) ->> 'debt_position_id')::uuid;
begin
  if exists (select 1 from public.instalment_plans ip
              where ip.tenant_id = new.tenant_id and ip.position_id = v_position
                and ip.lapsed_at is not null) then
    if tg_table_name = 'instalment_plans' then
      raise exception 'instalment_plan_lapsed: the position carries a lapsed plan'
        using errcode = '22023';
    end if;
    raise exception 'instalment_request_not_payable: the position carries a lapsed plan'
      using errcode = '22023';
  end if;
  return new;
end
$$;
revoke all on function app.refuse_spreading_lapsed_plan() from public;
create trigger instalment_plans_not_lapsed before insert on public.instalment_plans
  for each row execute function app.refuse_spreading_lapsed_plan();
create trigger instalment_plan_requests_not_lapsed before insert
  on public.instalment_plan_requests
  for each row execute function app.refuse_spreading_lapsed_plan();

-- Revoca della decadenza: a lapse declared by mistake (a payment the office learned of late, a
-- reminder that never reached the family, a plan the office decides to keep) is revoked by the
-- billing office, with a reason the family reads. The plan holds again: its instalments are due
-- on their own dates (positions_read.ts, OVERDUE_DUE), it can lapse again later, and the payer
-- is e-mailed. The last revocation stays on the plan (who, when, why, and when the revoked lapse
-- had been declared); every change is in the plan's audit.
--
-- A position handed over to enforced collection after its lapse is withdrawn from the list first
-- (sgravio): the list took the whole residual because of the lapse.

alter table public.instalment_plans
  add column lapse_revoked_at timestamptz,
  add column lapse_revoked_by uuid references public.users (id) on delete set null,
  add column lapse_revoke_reason text,
  add column revoked_lapse_at timestamptz,
  add constraint instalment_plans_lapse_revoke_check check (
    (lapse_revoked_at is null and lapse_revoke_reason is null and revoked_lapse_at is null)
    or (lapse_revoked_at is not null and revoked_lapse_at is not null
        and length(btrim(lapse_revoke_reason)) between 5 and 1000));

-- Revokes the lapse of the plan carried by position `p_position`, for `p_reason` (the family
-- reads it). The e-mail `p_mail_subject` / `p_mail_body` (lib/billing/instalment_plan_lapse.ts)
-- goes to the payer's address in the registry, if any. Returns what the plan still owes. Errors:
-- 42501 not the billing office; P0002 no plan on that position; 22023 with a code word first
-- (`lapse_revoke_*`): not lapsed, settled (paid or cancelled), on a live enforced-collection
-- list, reason.
create or replace function app.revoke_instalment_plan_lapse(
  p_position uuid, p_reason text, p_mail_subject text default null, p_mail_body text default null)
returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  p public.debt_positions;
  v_plan public.instalment_plans;
  v_residual bigint;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'lapse_revoke_forbidden: only the billing office revokes a lapse'
      using errcode = '42501';
  end if;
  select * into p from public.debt_positions d
   where d.tenant_id = t and d.id = p_position
   for update;
  select * into v_plan from public.instalment_plans ip
   where ip.tenant_id = t and ip.position_id = p_position;
  if p.id is null or v_plan.position_id is null then
    raise exception 'lapse_revoke_not_found: no instalment plan on this position'
      using errcode = 'P0002';
  end if;
  if v_plan.lapsed_at is null then
    raise exception 'lapse_revoke_not_lapsed: the plan has not lapsed' using errcode = '22023';
  end if;
  if p.status not in ('open', 'partially_paid') then
    raise exception 'lapse_revoke_settled: the position is %', p.status using errcode = '22023';
  end if;
  if exists (select 1 from public.enforced_collection_positions ecp
              where ecp.tenant_id = t and ecp.debt_position_id = p.id
                and ecp.withdrawn_at is null) then
    raise exception 'lapse_revoke_enforced: the position is on an enforced-collection list'
      using errcode = '22023';
  end if;
  if length(btrim(coalesce(p_reason, ''))) not between 5 and 1000 then
    raise exception 'lapse_revoke_reason: the reason is 5 to 1000 characters'
      using errcode = '22023';
  end if;

  update public.instalment_plans ip
     set lapsed_at = null, lapsed_by = null, lapse_reason = null,
         lapse_revoked_at = now(), lapse_revoked_by = u, lapse_revoke_reason = btrim(p_reason),
         revoked_lapse_at = v_plan.lapsed_at
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
  perform app.realtime_emit('payer:' || p.payer_id, 'instalment_plan.restored',
                            jsonb_build_object('position_id', p.id));
  return v_residual;
end
$$;
revoke all on function app.revoke_instalment_plan_lapse(uuid, text, text, text) from public;
grant execute on function app.revoke_instalment_plan_lapse(uuid, text, text, text)
  to authenticated, service_role;

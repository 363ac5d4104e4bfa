-- Giving back a carried credit of a service billed by invoice is refused (see the comment in the
-- function): the invoices billed those charges in full, and returning part of them needs a
-- credit note for that part, which Piazza does not issue yet. The credit stays carried and is
-- deducted from the payer's next invoice.

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
  -- A service billed by invoice: its charges were invoiced in full, so money given back needs a
  -- credit note for that amount (FatturaPA TD04), which is not issued for part of an invoice
  -- yet. The credit stays carried and is deducted from the payer's next invoice.
  if exists (select 1 from public.charge_lines cl
               join public.service_billing b on b.tenant_id = cl.tenant_id
                                            and b.service_id = cl.service_id
              where cl.tenant_id = v_tenant and cl.id = any (v_ids) and b.mode = 'invoice') then
    raise exception 'carried_invoiced: the credit is of a service billed by invoice'
      using errcode = '55000';
  end if;
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

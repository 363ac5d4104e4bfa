-- Giving back a carried credit of a service billed by invoice (issue 6). Those charges were
-- invoiced in full, so money given back needs a credit note for it: a nota di credito (TD04) for
-- part of what invoices billed. Until now Piazza issued only full reversals and refused such a
-- credit (20261129160000_carried_settlements_invoiced.sql); now the office gives it back and, in
-- the same transaction, `lib/fatturapa/carried_credit_note.ts` issues the credit note:
--
-- - one line per carried line of a service billed by invoice, its amount negated (a credit line
--   of the balance is a positive line of the note, a charge a negative one), with the service's
--   VAT treatment, as the invoices of `issue.ts`;
-- - naming the invoices (TD01) that billed the same enrollments and periods
--   (DatiFattureCollegate, as many as there are; none when no invoice billed them);
-- - in the same yearly numbering, validated against the XSD before it is stored.
--
-- A TD04 therefore either reverses one invoice in full (`credit_of`, one per invoice, as before)
-- or gives back one carried credit (`carried_settlement_id`, one per settlement): exactly one.
-- A deferred constraint trigger makes sure a settlement whose lines include services billed by
-- invoice has its credit note, for those lines' amount, when the transaction commits.

alter table public.invoices
  add column carried_settlement_id uuid,
  -- The invoices a partial credit note relates to, as named in its XML (snapshots:
  -- [{id, numero, issued_on}], possibly empty); null for every other document.
  add column related_invoices jsonb check (jsonb_typeof(related_invoices) = 'array'),
  add constraint invoices_carried_settlement_fkey foreign key (tenant_id, carried_settlement_id)
    references public.carried_settlements (tenant_id, id),
  add constraint invoices_related_only_carried_check
    check ((related_invoices is not null) = (carried_settlement_id is not null));

-- The check "a TD04 has credit_of" of 20261129120000_credit_notes.sql was added without a name:
-- found by its definition, replaced by "a TD04 has exactly one of credit_of and
-- carried_settlement_id; an invoice has neither".
do $$
declare
  c record;
begin
  for c in
    select conname from pg_constraint
     where conrelid = 'public.invoices'::regclass and contype = 'c'
       and pg_get_constraintdef(oid) like '%document_type = ''TD04''::text) = (credit_of IS NOT NULL)%'
  loop
    execute format('alter table public.invoices drop constraint %I', c.conname);
  end loop;
end
$$;
alter table public.invoices
  add constraint invoices_credit_note_of_check check (
    case when document_type = 'TD04' then num_nonnulls(credit_of, carried_settlement_id) = 1
         else credit_of is null and carried_settlement_id is null end);

-- One credit note per settlement (and still one per invoice: invoices_credit_once_idx).
create unique index invoices_carried_settlement_once_idx
  on public.invoices (tenant_id, carried_settlement_id) where carried_settlement_id is not null;

comment on column public.invoices.carried_settlement_id is
  'For a credit note (TD04) of part of what invoices billed: the carried credit it gives back.';
comment on column public.invoices.related_invoices is
  'For a credit note giving back a carried credit: the invoices it names (DatiFattureCollegate).';

-- At commit: a settlement whose lines include services billed by invoice has its credit note,
-- addressed to its payer, for exactly those lines' credit. Deferred, because the settlement is
-- inserted before its lines are marked and the credit note needs the settlement's id.
create or replace function app.carried_settlement_credit_note_guard() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_due bigint;
  v_note record;
begin
  select -sum(cl.amount_cents) into v_due
    from public.charge_lines cl
    join public.service_billing b on b.tenant_id = cl.tenant_id and b.service_id = cl.service_id
   where cl.tenant_id = new.tenant_id and cl.carried_settlement_id = new.id
     and b.mode = 'invoice';
  if v_due is null then
    return null;
  end if;
  select i.total_cents, i.payer_id into v_note
    from public.invoices i
   where i.tenant_id = new.tenant_id and i.carried_settlement_id = new.id
     and i.document_type = 'TD04';
  if not found then
    raise exception 'carried_credit_note_missing: settlement % gives back % cents of services billed by invoice without a credit note',
      new.id, v_due using errcode = '23514';
  end if;
  if v_note.total_cents <> v_due or v_note.payer_id <> new.payer_id then
    raise exception 'carried_credit_note_mismatch: the credit note of settlement % is of % cents, the invoiced lines give back %',
      new.id, v_note.total_cents, v_due using errcode = '23514';
  end if;
  return null;
end
$$;
revoke all on function app.carried_settlement_credit_note_guard() from public;

create constraint trigger carried_settlements_credit_note
  after insert on public.carried_settlements
  deferrable initially deferred
  for each row execute function app.carried_settlement_credit_note_guard();

-- The settlement itself: as in 20261129160000, without the refusal of services billed by
-- invoice. The one case still refused is a balance whose lines of services billed by invoice do
-- not make a credit by themselves (positions for all services together, a pagoPA service's
-- credit larger than an invoiced service's charges): their credit note would have nothing to
-- give back, and a charge not yet invoiced would be settled by a refund.
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
  v_invoiced bigint;
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
  select sum(cl.amount_cents) into v_invoiced
    from public.charge_lines cl
    join public.service_billing b on b.tenant_id = cl.tenant_id and b.service_id = cl.service_id
   where cl.tenant_id = v_tenant and cl.id = any (v_ids) and b.mode = 'invoice';
  if v_invoiced >= 0 then
    raise exception 'carried_invoiced: the lines of services billed by invoice total % cents, not a credit', v_invoiced
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
  -- Lines of services billed by invoice: the caller issues their credit note before committing
  -- (carried_settlements_credit_note refuses the commit otherwise).
  return v_id;
end
$$;
revoke all on function app.settle_carried_credit(uuid, uuid, bigint, text, text, date, uuid, text)
  from public;
grant execute on function app.settle_carried_credit(uuid, uuid, bigint, text, text, date, uuid, text)
  to authenticated;

-- Settling receipts that paid nothing (issue 6): an unmatched receipt (no notice with that IUV),
-- an amount mismatch (the notice stays unpaid) or a double payment keeps the family's money. The
-- office records what it did with it, once:
--
-- - refunded: the bank's reference of the refund (CRO/TRN) and the day it was made;
-- - wallet_credit: the amount credited to a prepaid wallet of the receipt's payer, as an office
--   adjustment of exactly the receipt's amount (the movement is named on the receipt);
-- - other: what was done, in words.
--
-- Who settled and when are set here from the caller's claims (never from the request), as
-- `recorded_by` of manual receipts is. Only a signed-in member of the billing office may settle,
-- and a settled receipt is final: nobody changes or settles it again, the office included.
--
-- Receipts are otherwise never updated by anyone signed in (ingestion inserts them, `on conflict
-- do nothing`): the table-wide update grant of 20261128230000_billing_core.sql is narrowed to the
-- settlement's columns; settled_at and settled_by are written by the trigger alone.

alter table public.payment_receipts
  add column settlement text check (settlement in ('refunded', 'wallet_credit', 'other')),
  add column settled_at timestamptz,
  add column settled_by uuid references public.users (id) on delete set null,
  add column settlement_ref text check (length(btrim(settlement_ref)) between 3 and 64),
  add column settlement_on date,
  add column settlement_note text check (length(btrim(settlement_note)) between 5 and 1000),
  add column wallet_movement_id uuid,
  add constraint payment_receipts_wallet_movement_fkey
    foreign key (tenant_id, wallet_movement_id) references public.wallet_movements (tenant_id, id),
  add constraint payment_receipts_settlement_fields_check check (
    case
      when settlement is null then settled_at is null and settled_by is null
        and settlement_ref is null and settlement_on is null and settlement_note is null
        and wallet_movement_id is null
      else status in ('unmatched', 'amount_mismatch', 'duplicate_payment') and settled_at is not null
        and case settlement
          when 'refunded' then settlement_ref is not null and settlement_on is not null
            and wallet_movement_id is null
          when 'wallet_credit' then wallet_movement_id is not null and settlement_ref is null
            and settlement_on is null
          else settlement_note is not null and settlement_ref is null and settlement_on is null
            and wallet_movement_id is null
        end
    end
  );

-- One wallet movement credits one receipt (and the index serves the foreign key).
create unique index payment_receipts_wallet_movement_idx
  on public.payment_receipts (tenant_id, wallet_movement_id) where wallet_movement_id is not null;
-- "Da verificare": the problem receipts nobody has settled yet.
create index payment_receipts_unsettled_idx
  on public.payment_receipts (tenant_id, paid_at desc)
  where status <> 'matched' and settlement is null;

create or replace function app.payment_receipts_settlement_guard() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if old.settlement is not null then
    -- Final. Only the user's erasure may clear who settled it (on delete set null).
    if (new.settlement, new.settled_at, new.settlement_ref, new.settlement_on, new.settlement_note,
        new.wallet_movement_id)
       is distinct from (old.settlement, old.settled_at, old.settlement_ref, old.settlement_on,
        old.settlement_note, old.wallet_movement_id)
       or (new.settled_by is not null and new.settled_by is distinct from old.settled_by) then
      raise exception 'receipt_settled: a settled receipt is final' using errcode = '55000';
    end if;
    return new;
  end if;
  if new.settlement is null then
    return new;
  end if;
  if app.user_id() is null or not app.can_bill() then
    raise exception 'settlement_forbidden: only the billing office settles receipts'
      using errcode = '42501';
  end if;
  if new.status not in ('unmatched', 'amount_mismatch', 'duplicate_payment') then
    raise exception 'receipt_matched: a receipt that paid its notice has nothing to settle'
      using errcode = '23514';
  end if;
  if new.settlement_on > (now() at time zone 'Europe/Rome')::date then
    raise exception 'settlement_future: the refund date cannot be in the future'
      using errcode = '23514';
  end if;
  if new.settlement = 'wallet_credit' and not exists (
    select 1
      from public.wallet_movements m
      join public.wallets w on w.tenant_id = m.tenant_id and w.id = m.wallet_id
     where m.tenant_id = new.tenant_id and m.id = new.wallet_movement_id
       and m.kind = 'adjustment' and m.amount_cents = new.amount_cents
       and w.payer_id in (
         select d.payer_id
           from public.payment_notices n
           join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
          where n.tenant_id = new.tenant_id and n.id = new.payment_notice_id
         union all
         select p.id from public.people p
          where new.status = 'unmatched' and p.tenant_id = new.tenant_id
            and p.tax_code = upper(btrim(new.payer_fiscal_code)))
  ) then
    raise exception 'settlement_wallet: the credit must be the receipt''s amount on a wallet of its payer'
      using errcode = '23514';
  end if;
  new.settled_at := now();
  new.settled_by := app.user_id();
  return new;
end
$$;

create trigger payment_receipts_settlement_guard before update on public.payment_receipts
  for each row execute function app.payment_receipts_settlement_guard();

-- Settling again is refused even with the same values (the row guard above only sees changes).
create or replace function app.payment_receipts_settlement_final() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception 'receipt_settled: a settled receipt is final' using errcode = '55000';
end
$$;

create trigger payment_receipts_settlement_final
  before update of settlement, settlement_ref, settlement_on, settlement_note, wallet_movement_id
  on public.payment_receipts
  for each row when (old.settlement is not null)
  execute function app.payment_receipts_settlement_final();

create trigger payment_receipts_audit_settlement after update of settlement on public.payment_receipts
  for each row when (old.settlement is distinct from new.settlement)
  execute function app.audit_row('raw');

revoke update on public.payment_receipts from authenticated;
grant update (settlement, settlement_ref, settlement_on, settlement_note, wallet_movement_id)
  on public.payment_receipts to authenticated;

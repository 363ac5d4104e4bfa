-- Manual receipts (issue 6 follow-up): a payment the Ente received outside pagoPA (cash at the
-- economato, a bank transfer to the treasury, a POS at the office) recorded by the billing office
-- against a notice. It goes through the same ingestion as pagoPA receipts, in the office's own
-- transaction (RLS: `payment_receipts_write` already lets `app.can_bill()` insert), with
-- source 'manual'.
--
-- - Who recorded it is a column, set here from the caller's claims (never from the request), and
--   only a signed-in member of the billing office may insert a manual receipt: service_role
--   integrations and pagoPA paths never do.
-- - Each manual receipt is audited row by row (who, when, which notice, method and reference).
-- - Operators may not write arbitrary mail into the outbox (only administrators may, see
--   20261128166000_applications_review.sql): the "Pagamento ricevuto" e-mail of a manual receipt
--   goes to the payer of that receipt's position through `app.queue_manual_receipt_mail`, which
--   checks the caller recorded it.

alter table public.payment_receipts
  add column recorded_by uuid references public.users (id) on delete set null;

create or replace function app.payment_receipts_manual_guard() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if app.user_id() is null or not app.can_bill() then
    raise exception 'manual_receipt_forbidden: only the billing office records payments received outside pagoPA'
      using errcode = '42501';
  end if;
  new.recorded_by := app.user_id();
  return new;
end
$$;

create trigger payment_receipts_manual_guard before insert on public.payment_receipts
  for each row when (new.source = 'manual') execute function app.payment_receipts_manual_guard();

create trigger payment_receipts_audit_manual after insert on public.payment_receipts
  for each row when (new.source = 'manual') execute function app.audit_row();

create or replace function app.queue_manual_receipt_mail(p_receipt_id uuid, p_subject text, p_body text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  addr text;
  t uuid;
  mail_id uuid;
begin
  if app.user_id() is null or not app.can_bill() then
    raise exception 'manual_receipt_forbidden: only the billing office writes about its receipts'
      using errcode = '42501';
  end if;
  select r.tenant_id, nullif(btrim(pe.email), '') into t, addr
    from public.payment_receipts r
    join public.payment_notices n on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
    join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
    join public.people pe on pe.tenant_id = d.tenant_id and pe.id = d.payer_id
   where r.tenant_id = app.tenant_id() and r.id = p_receipt_id and r.source = 'manual'
     and r.status = 'matched' and r.recorded_by = app.user_id();
  if t is null then
    raise exception 'receipt_not_found: no such manual receipt of yours' using errcode = 'P0002';
  end if;
  if addr is null then
    return null;
  end if;
  insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
  values (t, addr, left(p_subject, 200), p_body)
  returning id into mail_id;
  return mail_id;
end
$$;
revoke all on function app.queue_manual_receipt_mail(uuid, text, text) from public;
grant execute on function app.queue_manual_receipt_mail(uuid, text, text) to authenticated;

-- Receipts (issue 6): a payment of a notice that is no longer payable — paid already by another
-- receipt, or cancelled because another option of the same position was paid — is real money the
-- Ente must refund or reassign: it is kept as `duplicate_payment` and shown, never dropped.
alter table public.payment_receipts drop constraint payment_receipts_status_check;
alter table public.payment_receipts add constraint payment_receipts_status_check
  check (status in ('matched', 'unmatched', 'amount_mismatch', 'duplicate_payment'));

-- Polling of the GPD receipts API: when a published unpaid notice was last asked about, so the
-- job spreads its calls (oldest first) and several processes never ask twice at once.
alter table public.payment_notices add column receipt_polled_at timestamptz;
create index payment_notices_unpaid_poll_idx
  on public.payment_notices (receipt_polled_at nulls first)
  where status = 'unpaid';

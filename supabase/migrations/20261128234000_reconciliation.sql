-- Reconciliation (issue 6): the reporting flows (FdR, flussi di rendicontazione) with which the
-- PSPs tell the Ente which payments a bank transfer contains, and the treasury statement lines
-- that carry that transfer. Each flow payment is matched to a receipt (IUV + IUR + amount); each
-- treasury movement to its flow (identificativoFlusso in the causale, and the total). What does
-- not match is kept and shown ("Da verificare"), never dropped.

-- A flow as the PSP published it: one per identificativoFlusso and Ente (a second import of the
-- same flow is the same row).
create table public.fdr_flows (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- identificativoFlusso: <dataRegolamento><idPSP>-<progressivo>.
  flow_ref text not null check (flow_ref ~ '^[A-Za-z0-9_-]{1,35}$'),
  -- FdR 3 revision (the SOAP/XML flows are revision 1).
  revision int not null default 1 check (revision >= 1),
  flow_at timestamptz not null,
  -- identificativoUnivocoRegolamento: the SCT's reference (TRN) or a free description.
  regulation_ref text not null check (length(regulation_ref) between 1 and 35),
  regulation_date date not null,
  -- The PSP (istitutoMittente) and the Ente as the flow names it (istitutoRicevente).
  psp_id text not null check (length(psp_id) between 1 and 35),
  psp_name text check (length(psp_name) <= 140),
  bic text check (length(bic) <= 35),
  receiver_id text not null check (length(receiver_id) between 1 and 35),
  receiver_name text check (length(receiver_name) <= 140),
  -- What the flow declares (numeroTotalePagamenti, importoTotalePagamenti).
  declared_count int not null check (declared_count >= 1),
  declared_cents bigint not null check (declared_cents >= 0),
  -- xml: uploaded FlussoRiversamento; rest: fetched from FdR 3 (raw is the JSON of both calls).
  source text not null check (source in ('xml', 'rest')),
  raw text not null,
  -- matched: every payment matched and the totals agree; differences: anything else.
  status text not null default 'differences' check (status in ('matched', 'differences')),
  imported_by uuid references public.users (id) on delete set null,
  imported_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, flow_ref)
);
create index fdr_flows_date_idx on public.fdr_flows (tenant_id, regulation_date desc);
comment on table public.fdr_flows is
  'Flussi di rendicontazione (FdR): which payments a PSP transferred to the Ente in one bank transfer.';

-- One payment of a flow (datiSingoliPagamenti / FdR 3 payment).
create table public.fdr_payments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  flow_id uuid not null,
  -- Position in the flow, from 1.
  idx int not null check (idx >= 1),
  iuv text not null check (length(iuv) between 1 and 35),
  iur text not null check (length(iur) between 1 and 35),
  -- indiceDatiSingoloPagamento / idTransfer (1..5).
  transfer_index int check (transfer_index between 1 and 5),
  amount_cents bigint not null check (amount_cents >= 0),
  -- codiceEsitoSingoloPagamento: 0 paid, 3 revoked, 4 stand-in, 8 stand-in without RPT,
  -- 9 paid without RPT.
  outcome_code smallint not null check (outcome_code in (0, 3, 4, 8, 9)),
  outcome_date date not null,
  receipt_id uuid,
  -- matched; receipt_missing (no receipt with that IUV/IUR); amount_different (receipt found,
  -- amount differs); duplicate (the same IUV/IUR is already in another flow); revoked (outcome 3).
  match_status text not null check (match_status in
    ('matched', 'receipt_missing', 'amount_different', 'duplicate', 'revoked')),
  matched_at timestamptz,
  unique (tenant_id, id),
  unique (tenant_id, flow_id, idx),
  foreign key (tenant_id, flow_id) references public.fdr_flows (tenant_id, id) on delete cascade,
  foreign key (tenant_id, receipt_id) references public.payment_receipts (tenant_id, id)
);
create index fdr_payments_iuv_idx on public.fdr_payments (tenant_id, iuv, iur);
create index fdr_payments_receipt_idx on public.fdr_payments (tenant_id, receipt_id)
  where receipt_id is not null;
create index fdr_payments_open_idx on public.fdr_payments (tenant_id, match_status)
  where match_status <> 'matched';

-- A line of the treasury account statement (estratto conto del tesoriere).
create table public.treasury_movements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  booked_on date not null,
  value_date date,
  -- Credits positive, debits negative.
  amount_cents bigint not null check (amount_cents <> 0),
  causale text not null check (length(btrim(causale)) between 1 and 500),
  -- The bank's own reference (TRN, CRO…), when the statement has one.
  reference text check (length(reference) <= 100),
  -- What the causale says: flow (/PUR/LGPE-RIVERSAMENTO/URI/<flow>), single (/RFB/ or /RFS/
  -- with an IUV), other.
  kind text not null check (kind in ('flow', 'single', 'other')),
  flow_ref text check (length(flow_ref) <= 35),
  iuv text check (length(iuv) <= 35),
  fdr_flow_id uuid,
  receipt_id uuid,
  -- matched; amount_different; flow_missing (no flow with that id yet); receipt_missing
  -- (single transfer without receipt); not_pagopa (not a pagoPA transfer: not reconciled here).
  match_status text not null check (match_status in
    ('matched', 'amount_different', 'flow_missing', 'receipt_missing', 'not_pagopa')),
  -- Same statement imported twice = same rows: hash of the line's content and its occurrence.
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  source_file text check (length(source_file) <= 255),
  source_line int,
  imported_by uuid references public.users (id) on delete set null,
  imported_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, fingerprint),
  foreign key (tenant_id, fdr_flow_id) references public.fdr_flows (tenant_id, id) on delete set null (fdr_flow_id),
  foreign key (tenant_id, receipt_id) references public.payment_receipts (tenant_id, id)
);
create index treasury_movements_date_idx on public.treasury_movements (tenant_id, booked_on desc);
create index treasury_movements_flow_idx on public.treasury_movements (tenant_id, flow_ref)
  where flow_ref is not null;
comment on table public.treasury_movements is
  'Movimenti del conto di tesoreria: each pagoPA transfer is matched to its reporting flow.';

revoke all on public.fdr_flows, public.fdr_payments, public.treasury_movements
  from public, anon, authenticated;
grant select, insert, update on public.fdr_flows, public.fdr_payments, public.treasury_movements
  to authenticated;
grant all on public.fdr_flows, public.fdr_payments, public.treasury_movements to service_role;

alter table public.fdr_flows enable row level security;
alter table public.fdr_payments enable row level security;
alter table public.treasury_movements enable row level security;

-- The Ente's money: staff read, the office (admin, operator) writes. Families never see them.
create policy fdr_flows_staff_read on public.fdr_flows for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy fdr_flows_write on public.fdr_flows for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy fdr_payments_staff_read on public.fdr_payments for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy fdr_payments_write on public.fdr_payments for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy treasury_movements_staff_read on public.treasury_movements for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy treasury_movements_write on public.treasury_movements for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

-- Audit: each flow imported and each change of its status; payments and movements are audited
-- through their import (one event per file) and every later change of their match.
create trigger fdr_flows_audit after insert or delete or update of status on public.fdr_flows
  for each row execute function app.audit_row('raw');
create trigger fdr_payments_audit after update of match_status, receipt_id on public.fdr_payments
  for each row when (old.match_status is distinct from new.match_status
                     or old.receipt_id is distinct from new.receipt_id)
  execute function app.audit_row();
create trigger treasury_movements_audit after update of match_status, fdr_flow_id, receipt_id
  or delete on public.treasury_movements
  for each row execute function app.audit_row();

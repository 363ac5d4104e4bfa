-- Credit notes (issue 6): an invoice is never rewritten. When the office cancels a debt position
-- that was invoiced, the invoice is reversed by a nota di credito (FatturaPA TipoDocumento TD04)
-- for its whole amount, in the same yearly numbering, naming the invoice it reverses
-- (DatiFattureCollegate) and why. Lines and amounts are the invoice's own: the document type
-- gives the sign, as the SdI expects.
alter table public.invoices
  add column document_type text not null default 'TD01' check (document_type in ('TD01', 'TD04')),
  add column credit_of uuid,
  add column reason text check (length(btrim(reason)) between 5 and 1000),
  add foreign key (tenant_id, credit_of) references public.invoices (tenant_id, id),
  add check ((document_type = 'TD04') = (credit_of is not null)),
  add check (document_type = 'TD01' or reason is not null),
  -- A credit note is not paid: no notice.
  add check (document_type = 'TD01' or (notice_number is null and due_on is null));

-- One invoice per position (its credit note names the same position); one credit note per invoice.
drop index public.invoices_position_once_idx;
create unique index invoices_position_once_idx on public.invoices (tenant_id, debt_position_id)
  where debt_position_id is not null and document_type = 'TD01';
create unique index invoices_credit_once_idx on public.invoices (tenant_id, credit_of)
  where credit_of is not null;

comment on column public.invoices.credit_of is
  'For a credit note (TD04): the invoice it reverses in full.';

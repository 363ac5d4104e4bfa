-- Reminder campaigns ("campagne di solleciti"): the payment reminders of every overdue position
-- of a filter of the office's list (a billing run, a payer's text) run as a job, not in the
-- office's request, however many positions match (20261129190000_payment_reminders.sql sends
-- at most 5000 per submit).
--
-- - The office creates a campaign (queued); the reminder job (lib/jobs/reminders.ts) claims it
--   with FOR UPDATE SKIP LOCKED (claimed_by, heartbeat_at; stale after a minute, then claimed
--   again), and walks the overdue positions of the filter in the order of their id, one batch
--   per transaction: the reminders of the batch, its counts and the resume point (cursor) are
--   committed together, so a campaign resumed after a crash goes on after the last committed
--   batch and sends nothing twice (the Ente's minimum days between two reminders are the second
--   guard, in app.send_payment_reminders).
-- - The job acts as the operator who asked, with their roles of now: the billing office's check
--   of app.send_payment_reminders applies to campaigns as to the office's own submits.
-- - What was not sent and needs the office (the payer has no contact; the position stopped being
--   overdue or vanished meanwhile) is kept per position with the payer's name, in
--   reminder_campaign_items; positions skipped as recently reminded are only counted.
-- - Staff read campaigns and their items like the reminders; the billing office creates them.
--   Progress is written by the job in the requester's transaction: the office may update only its
--   own campaigns' progress columns (the claim columns are the job's, service_role). Nobody
--   deletes one. Inserts, status changes and deletes are audited.

create table public.reminder_campaigns (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  requested_by uuid references public.users (id) on delete set null,
  -- The filter of the office's overdue list: a billing run, part of a payer's name, CF or IUPD
  -- (a filter, not a reference: a run of no one's matches nothing, as in the list).
  run_id uuid,
  payer text check (length(payer) <= 100),
  -- queued → running → done | failed.
  status text not null default 'queued'
    check (status in ('queued', 'running', 'done', 'failed')),
  -- Overdue positions of the filter when the job (re)started, and walked so far.
  total int not null default 0 check (total >= 0),
  done int not null default 0 check (done >= 0),
  -- Positions per outcome (lib/billing/reminders.ts REMINDER_OUTCOMES).
  sent int not null default 0,
  recent int not null default 0,
  not_overdue int not null default 0,
  no_contact int not null default 0,
  not_found int not null default 0,
  -- Resume point: the last position id of the last committed batch (positions are walked by id).
  cursor_position uuid,
  min_days int,
  claimed_by text,
  heartbeat_at timestamptz,
  attempts int not null default 0,
  error text check (length(error) <= 1000),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  unique (tenant_id, id)
);
create index reminder_campaigns_tenant_idx
  on public.reminder_campaigns (tenant_id, created_at desc);
create index reminder_campaigns_pending_idx on public.reminder_campaigns (created_at)
  where status in ('queued', 'running');
comment on table public.reminder_campaigns is
  'Campagne di solleciti di pagamento delle posizioni scadute di un filtro, eseguite dal job.';

-- What a campaign did not send and the office must see: one row per position.
create table public.reminder_campaign_items (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  campaign_id uuid not null,
  debt_position_id uuid not null,
  outcome text not null check (outcome in ('no_contact', 'not_overdue', 'not_found')),
  iupd text,
  payer_name text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, campaign_id, debt_position_id),
  foreign key (tenant_id, campaign_id) references public.reminder_campaigns (tenant_id, id)
    on delete cascade
);
comment on table public.reminder_campaign_items is
  'Posizioni di una campagna di solleciti non sollecitate (senza recapito, non più scadute).';

revoke all on public.reminder_campaigns, public.reminder_campaign_items
  from public, anon, authenticated;
grant select on public.reminder_campaigns, public.reminder_campaign_items to authenticated;
grant insert (tenant_id, requested_by, run_id, payer) on public.reminder_campaigns
  to authenticated;
grant update (status, total, done, sent, recent, not_overdue, no_contact, not_found,
  cursor_position, min_days, heartbeat_at, error, started_at, finished_at)
  on public.reminder_campaigns to authenticated;
grant insert on public.reminder_campaign_items to authenticated;
grant all on public.reminder_campaigns, public.reminder_campaign_items to service_role;
alter table public.reminder_campaigns enable row level security;
alter table public.reminder_campaign_items enable row level security;

create policy reminder_campaigns_staff_read on public.reminder_campaigns for select
  to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
-- Created by the billing office (the roles app.send_payment_reminders allows), as itself.
create policy reminder_campaigns_create on public.reminder_campaigns for insert
  to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill())
              and requested_by = (select app.user_id()));
-- Progress: the job, acting as the requester, in the transaction of each batch.
create policy reminder_campaigns_progress on public.reminder_campaigns for update
  to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill())
         and requested_by = (select app.user_id()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill())
              and requested_by = (select app.user_id()));
create policy reminder_campaign_items_staff_read on public.reminder_campaign_items for select
  to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy reminder_campaign_items_write on public.reminder_campaign_items for insert
  to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.can_bill())
              and exists (select 1 from public.reminder_campaigns c
                           where c.tenant_id = reminder_campaign_items.tenant_id
                             and c.id = reminder_campaign_items.campaign_id
                             and c.requested_by = (select app.user_id())));

create trigger reminder_campaigns_audit after insert or delete or update of status
  on public.reminder_campaigns
  for each row execute function app.audit_row();
create trigger reminder_campaign_items_audit after insert or update or delete
  on public.reminder_campaign_items
  for each row execute function app.audit_row();

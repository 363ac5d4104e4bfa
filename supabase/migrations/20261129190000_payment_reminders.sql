-- Payment reminders ("solleciti di pagamento", issue 6 follow-up): the billing office reminds the
-- payers of overdue positions (open or partly paid, with a notice unpaid past its due date) by
-- e-mail and push, one position at a time or all the overdue positions of a filter at once.
--
-- - A reminder is a fact, never rewritten: which position, whose payer, what was overdue and
--   since when, which channels carried it (the e-mail address used, or null; a push or not), who
--   sent it and when, and the batch (one submit of the office) it belongs to.
-- - Only what was sent is recorded: a payer without an e-mail address in the registry and
--   without a device enabled to push notifications is reported to the office ("senza recapito"),
--   not recorded.
-- - Reminders are written by `app.send_payment_reminders` alone (security definer): operators may
--   not write arbitrary mail into the outbox (20261129100000_manual_receipts.sql), so the address
--   is read here from the registry, never taken from the request, and who sent it comes from the
--   claims. The caller (lib/billing/reminders.ts) locks the positions and decides which are
--   overdue (the rule lives in one place, positions_read.ts); this function still refuses a
--   position that is not open or partly paid, and one reminded within the Ente's minimum days.
-- - The minimum days between two reminders of the same position are the Ente's setting
--   (`billing_settings.reminder_min_days`, 1..90, default 15), in calendar days of Rome: reminded
--   on the 1st with 15 days, the position can be reminded again from the 16th.
-- - Staff read the reminders, families read their own payers' (app.is_my_payer); nobody updates
--   or deletes one. Every insert is audited.

alter table public.billing_settings
  add column reminder_min_days int not null default 15
    check (reminder_min_days between 1 and 90);

create table public.payment_reminders (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- One submit of the office (a single position or a whole filter).
  batch_id uuid not null,
  debt_position_id uuid not null,
  payer_id uuid not null,
  -- What was unpaid past its due dates when reminded, and the earliest due date missed.
  overdue_cents bigint not null check (overdue_cents > 0),
  overdue_since date not null,
  -- The address the e-mail went to (the payer's, from the registry); null when none was sent.
  email_to text check (length(email_to) <= 320),
  -- The outbox row of that e-mail.
  mail_id uuid,
  -- A push was queued to the family's devices.
  push boolean not null,
  sent_by uuid references public.users (id) on delete set null,
  sent_at timestamptz not null default now(),
  unique (tenant_id, id),
  check (email_to is not null or push),
  check ((email_to is null) = (mail_id is null)),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id)
);
create index payment_reminders_position_idx
  on public.payment_reminders (tenant_id, debt_position_id, sent_at desc);
create index payment_reminders_payer_idx
  on public.payment_reminders (tenant_id, payer_id, sent_at desc);
create index payment_reminders_batch_idx on public.payment_reminders (tenant_id, batch_id);
comment on table public.payment_reminders is
  'Solleciti di pagamento inviati ai pagatori di posizioni scadute (e-mail e/o push), per posizione.';

revoke all on public.payment_reminders from public, anon, authenticated;
grant select on public.payment_reminders to authenticated;
grant all on public.payment_reminders to service_role;
alter table public.payment_reminders enable row level security;
create policy payment_reminders_staff_read on public.payment_reminders for select
  to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy payment_reminders_family_read on public.payment_reminders for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_payer(payer_id));

create trigger payment_reminders_audit after insert or update or delete
  on public.payment_reminders
  for each row execute function app.audit_row();

-- The family users a push about a payer reaches: the payer's own account and the parents and
-- legal guardians of the payer's household with a family membership of the Ente (as the push
-- "Pagamento ricevuto" resolves them, lib/pagopa/receipts_notify.ts).
create or replace function app.payer_family_users(p_tenant uuid, p_payer uuid) returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array(
    select distinct x.user_id from (
      select pay.user_id from public.people pay
       where pay.tenant_id = p_tenant and pay.id = p_payer
      union all
      select pp.user_id from public.household_members mine
        join public.household_members hm on hm.tenant_id = mine.tenant_id
         and hm.household_id = mine.household_id and hm.role in ('parent', 'legal_guardian')
        join public.people pp on pp.tenant_id = hm.tenant_id and pp.id = hm.person_id
       where mine.tenant_id = p_tenant and mine.person_id = p_payer and pp.merged_into is null) x
    join public.memberships m on m.tenant_id = p_tenant and m.user_id = x.user_id
     and m.role = 'family'
   where x.user_id is not null), '{}')
$$;
revoke all on function app.payer_family_users(uuid, uuid) from public;
grant execute on function app.payer_family_users(uuid, uuid) to service_role;

-- How the office can reach the payers: the registry's e-mail and whether a push would reach a
-- device (families' subscriptions are private to each user, so the office asks here).
create or replace function app.payment_reminder_contacts(p_payers uuid[])
returns table (payer_id uuid, email text, push boolean)
language plpgsql stable security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
begin
  if app.user_id() is null or not app.can_bill() then
    raise exception 'reminder_forbidden: only the billing office sends payment reminders'
      using errcode = '42501';
  end if;
  return query
    select p.id, nullif(btrim(p.email), ''),
           exists (select 1 from public.push_subscriptions s
                    where s.tenant_id = t
                      and s.user_id = any (app.payer_family_users(t, p.id)))
      from public.people p
     where p.tenant_id = t and p.id = any (p_payers);
end
$$;
revoke all on function app.payment_reminder_contacts(uuid[]) from public;
grant execute on function app.payment_reminder_contacts(uuid[]) to authenticated;

-- Records the reminders of one batch and queues their e-mails and pushes, in the caller's
-- transaction. `p_items`: [{position_id, overdue_cents, overdue_since, subject, body}], the
-- positions the caller locked and found overdue. Returns the reminders written; a position left
-- out was not open any more, reminded within the minimum days, or its payer has no contact.
create or replace function app.send_payment_reminders(p_batch uuid, p_items jsonb)
returns table (debt_position_id uuid, reminder_id uuid, email_to text, push boolean)
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  v_min int;
  v_today date := (now() at time zone 'Europe/Rome')::date;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'reminder_forbidden: only the billing office sends payment reminders'
      using errcode = '42501';
  end if;
  if jsonb_typeof(p_items) <> 'array' or jsonb_array_length(p_items) > 5000 then
    raise exception 'reminder_batch: at most 5000 positions per batch' using errcode = '22023';
  end if;
  select coalesce((select s.reminder_min_days from public.billing_settings s
                    where s.tenant_id = t), 15) into v_min;
  return query
  with input as (
    select distinct on (x.position_id) x.position_id, x.overdue_cents, x.overdue_since,
           left(btrim(x.subject), 200) as subject, x.body
      from jsonb_to_recordset(p_items) as x(position_id uuid, overdue_cents bigint,
                                           overdue_since date, subject text, body text)
     where x.overdue_cents > 0 and x.overdue_since < v_today
       and length(btrim(coalesce(x.subject, ''))) > 0 and length(coalesce(x.body, '')) > 0
     order by x.position_id
  ),
  due as (
    select i.*, d.payer_id, nullif(btrim(pe.email), '') as email,
           exists (select 1 from public.push_subscriptions s
                    where s.tenant_id = t
                      and s.user_id = any (app.payer_family_users(t, d.payer_id))) as push,
           gen_random_uuid() as rid, gen_random_uuid() as mid
      from input i
      join public.debt_positions d on d.tenant_id = t and d.id = i.position_id
      join public.people pe on pe.tenant_id = d.tenant_id and pe.id = d.payer_id
     where d.status in ('open', 'partially_paid')
       and not exists (
         select 1 from public.payment_reminders r
          where r.tenant_id = t and r.debt_position_id = d.id
            and (r.sent_at at time zone 'Europe/Rome')::date > v_today - v_min)
  ),
  sendable as (
    select d.* from due d where d.email is not null or d.push
  ),
  mails as (
    insert into public.mail_outbox (id, tenant_id, to_address, subject, body_text)
    select s.mid, t, s.email, s.subject, s.body from sendable s where s.email is not null
    returning id
  ),
  ins as (
    insert into public.payment_reminders as r (id, tenant_id, batch_id, debt_position_id,
      payer_id, overdue_cents, overdue_since, email_to, mail_id, push, sent_by)
    select s.rid, t, p_batch, s.position_id, s.payer_id, s.overdue_cents, s.overdue_since,
           s.email, case when s.email is not null then s.mid end, s.push, u
      from sendable s
    returning r.id, r.debt_position_id, r.payer_id, r.email_to, r.push
  )
  select ins.debt_position_id, ins.id, ins.email_to, ins.push from ins;
  -- After commit the family hears of it: a hint in the payer's room (the portal refreshes) and
  -- the push, resolved at delivery (lib/billing/reminders_notify.ts).
  perform app.realtime_emit(e.room, e.event, e.data)
     from (select 'payer:' || r.payer_id as room, 'reminder.sent' as event,
                  jsonb_build_object('position_id', r.debt_position_id, 'reminder_id', r.id) as data,
                  r.id, 1 as k
             from public.payment_reminders r
            where r.tenant_id = t and r.batch_id = p_batch and r.sent_at = now()
           union all
           select 'push:' || r.id, 'push.reminder',
                  jsonb_build_object('subject', r.id, 'position_id', r.debt_position_id), r.id, 2
             from public.payment_reminders r
            where r.tenant_id = t and r.batch_id = p_batch and r.sent_at = now() and r.push
            order by 4, 5) e;
end
$$;
revoke all on function app.send_payment_reminders(uuid, jsonb) from public;
grant execute on function app.send_payment_reminders(uuid, jsonb) to authenticated;

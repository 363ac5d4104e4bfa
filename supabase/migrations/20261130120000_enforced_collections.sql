-- Enforced collection ("riscossione coattiva"): what is still unpaid after the reminders (e-mail,
-- push, paper letter) is handed by the Ente to enforced collection (ingiunzione fiscale or
-- accertamento esecutivo, by its own office or an agency). The billing office records one
-- hand-over list ("lista di carico") per act, with what the collector needs; the positions on it
-- are reminded no more; what gets paid afterwards is flagged so the office tells the collector to
-- drop it ("sgravio").
--
-- - `enforced_collections`: one list, named by the act that hands it over (determination number
--   or protocol), with the rule it was made with (minimum days since the last reminder, minimum
--   overdue amount per payer) and its totals at hand-over. Never rewritten.
-- - `enforced_collection_positions`: one position of a list, with what was overdue and paid at
--   hand-over, its last reminder and that reminder's channel, and the debtor as the registry knew
--   them (name, codice fiscale, address). A position taken back from a list (an error, a payment
--   the office learned of) is withdrawn with a reason, never deleted; a position is on at most one
--   list that has not withdrawn it (a partial unique index), and back in play once withdrawn.
-- - Both written only by the security definer functions below (billing office only, 42501);
--   read by the billing office of the Ente (`app.can_bill()`); families learn of it through
--   `app.my_enforced_collection`, which names only the date and the Ente's office. Every row
--   change is audited by the tables' triggers.
-- - Reminders skip a position on a live list: `app.send_payment_reminders` and
--   `app.record_letter_reminders` are replaced below with one condition more; the office's code
--   (lib/billing/reminders.ts, reminder_campaigns.ts) leaves them out when it selects.

create table public.enforced_collections (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- The act that hands the list over, e.g. "Det. n. 123/2026" or a protocol number.
  reference text not null check (length(btrim(reference)) between 2 and 200),
  note text check (length(note) <= 2000),
  -- The rule the list was made with.
  min_days_after_reminder int not null check (min_days_after_reminder between 0 and 365),
  min_payer_cents bigint not null check (min_payer_cents >= 0),
  -- At hand-over (withdrawals do not change them).
  positions_count int not null check (positions_count > 0),
  total_cents bigint not null check (total_cents > 0),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index enforced_collections_tenant_idx
  on public.enforced_collections (tenant_id, created_at desc);
comment on table public.enforced_collections is
  'Elenchi di posizioni affidate alla riscossione coattiva (liste di carico), uno per atto.';

create table public.enforced_collection_positions (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  collection_id uuid not null,
  debt_position_id uuid not null,
  payer_id uuid not null,
  -- What was unpaid past its due dates at hand-over, the earliest due date missed, and what the
  -- position had been paid by then (a payment afterwards calls for a "sgravio").
  overdue_cents bigint not null check (overdue_cents > 0),
  overdue_since date not null,
  paid_cents bigint not null check (paid_cents >= 0),
  -- The last reminder before hand-over and how it went (e-mail, push or letter).
  last_reminder_at timestamptz not null,
  last_reminder_channel text not null check (last_reminder_channel in ('email', 'push', 'letter')),
  -- The debtor as the registry knew them: name, tax_code, address.
  debtor jsonb not null check (jsonb_typeof(debtor) = 'object'),
  withdrawn_at timestamptz,
  withdrawn_by uuid references public.users (id) on delete set null,
  withdrawn_reason text check (length(btrim(withdrawn_reason)) between 5 and 1000),
  created_at timestamptz not null default now(),
  primary key (tenant_id, collection_id, debt_position_id),
  check ((withdrawn_at is null) = (withdrawn_reason is null)),
  foreign key (tenant_id, collection_id) references public.enforced_collections (tenant_id, id),
  foreign key (tenant_id, debt_position_id) references public.debt_positions (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id)
);
-- A position is on at most one list that has not withdrawn it.
create unique index enforced_collection_positions_live_idx
  on public.enforced_collection_positions (tenant_id, debt_position_id)
  where withdrawn_at is null;
create index enforced_collection_positions_payer_idx
  on public.enforced_collection_positions (tenant_id, payer_id);
comment on table public.enforced_collection_positions is
  'Posizioni di una lista di carico per la riscossione coattiva, con i dati del debitore all''affidamento.';

revoke all on public.enforced_collections, public.enforced_collection_positions
  from public, anon, authenticated;
grant select on public.enforced_collections, public.enforced_collection_positions
  to authenticated;
grant all on public.enforced_collections, public.enforced_collection_positions to service_role;
alter table public.enforced_collections enable row level security;
alter table public.enforced_collection_positions enable row level security;
create policy enforced_collections_billing_read on public.enforced_collections for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()));
create policy enforced_collection_positions_billing_read
  on public.enforced_collection_positions for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_bill()));

create trigger enforced_collections_audit after insert or update or delete
  on public.enforced_collections
  for each row execute function app.audit_row();
create trigger enforced_collection_positions_audit after insert or update or delete
  on public.enforced_collection_positions
  for each row execute function app.audit_row();

-- Creates one list from the positions the caller (lib/billing/enforced_collection_record.ts)
-- locked and found overdue: `p_items` [{position_id, overdue_cents, overdue_since}]. Kept: open
-- or partly paid, reminded at least once, the last reminder `p_min_days` or more days ago (Rome
-- dates), not on a live list; then the payers whose kept total is under `p_min_payer_cents` are
-- dropped. Nothing left: 22023 `enforced_collection_empty`. Returns the new list's id.
create or replace function app.create_enforced_collection(
  p_reference text, p_note text, p_min_days int, p_min_payer_cents bigint, p_items jsonb)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  v_today date := (now() at time zone 'Europe/Rome')::date;
  v_id uuid := gen_random_uuid();
  v_count int;
  v_total bigint;
  v_kept jsonb;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'enforced_collection_forbidden: only the billing office hands positions to enforced collection'
      using errcode = '42501';
  end if;
  if length(btrim(coalesce(p_reference, ''))) not between 2 and 200 then
    raise exception 'enforced_collection_reference: the reference is 2 to 200 characters'
      using errcode = '22023';
  end if;
  if length(p_note) > 2000 then
    raise exception 'enforced_collection_note: the note is at most 2000 characters'
      using errcode = '22023';
  end if;
  if p_min_days is null or p_min_days not between 0 and 365 then
    raise exception 'enforced_collection_min_days: between 0 and 365 days' using errcode = '22023';
  end if;
  if p_min_payer_cents is null or p_min_payer_cents < 0 then
    raise exception 'enforced_collection_min_amount: not negative' using errcode = '22023';
  end if;
  if jsonb_typeof(p_items) is distinct from 'array' or jsonb_array_length(p_items) > 5000 then
    raise exception 'enforced_collection_batch: at most 5000 positions per list'
      using errcode = '22023';
  end if;
  with input as (
    select distinct on (x.position_id) x.position_id, x.overdue_cents, x.overdue_since
      from jsonb_to_recordset(p_items) as x(position_id uuid, overdue_cents bigint,
                                           overdue_since date)
     where x.overdue_cents > 0 and x.overdue_since < v_today
     order by x.position_id
  ),
  due as (
    select i.position_id, d.payer_id, i.overdue_cents, i.overdue_since, d.paid_cents,
           r.sent_at as last_at,
           case when r.email_to is not null then 'email'
                when r.push then 'push' else 'letter' end as channel,
           jsonb_build_object(
             'name', btrim(pe.surname || ' ' || pe.name),
             'tax_code', pe.tax_code,
             'address', coalesce(nullif(btrim(pe.postal_address), ''),
                                 nullif(btrim(pe.residence_address), ''))) as debtor
      from input i
      join public.debt_positions d on d.tenant_id = t and d.id = i.position_id
      join public.people pe on pe.tenant_id = d.tenant_id and pe.id = d.payer_id
      join lateral (
        select r.sent_at, r.email_to, r.push from public.payment_reminders r
         where r.tenant_id = t and r.debt_position_id = d.id
         order by r.sent_at desc, r.id limit 1) r on true
     where d.status in ('open', 'partially_paid')
       and (r.sent_at at time zone 'Europe/Rome')::date <= v_today - p_min_days
       and not exists (
         select 1 from public.enforced_collection_positions e
          where e.tenant_id = t and e.debt_position_id = d.id and e.withdrawn_at is null)
  )
  select coalesce(jsonb_agg(to_jsonb(d) order by d.position_id), '[]'::jsonb) into v_kept
    from due d
   where d.payer_id in (select x.payer_id from due x group by x.payer_id
                         having sum(x.overdue_cents) >= p_min_payer_cents);
  select count(*), coalesce(sum(k.overdue_cents), 0) into v_count, v_total
    from jsonb_to_recordset(v_kept) as k(overdue_cents bigint);
  if v_count = 0 then
    raise exception 'enforced_collection_empty: no position qualifies for enforced collection'
      using errcode = '22023';
  end if;
  insert into public.enforced_collections (id, tenant_id, reference, note,
    min_days_after_reminder, min_payer_cents, positions_count, total_cents, created_by)
  values (v_id, t, btrim(p_reference), nullif(btrim(coalesce(p_note, '')), ''), p_min_days,
          p_min_payer_cents, v_count, v_total, u);
  insert into public.enforced_collection_positions (tenant_id, collection_id, debt_position_id,
    payer_id, overdue_cents, overdue_since, paid_cents, last_reminder_at, last_reminder_channel,
    debtor)
  select t, v_id, k.position_id, k.payer_id, k.overdue_cents, k.overdue_since, k.paid_cents,
         k.last_at, k.channel, k.debtor
    from jsonb_to_recordset(v_kept) as k(position_id uuid, payer_id uuid, overdue_cents bigint,
      overdue_since date, paid_cents bigint, last_at timestamptz, channel text, debtor jsonb);
  -- After commit the family's portal refreshes the position.
  perform app.realtime_emit('payer:' || k.payer_id, 'enforced_collection.updated',
                            jsonb_build_object('position_id', k.position_id))
     from jsonb_to_recordset(v_kept) as k(position_id uuid, payer_id uuid)
    order by k.position_id;
  return v_id;
end
$$;
revoke all on function app.create_enforced_collection(text, text, int, bigint, jsonb) from public;
grant execute on function app.create_enforced_collection(text, text, int, bigint, jsonb)
  to authenticated;

-- Takes a position back from a list (an error, a payment the office learned of): the row stays,
-- withdrawn with who, when and why; the position is back in play (reminders, a later list).
-- Returns false when the list does not have it live (withdrawn before, or never on it).
create or replace function app.withdraw_enforced_collection_position(
  p_collection uuid, p_position uuid, p_reason text)
returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  v_payer uuid;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'enforced_collection_forbidden: only the billing office withdraws positions'
      using errcode = '42501';
  end if;
  if length(btrim(coalesce(p_reason, ''))) not between 5 and 1000 then
    raise exception 'enforced_collection_reason: the reason is 5 to 1000 characters'
      using errcode = '22023';
  end if;
  update public.enforced_collection_positions e
     set withdrawn_at = now(), withdrawn_by = u, withdrawn_reason = btrim(p_reason)
   where e.tenant_id = t and e.collection_id = p_collection and e.debt_position_id = p_position
     and e.withdrawn_at is null
  returning e.payer_id into v_payer;
  if v_payer is null then
    return false;
  end if;
  perform app.realtime_emit('payer:' || v_payer, 'enforced_collection.updated',
                            jsonb_build_object('position_id', p_position));
  return true;
end
$$;
revoke all on function app.withdraw_enforced_collection_position(uuid, uuid, text) from public;
grant execute on function app.withdraw_enforced_collection_position(uuid, uuid, text)
  to authenticated;

-- The family's view of a position of theirs on a live list: the day (Rome) it was handed over
-- and the Ente's office to contact; no row for a position not theirs or not listed.
create or replace function app.my_enforced_collection(p_position uuid)
returns table (handed_on date, office_name text, office_contact text)
language sql stable security definer set search_path = ''
as $$
  select (c.created_at at time zone 'Europe/Rome')::date, s.office_name, s.office_contact
    from public.enforced_collection_positions e
    join public.enforced_collections c on c.tenant_id = e.tenant_id and c.id = e.collection_id
    left join public.billing_settings s on s.tenant_id = e.tenant_id
   where e.tenant_id = app.tenant_id() and e.debt_position_id = p_position
     and e.withdrawn_at is null and app.position_is_mine(p_position)
$$;
revoke all on function app.my_enforced_collection(uuid) from public;
grant execute on function app.my_enforced_collection(uuid) to authenticated;

-- Reminders skip a position on a live list: the functions of 20261129190000_payment_reminders.sql
-- and 20261130110000_reminder_letters.sql as they were, with that one condition more.
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
       -- Handed to enforced collection: the collector chases it now, not the reminders.
       and not exists (
         select 1 from public.enforced_collection_positions e
          where e.tenant_id = t and e.debt_position_id = d.id and e.withdrawn_at is null)
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

create or replace function app.record_letter_reminders(p_batch uuid, p_items jsonb)
returns table (debt_position_id uuid, reminder_id uuid)
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  v_min int;
  v_today date := (now() at time zone 'Europe/Rome')::date;
begin
  if u is null or t is null or not app.can_bill() then
    raise exception 'reminder_forbidden: only the billing office records payment reminders'
      using errcode = '42501';
  end if;
  if p_batch is null or jsonb_typeof(p_items) is distinct from 'array'
     or jsonb_array_length(p_items) > 5000 then
    raise exception 'reminder_batch: at most 5000 positions per batch' using errcode = '22023';
  end if;
  select coalesce((select s.reminder_min_days from public.billing_settings s
                    where s.tenant_id = t), 15) into v_min;
  return query
  with input as (
    select distinct on (x.position_id) x.position_id, x.overdue_cents, x.overdue_since
      from jsonb_to_recordset(p_items) as x(position_id uuid, overdue_cents bigint,
                                           overdue_since date)
     where x.overdue_cents > 0 and x.overdue_since < v_today
     order by x.position_id
  ),
  due as (
    select i.*, d.payer_id
      from input i
      join public.debt_positions d on d.tenant_id = t and d.id = i.position_id
     where d.status in ('open', 'partially_paid')
       and not exists (
         select 1 from public.payment_reminders r
          where r.tenant_id = t and r.debt_position_id = d.id
            and (r.sent_at at time zone 'Europe/Rome')::date > v_today - v_min)
       -- Handed to enforced collection: the collector chases it now, not the reminders.
       and not exists (
         select 1 from public.enforced_collection_positions e
          where e.tenant_id = t and e.debt_position_id = d.id and e.withdrawn_at is null)
  ),
  ins as (
    insert into public.payment_reminders as r (tenant_id, batch_id, debt_position_id, payer_id,
      overdue_cents, overdue_since, email_to, mail_id, push, letter, sent_by)
    select t, p_batch, d.position_id, d.payer_id, d.overdue_cents, d.overdue_since, null, null,
           false, true, u
      from due d
    returning r.id, r.debt_position_id
  )
  select ins.debt_position_id, ins.id from ins;
  -- After commit the family's portal refreshes (no push: the letter is on its way by post).
  perform app.realtime_emit('payer:' || r.payer_id, 'reminder.sent',
                            jsonb_build_object('position_id', r.debt_position_id,
                                               'reminder_id', r.id))
     from public.payment_reminders r
    where r.tenant_id = t and r.batch_id = p_batch and r.sent_at = now() and r.letter;
end
$$;
revoke all on function app.record_letter_reminders(uuid, jsonb) from public;
grant execute on function app.record_letter_reminders(uuid, jsonb) to authenticated;

-- Paper reminder letters (issue 6): a payer the office cannot reach by e-mail or push ("senza
-- recapito") gets a letter by post. The office prints the letters (lib/billing/reminder_letters_*),
-- mails them, then records them: the letter becomes a payment reminder like the others, so the
-- Ente's minimum days between two reminders apply to it and the family's portal shows "Sollecito
-- inviato il …".
--
-- - `payment_reminders.letter`: a third channel. A letter row carries no e-mail and no push (the
--   notify job pushes only `push` rows, lib/billing/reminders_notify.ts).
-- - `app.record_letter_reminders` alone writes letter rows (security definer), with the guards of
--   `app.send_payment_reminders`: the billing office only (42501), positions open or partly paid,
--   not reminded within the Ente's minimum days, overdue since before today (Rome). The caller
--   (lib/billing/reminder_letters_record.ts recordLetters) locks the positions and finds them overdue with the
--   rule of positions_read.ts. Nothing is mailed or pushed; the insert is audited by the table's
--   trigger; the family's portal gets the same realtime hint as for any reminder.

alter table public.payment_reminders
  add column letter boolean not null default false;

-- The check "an e-mail or a push" of 20261129190000_payment_reminders.sql was added without a
-- name: found by its definition, replaced by "an e-mail, a push or a letter".
do $$
declare
  c record;
begin
  for c in
    select conname from pg_constraint
     where conrelid = 'public.payment_reminders'::regclass and contype = 'c'
       and pg_get_constraintdef(oid) like '%email_to IS NOT NULL) OR push)%'
  loop
    execute format('alter table public.payment_reminders drop constraint %I', c.conname);
  end loop;
end
$$;
alter table public.payment_reminders
  add constraint payment_reminders_channel_check check (email_to is not null or push or letter),
  -- A letter is recorded on its own row: what was mailed on paper, nothing else.
  add constraint payment_reminders_letter_only_check
    check (not letter or (email_to is null and not push));
comment on column public.payment_reminders.letter is
  'Sollecito inviato per posta (lettera stampata dall''ufficio), senza e-mail né push.';

-- Records the letters of one batch (one "Registra l'invio per posta" of the office), in the
-- caller's transaction. `p_items`: [{position_id, overdue_cents, overdue_since}], the positions
-- the caller locked and found overdue. Returns the reminders written; a position left out was not
-- open any more, not overdue before today, or reminded within the Ente's minimum days.
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

-- Reminder campaigns can be stopped and resumed by the billing office (issue 6).
--
-- - Stop ("Interrompi campagna"): a queued or running campaign becomes `cancelled`, with who and
--   when. Its claim is dropped: the job's next batch locks the row, finds it no longer running
--   under its claim and writes nothing more (lib/billing/reminder_campaigns.ts lockClaimed).
--   Reminders already sent stay sent.
-- - Resume ("Riprendi"): a failed or cancelled campaign is queued again with its cursor and counts,
--   the error cleared: the job goes on after the last committed batch (the Ente's minimum days
--   between two reminders are the second guard). The operator who resumes becomes the requester:
--   the job acts with their roles from then on (one who left the office is the usual reason a
--   campaign failed); the audit log keeps who asked first. Refused while another campaign of the
--   same filter is queued or running.
--
-- Both go through app.control_reminder_campaign (security definer): the progress policy lets only
-- the requester update their own campaign, while any member of the billing office may stop or
-- resume one. cancelled_by / cancelled_at are not granted to authenticated, and a campaign cannot
-- be `cancelled` without cancelled_at, so only this function cancels.
--
-- One queued or running campaign per filter was so far kept by createCampaign's look-up alone; a
-- unique partial index now holds it against two requests at once (and a resume racing a create).

alter table public.reminder_campaigns
  drop constraint reminder_campaigns_status_check,
  add constraint reminder_campaigns_status_check
    check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
  add column cancelled_by uuid references public.users (id) on delete set null,
  add column cancelled_at timestamptz,
  add constraint reminder_campaigns_cancelled_check
    check (status <> 'cancelled' or cancelled_at is not null);

comment on column public.reminder_campaigns.cancelled_by is
  'Chi dell''ufficio fatturazione ha interrotto la campagna (stato cancelled).';

-- Campaigns queued twice before createCampaign looked for a pending one: all but the oldest of a
-- filter stop as failed (a worker on one finds it no longer running and writes nothing more); the
-- office can resume them once the oldest is over, nothing is sent twice.
update public.reminder_campaigns c
   set status = 'failed', claimed_by = null, heartbeat_at = null, finished_at = now(),
       error = 'Un''altra campagna con lo stesso filtro era già in coda o in corso: questa è ' ||
               'stata fermata. Puoi riprenderla quando l''altra è conclusa.'
 where c.status in ('queued', 'running')
   and exists (select 1 from public.reminder_campaigns o
                where o.tenant_id = c.tenant_id and o.status in ('queued', 'running')
                  and o.run_id is not distinct from c.run_id
                  and o.payer is not distinct from c.payer
                  and (o.created_at, o.id) < (c.created_at, c.id));

create unique index reminder_campaigns_one_pending_idx
  on public.reminder_campaigns (tenant_id, coalesce(run_id, '00000000-0000-0000-0000-000000000000'::uuid),
                                coalesce(payer, ''))
  where status in ('queued', 'running');

-- Stops ('cancel') or resumes ('resume') a campaign of the caller's Ente. Answers 'ok',
-- 'not_found' (none in the caller's Ente), 'wrong_status:<status>' or 'busy' (another campaign of
-- the same filter is queued or running); 42501 for anyone outside the billing office.
create or replace function app.control_reminder_campaign(p_id uuid, p_action text)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
  c public.reminder_campaigns;
begin
  if not (select app.can_bill()) then
    raise exception 'only the billing office stops or resumes reminder campaigns'
      using errcode = '42501';
  end if;
  if p_action not in ('cancel', 'resume') then
    raise exception 'unknown action %', p_action using errcode = '22023';
  end if;
  select * into c from public.reminder_campaigns
   where id = p_id and tenant_id = (select app.tenant_id())
   for update;
  if not found then
    return 'not_found';
  end if;
  if p_action = 'cancel' then
    if c.status not in ('queued', 'running') then
      return 'wrong_status:' || c.status;
    end if;
    update public.reminder_campaigns
       set status = 'cancelled', cancelled_by = (select app.user_id()), cancelled_at = now(),
           claimed_by = null, heartbeat_at = null, finished_at = now()
     where id = c.id;
    return 'ok';
  end if;
  if c.status not in ('failed', 'cancelled') then
    return 'wrong_status:' || c.status;
  end if;
  if exists (select 1 from public.reminder_campaigns o
              where o.tenant_id = c.tenant_id and o.id <> c.id
                and o.status in ('queued', 'running')
                and o.run_id is not distinct from c.run_id
                and o.payer is not distinct from c.payer) then
    return 'busy';
  end if;
  update public.reminder_campaigns
     set status = 'queued', error = null, requested_by = (select app.user_id()),
         cancelled_by = null, cancelled_at = null, claimed_by = null, heartbeat_at = null,
         finished_at = null
   where id = c.id;
  return 'ok';
end
$$;
revoke all on function app.control_reminder_campaign(uuid, text) from public, anon;
grant execute on function app.control_reminder_campaign(uuid, text) to authenticated;

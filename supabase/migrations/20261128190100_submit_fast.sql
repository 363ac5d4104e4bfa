-- Click day (issue 4): the per-Ente protocol counter is the one point every submission passes
-- through, and its row lock lasts until the submitting transaction commits. Measured with
-- bench/click_day.ts, submissions queued behind it. Two changes, same contract:
--  * everything that can fail or take time (checks, the items going live with the one-live-per-
--    child index, their audit rows) now happens BEFORE the counter is taken, so the lock covers
--    only the counter, the application's own row and its receipt message;
--  * the receipt time and sequence are read AFTER the counter lock is held: the lock orders the
--    submissions, so protocol numbers and receipt times now always agree (before, a submission
--    could read the clock, wait for the lock behind a later one, and get a higher number with an
--    earlier time).
create or replace function app.submit_application(p_id uuid)
returns table (protocol_number text, submitted_at timestamptz, already boolean)
language plpgsql security definer set search_path = ''
as $$
declare
  a public.applications;
  staff boolean := app.can_configure();
  now_ts timestamptz := clock_timestamp();
  y int;
  n int;
  protocol text;
  closed text;
begin
  select * into a from public.applications x
   where x.tenant_id = app.tenant_id() and x.id = p_id for update;
  if not found or not (staff or a.household_id = any (app.my_household_ids())) then
    raise exception 'application_not_found: no such application' using errcode = 'P0002';
  end if;
  if a.status <> 'draft' then
    return query select a.protocol_number, a.submitted_at, true;
    return;
  end if;
  if not exists (select 1 from public.application_items i
                  where i.tenant_id = a.tenant_id and i.application_id = a.id) then
    raise exception 'application_empty: an application needs at least one child and service'
      using errcode = '23514';
  end if;
  if exists (select 1 from public.application_items i
              where i.tenant_id = a.tenant_id and i.application_id = a.id
                and i.child_tax_code is null) then
    raise exception 'application_child_tax_code: every child needs a codice fiscale'
      using errcode = '23514';
  end if;
  if not staff then
    select string_agg(s.title, ', ') into closed
      from public.application_items i
      join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
     where i.tenant_id = a.tenant_id and i.application_id = a.id
       and (s.status <> 'published' or s.enrollment_opens_at is null
            or now_ts < s.enrollment_opens_at or now_ts > s.enrollment_closes_at);
    if closed is not null then
      raise exception 'application_window_closed: enrollment is not open for %', closed
        using errcode = '23514';
    end if;
  end if;
  -- Before the counter: a duplicate (unique live index) fails here without holding it.
  update public.application_items i
     set live = true, outcome = 'pending', outcome_reason = null, reviewed_by = null,
         reviewed_at = null, communicated_at = null, communicated_via = null, updated_at = now_ts
   where i.tenant_id = a.tenant_id and i.application_id = a.id;
  y := extract(year from now_ts at time zone 'Europe/Rome')::int;
  insert into private.protocol_counters as c (tenant_id, year, last) values (a.tenant_id, y, 1)
    on conflict (tenant_id, year) do update set last = c.last + 1
    returning c.last into n;
  -- Under the counter lock: receipt time and sequence follow the protocol number.
  now_ts := clock_timestamp();
  protocol := y::text || '/' || lpad(n::text, 6, '0');
  update public.applications x
     set status = 'submitted',
         protocol_number = protocol,
         submitted_at = now_ts,
         receipt_seq = nextval('private.application_receipt_seq'),
         updated_at = now_ts
   where x.tenant_id = a.tenant_id and x.id = a.id;
  insert into public.application_messages (tenant_id, application_id, direction, subject, body, channel)
  values (a.tenant_id, a.id, 'system', 'Domanda inviata',
          'Domanda ricevuta con protocollo n. ' || protocol, 'portal');
  return query select protocol, now_ts, false;
end
$$;
revoke all on function app.submit_application(uuid) from public;
grant execute on function app.submit_application(uuid) to authenticated, service_role;

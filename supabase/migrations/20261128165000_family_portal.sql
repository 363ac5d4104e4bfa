-- Families' portal: the submission receipt e-mail to every parent of the household.
-- Families may not write arbitrary mail into the outbox; this function queues the receipt of an
-- application the caller's household has just submitted, once, to the household's parents and
-- guardians (and the applicant's declared address), with a subject that names its protocol.

create or replace function app.queue_submission_receipt(p_id uuid, p_subject text, p_body text)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  a public.applications;
  n integer := 0;
  addr text;
begin
  select * into a from public.applications x
   where x.tenant_id = app.tenant_id() and x.id = p_id
     and x.household_id = any (app.my_household_ids());
  if not found or a.status <> 'submitted' or a.submitted_at < clock_timestamp() - interval '10 minutes'
     or position(a.protocol_number in p_subject) = 0 then
    raise exception 'application_not_found: no such application' using errcode = 'P0002';
  end if;
  if exists (select 1 from public.mail_outbox o
              where o.tenant_id = a.tenant_id and o.subject = left(p_subject, 200)) then
    return 0;
  end if;
  for addr in
    select distinct lower(e) from (
      select coalesce(p.email, u.email) as e
        from public.household_members m
        join public.people p on p.tenant_id = m.tenant_id and p.id = m.person_id
        left join public.users u on u.id = p.user_id
       where m.tenant_id = a.tenant_id and m.household_id = a.household_id
         and m.role in ('parent', 'legal_guardian') and p.merged_into is null
      union all select nullif(btrim(a.applicant ->> 'email'), '')) s
     where e is not null
  loop
    insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
    values (a.tenant_id, addr, left(p_subject, 200), p_body);
    n := n + 1;
  end loop;
  return n;
end
$$;
revoke all on function app.queue_submission_receipt(uuid, text, text) from public;
grant execute on function app.queue_submission_receipt(uuid, text, text) to authenticated, service_role;

-- Review (istruttoria) of applications by the office: what the family is told by e-mail, and the
-- history of an application for the operators who review it.
--
-- - Operators may not write arbitrary mail into the outbox (only administrators may): an outcome or
--   a message about an application goes to the applicant's address declared on that application,
--   through `app.queue_application_mail`, which checks the caller may review it.
-- - The audit log is readable by administrators only; the operators who review an application need
--   its own history (submission, outcomes, communications, downloads of its documents), and
--   nothing else, through `app.application_history`.

create or replace function app.queue_application_mail(p_application_id uuid, p_subject text, p_body text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  a public.applications;
  addr text;
  mail_id uuid;
begin
  if not app.can_configure() then
    raise exception 'application_mail_forbidden: only the office writes to families'
      using errcode = '42501';
  end if;
  select * into a from public.applications x
   where x.tenant_id = app.tenant_id() and x.id = p_application_id;
  if not found then
    raise exception 'application_not_found: no such application' using errcode = 'P0002';
  end if;
  addr := nullif(btrim(a.applicant ->> 'email'), '');
  if addr is null then
    return null;
  end if;
  insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
  values (a.tenant_id, addr, left(p_subject, 200), p_body)
  returning id into mail_id;
  return mail_id;
end
$$;

create or replace function app.application_history(p_id uuid)
returns table (id bigint, at timestamptz, actor_kind text, actor_name text, action text,
               entity text, entity_id text, before jsonb, after jsonb, details jsonb)
language sql stable security definer set search_path = ''
as $$
  select l.id, l.at, l.actor_kind, coalesce(u.full_name, k.name), l.action, l.entity,
         l.entity_id, l.before, l.after, l.details
    from public.audit_log l
    left join public.users u on u.id = l.actor_id
    left join public.api_keys k on k.id = l.actor_id and k.tenant_id = l.tenant_id
   where (app.is_staff() or app.can_configure())
     and l.tenant_id = app.tenant_id()
     and exists (select 1 from public.applications a
                  where a.tenant_id = app.tenant_id() and a.id = p_id)
     and ((l.entity = 'applications' and l.entity_id = p_id::text)
          or (l.entity = 'application_items' and l.entity_id in (
                select i.id::text from public.application_items i
                 where i.tenant_id = app.tenant_id() and i.application_id = p_id))
          or (l.entity = 'application_documents' and l.details ->> 'application_id' = p_id::text))
   order by l.at, l.id
$$;

revoke all on function app.queue_application_mail(uuid, text, text), app.application_history(uuid)
  from public, anon;
grant execute on function app.queue_application_mail(uuid, text, text), app.application_history(uuid)
  to authenticated, service_role;

-- The history of one record is read by entity and id, not by time.
create index if not exists audit_log_entity_idx on public.audit_log (tenant_id, entity, entity_id);

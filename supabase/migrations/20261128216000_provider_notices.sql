-- Providers' communications to the families of one site or one class (issue 5).
--
-- A provider (soggetto erogatore) wrote only to the families of a whole service. It may now narrow
-- a communication to one site or one class where one of its services is delivered, i.e. where
-- children are enrolled today in a service it runs; only those children's families receive it.
-- Providers cannot read sites, classes or enrollments under RLS: `app.notice_provider_targets()`
-- offers them their own sites and classes by name, and the preview/send functions refuse (42501)
-- any other site or class before anything is stored.
--
-- The provider link is now the explicit `memberships.organization_id` (20261128212000_meals.sql)
-- instead of matching the user's e-mail with the organization's.

create or replace function app.notice_provider_service_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(s.id), '{}')
    from public.services s
   where s.tenant_id = app.tenant_id() and app.has_role('provider')
     and s.provider_id = any (app.my_provider_org_ids())
$$;
revoke all on function app.notice_provider_service_ids() from public, anon;
grant execute on function app.notice_provider_service_ids() to authenticated, service_role;

-- The sites and classes a provider may address: one row per (service, site, class) with children
-- enrolled today in one of its services (class null for enrollments without a class). Names only.
create or replace function app.notice_provider_targets()
returns table (service_id uuid, site_id uuid, site_name text, class_id uuid, class_name text)
language sql stable security definer set search_path = ''
as $$
  select distinct e.service_id, e.site_id, si.name, e.class_id, cl.name
    from public.enrollments e
    join public.sites si on si.tenant_id = e.tenant_id and si.id = e.site_id
    left join public.classes cl on cl.tenant_id = e.tenant_id and cl.id = e.class_id
   where e.tenant_id = app.tenant_id()
     and e.service_id = any (app.notice_provider_service_ids())
     and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date
$$;
revoke all on function app.notice_provider_targets() from public, anon;
grant execute on function app.notice_provider_targets() to authenticated, service_role;

-- 'office' or 'provider' when the caller may write to these families, else 42501. A provider may
-- narrow to a site or class only among its own targets.
create or replace function app.notice_sender_kind(p_service uuid, p_site uuid, p_class uuid)
returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  kind text := app.notice_sender_kind(p_service);
begin
  if kind = 'provider' and (p_site is not null or p_class is not null)
     and not exists (select 1 from app.notice_provider_targets() t
                      where t.service_id = p_service
                        and (p_site is null or t.site_id = p_site)
                        and (p_class is null or t.class_id = p_class)) then
    raise exception 'communications: not allowed to write to the families of this site or class'
      using errcode = '42501';
  end if;
  return kind;
end
$$;
revoke all on function app.notice_sender_kind(uuid, uuid, uuid) from public, anon, authenticated;

create or replace function app.communication_preview(p_service uuid, p_site uuid, p_class uuid)
returns table (children int, recipients int, with_email int, with_account int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform app.notice_sender_kind(p_service, p_site, p_class);
  return query
    select count(distinct a.enrollment_id)::int, count(*)::int,
           count(a.email)::int, count(a.user_id)::int
      from app.notice_audience(p_service, p_site, p_class) a;
end
$$;
revoke all on function app.communication_preview(uuid, uuid, uuid) from public, anon;
grant execute on function app.communication_preview(uuid, uuid, uuid) to authenticated, service_role;

create or replace function app.send_communication(
  p_service uuid, p_site uuid, p_class uuid, p_subject text, p_body text
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  kind text := app.notice_sender_kind(p_service, p_site, p_class);
  svc record;
  new_id uuid;
  n int;
  author text;
begin
  select s.id, s.title, s.notices_enabled, x.name as tenant_name into svc
    from public.services s join public.tenants x on x.id = s.tenant_id
   where s.tenant_id = t and s.id = p_service;
  if svc.id is null then
    raise exception 'communications: no such service' using errcode = '23503';
  end if;
  if not svc.notices_enabled then
    raise exception 'notices_disabled: communications are disabled for this service'
      using errcode = '23514';
  end if;
  -- API keys are no person: their notices are signed by the office.
  author := coalesce((select nullif(btrim(u.full_name), '') from public.users u
                       where u.id = app.user_id()), 'Ufficio scuola');
  insert into public.communications (tenant_id, service_id, site_id, class_id, sender_kind,
    author_id, author_name, subject, body)
  values (t, p_service, p_site, p_class, kind, app.user_id(), author, btrim(p_subject),
          btrim(p_body))
  returning id into new_id;
  insert into public.communication_recipients (tenant_id, communication_id, person_id, user_id, email)
  select t, new_id, a.person_id, a.user_id, a.email
    from app.notice_audience(p_service, p_site, p_class) a;
  get diagnostics n = row_count;
  if n = 0 then
    raise exception 'no_recipients: no family is enrolled in the chosen service, site or class'
      using errcode = '23514';
  end if;
  update public.communications set recipient_count = n where tenant_id = t and id = new_id;
  insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
  select t, r.email, svc.tenant_name || ' — ' || btrim(p_subject),
         btrim(p_body) || E'\n\n— ' || author || ', ' || svc.title || E'\n\n'
           || E'La comunicazione è anche nella tua area personale, alla pagina Diario e comunicazioni (/famiglie/diario).\n'
           || 'This notice is also in your personal area, under Diary and notices (/famiglie/diario).'
    from public.communication_recipients r
   where r.tenant_id = t and r.communication_id = new_id and r.email is not null;
  return new_id;
end
$$;
revoke all on function app.send_communication(uuid, uuid, uuid, text, text) from public, anon;
grant execute on function app.send_communication(uuid, uuid, uuid, text, text)
  to authenticated, service_role;

-- The names of a communication's site and class for whoever may read the communication (the same
-- three readers as its policies): providers and families read no sites or classes, yet their
-- history says where a notice went.
create or replace function app.communication_place(p_id uuid)
returns table (site_name text, class_name text)
language sql stable security definer set search_path = ''
as $$
  select si.name, cl.name
    from public.communications m
    left join public.sites si on si.tenant_id = m.tenant_id and si.id = m.site_id
    left join public.classes cl on cl.tenant_id = m.tenant_id and cl.id = m.class_id
   where m.tenant_id = app.tenant_id() and m.id = p_id
     and (app.is_staff()
          or (app.has_role('provider') and m.service_id = any (app.notice_provider_service_ids()))
          or exists (select 1 from public.communication_recipients r
                      where r.tenant_id = m.tenant_id and r.communication_id = m.id
                        and r.user_id = app.user_id()))
$$;
revoke all on function app.communication_place(uuid) from public, anon;
grant execute on function app.communication_place(uuid) to authenticated, service_role;

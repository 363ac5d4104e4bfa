-- Diary and communications (issue 5).
--
-- The diary: teachers write to a class or to one child (text and photos); the families of those
-- children read it and leave a read receipt the teacher sees. Only for services with
-- `services.diary_enabled`, enforced here: a post to a class none of whose enrolled children is in
-- a service with the diary, or to a child whose service has it disabled, is refused (23514
-- `diary_disabled`), whoever writes it. Families stop seeing posts when the Ente disables it.
--
-- Communications: the office (admin, operator, API key with write) or the provider of a service
-- write to the families of a service, narrowed to a site or a class; only when the service has
-- `services.notices_enabled`. Recipients (both parents of each enrolled child, and the payer) are
-- computed and mailed by `app.send_communication()` in the sender's transaction.

-- Is the diary on for class `c`: is one of its children, enrolled today or later, in a service
-- with the diary? (definer: enrollments' own policies are not the writer's.)
create or replace function app.diary_class_enabled(c uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.enrollments e
                   join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
                  where e.tenant_id = app.tenant_id() and e.class_id = c and s.diary_enabled
                    and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date)
$$;
create or replace function app.diary_enrollment_enabled(x uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.enrollments e
                   join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
                  where e.tenant_id = app.tenant_id() and e.id = x and s.diary_enabled)
$$;
-- Families: the class diary of a class one of their children attends in a service with the
-- diary; a child's own diary when the child's service has it.
create or replace function app.diary_class_is_mine(c uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.enrollments e
                   join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
                  where e.tenant_id = app.tenant_id() and e.class_id = c and s.diary_enabled
                    and app.enrollment_is_mine(e.id))
$$;
create or replace function app.diary_enrollment_is_mine(x uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select app.enrollment_is_mine(x) and app.diary_enrollment_enabled(x)
$$;
revoke all on function app.diary_class_enabled(uuid), app.diary_enrollment_enabled(uuid),
  app.diary_class_is_mine(uuid), app.diary_enrollment_is_mine(uuid) from public, anon;
grant execute on function app.diary_class_enabled(uuid), app.diary_enrollment_enabled(uuid),
  app.diary_class_is_mine(uuid), app.diary_enrollment_is_mine(uuid) to authenticated, service_role;

-- The children a teacher may write to in class `c`: enrollment, name and whether the diary is on
-- for the child's service. Names only (teachers read no registry records); empty unless the caller
-- teaches the class or is staff.
create or replace function app.diary_class_children(c uuid)
returns table (enrollment_id uuid, name text, surname text, service_title text, diary_enabled boolean)
language sql stable security definer set search_path = ''
as $$
  select e.id, p.name, p.surname, s.title, s.diary_enabled
    from public.enrollments e
    join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
    join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
   where e.tenant_id = app.tenant_id() and e.class_id = c
     and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date
     and (c = any (app.my_class_ids()) or app.is_staff())
   order by p.surname, p.name, s.title
$$;
revoke all on function app.diary_class_children(uuid) from public, anon;
grant execute on function app.diary_class_children(uuid) to authenticated, service_role;

create table public.diary_posts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- To a whole class, or to one child (the enrollment names child, service and class).
  class_id uuid,
  enrollment_id uuid,
  author_id uuid references public.users (id) on delete set null,
  -- Families read no user records: the name they see is kept with the post.
  author_name text not null check (length(btrim(author_name)) between 1 and 200),
  body text not null check (length(btrim(body)) between 1 and 5000),
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  check ((class_id is null) <> (enrollment_id is null)),
  unique (tenant_id, id),
  foreign key (tenant_id, class_id) references public.classes (tenant_id, id) on delete cascade,
  foreign key (tenant_id, enrollment_id) references public.enrollments (tenant_id, id) on delete cascade
);
comment on table public.diary_posts is 'Diario: a teacher''s note to a class or to one child, read by their families.';
create index diary_posts_class_idx on public.diary_posts (tenant_id, class_id, created_at desc)
  where class_id is not null;
create index diary_posts_enrollment_idx on public.diary_posts (tenant_id, enrollment_id, created_at desc)
  where enrollment_id is not null;

create or replace function app.diary_posts_check() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if (new.class_id is not null and not exists (
        select 1 from public.enrollments e
          join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
         where e.tenant_id = new.tenant_id and e.class_id = new.class_id and s.diary_enabled
           and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date))
     or (new.enrollment_id is not null and not exists (
        select 1 from public.enrollments e
          join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
         where e.tenant_id = new.tenant_id and e.id = new.enrollment_id and s.diary_enabled)) then
    raise exception 'diary_disabled: the diary is not enabled for the services of this class or child'
      using errcode = '23514';
  end if;
  -- The name families see is the author's own, whatever the writer sent.
  new.author_name := coalesce((select nullif(btrim(u.full_name), '') from public.users u
                                where u.id = new.author_id), new.author_name);
  return new;
end
$$;
create trigger diary_posts_enabled before insert on public.diary_posts
  for each row execute function app.diary_posts_check();

create table public.diary_photos (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  post_id uuid not null,
  storage_key text not null unique
    check (storage_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer not null check (size_bytes between 1 and 5242880),
  alt_text text not null check (length(btrim(alt_text)) between 3 and 300),
  created_at timestamptz not null default now(),
  check (split_part(storage_key, '/', 1) = tenant_id::text),
  unique (tenant_id, id),
  foreign key (tenant_id, post_id) references public.diary_posts (tenant_id, id) on delete cascade
);
create index diary_photos_post_idx on public.diary_photos (tenant_id, post_id);

create table public.diary_reads (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  post_id uuid not null,
  user_id uuid not null references public.users (id) on delete cascade,
  reader_name text not null,
  read_at timestamptz not null default now(),
  primary key (tenant_id, post_id, user_id),
  foreign key (tenant_id, post_id) references public.diary_posts (tenant_id, id) on delete cascade
);

revoke all on public.diary_posts, public.diary_photos, public.diary_reads
  from public, anon, authenticated;
grant select, insert, update, delete on public.diary_posts, public.diary_photos to authenticated;
grant select on public.diary_reads to authenticated;
grant all on public.diary_posts, public.diary_photos, public.diary_reads to service_role;
alter table public.diary_posts enable row level security;
alter table public.diary_photos enable row level security;
alter table public.diary_reads enable row level security;

create policy diary_posts_staff_read on public.diary_posts for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.is_staff()));
create policy diary_posts_teacher_read on public.diary_posts for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and (class_id = any ((select app.my_class_ids())::uuid[])
              or app.enrollment_in_my_classes(enrollment_id)));
create policy diary_posts_family_read on public.diary_posts for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and (app.diary_class_is_mine(class_id) or app.diary_enrollment_is_mine(enrollment_id)));
create policy diary_posts_teacher_insert on public.diary_posts for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
              and author_id = (select app.user_id())
              and (class_id = any ((select app.my_class_ids())::uuid[])
                   or app.enrollment_in_my_classes(enrollment_id)));
-- The author edits or removes their own posts, while still teaching the class.
create policy diary_posts_author_update on public.diary_posts for update to authenticated
  using (tenant_id = (select app.tenant_id()) and author_id = (select app.user_id())
         and (class_id = any ((select app.my_class_ids())::uuid[])
              or app.enrollment_in_my_classes(enrollment_id)))
  with check (tenant_id = (select app.tenant_id()) and author_id = (select app.user_id()));
create policy diary_posts_author_delete on public.diary_posts for delete to authenticated
  using (tenant_id = (select app.tenant_id()) and author_id = (select app.user_id())
         and (class_id = any ((select app.my_class_ids())::uuid[])
              or app.enrollment_in_my_classes(enrollment_id)));

-- Photos follow their post: whoever reads the post reads its photos (the sub-select runs under
-- the posts' policies); only the post's author adds or removes them.
create policy diary_photos_read on public.diary_photos for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and exists (select 1 from public.diary_posts p
                      where p.tenant_id = diary_photos.tenant_id and p.id = diary_photos.post_id));
create policy diary_photos_author_write on public.diary_photos for all to authenticated
  using (tenant_id = (select app.tenant_id())
         and exists (select 1 from public.diary_posts p
                      where p.tenant_id = diary_photos.tenant_id and p.id = diary_photos.post_id
                        and p.author_id = (select app.user_id())))
  with check (tenant_id = (select app.tenant_id())
              and exists (select 1 from public.diary_posts p
                           where p.tenant_id = diary_photos.tenant_id and p.id = diary_photos.post_id
                             and p.author_id = (select app.user_id())));

-- Receipts: staff and the teachers who see the post see who read it; a reader sees their own.
create policy diary_reads_staff on public.diary_reads for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.is_staff()));
create policy diary_reads_teacher on public.diary_reads for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and exists (select 1 from public.diary_posts p
                      where p.tenant_id = diary_reads.tenant_id and p.id = diary_reads.post_id));
create policy diary_reads_self on public.diary_reads for select to authenticated
  using (tenant_id = (select app.tenant_id()) and user_id = (select app.user_id()));

-- A family member opens a post: records the receipt once. True when it is new (the caller then
-- announces it to the class room), false when already read; 42501 when the post is not theirs.
create or replace function app.diary_mark_read(p_post uuid) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  u uuid := app.user_id();
  p record;
  n int;
begin
  select id, class_id, enrollment_id into p from public.diary_posts
   where tenant_id = t and id = p_post;
  if p.id is null or not (app.diary_class_is_mine(p.class_id)
                          or app.diary_enrollment_is_mine(p.enrollment_id)) then
    raise exception 'diary_mark_read: not a post for your children' using errcode = '42501';
  end if;
  insert into public.diary_reads (tenant_id, post_id, user_id, reader_name)
  select t, p_post, u, coalesce(nullif(btrim(x.full_name), ''), x.email)
    from public.users x where x.id = u
  on conflict do nothing;
  get diagnostics n = row_count;
  return n > 0;
end
$$;
revoke all on function app.diary_mark_read(uuid) from public, anon;
grant execute on function app.diary_mark_read(uuid) to authenticated, service_role;

create trigger diary_posts_audit after insert or update or delete on public.diary_posts
  for each row execute function app.audit_row();
create trigger diary_photos_audit after insert or delete on public.diary_photos
  for each row execute function app.audit_row();

-- ---------------------------------------------------------------------------------------------
-- Communications.

-- The services a provider user sends for: those whose provider (an organization of the registry)
-- has the user's e-mail address. Stand-in until providers' users are linked to organizations.
create or replace function app.notice_provider_service_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(s.id), '{}')
    from public.services s
    join public.organizations o on o.tenant_id = s.tenant_id and o.id = s.provider_id
    join public.users u on lower(u.email) = lower(o.email)
   where s.tenant_id = app.tenant_id() and u.id = app.user_id() and app.has_role('provider')
$$;
revoke all on function app.notice_provider_service_ids() from public, anon;
grant execute on function app.notice_provider_service_ids() to authenticated, service_role;

create table public.communications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  -- Narrow the families of the service to one site or one class (or neither).
  site_id uuid,
  class_id uuid,
  sender_kind text not null check (sender_kind in ('office', 'provider')),
  author_id uuid references public.users (id) on delete set null,
  author_name text not null check (length(btrim(author_name)) between 1 and 200),
  subject text not null check (length(btrim(subject)) between 3 and 200),
  body text not null check (length(btrim(body)) between 1 and 10000),
  sent_at timestamptz not null default now(),
  recipient_count int not null default 0 check (recipient_count >= 0),
  read_count int not null default 0 check (read_count >= 0),
  check (site_id is null or class_id is null),
  unique (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id),
  foreign key (tenant_id, class_id) references public.classes (tenant_id, id)
);
comment on table public.communications is 'Comunicazioni all''utenza: a notice to the families of a service, site or class.';
create index communications_sent_idx on public.communications (tenant_id, sent_at desc);
create index communications_service_idx on public.communications (tenant_id, service_id, sent_at desc);

-- One row per adult reached: both parents (or guardians) and the payer of each enrolled child.
create table public.communication_recipients (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  communication_id uuid not null,
  person_id uuid not null,
  user_id uuid references public.users (id) on delete set null,
  email text,
  read_at timestamptz,
  primary key (tenant_id, communication_id, person_id),
  foreign key (tenant_id, communication_id) references public.communications (tenant_id, id)
    on delete cascade,
  foreign key (tenant_id, person_id) references public.people (tenant_id, id)
);
create index communication_recipients_person_idx
  on public.communication_recipients (tenant_id, person_id);
create index communication_recipients_user_idx
  on public.communication_recipients (tenant_id, user_id) where user_id is not null;

revoke all on public.communications, public.communication_recipients from public, anon, authenticated;
grant select on public.communications, public.communication_recipients to authenticated;
grant all on public.communications, public.communication_recipients to service_role;
alter table public.communications enable row level security;
alter table public.communication_recipients enable row level security;

create policy communications_staff_read on public.communications for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.is_staff()));
create policy communications_provider_read on public.communications for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('provider'))
         and service_id = any ((select app.notice_provider_service_ids())::uuid[]));
create policy communications_recipient_read on public.communications for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and exists (select 1 from public.communication_recipients r
                      where r.tenant_id = communications.tenant_id
                        and r.communication_id = communications.id
                        and r.user_id = (select app.user_id())));
-- Providers see counts (on the communication), never the families' addresses.
create policy communication_recipients_staff_read on public.communication_recipients for select
  to authenticated using (tenant_id = (select app.tenant_id()) and (select app.is_staff()));
create policy communication_recipients_self_read on public.communication_recipients for select
  to authenticated using (tenant_id = (select app.tenant_id()) and user_id = (select app.user_id()));

-- Who a communication to (service, site, class) reaches today. Internal: only the definer
-- functions below call it, after checking the caller.
create or replace function app.notice_audience(p_service uuid, p_site uuid, p_class uuid)
returns table (person_id uuid, user_id uuid, email text, enrollment_id uuid)
language sql stable security definer set search_path = ''
as $$
  with today as (select (now() at time zone 'Europe/Rome')::date as d),
  enr as (
    select e.id, e.household_id, e.payer_id from public.enrollments e, today
     where e.tenant_id = app.tenant_id() and e.service_id = p_service
       and (p_site is null or e.site_id = p_site) and (p_class is null or e.class_id = p_class)
       and coalesce(e.withdrawn_on, e.ends_on) >= today.d
  ),
  adults as (
    select m.person_id, enr.id as enrollment_id from enr
      join public.household_members m
        on m.tenant_id = app.tenant_id() and m.household_id = enr.household_id
       and m.role in ('parent', 'legal_guardian')
    union
    select enr.payer_id, enr.id from enr
  )
  select distinct on (p.id) p.id, p.user_id, p.email, a.enrollment_id
    from adults a join public.people p on p.tenant_id = app.tenant_id() and p.id = a.person_id
   where p.merged_into is null
   order by p.id, a.enrollment_id
$$;
revoke all on function app.notice_audience(uuid, uuid, uuid) from public, anon, authenticated;

-- 'office' or 'provider' when the caller may write to the service's families, else 42501.
create or replace function app.notice_sender_kind(p_service uuid) returns text
language plpgsql stable security definer set search_path = ''
as $$
begin
  if app.has_any_role(array['admin', 'operator', 'api_write']) then
    return 'office';
  elsif app.has_role('provider') and p_service = any (app.notice_provider_service_ids()) then
    return 'provider';
  end if;
  raise exception 'communications: not allowed to write to the families of this service'
    using errcode = '42501';
end
$$;
revoke all on function app.notice_sender_kind(uuid) from public, anon, authenticated;

-- How many families, adults and e-mail addresses a communication would reach.
create or replace function app.communication_preview(p_service uuid, p_site uuid, p_class uuid)
returns table (children int, recipients int, with_email int, with_account int)
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform app.notice_sender_kind(p_service);
  return query
    select count(distinct a.enrollment_id)::int, count(*)::int,
           count(a.email)::int, count(a.user_id)::int
      from app.notice_audience(p_service, p_site, p_class) a;
end
$$;
revoke all on function app.communication_preview(uuid, uuid, uuid) from public, anon;
grant execute on function app.communication_preview(uuid, uuid, uuid) to authenticated, service_role;

-- Sends: records the communication and its recipients and queues one e-mail per address, in the
-- caller's transaction. 23514 `notices_disabled` when the service does not allow them;
-- 23514 `no_recipients` when nobody would receive it; 42501 when the caller may not send.
create or replace function app.send_communication(
  p_service uuid, p_site uuid, p_class uuid, p_subject text, p_body text
) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  kind text := app.notice_sender_kind(p_service);
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

-- A recipient opens a communication in the portal: stamps the receipt once, counts it.
create or replace function app.communication_mark_read(p_id uuid) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  n int;
begin
  update public.communication_recipients set read_at = now()
   where tenant_id = app.tenant_id() and communication_id = p_id and user_id = app.user_id()
     and read_at is null;
  get diagnostics n = row_count;
  if n > 0 then
    update public.communications set read_count = read_count + 1
     where tenant_id = app.tenant_id() and id = p_id;
  end if;
  return n > 0;
end
$$;
revoke all on function app.communication_mark_read(uuid) from public, anon;
grant execute on function app.communication_mark_read(uuid) to authenticated, service_role;

create trigger communications_audit after insert or delete on public.communications
  for each row execute function app.audit_row();

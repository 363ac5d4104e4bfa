-- Sites (plessi): where services are delivered, with their photos and acceptance criteria; for
-- each school year the classes (sections) held there and the teachers of each class.
--
-- Staff read and write everything of their Ente (writes through `app.can_configure()`); a teacher
-- reads only the classes they teach, the sites those classes are in and what hangs off them;
-- families and providers read nothing yet.

-- Other acceptance criteria, used later by nursery rankings: a small list of
-- {"code": "fratelli_iscritti", "label": "Fratelli o sorelle già iscritti", "points": 5}.
create or replace function app.site_criteria_valid(c jsonb) returns boolean
language sql immutable
as $$
  select jsonb_typeof(c) = 'array'
     and jsonb_array_length(c) <= 20
     and not exists (
       select 1 from jsonb_array_elements(c) e
        where jsonb_typeof(e) <> 'object'
           or coalesce(e ->> 'code', '') !~ '^[a-z][a-z0-9_]{1,39}$'
           or length(trim(coalesce(e ->> 'label', ''))) not between 2 and 200
           or jsonb_typeof(e -> 'points') is distinct from 'number'
           or (e ->> 'points')::numeric not between 0 and 100
           or (e ->> 'points')::numeric <> trunc((e ->> 'points')::numeric)
           or (select count(*) from jsonb_object_keys(e)) <> 3
     )
     and (select count(distinct e ->> 'code') from jsonb_array_elements(c) e) = jsonb_array_length(c)
$$;

create table public.sites (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  name text not null check (length(trim(name)) between 2 and 200),
  kind text not null check (kind in ('school', 'nursery', 'other')),
  -- Codice meccanografico of the Ministry: province, kind of school (two letters for state
  -- schools, a digit and a letter for paritarie, e.g. UD1A036009), five digits, a check character.
  school_code text check (school_code ~ '^[A-Z]{2}[A-Z0-9]{2}[0-9]{5}[A-Z0-9]$'),
  address text not null check (length(trim(address)) between 5 and 300),
  postal_code text not null check (postal_code ~ '^[0-9]{5}$'),
  municipality text not null check (length(trim(municipality)) between 2 and 100),
  latitude numeric(8, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  capacity integer check (capacity between 1 and 5000),
  min_age_months integer check (min_age_months between 0 and 240),
  max_age_months integer check (max_age_months between 0 and 240),
  residency_priority boolean not null default false,
  criteria jsonb not null default '[]' check (app.site_criteria_valid(criteria)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((latitude is null) = (longitude is null)),
  check (min_age_months is null or max_age_months is null or min_age_months <= max_age_months),
  unique (tenant_id, id),
  unique (tenant_id, name),
  unique (tenant_id, school_code)
);
comment on table public.sites is 'Plesso / punto di erogazione: a school building or place where services are delivered.';
comment on column public.sites.residency_priority is 'Residents of the Comune come first in rankings';

-- Which services are delivered at a site.
create table public.site_services (
  tenant_id uuid not null,
  site_id uuid not null,
  service_id uuid not null,
  primary key (tenant_id, site_id, service_id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id) on delete cascade,
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade
);
create index site_services_service_idx on public.site_services (tenant_id, service_id);

-- Photos of a site; the bytes live in the storage adapter under `storage_key`.
create table public.site_photos (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  site_id uuid not null,
  storage_key text not null unique
    check (storage_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer not null check (size_bytes between 1 and 5242880),
  alt_text text not null check (length(trim(alt_text)) between 3 and 300),
  uploaded_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- A key names its Ente, so a file can never be served under another Ente's row.
  check (split_part(storage_key, '/', 1) = tenant_id::text),
  unique (tenant_id, id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id) on delete cascade
);
create index site_photos_site_idx on public.site_photos (tenant_id, site_id, created_at);

-- Classes and sections of a school year at a site. Grades: 1–5 in primaria, 1–3 in secondaria di
-- primo grado; in nido and infanzia sections are often of mixed ages, so the grade is optional.
create table public.classes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  school_year_id uuid not null,
  site_id uuid not null,
  name text not null check (name = trim(name) and length(name) between 1 and 60),
  school_level text not null
    check (school_level in ('nido', 'infanzia', 'primaria', 'secondaria_primo_grado')),
  grade smallint,
  capacity integer check (capacity between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (case school_level
           when 'primaria' then coalesce(grade between 1 and 5, false)
           when 'secondaria_primo_grado' then coalesce(grade between 1 and 3, false)
           else grade is null or grade between 1 and 3
         end),
  unique (tenant_id, id),
  unique (tenant_id, school_year_id, site_id, name),
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id)
);
create index classes_site_idx on public.classes (tenant_id, site_id);
comment on column public.classes.name is 'Class or section as the school names it: 1A, Sezione Coccinelle…';

-- Teachers of a class. The membership it points to must be a teacher's: removing the role
-- removes the assignments with it.
create table public.class_teachers (
  tenant_id uuid not null,
  class_id uuid not null,
  user_id uuid not null,
  role text not null default 'teacher' check (role = 'teacher'),
  created_at timestamptz not null default now(),
  primary key (tenant_id, class_id, user_id),
  foreign key (tenant_id, class_id) references public.classes (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id, role)
    references public.memberships (tenant_id, user_id, role) on delete cascade
);
create index class_teachers_user_idx on public.class_teachers (tenant_id, user_id);

revoke all on public.sites, public.site_services, public.site_photos, public.classes,
  public.class_teachers from public, anon, authenticated;
grant select, insert, update, delete on public.sites, public.site_services, public.site_photos,
  public.classes, public.class_teachers to authenticated;
grant all on public.sites, public.site_services, public.site_photos, public.classes,
  public.class_teachers to service_role;

alter table public.sites enable row level security;
alter table public.site_services enable row level security;
alter table public.site_photos enable row level security;
alter table public.classes enable row level security;
alter table public.class_teachers enable row level security;

-- The caller's classes and the sites they are in. Security definer: they read class_teachers
-- and classes without going through those tables' policies, which call them (42P17 otherwise).
create or replace function app.my_class_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(ct.class_id), '{}')
    from public.class_teachers ct
   where ct.user_id = app.user_id() and ct.tenant_id = app.tenant_id()
$$;

create or replace function app.my_site_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct c.site_id), '{}')
    from public.class_teachers ct
    join public.classes c on c.tenant_id = ct.tenant_id and c.id = ct.class_id
   where ct.user_id = app.user_id() and ct.tenant_id = app.tenant_id()
$$;
revoke all on function app.my_class_ids(), app.my_site_ids() from public;
grant execute on function app.my_class_ids(), app.my_site_ids() to authenticated, service_role;

create policy sites_read on public.sites for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or id = any ((select app.my_site_ids())::uuid[])));
create policy sites_write on public.sites for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy site_services_read on public.site_services for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or site_id = any ((select app.my_site_ids())::uuid[])));
create policy site_services_write on public.site_services for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy site_photos_read on public.site_photos for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or site_id = any ((select app.my_site_ids())::uuid[])));
create policy site_photos_write on public.site_photos for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy classes_read on public.classes for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or id = any ((select app.my_class_ids())::uuid[])));
create policy classes_write on public.classes for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

-- A teacher also sees who else teaches their classes.
create policy class_teachers_read on public.class_teachers for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or class_id = any ((select app.my_class_ids())::uuid[])));
create policy class_teachers_write on public.class_teachers for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create trigger sites_audit after insert or update or delete on public.sites
  for each row execute function app.audit_row();
create trigger site_photos_audit after insert or delete on public.site_photos
  for each row execute function app.audit_row();
create trigger classes_audit after insert or update or delete on public.classes
  for each row execute function app.audit_row();
create trigger class_teachers_audit after insert or delete on public.class_teachers
  for each row execute function app.audit_row();

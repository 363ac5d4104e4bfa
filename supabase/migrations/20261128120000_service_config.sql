-- Service configuration: provider, billing mode, enrollment window, text for citizens, the online
-- form, the "Diario" and "Comunicazioni all'utenza" switches; the service calendar (weekdays,
-- patron saint, periods and breaks, ad-hoc closures); the canteen's diets, menus with allergens
-- and daily attendance communication.
--
-- Reads follow the core: members read what belongs to published services (families look at
-- calendars and menus), staff read everything; staff write (`app.can_configure()`). Diet types
-- and the attendance recipients are staff-only: diets are health data.

alter table public.services
  add column provider_id uuid,
  add column billing_mode text not null default 'pagopa_notice'
    check (billing_mode in ('pagopa_notice', 'invoice', 'prepaid_wallet')),
  add column enrollment_opens_at timestamptz,
  add column enrollment_closes_at timestamptz,
  add column citizen_info text check (length(citizen_info) <= 5000),
  add column form_definition jsonb not null default '{"version": 1, "fields": []}'
    check (jsonb_typeof(form_definition) = 'object' and jsonb_typeof(form_definition -> 'fields') = 'array'),
  add column diary_enabled boolean not null default false,
  add column notices_enabled boolean not null default false,
  add constraint services_enrollment_window check (enrollment_closes_at > enrollment_opens_at),
  add constraint services_provider_fk foreign key (tenant_id, provider_id)
    references public.organizations (tenant_id, id),
  -- Lets canteen tables require, by foreign key, that their service is a canteen.
  add constraint services_tenant_id_kind_key unique (tenant_id, id, kind);
create index services_provider_idx on public.services (tenant_id, provider_id)
  where provider_id is not null;
comment on column public.services.provider_id is 'Soggetto erogatore: an organization of the registry (caterer, bus company, cooperative).';
comment on column public.services.citizen_info is 'Free text shown to citizens on the service page.';
comment on column public.services.form_definition is 'Online form (lib/forms): extra fields of the application, validated by the app.';
comment on column public.services.notices_enabled is 'Comunicazioni all''utenza: the office may send notices to the service''s families.';

-- The service calendar: which weekdays it runs, whether national holidays close it, the Comune's
-- patron saint. Periods, breaks and closures are rows of the tables below.
create table public.service_calendars (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  weekdays smallint[] not null default '{1,2,3,4,5}'
    check (weekdays <@ '{1,2,3,4,5,6,7}'::smallint[] and array_position(weekdays, null) is null),
  national_holidays boolean not null default true,
  patron_name text check (length(btrim(patron_name)) between 2 and 100),
  patron_month smallint check (patron_month between 1 and 12),
  patron_day smallint check (patron_day between 1 and 31),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, service_id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade,
  check ((patron_name is null) = (patron_month is null) and (patron_month is null) = (patron_day is null)),
  -- A real day of the year (29 February allowed): make_date refuses the others.
  check (patron_month is null or make_date(2000, patron_month, patron_day) is not null)
);

-- Periods when the service runs (the lessons of the regional school calendar, a summer camp's
-- weeks) and breaks inside them (Christmas, Easter).
create table public.service_calendar_ranges (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  kind text not null check (kind in ('period', 'break')),
  label text not null check (length(btrim(label)) between 2 and 100),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  unique (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade
);
create index service_calendar_ranges_service_idx
  on public.service_calendar_ranges (tenant_id, service_id, starts_on);

-- Ad-hoc closures: a strike, snow, an election in the school building…
create table public.service_closures (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  kind text not null check (kind in ('strike', 'weather', 'election', 'maintenance', 'other')),
  reason text not null check (length(btrim(reason)) between 3 and 200),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  unique (tenant_id, id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade
);
create index service_closures_service_idx on public.service_closures (tenant_id, service_id, starts_on);

-- Canteen: the daily attendance communication (by what time schools send the day's presences,
-- and who receives the totals: the caterer's kitchen, the office).
create table public.canteen_settings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  service_kind text not null default 'canteen' check (service_kind = 'canteen'),
  attendance_cutoff time not null default '09:30',
  attendance_recipients text[] not null default '{}'
    check (cardinality(attendance_recipients) <= 20),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, service_id),
  foreign key (tenant_id, service_id, service_kind)
    references public.services (tenant_id, id, kind) on delete cascade
);

-- Canteen: the diet types a family may ask for. Health data once tied to a child: staff only.
create table public.canteen_diets (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  service_kind text not null default 'canteen' check (service_kind = 'canteen'),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,19}$'),
  name text not null check (length(btrim(name)) between 2 and 100),
  kind text not null check (kind in ('medical', 'religious', 'ethical')),
  certificate_required boolean not null default false,
  description text check (length(description) <= 1000),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, service_id, code),
  foreign key (tenant_id, service_id, service_kind)
    references public.services (tenant_id, id, kind) on delete cascade
);
comment on table public.canteen_diets is 'Diet types (medical, religious, ethical) of a canteen service; staff only.';

-- Canteen: menus in force over a date range, rotating over 1–8 weeks from their first Monday.
create table public.canteen_menus (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  service_kind text not null default 'canteen' check (service_kind = 'canteen'),
  name text not null check (length(btrim(name)) between 2 and 100),
  rotation_weeks smallint not null check (rotation_weeks between 1 and 8),
  starts_on date not null check (extract(isodow from starts_on) = 1),
  ends_on date check (ends_on >= starts_on),
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, service_id, service_kind)
    references public.services (tenant_id, id, kind) on delete cascade,
  exclude using gist (tenant_id with =, service_id with =,
                      daterange(starts_on, ends_on, '[]') with &&)
);

-- The dishes of a menu: week of the rotation, weekday, course; allergens from the 14 of
-- Regulation (EU) 1169/2011, Annex II (codes in lib/services/allergens.ts).
create table public.canteen_menu_items (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  menu_id uuid not null,
  week smallint not null check (week between 1 and 8),
  weekday smallint not null check (weekday between 1 and 7),
  course text not null check (course in ('first', 'second', 'side', 'fruit', 'dessert', 'snack', 'single')),
  position smallint not null default 0,
  dish text not null check (length(btrim(dish)) between 2 and 200),
  allergens text[] not null default '{}' check (allergens <@ array[
    'gluten', 'crustaceans', 'eggs', 'fish', 'peanuts', 'soybeans', 'milk', 'nuts', 'celery',
    'mustard', 'sesame', 'sulphites', 'lupin', 'molluscs']),
  unique (tenant_id, id),
  foreign key (tenant_id, menu_id) references public.canteen_menus (tenant_id, id) on delete cascade
);
create index canteen_menu_items_menu_idx on public.canteen_menu_items (tenant_id, menu_id, week, weekday);

revoke all on public.service_calendars, public.service_calendar_ranges, public.service_closures,
  public.canteen_settings, public.canteen_diets, public.canteen_menus, public.canteen_menu_items
  from public, anon, authenticated;
grant select, insert, update, delete on public.service_calendars, public.service_calendar_ranges,
  public.service_closures, public.canteen_settings, public.canteen_diets, public.canteen_menus,
  public.canteen_menu_items to authenticated;
grant all on public.service_calendars, public.service_calendar_ranges, public.service_closures,
  public.canteen_settings, public.canteen_diets, public.canteen_menus, public.canteen_menu_items
  to service_role;

alter table public.service_calendars enable row level security;
alter table public.service_calendar_ranges enable row level security;
alter table public.service_closures enable row level security;
alter table public.canteen_settings enable row level security;
alter table public.canteen_diets enable row level security;
alter table public.canteen_menus enable row level security;
alter table public.canteen_menu_items enable row level security;

-- True when the caller may see the configuration of `service`: staff always, other members of
-- the Ente once it is published. Invoker: the services policy itself decides what is visible.
create or replace function app.can_read_service(tenant uuid, service uuid) returns boolean
language sql stable
as $$
  select tenant = (select app.tenant_id()) and (
    (select app.is_staff())
    or exists (select 1 from public.services s
                where s.tenant_id = tenant and s.id = service and s.status = 'published'))
$$;
grant execute on function app.can_read_service(uuid, uuid) to authenticated;

create policy service_calendars_read on public.service_calendars for select to authenticated
  using (app.can_read_service(tenant_id, service_id));
create policy service_calendar_ranges_read on public.service_calendar_ranges for select
  to authenticated using (app.can_read_service(tenant_id, service_id));
create policy service_closures_read on public.service_closures for select to authenticated
  using (app.can_read_service(tenant_id, service_id));
create policy canteen_menus_read on public.canteen_menus for select to authenticated
  using (app.can_read_service(tenant_id, service_id));
create policy canteen_menu_items_read on public.canteen_menu_items for select to authenticated
  using (tenant_id = (select app.tenant_id()) and exists (
    select 1 from public.canteen_menus m where m.tenant_id = canteen_menu_items.tenant_id
       and m.id = canteen_menu_items.menu_id));
create policy canteen_settings_read on public.canteen_settings for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.is_staff()));
create policy canteen_diets_read on public.canteen_diets for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.is_staff()));

create policy service_calendars_write on public.service_calendars for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy service_calendar_ranges_write on public.service_calendar_ranges for all
  to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy service_closures_write on public.service_closures for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy canteen_settings_write on public.canteen_settings for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy canteen_diets_write on public.canteen_diets for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy canteen_menus_write on public.canteen_menus for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy canteen_menu_items_write on public.canteen_menu_items for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

-- A service is published only with a school year and a calendar that has weekdays. Definer, so
-- the check sees the rows whatever the writer may read.
create or replace function app.service_publish_check() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.status = 'published' and old.status is distinct from 'published' then
    if not exists (select 1 from public.service_school_years y
                    where y.tenant_id = new.tenant_id and y.service_id = new.id) then
      raise exception 'a service is published only once it runs in a school year'
        using errcode = '23514', constraint = 'services_publish_school_year';
    end if;
    if not exists (select 1 from public.service_calendars c
                    where c.tenant_id = new.tenant_id and c.service_id = new.id
                      and cardinality(c.weekdays) > 0) then
      raise exception 'a service is published only once its calendar has weekdays'
        using errcode = '23514', constraint = 'services_publish_calendar';
    end if;
  end if;
  return new;
end
$$;
revoke all on function app.service_publish_check() from public, anon, authenticated;
create trigger services_publish_check before update of status on public.services
  for each row execute function app.service_publish_check();

create trigger service_calendars_audit after insert or update or delete on public.service_calendars
  for each row execute function app.audit_row();
create trigger service_calendar_ranges_audit after insert or update or delete
  on public.service_calendar_ranges for each row execute function app.audit_row();
create trigger service_closures_audit after insert or update or delete on public.service_closures
  for each row execute function app.audit_row();
create trigger canteen_settings_audit after insert or update or delete on public.canteen_settings
  for each row execute function app.audit_row();
create trigger canteen_diets_audit after insert or update or delete on public.canteen_diets
  for each row execute function app.audit_row();
create trigger canteen_menus_audit after insert or update or delete on public.canteen_menus
  for each row execute function app.audit_row();

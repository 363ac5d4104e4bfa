-- Meals (issue 5): presumed presence with family cancellations, days closed by the Ente after the
-- fact, effective attendance for billing, and the meal counts frozen at the cut-off for the
-- caterer.
--
-- Providers: a provider user is linked to its organization of the registry through
-- `memberships.organization_id` (set by the Ente when it invites the caterer's staff), and sees
-- the aggregates of the services whose `services.provider_id` is that organization. An explicit
-- link, not a match on e-mail addresses: an organization's address is registry data the office
-- edits, never a credential.

alter table public.memberships
  add column organization_id uuid,
  add constraint memberships_organization_provider
    check (organization_id is null or role = 'provider'),
  add constraint memberships_organization_fk foreign key (tenant_id, organization_id)
    references public.organizations (tenant_id, id) on delete set null (organization_id);
create index memberships_organization_idx on public.memberships (tenant_id, organization_id)
  where organization_id is not null;
comment on column public.memberships.organization_id is
  'For role provider: the organization (soggetto erogatore) the user works for; it sees the aggregates of that organization''s services.';

-- The organizations the caller works for as a provider, in its Ente.
create or replace function app.my_provider_org_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct m.organization_id), '{}')
    from public.memberships m
   where m.tenant_id = app.tenant_id() and m.user_id = app.user_id() and m.role = 'provider'
     and m.organization_id is not null and app.has_role('provider')
$$;

-- Is `service` delivered by one of the caller's organizations?
create or replace function app.is_my_provided_service(service uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.services s
                  where s.tenant_id = app.tenant_id() and s.id = service
                    and s.provider_id = any (app.my_provider_org_ids()))
$$;
revoke all on function app.my_provider_org_ids(), app.is_my_provided_service(uuid) from public;
grant execute on function app.my_provider_org_ids(), app.is_my_provided_service(uuid)
  to authenticated, service_role;

-- Easter Sunday (Gregorian computus, Meeus/Jones/Butcher), as lib/calendar/holidays.ts.
create or replace function app.easter_sunday(y int) returns date
language plpgsql immutable set search_path = ''
as $$
declare
  a int := y % 19; b int := y / 100; c int := y % 100; d int := b / 4; e int := b % 4;
  f int := (b + 8) / 25; g int := (b - f + 1) / 3; h int := (19 * a + b - d - g + 15) % 30;
  i int := c / 4; k int := c % 4; l int := (32 + 2 * e + 2 * i - h - k) % 7;
  m int := (a + 11 * h + 22 * l) / 451;
begin
  return make_date(y, (h + l - 7 * m + 114) / 31, ((h + l - 7 * m + 114) % 31) + 1);
end
$$;

-- Whether `service` runs on `d`: the same rules as isServiceDay() in
-- lib/calendar/service_calendar.ts (national holidays, patron saint, closures, breaks, periods,
-- weekdays). A service without a calendar runs Monday to Friday except national holidays.
-- Invoker: reads the calendar under the caller's policies (staff, service_role).
create or replace function app.is_service_day(p_tenant uuid, p_service uuid, d date)
returns boolean
language sql stable set search_path = ''
as $$
  with cal as (
    select coalesce(c.weekdays, '{1,2,3,4,5}'::smallint[]) as weekdays,
           coalesce(c.national_holidays, true) as holidays, c.patron_month, c.patron_day
      from (select 1) one
      left join public.service_calendars c on c.tenant_id = p_tenant and c.service_id = p_service)
  select not (
    (cal.holidays and (
       (extract(month from d), extract(day from d)) in
         ((1, 1), (4, 25), (5, 1), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26))
       or ((extract(month from d), extract(day from d)) = (1, 6)
           and (extract(year from d) < 1977 or extract(year from d) >= 1986))
       or ((extract(month from d), extract(day from d)) = (6, 2)
           and (extract(year from d) < 1977 or extract(year from d) >= 2001))
       or ((extract(month from d), extract(day from d)) = (10, 4)
           and (extract(year from d) < 1977 or extract(year from d) >= 2026))
       or d in (app.easter_sunday(extract(year from d)::int),
                app.easter_sunday(extract(year from d)::int) + 1)))
    or (cal.patron_month = extract(month from d) and cal.patron_day = extract(day from d))
    or exists (select 1 from public.service_closures x
                where x.tenant_id = p_tenant and x.service_id = p_service
                  and d between x.starts_on and x.ends_on)
    or exists (select 1 from public.service_calendar_ranges r
                where r.tenant_id = p_tenant and r.service_id = p_service and r.kind = 'break'
                  and d between r.starts_on and r.ends_on)
    or (exists (select 1 from public.service_calendar_ranges r
                 where r.tenant_id = p_tenant and r.service_id = p_service and r.kind = 'period')
        and not exists (select 1 from public.service_calendar_ranges r
                         where r.tenant_id = p_tenant and r.service_id = p_service
                           and r.kind = 'period' and d between r.starts_on and r.ends_on))
    or not (extract(isodow from d)::smallint = any (cal.weekdays)))
  from cal
$$;

-- EFFECTIVE ATTENDANCE — what billing (issue 6) reads, and nothing else should be re-derived.
-- One row per enrollment of `p_service` and service day in [p_from, p_to] on which the enrollment
-- is active (starts_on ≤ day ≤ withdrawn_on or ends_on):
--   status   present | absent | cancelled | unmarked. With attendance_mode 'presumed' a day with no
--            mark is 'present' (source 'presumed'); in the other modes it is 'unmarked'.
--   meal     standard | white (pasto in bianco) for a present child, else null.
--   voided   the mark was voided (a day closed by the Ente after the fact): never billed.
--   billable present and not voided. Days closed by the Ente (service_closures, holidays,
--            breaks) are not service days and produce no row at all, so they are never billed.
-- Invoker: staff see their Ente; teachers and families only the enrollments their policies show.
create or replace function app.effective_attendance(p_service uuid, p_from date, p_to date)
returns table (
  tenant_id uuid, service_id uuid, enrollment_id uuid, day date, site_id uuid, class_id uuid,
  diet_id uuid, status text, meal text, source text, after_cutoff boolean, voided boolean,
  billable boolean
)
language sql stable set search_path = ''
as $$
  select e.tenant_id, e.service_id, e.id, d::date, e.site_id, e.class_id, e.diet_id,
         coalesce(m.status, case s.attendance_mode when 'presumed' then 'present' else 'unmarked' end),
         case when coalesce(m.status, case s.attendance_mode when 'presumed' then 'present' end) = 'present'
              then coalesce(m.meal, 'standard') end,
         coalesce(m.source, case s.attendance_mode when 'presumed' then 'presumed' end),
         coalesce(m.after_cutoff, false),
         m.voided_at is not null,
         m.voided_at is null
           and coalesce(m.status, case s.attendance_mode when 'presumed' then 'present' end) = 'present'
    from public.services s
    join public.enrollments e on e.tenant_id = s.tenant_id and e.service_id = s.id
    cross join lateral generate_series(greatest(p_from, e.starts_on),
                                       least(p_to, coalesce(e.withdrawn_on, e.ends_on)),
                                       interval '1 day') d
    left join public.attendance_marks m
      on m.tenant_id = e.tenant_id and m.enrollment_id = e.id and m.day = d::date
   where s.tenant_id = app.tenant_id() and s.id = p_service
     and app.is_service_day(s.tenant_id, s.id, d::date)
$$;
comment on function app.effective_attendance(uuid, date, date) is
  'Effective attendance for billing: one row per active enrollment and service day; presumed services count a day without a mark as present; voided marks and closed days are never billable.';

-- The facts the meal counts are made of, for one service and day, without names: staff of the
-- Ente, the service's provider (who may not read enrollments or marks themselves) and the
-- cut-off job (service_role naming the Ente in its claims). Definer: it checks the caller itself.
create or replace function app.meal_facts(p_service uuid, p_day date)
returns table (
  site_id uuid, site_name text, class_id uuid, class_name text, diet_code text, diet_name text,
  status text, meal text, voided boolean, after_cutoff boolean, changed_at timestamptz
)
language sql stable security definer set search_path = ''
as $$
  select e.site_id, st.name, e.class_id, c.name, d.code, d.name, m.status, m.meal,
         m.voided_at is not null, coalesce(m.after_cutoff, false), m.recorded_at
    from public.enrollments e
    left join public.sites st on st.tenant_id = e.tenant_id and st.id = e.site_id
    left join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
    left join public.canteen_diets d on d.tenant_id = e.tenant_id and d.id = e.diet_id
    left join public.attendance_marks m
      on m.tenant_id = e.tenant_id and m.enrollment_id = e.id and m.day = p_day
   where e.tenant_id = app.tenant_id() and e.service_id = p_service
     and p_day between e.starts_on and coalesce(e.withdrawn_on, e.ends_on)
     and (app.is_staff() or app.can_configure() or app.is_my_provided_service(p_service)
          or coalesce(app.claims() ->> 'role', '') = 'service_role')
$$;
revoke all on function app.meal_facts(uuid, date) from public;
grant execute on function app.meal_facts(uuid, date) to authenticated, service_role;

-- A service's cut-off for cancellations: the canteen's setting, 09:30 for a canteen or a service
-- with presumed presence that has none, null otherwise. Definer: canteen_settings is staff-only
-- (it lists the recipients), but every member acting on a mark must know the time.
create or replace function app.service_cutoff(p_service uuid) returns time
language sql stable security definer set search_path = ''
as $$
  select coalesce(
           (select cs.attendance_cutoff from public.canteen_settings cs
             where cs.tenant_id = s.tenant_id and cs.service_id = s.id),
           case when s.kind = 'canteen' or s.attendance_mode = 'presumed' then time '09:30' end)
    from public.services s
   where s.tenant_id = app.tenant_id() and s.id = p_service
$$;
revoke all on function app.service_cutoff(uuid) from public;
grant execute on function app.service_cutoff(uuid) to authenticated, service_role;

-- Families write marks only through this check (policies below): their own child, a service run
-- with presumed presence, a day that is not past and, today, before the cut-off (Europe/Rome).
-- recordMarks() applies the same rule first (lib/attendance/rules.ts) and says why in words.
create or replace function app.family_may_change(e uuid, p_day date) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.enrollments x
      join public.services s on s.tenant_id = x.tenant_id and s.id = x.service_id
     where x.tenant_id = app.tenant_id() and x.id = e and s.attendance_mode = 'presumed'
       and (x.household_id = any (app.my_household_ids()) or x.payer_id = app.my_person_id())
       and p_day between x.starts_on and coalesce(x.withdrawn_on, x.ends_on)
       and (p_day > (now() at time zone 'Europe/Rome')::date
            or (p_day = (now() at time zone 'Europe/Rome')::date
                and (now() at time zone 'Europe/Rome')::time < app.service_cutoff(x.service_id))))
$$;
revoke all on function app.family_may_change(uuid, date) from public;
grant execute on function app.family_may_change(uuid, date) to authenticated, service_role;

create policy attendance_marks_family_insert on public.attendance_marks for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('family'))
              and source = 'family' and recorded_by = (select app.user_id())
              and status in ('present', 'cancelled') and not after_cutoff and voided_at is null
              and not justified and app.family_may_change(enrollment_id, day));
create policy attendance_marks_family_update on public.attendance_marks for update to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('family'))
         and voided_at is null and app.family_may_change(enrollment_id, day))
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('family'))
              and source = 'family' and recorded_by = (select app.user_id())
              and status in ('present', 'cancelled') and not after_cutoff and voided_at is null
              and app.family_may_change(enrollment_id, day));

-- Counts frozen at each canteen service's cut-off, one row per service, day and site (site null:
-- children enrolled without a site), sent to the caterer. The unique row is also the claim: of
-- two jobs freezing at once, one inserts, the other finds the rows taken and sends nothing.
create table public.meal_count_snapshots (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  day date not null,
  site_id uuid,
  frozen_at timestamptz not null default now(),
  -- MealCounts of lib/attendance/meal_counts.ts for the site: totals and per class.
  counts jsonb not null check (jsonb_typeof(counts) = 'object'),
  sent_at timestamptz,
  unique (tenant_id, id),
  unique nulls not distinct (tenant_id, service_id, day, site_id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade,
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id) on delete cascade
);
comment on table public.meal_count_snapshots is 'Conteggio pasti congelato al termine delle disdette, inviato al fornitore.';
create index meal_count_snapshots_day_idx on public.meal_count_snapshots (tenant_id, day, service_id);

revoke all on public.meal_count_snapshots from public, anon, authenticated;
grant select on public.meal_count_snapshots to authenticated;
grant all on public.meal_count_snapshots to service_role;
alter table public.meal_count_snapshots enable row level security;
create policy meal_count_snapshots_staff_read on public.meal_count_snapshots for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy meal_count_snapshots_provider_read on public.meal_count_snapshots for select
  to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_provided_service(service_id));

-- Attachments of queued mail (the counts' CSV and PDF): [{filename, content_type, base64}].
alter table public.mail_outbox
  add column attachments jsonb not null default '[]' check (jsonb_typeof(attachments) = 'array');

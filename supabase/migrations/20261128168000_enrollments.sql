-- Effective enrollments (issue 4): the facts the tariff depends on that the registry does not
-- hold, the ISEE flag operators filter on, and what a family may read about where its child is
-- enrolled.

-- A social-services decision exempting the child (always honoured by the tariff engine), and the
-- disability declared with the application and certified to the office (tariff reductions).
alter table public.enrollments
  add column social_services_exemption boolean not null default false,
  add column disability boolean not null default false;

-- "Who lacks a valid ISEE": operators list enrollments by the flag of their tariff assignment.
create index enrollments_isee_flag_idx
  on public.enrollments (tenant_id, school_year_id, (tariff_assignment ->> 'isee_flag'));

-- The sites and classes of the caller's household's enrollments. Security definer: the policies
-- below run it from sites and classes, whose own policies are staff and teachers only, and it
-- must not recurse into them.
create or replace function app.my_enrolled_site_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct e.site_id), '{}')
    from public.enrollments e
   where e.tenant_id = app.tenant_id() and e.site_id is not null
     and e.household_id = any (app.my_household_ids())
$$;
create or replace function app.my_enrolled_class_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct e.class_id), '{}')
    from public.enrollments e
   where e.tenant_id = app.tenant_id() and e.class_id is not null
     and e.household_id = any (app.my_household_ids())
$$;
revoke all on function app.my_enrolled_site_ids(), app.my_enrolled_class_ids() from public;
grant execute on function app.my_enrolled_site_ids(), app.my_enrolled_class_ids()
  to authenticated, service_role;

-- A family reads the site and the class its child is enrolled in (name and address), nothing else.
create policy sites_family_enrolled_read on public.sites for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and id = any ((select app.my_enrolled_site_ids())::uuid[]));
create policy classes_family_enrolled_read on public.classes for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and id = any ((select app.my_enrolled_class_ids())::uuid[]));

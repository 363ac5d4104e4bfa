-- Registry search filters by service, site and class (issue 3): a person matches when they are
-- the beneficiary of an enrollment that is not withdrawn and is in that service, at that site, in
-- that class (every filter given, on the same enrollment). `p` gains `service_id`, `site_id` and
-- `class_id` (UUIDs, quoted with %L like every other value); the rest is unchanged from
-- 20261128110000_registry.sql.
create or replace function app.people_search_where(p jsonb) returns text
language plpgsql stable set search_path = ''
as $$
declare
  c text := format('p.tenant_id = %L::uuid', app.tenant_id());
  w text;
begin
  if not coalesce((p ->> 'include_merged')::boolean, false) then
    c := c || ' and p.merged_into is null';
  end if;
  if p ? 'cf_like' then c := c || format(' and p.tax_code_key like %L', p ->> 'cf_like'); end if;
  for w in select jsonb_array_elements_text(coalesce(p -> 'like', '[]')) loop
    c := c || format(' and p.search like %L', w);
  end loop;
  for w in select jsonb_array_elements_text(coalesce(p -> 'contains', '[]')) loop
    c := c || format(' and strpos(p.search, %L) > 0', w);
  end loop;
  if p ? 'sort_like' then c := c || format(' and p.sort_key like %L', p ->> 'sort_like'); end if;
  if p ? 'tax_code_key' then
    c := c || format(' and p.tax_code_key = %L', p ->> 'tax_code_key');
  end if;
  if p ? 'kind' then c := c || format(' and p.kinds @> array[%L]::text[]', p ->> 'kind'); end if;
  if p ? 'resident' then
    c := c || format(' and p.resident = %L::boolean', p ->> 'resident');
  end if;
  if p ? 'household_id' then
    c := c || format(' and exists (select 1 from public.household_members m
      where m.tenant_id = p.tenant_id and m.person_id = p.id and m.household_id = %L::uuid)',
      p ->> 'household_id');
  end if;
  if p ? 'in_household' then
    c := c || case when (p ->> 'in_household')::boolean then ' and ' else ' and not ' end
      || 'exists (select 1 from public.household_members m
           where m.tenant_id = p.tenant_id and m.person_id = p.id)';
  end if;
  -- Service, site and class: one current enrollment (not withdrawn) of the person as the
  -- beneficiary must match every one given. An exists on enrollments, reached by its
  -- tenant-leading indexes (beneficiary; class, site or service), never a join that multiplies
  -- people.
  if p ? 'service_id' or p ? 'site_id' or p ? 'class_id' then
    c := c || ' and exists (select 1 from public.enrollments e
      where e.tenant_id = p.tenant_id and e.beneficiary_id = p.id and e.withdrawn_on is null';
    if p ? 'service_id' then
      c := c || format(' and e.service_id = %L::uuid', p ->> 'service_id');
    end if;
    if p ? 'site_id' then c := c || format(' and e.site_id = %L::uuid', p ->> 'site_id'); end if;
    if p ? 'class_id' then c := c || format(' and e.class_id = %L::uuid', p ->> 'class_id'); end if;
    c := c || ')';
  end if;
  return c;
end
$$;
revoke all on function app.people_search_where(jsonb) from public, anon, authenticated;

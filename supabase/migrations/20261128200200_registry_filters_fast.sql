-- Registry filters by service, site and class stay fast on 100,000 people (bench/registry_search.ts).
--
-- Measured on 100,000 people with 11,400 enrollments (400 classes of 25 in 16 sites, 5 services):
-- - the exists on enrollments was probed through (tenant_id, site_id) or the no-overlap GiST
--   index, reading every enrollment of the site for each person; the covering partial indexes
--   below answer the probe, and list a service's, site's or class's current beneficiaries, from
--   the index alone;
-- - the first page walked people alphabetically and probed each one: a site's 500 children are
--   1 in 200, so some 7,000 people were read to fill a page. When few current enrollments match
--   (under 2,000), the beneficiaries are now collected from the index first and sorted;
-- - the total hashed the whole people table against a service's 7,800 beneficiaries; with only
--   enrollment filters it is now counted from the index (less people merged away), with other
--   filters too it starts from the beneficiaries and reads each person by primary key (`offset 0`
--   keeps the planner from turning that back into a hash join over the table).

create index enrollments_current_service_idx on public.enrollments
  (tenant_id, service_id, beneficiary_id) where withdrawn_on is null;
create index enrollments_current_site_idx on public.enrollments
  (tenant_id, site_id, beneficiary_id) where withdrawn_on is null and site_id is not null;
create index enrollments_current_class_idx on public.enrollments
  (tenant_id, class_id, beneficiary_id) where withdrawn_on is null and class_id is not null;

-- The current beneficiaries matching the service, site and class filters of `p` (all on one
-- enrollment, as in app.people_search_where), as a query returning `id`; null without them.
create or replace function app.people_enrolled_query(p jsonb) returns text
language plpgsql stable set search_path = ''
as $$
declare
  q text;
begin
  if not (p ? 'service_id' or p ? 'site_id' or p ? 'class_id') then
    return null;
  end if;
  q := format('select distinct e.beneficiary_id as id from public.enrollments e
    where e.tenant_id = %L::uuid and e.withdrawn_on is null', app.tenant_id());
  if p ? 'service_id' then q := q || format(' and e.service_id = %L::uuid', p ->> 'service_id'); end if;
  if p ? 'site_id' then q := q || format(' and e.site_id = %L::uuid', p ->> 'site_id'); end if;
  if p ? 'class_id' then q := q || format(' and e.class_id = %L::uuid', p ->> 'class_id'); end if;
  return q;
end
$$;
revoke all on function app.people_enrolled_query(jsonb) from public, anon, authenticated;

-- As in 20261128110000_registry.sql, plus the path that starts from the enrollments.
create or replace function app.search_people(p jsonb, p_limit int)
returns table (id uuid, sort_key text)
language plpgsql stable security definer set search_path = ''
as $$
declare
  cond text;
  dir text := case when p ? 'before' then 'desc' else 'asc' end;
  k jsonb := coalesce(p -> 'before', p -> 'after');
  keyset text := case when k is null then '' else format(
    ' and (p.sort_key, p.id) %s (%L::text collate "C", %L::uuid)',
    case when p ? 'before' then '<' else '>' end, k ->> 0, k ->> 1) end;
  enrolled text := app.people_enrolled_query(p);
  lim int := least(greatest(p_limit, 1), 1000);
  n int;
begin
  if app.tenant_id() is null or not (app.is_staff() or app.can_configure()) then
    return;
  end if;
  if enrolled is not null and jsonb_array_length(coalesce(p -> 'like', '[]')) = 0 then
    execute format('select count(*)::int from (%s limit 2000) s', enrolled) into n;
    if n < 2000 then
      -- With the enrollments driving, their exists would only repeat itself.
      cond := app.people_search_where(p - 'service_id' - 'site_id' - 'class_id') || keyset;
      return query execute format(
        'with m as materialized (
           select q.id, q.sort_key from (%s) x
             cross join lateral (select p.id, p.sort_key from public.people p
                                  where p.id = x.id and %s offset 0) q)
         select m.id, m.sort_key::text from m order by m.sort_key %s, m.id %s limit %s',
        enrolled, cond, dir, dir, lim);
      return;
    end if;
    -- Many enrolled (one person in fifty or more): the alphabetical walk fills a page at once.
  end if;
  cond := app.people_search_where(p) || keyset;
  -- Words searched by trigram match a few hundred rows spread over the alphabet: the planner,
  -- which assumes them evenly spread, would walk the alphabetical index until it found a page
  -- (most of the table for "Rossi"). Collecting the matches first and sorting them is cheap.
  if jsonb_array_length(coalesce(p -> 'like', '[]')) > 0 then
    return query execute format(
      'with m as materialized (select p.id, p.sort_key from public.people p where %s)
       select m.id, m.sort_key::text from m order by m.sort_key %s, m.id %s limit %s',
      cond, dir, dir, lim);
  else
    return query execute format(
      'select p.id, p.sort_key::text from public.people p where %s
        order by p.sort_key %s, p.id %s limit %s',
      cond, dir, dir, lim);
  end if;
end
$$;
revoke all on function app.search_people(jsonb, int) from public, anon;
grant execute on function app.search_people(jsonb, int) to authenticated;

create or replace function app.count_people(p jsonb, p_cap int) returns int
language plpgsql stable security definer set search_path = ''
as $$
declare
  n int;
  enrolled text := app.people_enrolled_query(p);
begin
  if app.tenant_id() is null or not (app.is_staff() or app.can_configure()) then
    return 0;
  end if;
  if enrolled is not null and p - 'service_id' - 'site_id' - 'class_id' - 'include_merged' = '{}' then
    -- Only enrollment filters: the beneficiaries counted from the index, less any merged away.
    execute format('select count(*)::int from (%s) x', enrolled) into n;
    if not coalesce((p ->> 'include_merged')::boolean, false) then
      execute format('select $1 - count(*)::int from (%s) x where x.id in (
          select m.id from public.people m where m.tenant_id = %L::uuid and m.merged_into is not null)',
        enrolled, app.tenant_id()) into n using n;
    end if;
    n := least(n, greatest(p_cap, 0) + 1);
  elsif enrolled is not null then
    execute format(
      'select count(*)::int from (
         select 1 from (%s) x
           cross join lateral (select 1 from public.people p where p.id = x.id and %s offset 0) q
         limit %s) s',
      enrolled, app.people_search_where(p - 'service_id' - 'site_id' - 'class_id'),
      greatest(p_cap, 0) + 1) into n;
  else
    execute format('select count(*)::int from (select 1 from public.people p where %s limit %s) s',
      app.people_search_where(p), greatest(p_cap, 0) + 1) into n;
  end if;
  return n;
end
$$;
revoke all on function app.count_people(jsonb, int) from public, anon;
grant execute on function app.count_people(jsonb, int) to authenticated;

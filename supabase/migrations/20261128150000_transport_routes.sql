-- Trasporto scolastico: the routes (tragitti) of a transport service and their ordered stops
-- (fermate), drawn on a map. Families read the routes of published services to choose a stop
-- when they apply; staff (and API keys with the write scope) configure them.

create table public.transport_routes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,19}$'),
  name text not null check (length(trim(name)) between 2 and 200),
  direction_notes text check (length(direction_notes) <= 2000),
  color text not null default '#0066cc' check (color ~ '^#[0-9a-f]{6}$'),
  vehicle text check (length(vehicle) <= 200),
  capacity integer check (capacity between 1 and 200),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, service_id, code),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade
);
comment on column public.transport_routes.direction_notes is
  'Free text on the way the bus goes (andata / ritorno), shown to families';
comment on column public.transport_routes.color is 'Line colour on the map, #rrggbb lowercase';

-- Positions are 1..n per route. The uniqueness is deferrable so that a reorder (swapping two
-- positions, or replacing the whole list) is checked once at the end, not row by row.
create table public.transport_stops (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  route_id uuid not null,
  position integer not null check (position between 1 and 1000),
  name text not null check (length(trim(name)) between 2 and 200),
  latitude double precision not null check (latitude between -90 and 90),
  longitude double precision not null check (longitude between -180 and 180),
  time_there time check (time_there is null or date_part('second', time_there) = 0),
  time_back time check (time_back is null or date_part('second', time_back) = 0),
  notes text check (length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  constraint transport_stops_position_key unique (tenant_id, route_id, position)
    deferrable initially immediate,
  foreign key (tenant_id, route_id) references public.transport_routes (tenant_id, id)
    on delete cascade
);
comment on column public.transport_stops.time_there is 'Andata: when the bus passes on the way to school';
comment on column public.transport_stops.time_back is 'Ritorno: when the bus passes on the way back';

-- A route belongs to a transport service: a foreign key cannot say so, a trigger can. It runs
-- after the row passed row-level security (so another Ente's writer is refused by the policy and
-- learns nothing from this check), as definer so it sees the service whatever the writer may read.
create or replace function app.transport_route_service_check() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (select 1 from public.services s
                  where s.tenant_id = new.tenant_id and s.id = new.service_id
                    and s.kind = 'transport') then
    raise exception 'transport routes belong to a transport service'
      using errcode = '23514', constraint = 'transport_routes_service_kind';
  end if;
  return null;
end
$$;
revoke all on function app.transport_route_service_check() from public, anon, authenticated;

create trigger transport_routes_service_kind after insert or update of service_id, tenant_id
  on public.transport_routes for each row execute function app.transport_route_service_check();

revoke all on public.transport_routes, public.transport_stops from public, anon, authenticated;
grant select, insert, update, delete on public.transport_routes, public.transport_stops
  to authenticated;
grant all on public.transport_routes, public.transport_stops to service_role;

alter table public.transport_routes enable row level security;
alter table public.transport_stops enable row level security;

-- Staff read every route; other members (families, teachers, providers) the active routes of
-- published services. The sub-select on services is itself filtered by services' policies.
create policy transport_routes_read on public.transport_routes for select to authenticated
  using (
    tenant_id = (select app.tenant_id())
    and (
      (select app.is_staff())
      or (active and exists (select 1 from public.services s
                              where s.tenant_id = transport_routes.tenant_id
                                and s.id = transport_routes.service_id
                                and s.status = 'published'))
    )
  );
create policy transport_routes_write on public.transport_routes for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

-- A stop is visible exactly when its route is (the route's policy applies in the sub-select).
create policy transport_stops_read on public.transport_stops for select to authenticated
  using (
    tenant_id = (select app.tenant_id())
    and exists (select 1 from public.transport_routes r
                 where r.tenant_id = transport_stops.tenant_id and r.id = transport_stops.route_id)
  );
create policy transport_stops_write on public.transport_stops for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create index transport_routes_service_idx on public.transport_routes (tenant_id, service_id);

create trigger transport_routes_audit after insert or update or delete on public.transport_routes
  for each row execute function app.audit_row();
create trigger transport_stops_audit after insert or update or delete on public.transport_stops
  for each row execute function app.audit_row();

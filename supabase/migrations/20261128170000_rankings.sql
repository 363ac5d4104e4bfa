-- Rankings (graduatorie) of services with limited places: the rules per service and school year,
-- the ranking computed from the submitted applications (provisional → final → published), and
-- its entries with the scrolling of the waiting list (offer, deadline, answer).
--
-- Who sees what:
-- - staff read everything of their Ente; `app.can_configure()` writes rules and rankings;
-- - a family reads, once the ranking is published, the entries of its own applications
--   (`app.is_my_application`) and answers an offer only through `app.respond_place_offer`;
-- - anyone, signed in or not, reads a published ranking's public snapshot through
--   `app.published_ranking(id)`: protocol numbers, scores, positions, never a child's name.

create table public.ranking_criteria (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  school_year_id uuid not null,
  -- {criteria: [...], tie_breakers: [...], residents_first, offer_days}: lib/rankings/criteria.ts
  rules jsonb not null check (jsonb_typeof(rules) = 'object' and jsonb_typeof(rules -> 'criteria') = 'array'),
  updated_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, service_id, school_year_id),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id) on delete cascade,
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id) on delete cascade
);
comment on table public.ranking_criteria is 'Criteri di graduatoria of a service for a school year (validated by lib/rankings).';

create table public.rankings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  school_year_id uuid not null,
  places integer not null check (places between 0 and 10000),
  status text not null default 'provisional' check (status in ('provisional', 'final', 'published')),
  -- The rules it was computed with, and the date ages are counted at (start of the year).
  rules jsonb not null check (jsonb_typeof(rules) = 'object'),
  reference_date date not null,
  offer_days integer not null default 7 check (offer_days between 1 and 60),
  computed_at timestamptz not null default now(),
  computed_by uuid references public.users (id) on delete set null,
  finalized_at timestamptz,
  published_at timestamptz,
  -- What the public page shows: {tenant, service, school_year, places, published_at,
  -- entries: [{position, protocol_number, score, admitted}]}. No names, no codes.
  public_snapshot jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, service_id, school_year_id),
  check ((status = 'provisional') = (finalized_at is null)),
  check ((status = 'published') = (published_at is not null)),
  check ((status = 'published') = (public_snapshot is not null)),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id)
);
create index rankings_list_idx on public.rankings (tenant_id, computed_at desc);

create table public.ranking_entries (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  ranking_id uuid not null,
  application_id uuid not null,
  application_item_id uuid not null,
  protocol_number text not null,
  score integer not null check (score >= 0),
  -- [{code, label, points, detail}]: why the score is what it is.
  breakdown jsonb not null default '[]' check (jsonb_typeof(breakdown) = 'array'),
  -- 'all', or 'resident' / 'non_resident' when residents come first.
  grp text not null default 'all' check (grp in ('all', 'resident', 'non_resident')),
  position integer not null check (position >= 1),
  state text not null check (state in ('admitted', 'waiting', 'offered', 'accepted', 'declined',
                                       'expired', 'withdrawn')),
  offer_sent_at timestamptz,
  offer_deadline timestamptz,
  responded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, ranking_id, application_item_id),
  unique (tenant_id, ranking_id, position),
  check ((offer_sent_at is null) = (offer_deadline is null)),
  check (state not in ('offered', 'expired') or offer_deadline is not null),
  foreign key (tenant_id, ranking_id) references public.rankings (tenant_id, id) on delete cascade,
  foreign key (tenant_id, application_id) references public.applications (tenant_id, id),
  foreign key (tenant_id, application_item_id) references public.application_items (tenant_id, id)
);
create index ranking_entries_ranking_idx on public.ranking_entries (tenant_id, ranking_id, position);
create index ranking_entries_application_idx on public.ranking_entries (tenant_id, application_id);
create index ranking_entries_offered_idx on public.ranking_entries (tenant_id, offer_deadline)
  where state = 'offered';

revoke all on public.ranking_criteria, public.rankings, public.ranking_entries
  from public, anon, authenticated;
grant select, insert, update, delete on public.ranking_criteria, public.rankings,
  public.ranking_entries to authenticated;
grant all on public.ranking_criteria, public.rankings, public.ranking_entries to service_role;

alter table public.ranking_criteria enable row level security;
alter table public.rankings enable row level security;
alter table public.ranking_entries enable row level security;

-- Is ranking `r` published? (definer: the entries' family policy must not recurse into the
-- rankings' policies, which look at the entries.)
create or replace function app.ranking_is_published(r uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.rankings x
                  where x.tenant_id = app.tenant_id() and x.id = r and x.status = 'published')
$$;
create or replace function app.has_my_ranking_entry(r uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.ranking_entries e
                  where e.tenant_id = app.tenant_id() and e.ranking_id = r
                    and app.is_my_application(e.application_id))
$$;
revoke all on function app.ranking_is_published(uuid), app.has_my_ranking_entry(uuid) from public;
grant execute on function app.ranking_is_published(uuid), app.has_my_ranking_entry(uuid)
  to authenticated, service_role;

create policy ranking_criteria_staff_read on public.ranking_criteria for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy ranking_criteria_staff_write on public.ranking_criteria for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy rankings_staff_read on public.rankings for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy rankings_staff_write on public.rankings for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy rankings_family_read on public.rankings for select to authenticated
  using (tenant_id = (select app.tenant_id()) and status = 'published'
         and app.has_my_ranking_entry(id));

create policy ranking_entries_staff_read on public.ranking_entries for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy ranking_entries_staff_write on public.ranking_entries for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy ranking_entries_family_read on public.ranking_entries for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id)
         and app.ranking_is_published(ranking_id));

-- Offers the free places of published ranking `p_id`: first every admitted entry (publication),
-- then the waiting ones in order while places are free. Each offer gets its deadline (23:59 of
-- the last day, Rome time), a message on the application and an e-mail to the applicant.
-- Internal: called by the functions below, which check the caller.
create or replace function app.ranking_fill_places(p_id uuid) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  r public.rankings;
  e record;
  free int;
  n int := 0;
  now_ts timestamptz := clock_timestamp();
  deadline timestamptz;
  body text;
begin
  select * into r from public.rankings x where x.tenant_id = app.tenant_id() and x.id = p_id
     for update;
  if not found or r.status <> 'published' then
    return 0;
  end if;
  -- Applications withdrawn (or items rejected by the office) since: their places free up.
  update public.ranking_entries x set state = 'withdrawn', updated_at = now_ts
    from public.applications a, public.application_items i
   where x.tenant_id = r.tenant_id and x.ranking_id = r.id
     and x.state in ('admitted', 'waiting', 'offered', 'accepted')
     and a.tenant_id = x.tenant_id and a.id = x.application_id
     and i.tenant_id = x.tenant_id and i.id = x.application_item_id
     and (a.status = 'withdrawn' or i.outcome = 'rejected');
  deadline := (((now_ts at time zone 'Europe/Rome')::date + r.offer_days + 1)::timestamp
               at time zone 'Europe/Rome') - interval '1 second';
  select r.places - count(*) into free from public.ranking_entries x
   where x.tenant_id = r.tenant_id and x.ranking_id = r.id
     and x.state in ('offered', 'accepted');
  for e in
    select x.id, x.application_id, x.application_item_id, x.protocol_number, x.position, x.state,
           a.applicant ->> 'email' as email, s.title as service
      from public.ranking_entries x
      join public.applications a on a.tenant_id = x.tenant_id and a.id = x.application_id
      join public.services s on s.tenant_id = r.tenant_id and s.id = r.service_id
     where x.tenant_id = r.tenant_id and x.ranking_id = r.id and x.state in ('admitted', 'waiting')
     order by x.position
  loop
    exit when free <= 0;
    update public.ranking_entries x
       set state = 'offered', offer_sent_at = now_ts, offer_deadline = deadline,
           responded_at = null, updated_at = now_ts
     where x.tenant_id = r.tenant_id and x.id = e.id;
    body := 'Nella graduatoria del servizio «' || e.service || '» la domanda n. '
            || e.protocol_number || ' (posizione ' || e.position || ') ha ottenuto un posto. '
            || 'Per accettarlo o rinunciare accedi ai Servizi online, sezione «Offerte di posto», '
            || 'entro le 23:59 del '
            || to_char((deadline at time zone 'Europe/Rome')::date, 'DD/MM/YYYY')
            || ': senza risposta entro quella data il posto passa alla domanda successiva.';
    insert into public.application_messages (tenant_id, application_id, item_id, direction,
      subject, body, channel)
    values (r.tenant_id, e.application_id, e.application_item_id, 'to_family',
            'Offerta di posto: ' || e.service, body, 'portal');
    if coalesce(e.email, '') <> '' then
      insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
      values (r.tenant_id, e.email, 'Offerta di posto: ' || e.service, body);
    end if;
    free := free - 1;
    n := n + 1;
  end loop;
  -- Whoever is still admitted has no place left (places reduced): back to the waiting list.
  update public.ranking_entries x set state = 'waiting', updated_at = now_ts
   where x.tenant_id = r.tenant_id and x.ranking_id = r.id and x.state = 'admitted';
  return n;
end
$$;

-- Offers past their deadline expire (the item's outcome becomes rejected with the reason) and
-- their places go to the next ones. Idempotent: a second call finds nothing more to expire.
create or replace function app.ranking_expire_offers(p_id uuid) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  n int;
  now_ts timestamptz := clock_timestamp();
begin
  with gone as (
    update public.ranking_entries x set state = 'expired', updated_at = now_ts
     where x.tenant_id = app.tenant_id() and x.ranking_id = p_id and x.state = 'offered'
       and x.offer_deadline < now_ts
    returning x.tenant_id, x.application_id, x.application_item_id
  ), items as (
    update public.application_items i
       set outcome = 'rejected', outcome_reason = 'Offerta di posto scaduta senza risposta',
           reviewed_at = now_ts, updated_at = now_ts
      from gone g where i.tenant_id = g.tenant_id and i.id = g.application_item_id
    returning i.id
  ), msgs as (
    insert into public.application_messages (tenant_id, application_id, item_id, direction,
      subject, body, channel)
    select g.tenant_id, g.application_id, g.application_item_id, 'system', 'Offerta di posto scaduta',
           'Il termine per accettare il posto è trascorso senza risposta: il posto è stato offerto alla domanda successiva.',
           'portal'
      from gone g
    returning 1
  )
  select count(*) into n from gone;
  return n;
end
$$;

-- Staff: expire overdue offers, then offer the free places. Returns what happened.
create or replace function app.ranking_process_offers(p_id uuid)
returns table (expired integer, offered integer)
language plpgsql security definer set search_path = ''
as $$
declare
  x int;
begin
  if not app.can_configure() or not exists (
    select 1 from public.rankings r where r.tenant_id = app.tenant_id() and r.id = p_id) then
    raise exception 'ranking_not_found: no such ranking' using errcode = 'P0002';
  end if;
  x := app.ranking_expire_offers(p_id);
  return query select x, app.ranking_fill_places(p_id);
end
$$;

-- A family (or staff on its behalf) answers an offered place. Accepting makes the item accepted
-- (it can become an enrollment); declining frees the place for the next one. An answer after the
-- deadline expires the offer instead. Returns the entry's new state.
create or replace function app.respond_place_offer(p_entry uuid, p_accept boolean)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
  e public.ranking_entries;
  now_ts timestamptz := clock_timestamp();
begin
  select * into e from public.ranking_entries x
   where x.tenant_id = app.tenant_id() and x.id = p_entry for update;
  if not found or not (app.can_configure() or app.is_my_application(e.application_id))
     or not app.ranking_is_published(e.ranking_id) then
    raise exception 'offer_not_found: no such offer' using errcode = 'P0002';
  end if;
  if e.state <> 'offered' then
    raise exception 'offer_closed: the offer is %', e.state using errcode = '23514';
  end if;
  if e.offer_deadline < now_ts then
    perform app.ranking_expire_offers(e.ranking_id);
    perform app.ranking_fill_places(e.ranking_id);
    return 'expired';
  end if;
  update public.ranking_entries x
     set state = case when p_accept then 'accepted' else 'declined' end,
         responded_at = now_ts, updated_at = now_ts
   where x.tenant_id = e.tenant_id and x.id = e.id;
  update public.application_items i
     set outcome = case when p_accept then 'accepted' else 'rejected' end,
         outcome_reason = case when p_accept then null else 'Posto rinunciato dalla famiglia' end,
         reviewed_by = app.user_id(), reviewed_at = now_ts, updated_at = now_ts
   where i.tenant_id = e.tenant_id and i.id = e.application_item_id;
  insert into public.application_messages (tenant_id, application_id, item_id, direction, subject,
    body, channel, author_id)
  values (e.tenant_id, e.application_id, e.application_item_id, 'system',
          case when p_accept then 'Posto accettato' else 'Posto rifiutato' end,
          case when p_accept then 'Il posto offerto è stato accettato il '
               else 'Il posto offerto è stato rifiutato il ' end
            || to_char(now_ts at time zone 'Europe/Rome', 'DD/MM/YYYY HH24:MI') || '.',
          'portal', app.user_id());
  if not p_accept then
    perform app.ranking_fill_places(e.ranking_id);
  end if;
  return case when p_accept then 'accepted' else 'declined' end;
end
$$;

-- The public snapshot of a published ranking, for anyone (the id is not guessable; unpublished
-- and unknown rankings give null, so the page answers 404).
create or replace function app.published_ranking(p_id uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select r.public_snapshot from public.rankings r where r.id = p_id and r.status = 'published'
$$;

revoke all on function app.ranking_fill_places(uuid), app.ranking_expire_offers(uuid),
  app.ranking_process_offers(uuid), app.respond_place_offer(uuid, boolean),
  app.published_ranking(uuid) from public;
grant execute on function app.ranking_process_offers(uuid), app.respond_place_offer(uuid, boolean)
  to authenticated, service_role;
grant execute on function app.published_ranking(uuid) to authenticated, service_role;

create trigger ranking_criteria_audit after insert or update or delete on public.ranking_criteria
  for each row execute function app.audit_row();
create trigger rankings_audit after insert or update or delete on public.rankings
  for each row execute function app.audit_row('public_snapshot');
create trigger ranking_entries_audit after insert or update or delete on public.ranking_entries
  for each row execute function app.audit_row();

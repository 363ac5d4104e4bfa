-- Registry (anagrafiche): natural persons (people), legal persons (organizations), households and
-- their members, and bulk imports of an anagrafe extract.
--
-- Personal data of minors is a special category: only the Ente's staff read the registry
-- (`app.is_staff()`, plus write-only API keys so they can read back what they write), only
-- `app.can_configure()` writes it, and families read nothing here (their own household reaches
-- them later through security-definer views). Reads of one person's record are audited by the
-- application (`app.audit_event(..., 'view', 'people', id)`); every change by `app.audit_row()`.

-- Text for search and ordering: lowercase, accents removed (NFD then no combining marks),
-- apostrophes dropped ("D'Angelo" → "dangelo"), anything else that is not a letter or digit
-- becomes one space. `lib/registry/search.ts` folds the query the same way.
create or replace function app.registry_fold(t text) returns text
language sql immutable parallel safe
as $$
  select btrim(regexp_replace(
    regexp_replace(
      lower(regexp_replace(normalize(coalesce(t, ''), NFD), '[\u0300-\u036f]', '', 'g')),
      '[''’`]', '', 'g'),
    '[^a-z0-9]+', ' ', 'g'))
$$;

-- Check character of the first 15 characters of a codice fiscale (DM 12/03/1974, "dispari" and
-- "pari" tables), as `checkCharacter` in lib/codes/codice_fiscale.ts.
create or replace function app.cf_check_char(first15 text) returns text
language sql immutable parallel safe
as $$
  select chr(65 + (sum(case when i % 2 = 1
                            then (array[1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6,
                                        8, 12, 14, 16, 10, 22, 25, 24, 23])[v + 1]
                            else v end) % 26)::int)
    from (select i, case when substr(first15, i, 1) between '0' and '9'
                         then ascii(substr(first15, i, 1)) - 48
                         else ascii(substr(first15, i, 1)) - 65 end as v
            from generate_series(1, 15) as i) as s
$$;

-- The canonical form of a codice fiscale: omocodic letters (L…V for 0…9 in positions 7, 8, 10,
-- 11, 13, 14, 15) back to digits, check character recomputed. Every code of an omocodia family
-- has the same canonical form, which is what "the same person" means for uniqueness.
create or replace function app.cf_canonical(cf text) returns text
language sql immutable parallel safe
as $$
  select f || app.cf_check_char(f)
    from (select substr(cf, 1, 6)
                 || translate(substr(cf, 7, 2), 'LMNPQRSTUV', '0123456789') || substr(cf, 9, 1)
                 || translate(substr(cf, 10, 2), 'LMNPQRSTUV', '0123456789') || substr(cf, 12, 1)
                 || translate(substr(cf, 13, 3), 'LMNPQRSTUV', '0123456789') as f
           where cf ~ '^[A-Z]{6}[0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]$') as c
$$;

create table public.people (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- As issued (an omocodic variant is the person's real code); null while a newborn or a
  -- foreign child has none yet.
  tax_code text check (
    tax_code ~ '^[A-Z]{6}[0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]$'
    and app.cf_check_char(substr(tax_code, 1, 15)) = substr(tax_code, 16, 1)
  ),
  tax_code_key text collate "C" generated always as (app.cf_canonical(tax_code)) stored,
  surname text not null check (length(btrim(surname)) between 1 and 100),
  name text not null check (length(btrim(name)) between 1 and 100),
  sex text check (sex in ('M', 'F')),
  birth_date date check (birth_date > date '1900-01-01'),
  birth_place_code text check (birth_place_code ~ '^([A-M][0-9]{3}|Z[0-9]{3})$'),
  birth_place_name text check (length(btrim(birth_place_name)) between 1 and 100),
  citizenship text check (citizenship ~ '^[A-Z]{2}$'),
  resident boolean not null default false,
  residence_address text check (length(btrim(residence_address)) between 5 and 300),
  email text check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  mobile text check (mobile ~ '^[+(]?[0-9][0-9 ./()-]{4,28}[0-9]$'),
  pec text check (pec ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  postal_address text check (length(btrim(postal_address)) between 5 and 300),
  kinds text[] not null default '{}'
    check (kinds <@ array['applicant', 'beneficiary', 'teacher']::text[]),
  user_id uuid references public.users (id) on delete set null,
  merged_into uuid,
  merged_at timestamptz,
  notes text check (length(notes) <= 2000),
  sort_key text collate "C" generated always as (app.registry_fold(surname || ' ' || name)) stored,
  search text generated always as (
    app.registry_fold(surname || ' ' || name) || ' ' || lower(coalesce(tax_code, '')) || ' '
    || lower(coalesce(app.cf_canonical(tax_code), ''))
  ) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, merged_into) references public.people (tenant_id, id),
  check (merged_into is null or merged_into <> id),
  check ((merged_into is null) = (merged_at is null))
);
comment on table public.people is 'Anagrafica of natural persons: applicants, beneficiaries, teachers.';
comment on column public.people.tax_code_key is 'Canonical codice fiscale (omocodia resolved): unique per Ente.';
comment on column public.people.merged_into is 'Set when this record was merged into another one; kept for history.';
comment on column public.people.resident is 'Resident in the Comune (drives tariffs).';

-- One live record per codice fiscale (merged records keep theirs), prefix search on it, the
-- alphabetical list (keyset pagination on sort_key, id) and trigram search for `q`.
create unique index people_tax_code_key on public.people (tenant_id, tax_code_key)
  where merged_into is null;
create index people_sort_idx on public.people (tenant_id, sort_key, id);
create index people_search_trgm on public.people using gin (search gin_trgm_ops);
create unique index people_user_key on public.people (tenant_id, user_id)
  where user_id is not null and merged_into is null;
create index people_merged_into_idx on public.people (tenant_id, merged_into)
  where merged_into is not null;

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 2 and 200),
  kind text not null check (kind in ('provider', 'school', 'other')),
  provider_kind text check (provider_kind in ('caterer', 'bus_company', 'cooperative', 'other')),
  vat_number text check (vat_number ~ '^[0-9]{11}$'),
  tax_code text check (tax_code ~ '^([0-9]{11}|[A-Z0-9]{16})$'),
  school_code text check (school_code ~ '^[A-Z0-9]{10}$'),
  email text check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text check (phone ~ '^[+(]?[0-9][0-9 ./()-]{4,28}[0-9]$'),
  pec text check (pec ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  postal_address text check (length(btrim(postal_address)) between 5 and 300),
  iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  notes text check (length(notes) <= 2000),
  sort_key text collate "C" generated always as (app.registry_fold(name)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, vat_number),
  unique (tenant_id, tax_code),
  check ((kind = 'provider') = (provider_kind is not null)),
  check (vat_number is not null or tax_code is not null)
);
comment on table public.organizations is 'Anagrafica of legal persons: providers (caterer, bus company, cooperative), schools, others.';
create index organizations_sort_idx on public.organizations (tenant_id, sort_key, id);

create table public.households (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 2 and 200),
  external_code text check (length(btrim(external_code)) between 1 and 50),
  address text check (length(btrim(address)) between 5 and 300),
  sort_key text collate "C" generated always as (app.registry_fold(name)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, external_code)
);
comment on column public.households.external_code is 'Codice famiglia of the anagrafe, when imported.';
create index households_sort_idx on public.households (tenant_id, sort_key, id);

-- Two parents have equal rights: there is no head of household, only roles.
create table public.household_members (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  household_id uuid not null,
  person_id uuid not null,
  role text not null check (role in ('parent', 'legal_guardian', 'other_adult', 'minor')),
  created_at timestamptz not null default now(),
  unique (tenant_id, person_id),
  foreign key (tenant_id, household_id) references public.households (tenant_id, id) on delete cascade,
  foreign key (tenant_id, person_id) references public.people (tenant_id, id)
);
comment on table public.household_members is 'A person belongs to one household at a time.';
create index household_members_household_idx on public.household_members (tenant_id, household_id);

-- At most two parents per household; the household row is locked so two concurrent additions
-- cannot both see one parent.
create or replace function app.household_parents_cap() returns trigger
language plpgsql
as $$
begin
  if new.role = 'parent' then
    perform 1 from public.households h
     where h.tenant_id = new.tenant_id and h.id = new.household_id for update;
    if (select count(*) from public.household_members m
         where m.tenant_id = new.tenant_id and m.household_id = new.household_id
           and m.role = 'parent' and m.id <> new.id) >= 2 then
      raise exception 'household_parents: a household has at most two parents'
        using errcode = '23514';
    end if;
  end if;
  return new;
end
$$;
create trigger household_members_parents_cap before insert or update on public.household_members
  for each row execute function app.household_parents_cap();

-- An uploaded anagrafe extract: parsed rows wait here for the operator's preview, then the
-- report (one entry per row, with the reason of every refusal) replaces them.
create table public.person_imports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  file_name text not null check (length(file_name) between 1 and 255),
  format text not null check (format in ('csv', 'xlsx')),
  resident boolean not null default true,
  row_count int not null check (row_count >= 0),
  rows jsonb,
  status text not null default 'preview' check (status in ('preview', 'imported')),
  report jsonb,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  imported_at timestamptz,
  unique (tenant_id, id)
);
create index person_imports_tenant_idx on public.person_imports (tenant_id, created_at desc);

revoke all on public.people, public.organizations, public.households, public.household_members,
  public.person_imports from public, anon, authenticated;
grant select on public.people, public.organizations, public.households, public.household_members,
  public.person_imports to authenticated;
grant insert (tenant_id, tax_code, surname, name, sex, birth_date, birth_place_code,
  birth_place_name, citizenship, resident, residence_address, email, mobile, pec, postal_address,
  kinds, user_id, notes) on public.people to authenticated;
grant update (tax_code, surname, name, sex, birth_date, birth_place_code, birth_place_name,
  citizenship, resident, residence_address, email, mobile, pec, postal_address, kinds, user_id,
  notes, merged_into, merged_at, updated_at) on public.people to authenticated;
grant insert (tenant_id, name, kind, provider_kind, vat_number, tax_code, school_code, email,
  phone, pec, postal_address, iban, notes) on public.organizations to authenticated;
grant update (name, kind, provider_kind, vat_number, tax_code, school_code, email, phone, pec,
  postal_address, iban, notes, updated_at) on public.organizations to authenticated;
grant insert (tenant_id, name, external_code, address) on public.households to authenticated;
grant update (name, external_code, address, updated_at) on public.households to authenticated;
grant delete on public.households to authenticated;
grant insert (tenant_id, household_id, person_id, role) on public.household_members to authenticated;
grant update (household_id, person_id, role) on public.household_members to authenticated;
grant delete on public.household_members to authenticated;
grant insert (tenant_id, file_name, format, resident, row_count, rows, created_by)
  on public.person_imports to authenticated;
grant update (rows, status, report, imported_at) on public.person_imports to authenticated;
grant all on public.people, public.organizations, public.households, public.household_members,
  public.person_imports to service_role;

alter table public.people enable row level security;
alter table public.organizations enable row level security;
alter table public.households enable row level security;
alter table public.household_members enable row level security;
alter table public.person_imports enable row level security;

-- Staff of the Ente only; a write-only API key reads back what it may write.
create policy people_read on public.people for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy people_write on public.people for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy organizations_read on public.organizations for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy organizations_write on public.organizations for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy households_read on public.households for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy households_write on public.households for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

create policy household_members_read on public.household_members for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and ((select app.is_staff()) or (select app.can_configure())));
create policy household_members_write on public.household_members for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));

-- Back-office people only: an import is a screen (upload, preview, report), not an API.
create policy person_imports_read on public.person_imports for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_any_role(array['admin', 'operator'])));
create policy person_imports_write on public.person_imports for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_any_role(array['admin', 'operator'])))
  with check (tenant_id = (select app.tenant_id()) and (select app.has_any_role(array['admin', 'operator'])));

-- Search. Under RLS the planner may not use an index for a condition whose operator is not
-- leakproof (LIKE, strpos, array containment), since it must not run before the policy's own
-- checks: the trigram and prefix indexes would be ignored and a search would read all 100,000
-- rows. So the filtering runs here, as the owner, with the Ente and the caller's role checked
-- first; callers then read the rows themselves, under RLS, by primary key.
--
-- `p` is the filter built by lib/registry/search.ts: {cf_like, like[], contains[], sort_like,
-- tax_code_key, kind, resident, household_id, in_household, include_merged, after[], before[]}.
-- Values are quoted with %L: nothing in `p` becomes SQL.
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
  return c;
end
$$;
revoke all on function app.people_search_where(jsonb) from public, anon, authenticated;

-- Ids and sort keys of a page of people matching `p`, in order (descending with `before`).
create or replace function app.search_people(p jsonb, p_limit int)
returns table (id uuid, sort_key text)
language plpgsql stable security definer set search_path = ''
as $$
declare
  cond text;
  dir text := case when p ? 'before' then 'desc' else 'asc' end;
  k jsonb := coalesce(p -> 'before', p -> 'after');
begin
  if app.tenant_id() is null or not (app.is_staff() or app.can_configure()) then
    return;
  end if;
  cond := app.people_search_where(p);
  if k is not null then
    cond := cond || format(' and (p.sort_key, p.id) %s (%L::text collate "C", %L::uuid)',
      case when dir = 'desc' then '<' else '>' end, k ->> 0, k ->> 1);
  end if;
  -- Words searched by trigram match a few hundred rows spread over the alphabet: the planner,
  -- which assumes them evenly spread, would walk the alphabetical index until it found a page
  -- (most of the table for "Rossi"). Collecting the matches first and sorting them is cheap.
  if jsonb_array_length(coalesce(p -> 'like', '[]')) > 0 then
    return query execute format(
      'with m as materialized (select p.id, p.sort_key from public.people p where %s)
       select m.id, m.sort_key::text from m order by m.sort_key %s, m.id %s limit %s',
      cond, dir, dir, least(greatest(p_limit, 1), 1000));
  else
    return query execute format(
      'select p.id, p.sort_key::text from public.people p where %s
        order by p.sort_key %s, p.id %s limit %s',
      cond, dir, dir, least(greatest(p_limit, 1), 1000));
  end if;
end
$$;
revoke all on function app.search_people(jsonb, int) from public, anon;
grant execute on function app.search_people(jsonb, int) to authenticated;

-- How many people match `p`, counting at most `p_cap` + 1 (a larger answer means "more").
create or replace function app.count_people(p jsonb, p_cap int) returns int
language plpgsql stable security definer set search_path = ''
as $$
declare
  n int;
begin
  if app.tenant_id() is null or not (app.is_staff() or app.can_configure()) then
    return 0;
  end if;
  execute format('select count(*)::int from (select 1 from public.people p where %s limit %s) s',
    app.people_search_where(p), greatest(p_cap, 0) + 1) into n;
  return n;
end
$$;
revoke all on function app.count_people(jsonb, int) from public, anon;
grant execute on function app.count_people(jsonb, int) to authenticated;

-- The account a new record is linked to: a member of the caller's Ente with the same codice
-- fiscale (any omocodic form) not yet linked to another live record, so that parent can later
-- sign in to their own data. Runs as the caller: staff see their Ente's members.
create or replace function app.registry_account_for(p_tax_code text) returns uuid
language sql stable
as $$
  select u.id from public.users u
   where p_tax_code is not null
     and app.cf_canonical(u.tax_code) = app.cf_canonical(p_tax_code)
     and app.is_member_of_my_tenant(u.id)
     and not exists (select 1 from public.people q
                      where q.tenant_id = (select app.tenant_id()) and q.user_id = u.id
                        and q.merged_into is null)
   limit 1
$$;

-- One row of a bulk import: the person and, with `p_household` ({code, name, address, role}),
-- the membership of the household with that anagrafe code (created when missing). All or
-- nothing for the row: a refusal (duplicate, third parent…) is returned as
-- {error, constraint, message} from its own subtransaction, so the other rows go on.
-- Runs as the caller (RLS applies).
create or replace function app.import_person_row(p jsonb, p_household jsonb) returns jsonb
language plpgsql
as $$
declare
  v_person uuid;
  v_household uuid;
  v_constraint text;
begin
  insert into public.people (tenant_id, tax_code, surname, name, sex, birth_date, birth_place_code,
    birth_place_name, citizenship, resident, residence_address, email, mobile, pec, postal_address,
    kinds, notes, user_id)
  select app.tenant_id(), r.tax_code, r.surname, r.name, r.sex, r.birth_date, r.birth_place_code,
         r.birth_place_name, r.citizenship, coalesce(r.resident, false), r.residence_address,
         r.email, r.mobile, r.pec, r.postal_address, coalesce(r.kinds, '{}'), r.notes,
         app.registry_account_for(r.tax_code)
    from jsonb_populate_record(null::public.people, p) as r
  returning id into v_person;
  if p_household is not null then
    select h.id into v_household from public.households h
     where h.tenant_id = app.tenant_id() and h.external_code = p_household ->> 'code';
    if v_household is null then
      insert into public.households (tenant_id, name, external_code, address)
      values (app.tenant_id(), p_household ->> 'name', p_household ->> 'code',
              p_household ->> 'address')
      returning id into v_household;
    end if;
    insert into public.household_members (tenant_id, household_id, person_id, role)
    values (app.tenant_id(), v_household, v_person, p_household ->> 'role');
  end if;
  return jsonb_build_object('person_id', v_person, 'household_id', v_household);
exception when others then
  get stacked diagnostics v_constraint = constraint_name;
  return jsonb_build_object('error', sqlstate, 'constraint', nullif(v_constraint, ''),
                            'message', sqlerrm);
end
$$;
revoke all on function app.import_person_row(jsonb, jsonb) from public, anon;
grant execute on function app.import_person_row(jsonb, jsonb) to authenticated;
revoke all on function app.registry_account_for(text) from public, anon;
grant execute on function app.registry_account_for(text) to authenticated, service_role;

create trigger people_audit after insert or update or delete on public.people
  for each row execute function app.audit_row('search', 'sort_key');
create trigger organizations_audit after insert or update or delete on public.organizations
  for each row execute function app.audit_row('sort_key');
create trigger households_audit after insert or update or delete on public.households
  for each row execute function app.audit_row('sort_key');
create trigger household_members_audit after insert or update or delete on public.household_members
  for each row execute function app.audit_row();

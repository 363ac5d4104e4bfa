-- Enrollment core: applications (domande) and their items (one child × one service), documents
-- and messages of an application, ISEE attestations, effective enrollments (iscrizioni effettive).
--
-- Who sees what:
-- - staff (admin, operator, read API keys) read everything of their Ente; `app.can_configure()`
--   writes (review outcomes, enrollments);
-- - a family member reads and acts on the applications of the households where they are a parent
--   or legal guardian (`app.my_household_ids()`): both parents have equal rights. A family edits
--   only drafts; submission goes through `app.submit_application()`, which checks the window,
--   assigns the protocol number and the server's receipt time, and refuses a second live
--   application for the same child, service and year;
-- - teachers read the enrollments of their classes (attendance needs them).
-- Children's data, diets and certificates are special categories: nobody else reads them.

-- The households where the caller is a parent or legal guardian, and the people in them.
-- Security definer: the registry's own policies are staff-only.
create or replace function app.my_household_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct m.household_id), '{}')
    from public.people p
    join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
   where p.tenant_id = app.tenant_id() and p.user_id = app.user_id()
     and p.merged_into is null and m.role in ('parent', 'legal_guardian')
$$;

create or replace function app.my_person_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select p.id from public.people p
   where p.tenant_id = app.tenant_id() and p.user_id = app.user_id() and p.merged_into is null
   limit 1
$$;

create or replace function app.my_household_person_ids() returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(distinct m.person_id), '{}')
    from public.household_members m
   where m.tenant_id = app.tenant_id() and m.household_id = any (app.my_household_ids())
$$;
revoke all on function app.my_household_ids(), app.my_person_id(), app.my_household_person_ids()
  from public;
grant execute on function app.my_household_ids(), app.my_person_id(),
  app.my_household_person_ids() to authenticated, service_role;

-- Families read their own household: its record, its members and their registry records.
create policy people_family_read on public.people for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and id = any ((select app.my_household_person_ids())::uuid[]));
create policy households_family_read on public.households for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and id = any ((select app.my_household_ids())::uuid[]));
create policy household_members_family_read on public.household_members for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and household_id = any ((select app.my_household_ids())::uuid[]));

-- The diet types of a published canteen are what a family chooses from when applying; which
-- child has which diet is in the application and the enrollment, not here.
create policy canteen_diets_member_read on public.canteen_diets for select to authenticated
  using (tenant_id = (select app.tenant_id()) and active and exists (
    select 1 from public.services s
     where s.tenant_id = canteen_diets.tenant_id and s.id = canteen_diets.service_id
       and s.status = 'published'));

create table public.applications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  school_year_id uuid not null,
  kind text not null default 'new' check (kind in ('new', 'renewal')),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'withdrawn')),
  household_id uuid,
  -- Who applies and pays (intestatario): a registry person when known, and always the data as
  -- declared on the form {surname, name, tax_code, email, mobile, address, resident}.
  applicant_id uuid,
  applicant jsonb not null default '{}' check (jsonb_typeof(applicant) = 'object'),
  -- Declarations and privacy consent as accepted: {code: accepted-at ISO instant}.
  declarations jsonb not null default '{}' check (jsonb_typeof(declarations) = 'object'),
  channel text not null default 'online'
    check (channel in ('online', 'counter', 'import', 'api')),
  idempotency_key text check (length(idempotency_key) between 8 and 200),
  protocol_number text,
  -- The server's receipt time: what orders a click day. receipt_seq breaks equal instants.
  submitted_at timestamptz,
  receipt_seq bigint,
  withdrawn_at timestamptz,
  withdrawal_reason text check (length(withdrawal_reason) <= 1000),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, protocol_number),
  unique (tenant_id, idempotency_key),
  check ((status = 'draft') = (submitted_at is null)),
  check ((status = 'draft') = (protocol_number is null)),
  check ((status = 'withdrawn') = (withdrawn_at is not null)),
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id),
  foreign key (tenant_id, household_id) references public.households (tenant_id, id),
  foreign key (tenant_id, applicant_id) references public.people (tenant_id, id)
);
comment on table public.applications is 'Domande di iscrizione: one applicant, one or more items (child × service).';
create index applications_list_idx on public.applications (tenant_id, submitted_at desc, id);
create index applications_household_idx on public.applications (tenant_id, household_id);
create index applications_year_idx on public.applications (tenant_id, school_year_id, status);

-- One child applying for one service. The child's data as declared is kept even when linked to a
-- registry record (child_id), so the application shows what the family wrote.
create table public.application_items (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  application_id uuid not null,
  service_id uuid not null,
  school_year_id uuid not null,
  child_id uuid,
  -- {surname, name, tax_code, birth_date, sex, birth_place, citizenship, resident, disability}
  child jsonb not null check (jsonb_typeof(child) = 'object'),
  child_tax_code text check (child_tax_code ~ '^[A-Z0-9]{16}$'),
  child_tax_key text collate "C" generated always as (app.cf_canonical(child_tax_code)) stored,
  site_id uuid,
  class_id uuid,
  school_level text check (school_level in ('nido', 'infanzia', 'primaria', 'secondaria_primo_grado')),
  grade smallint check (grade between 1 and 5),
  mode text check (mode in ('full_time', 'part_time', 'morning', 'afternoon')),
  diet_id uuid,
  diet_notes text check (length(diet_notes) <= 1000),
  route_id uuid,
  stop_id uuid,
  answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
  -- Review (istruttoria): outcome, reason told to the family, internal notes.
  outcome text not null default 'pending'
    check (outcome in ('pending', 'accepted', 'rejected', 'waitlisted', 'needs_integration')),
  outcome_reason text check (length(outcome_reason) <= 2000),
  review_notes text check (length(review_notes) <= 4000),
  reviewed_by uuid references public.users (id) on delete set null,
  reviewed_at timestamptz,
  communicated_at timestamptz,
  communicated_via text check (communicated_via in ('email', 'pec', 'portal', 'post', 'app_io', 'counter')),
  -- True while the item counts as "the" application of this child for this service and year:
  -- from submission until it is rejected or withdrawn. Set only by the functions below.
  live boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  check (outcome = 'pending' or reviewed_at is not null),
  check ((communicated_at is null) = (communicated_via is null)),
  check (not live or child_tax_code is not null),
  foreign key (tenant_id, application_id) references public.applications (tenant_id, id) on delete cascade,
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id),
  foreign key (tenant_id, child_id) references public.people (tenant_id, id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id),
  foreign key (tenant_id, class_id) references public.classes (tenant_id, id),
  foreign key (tenant_id, diet_id) references public.canteen_diets (tenant_id, id),
  foreign key (tenant_id, route_id) references public.transport_routes (tenant_id, id),
  foreign key (tenant_id, stop_id) references public.transport_stops (tenant_id, id)
);
create unique index application_items_one_live_per_child
  on public.application_items (tenant_id, service_id, school_year_id, child_tax_key) where live;
create index application_items_application_idx on public.application_items (tenant_id, application_id);
create index application_items_service_idx
  on public.application_items (tenant_id, service_id, school_year_id, outcome);
create index application_items_child_idx on public.application_items (tenant_id, child_id)
  where child_id is not null;

-- Files attached to an application: diet certificates, ISEE, disability certification...
create table public.application_documents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  application_id uuid not null,
  item_id uuid,
  kind text not null check (kind in ('diet_certificate', 'isee', 'disability', 'identity', 'other')),
  storage_key text not null check (length(storage_key) between 1 and 300),
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer not null check (size_bytes between 1 and 10485760),
  uploaded_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, storage_key),
  foreign key (tenant_id, application_id) references public.applications (tenant_id, id) on delete cascade,
  foreign key (tenant_id, item_id) references public.application_items (tenant_id, id) on delete cascade
);
create index application_documents_application_idx
  on public.application_documents (tenant_id, application_id);

-- What the office and the family say to each other about an application, and the system's own
-- notes (submitted, outcome communicated), in order.
create table public.application_messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  application_id uuid not null,
  item_id uuid,
  direction text not null check (direction in ('to_family', 'from_family', 'system')),
  subject text not null check (length(btrim(subject)) between 1 and 200),
  body text not null check (length(body) between 1 and 10000),
  channel text not null default 'portal'
    check (channel in ('email', 'pec', 'portal', 'post', 'app_io', 'counter')),
  author_id uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, application_id) references public.applications (tenant_id, id) on delete cascade,
  foreign key (tenant_id, item_id) references public.application_items (tenant_id, id) on delete cascade
);
create index application_messages_application_idx
  on public.application_messages (tenant_id, application_id, created_at);

-- ISEE attestations of a person (the declarant, or the child for ISEE minorenni): retrieved from
-- INPS through PDND, or self-declared by the family and verified later.
create table public.isee_attestations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  person_id uuid not null,
  tax_code text not null check (tax_code ~ '^[A-Z0-9]{16}$'),
  kind text not null default 'ordinario'
    check (kind in ('ordinario', 'minorenni', 'universitario', 'socio_sanitario', 'residenziale',
                    'dottorato', 'corrente')),
  value_cents bigint check (value_cents >= 0),
  protocol text check (length(protocol) between 5 and 40),
  presented_on date,
  valid_until date,
  omissions jsonb not null default '[]' check (jsonb_typeof(omissions) = 'array'),
  source text not null check (source in ('inps', 'self_declared', 'operator')),
  status text not null default 'valid'
    check (status in ('valid', 'to_verify', 'not_found', 'mismatch', 'superseded')),
  verified_at timestamptz,
  verification jsonb,
  retrieved_at timestamptz not null default now(),
  created_by uuid references public.users (id) on delete set null,
  unique (tenant_id, id),
  check (status = 'not_found' or value_cents is not null),
  foreign key (tenant_id, person_id) references public.people (tenant_id, id)
);
comment on column public.isee_attestations.omissions is 'Omissioni/difformità reported by INPS: [{type, detail}]';
create index isee_attestations_person_idx
  on public.isee_attestations (tenant_id, person_id, retrieved_at desc);

-- Effective enrollments: a beneficiary in a service for a school year, with the payer, where and
-- how the service is delivered, and the economic conditions (the tariff, the situation it was
-- priced on, the quote with its explanation, and any manual override with its reason).
create table public.enrollments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  service_id uuid not null,
  school_year_id uuid not null,
  beneficiary_id uuid not null,
  payer_id uuid not null,
  household_id uuid,
  application_item_id uuid,
  site_id uuid,
  class_id uuid,
  diet_id uuid,
  route_id uuid,
  stop_id uuid,
  mode text check (mode in ('full_time', 'part_time', 'morning', 'afternoon')),
  starts_on date not null,
  ends_on date not null,
  withdrawn_on date,
  withdrawal_reason text check (length(withdrawal_reason) <= 1000),
  tariff_id uuid,
  -- {situation, quote: {cents, explanation…}, isee_attestation_id, assigned_at}
  tariff_assignment jsonb check (tariff_assignment is null or jsonb_typeof(tariff_assignment) = 'object'),
  override_cents bigint check (override_cents >= 0),
  override_reason text check (length(btrim(override_reason)) between 5 and 1000),
  override_by uuid references public.users (id) on delete set null,
  override_at timestamptz,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, application_item_id),
  check (ends_on >= starts_on),
  check (withdrawn_on is null or withdrawn_on between starts_on and ends_on),
  check ((withdrawn_on is null) = (withdrawal_reason is null)),
  check ((override_cents is null) = (override_reason is null)),
  foreign key (tenant_id, service_id) references public.services (tenant_id, id),
  foreign key (tenant_id, school_year_id) references public.school_years (tenant_id, id),
  foreign key (tenant_id, beneficiary_id) references public.people (tenant_id, id),
  foreign key (tenant_id, payer_id) references public.people (tenant_id, id),
  foreign key (tenant_id, household_id) references public.households (tenant_id, id),
  foreign key (tenant_id, application_item_id) references public.application_items (tenant_id, id),
  foreign key (tenant_id, site_id) references public.sites (tenant_id, id),
  foreign key (tenant_id, class_id) references public.classes (tenant_id, id),
  foreign key (tenant_id, diet_id) references public.canteen_diets (tenant_id, id),
  foreign key (tenant_id, route_id) references public.transport_routes (tenant_id, id),
  foreign key (tenant_id, stop_id) references public.transport_stops (tenant_id, id),
  foreign key (tenant_id, tariff_id) references public.tariffs (tenant_id, id),
  -- A child is enrolled in a service at most once at any date.
  constraint enrollments_no_overlap exclude using gist (
    tenant_id with =, service_id with =, beneficiary_id with =,
    daterange(starts_on, coalesce(withdrawn_on, ends_on), '[]') with &&
  )
);
create index enrollments_service_idx on public.enrollments (tenant_id, service_id, school_year_id);
create index enrollments_beneficiary_idx on public.enrollments (tenant_id, beneficiary_id);
create index enrollments_class_idx on public.enrollments (tenant_id, class_id) where class_id is not null;
create index enrollments_site_idx on public.enrollments (tenant_id, site_id) where site_id is not null;
create index enrollments_household_idx on public.enrollments (tenant_id, household_id)
  where household_id is not null;

-- Protocol numbers: one gapless counter per Ente and calendar year, touched only by
-- app.submit_application (the row lock lasts one short transaction).
create table private.protocol_counters (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  year int not null,
  last int not null default 0,
  primary key (tenant_id, year)
);
create sequence private.application_receipt_seq;
grant usage on schema private to service_role;
grant all on private.protocol_counters to service_role;
grant usage on sequence private.application_receipt_seq to service_role;

revoke all on public.applications, public.application_items, public.application_documents,
  public.application_messages, public.isee_attestations, public.enrollments
  from public, anon, authenticated;
grant select, delete on public.applications, public.application_items,
  public.application_documents, public.application_messages, public.isee_attestations,
  public.enrollments to authenticated;
-- Submission fields (status, protocol, receipt time, live) are written by the functions only.
grant insert (tenant_id, school_year_id, kind, household_id, applicant_id, applicant, declarations,
  channel, idempotency_key, created_by) on public.applications to authenticated;
grant update (kind, household_id, applicant_id, applicant, declarations, updated_at)
  on public.applications to authenticated;
grant insert (tenant_id, application_id, service_id, school_year_id, child_id, child,
  child_tax_code, site_id, class_id, school_level, grade, mode, diet_id, diet_notes, route_id,
  stop_id, answers) on public.application_items to authenticated;
grant update (child_id, child, child_tax_code, site_id, class_id, school_level, grade, mode,
  diet_id, diet_notes, route_id, stop_id, answers, outcome, outcome_reason, review_notes,
  reviewed_by, reviewed_at, communicated_at, communicated_via, updated_at)
  on public.application_items to authenticated;
grant insert (tenant_id, application_id, item_id, kind, storage_key, file_name, content_type,
  size_bytes, uploaded_by) on public.application_documents to authenticated;
grant insert (tenant_id, application_id, item_id, direction, subject, body, channel, author_id)
  on public.application_messages to authenticated;
grant update (read_at) on public.application_messages to authenticated;
grant insert, update on public.isee_attestations to authenticated;
grant insert, update on public.enrollments to authenticated;
grant all on public.applications, public.application_items, public.application_documents,
  public.application_messages, public.isee_attestations, public.enrollments to service_role;

alter table public.applications enable row level security;
alter table public.application_items enable row level security;
alter table public.application_documents enable row level security;
alter table public.application_messages enable row level security;
alter table public.isee_attestations enable row level security;
alter table public.enrollments enable row level security;

-- Is application `a` a draft of one of the caller's households? (definer: called from the
-- policies of the child tables, which must not recurse into applications' own policies).
create or replace function app.is_my_draft(a uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.applications x
                  where x.tenant_id = app.tenant_id() and x.id = a and x.status = 'draft'
                    and x.household_id = any (app.my_household_ids()))
$$;
create or replace function app.is_my_application(a uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.applications x
                  where x.tenant_id = app.tenant_id() and x.id = a
                    and x.household_id = any (app.my_household_ids()))
$$;
revoke all on function app.is_my_draft(uuid), app.is_my_application(uuid) from public;
grant execute on function app.is_my_draft(uuid), app.is_my_application(uuid)
  to authenticated, service_role;

create policy applications_staff_read on public.applications for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy applications_staff_write on public.applications for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy applications_family_read on public.applications for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and household_id = any ((select app.my_household_ids())::uuid[]));
create policy applications_family_write on public.applications for all to authenticated
  using (tenant_id = (select app.tenant_id()) and status = 'draft'
         and household_id = any ((select app.my_household_ids())::uuid[]))
  with check (tenant_id = (select app.tenant_id()) and status = 'draft' and channel = 'online'
              and household_id = any ((select app.my_household_ids())::uuid[]));

create policy application_items_staff_read on public.application_items for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy application_items_staff_write on public.application_items for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy application_items_family_read on public.application_items for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id));
create policy application_items_family_write on public.application_items for all to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_draft(application_id))
  with check (tenant_id = (select app.tenant_id()) and app.is_my_draft(application_id)
              and outcome = 'pending' and not live);

create policy application_documents_staff_read on public.application_documents for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy application_documents_staff_write on public.application_documents for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy application_documents_family_read on public.application_documents for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id));
-- A family adds documents to a draft, or later when the office asks for an integration.
create policy application_documents_family_insert on public.application_documents for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id)
              and uploaded_by = (select app.user_id()));
create policy application_documents_family_delete on public.application_documents for delete to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_draft(application_id));

create policy application_messages_staff_read on public.application_messages for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy application_messages_staff_write on public.application_messages for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy application_messages_family_read on public.application_messages for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id));
create policy application_messages_family_insert on public.application_messages for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id)
              and direction = 'from_family' and channel = 'portal'
              and author_id = (select app.user_id()));
create policy application_messages_family_mark_read on public.application_messages for update to authenticated
  using (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id)
         and direction <> 'from_family')
  with check (tenant_id = (select app.tenant_id()) and app.is_my_application(application_id));

create policy isee_attestations_staff_read on public.isee_attestations for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy isee_attestations_staff_write on public.isee_attestations for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy isee_attestations_family_read on public.isee_attestations for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and person_id = any ((select app.my_household_person_ids())::uuid[]));
create policy isee_attestations_family_declare on public.isee_attestations for insert to authenticated
  with check (tenant_id = (select app.tenant_id()) and source = 'self_declared'
              and status = 'to_verify' and verified_at is null
              and person_id = any ((select app.my_household_person_ids())::uuid[]));

create policy enrollments_staff_read on public.enrollments for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy enrollments_staff_write on public.enrollments for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy enrollments_family_read on public.enrollments for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and (household_id = any ((select app.my_household_ids())::uuid[])
              or payer_id = (select app.my_person_id())
              or beneficiary_id = any ((select app.my_household_person_ids())::uuid[])));
create policy enrollments_teacher_read on public.enrollments for select to authenticated
  using (tenant_id = (select app.tenant_id())
         and class_id = any ((select app.my_class_ids())::uuid[]));

-- Submits a draft: checks it, numbers it, timestamps it with the server's clock and makes its
-- items live. Idempotent: submitting an already submitted application returns it unchanged.
-- Staff (counter, import, API) may submit outside the enrollment window; families may not.
create or replace function app.submit_application(p_id uuid)
returns table (protocol_number text, submitted_at timestamptz, already boolean)
language plpgsql security definer set search_path = ''
as $$
declare
  a public.applications;
  staff boolean := app.can_configure();
  now_ts timestamptz := clock_timestamp();
  y int;
  n int;
  closed text;
begin
  select * into a from public.applications x
   where x.tenant_id = app.tenant_id() and x.id = p_id for update;
  if not found or not (staff or a.household_id = any (app.my_household_ids())) then
    raise exception 'application_not_found: no such application' using errcode = 'P0002';
  end if;
  if a.status <> 'draft' then
    return query select a.protocol_number, a.submitted_at, true;
    return;
  end if;
  if not exists (select 1 from public.application_items i
                  where i.tenant_id = a.tenant_id and i.application_id = a.id) then
    raise exception 'application_empty: an application needs at least one child and service'
      using errcode = '23514';
  end if;
  if exists (select 1 from public.application_items i
              where i.tenant_id = a.tenant_id and i.application_id = a.id
                and i.child_tax_code is null) then
    raise exception 'application_child_tax_code: every child needs a codice fiscale'
      using errcode = '23514';
  end if;
  if not staff then
    select string_agg(s.title, ', ') into closed
      from public.application_items i
      join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
     where i.tenant_id = a.tenant_id and i.application_id = a.id
       and (s.status <> 'published' or s.enrollment_opens_at is null
            or now_ts < s.enrollment_opens_at or now_ts > s.enrollment_closes_at);
    if closed is not null then
      raise exception 'application_window_closed: enrollment is not open for %', closed
        using errcode = '23514';
    end if;
  end if;
  y := extract(year from now_ts at time zone 'Europe/Rome')::int;
  insert into private.protocol_counters as c (tenant_id, year, last) values (a.tenant_id, y, 1)
    on conflict (tenant_id, year) do update set last = c.last + 1
    returning c.last into n;
  update public.applications x
     set status = 'submitted',
         protocol_number = y::text || '/' || lpad(n::text, 6, '0'),
         submitted_at = now_ts,
         receipt_seq = nextval('private.application_receipt_seq'),
         updated_at = now_ts
   where x.tenant_id = a.tenant_id and x.id = a.id;
  update public.application_items i
     set live = true, outcome = 'pending', outcome_reason = null, reviewed_by = null,
         reviewed_at = null, communicated_at = null, communicated_via = null, updated_at = now_ts
   where i.tenant_id = a.tenant_id and i.application_id = a.id;
  insert into public.application_messages (tenant_id, application_id, direction, subject, body, channel)
  values (a.tenant_id, a.id, 'system', 'Domanda inviata',
          'Domanda ricevuta con protocollo n. ' || y::text || '/' || lpad(n::text, 6, '0'), 'portal');
  return query select y::text || '/' || lpad(n::text, 6, '0'), now_ts, false;
end
$$;

-- Withdraws a submitted application (the family before the outcome, staff at any time): its
-- items stop counting, so the child may apply again.
create or replace function app.withdraw_application(p_id uuid, p_reason text)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  a public.applications;
  staff boolean := app.can_configure();
begin
  select * into a from public.applications x
   where x.tenant_id = app.tenant_id() and x.id = p_id for update;
  if not found or not (staff or a.household_id = any (app.my_household_ids())) then
    raise exception 'application_not_found: no such application' using errcode = 'P0002';
  end if;
  if a.status <> 'submitted' then
    raise exception 'application_not_submitted: only a submitted application can be withdrawn'
      using errcode = '23514';
  end if;
  if not staff and exists (select 1 from public.application_items i
                            where i.tenant_id = a.tenant_id and i.application_id = a.id
                              and i.outcome = 'accepted') then
    raise exception 'application_accepted: ask the office to withdraw an accepted application'
      using errcode = '23514';
  end if;
  update public.applications x
     set status = 'withdrawn', withdrawn_at = clock_timestamp(), withdrawal_reason = p_reason,
         updated_at = clock_timestamp()
   where x.tenant_id = a.tenant_id and x.id = a.id;
  update public.application_items i set live = false, updated_at = clock_timestamp()
   where i.tenant_id = a.tenant_id and i.application_id = a.id;
end
$$;

-- A rejected item stops counting; any other outcome keeps (or puts back) the item live.
create or replace function app.application_item_live() returns trigger
language plpgsql
as $$
begin
  if new.outcome is distinct from old.outcome and old.live is not null then
    if new.outcome = 'rejected' then
      new.live := false;
    elsif exists (select 1 from public.applications a
                   where a.tenant_id = new.tenant_id and a.id = new.application_id
                     and a.status = 'submitted') then
      new.live := true;
    end if;
  end if;
  return new;
end
$$;
create trigger application_items_live before update of outcome on public.application_items
  for each row execute function app.application_item_live();

revoke all on function app.submit_application(uuid), app.withdraw_application(uuid, text) from public;
grant execute on function app.submit_application(uuid), app.withdraw_application(uuid, text)
  to authenticated, service_role;

create trigger applications_audit after insert or update or delete on public.applications
  for each row execute function app.audit_row();
create trigger application_items_audit after insert or update or delete on public.application_items
  for each row execute function app.audit_row();
create trigger isee_attestations_audit after insert or update or delete on public.isee_attestations
  for each row execute function app.audit_row();
create trigger enrollments_audit after insert or update or delete on public.enrollments
  for each row execute function app.audit_row();

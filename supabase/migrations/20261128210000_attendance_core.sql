-- Attendance core (issue 5): how a service captures attendance, one mark per enrollment and day,
-- and the realtime outbox every live update goes through.
--
-- A mark is what a child used (or did not) on a day: the basis of billing. Who writes it:
-- staff; the teachers of the child's class (through the policies below); families only through
-- security-definer functions that enforce the cut-off (later migrations); API keys with write.
-- Corrections keep who and when: every change is a new revision, audited by `app.audit_row()`.

alter table public.services
  add column attendance_mode text not null default 'roll_call'
    check (attendance_mode in ('roll_call', 'presumed', 'scan'));
comment on column public.services.attendance_mode is
  'roll_call: teachers mark each child; presumed: every enrolled child counts as present on service days unless the family cancels before the cut-off; scan: QR cards are scanned (bus boarding, canteen entrance). API and CSV uploads work in every mode.';

-- Is enrollment `e` of a child in one of the caller's classes? (definer: enrollments' own
-- policies must not be re-entered from the policies of tables that point to them).
create or replace function app.enrollment_in_my_classes(e uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.enrollments x
                  where x.tenant_id = app.tenant_id() and x.id = e
                    and x.class_id = any (app.my_class_ids()))
$$;
create or replace function app.enrollment_is_mine(e uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.enrollments x
                  where x.tenant_id = app.tenant_id() and x.id = e
                    and (x.household_id = any (app.my_household_ids())
                         or x.payer_id = app.my_person_id()
                         or x.beneficiary_id = any (app.my_household_person_ids())))
$$;
revoke all on function app.enrollment_in_my_classes(uuid), app.enrollment_is_mine(uuid) from public;
grant execute on function app.enrollment_in_my_classes(uuid), app.enrollment_is_mine(uuid)
  to authenticated, service_role;

create table public.attendance_marks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  enrollment_id uuid not null,
  day date not null,
  -- present / absent; cancelled = the family cancelled (presumed presence) before the cut-off.
  status text not null check (status in ('present', 'absent', 'cancelled')),
  -- Pasto in bianco (plain meal) for a present child, when the family or school asks for it.
  meal text check (meal in ('standard', 'white')),
  source text not null
    check (source in ('teacher', 'family', 'operator', 'api', 'csv', 'scan', 'presumed')),
  -- When the mark was made on the device (offline marks sync later): conflicts between two
  -- marks of the same child and day resolve by this time, the later one wins.
  marked_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  recorded_by uuid references public.users (id) on delete set null,
  revision int not null default 1 check (revision >= 1),
  after_cutoff boolean not null default false,
  justified boolean not null default false,
  justification text check (length(justification) <= 1000),
  justified_by uuid references public.users (id) on delete set null,
  justified_at timestamptz,
  -- A day closed by the Ente after the fact (strike, late closure): the mark stays, never billed.
  voided_at timestamptz,
  void_reason text check (length(void_reason) <= 500),
  unique (tenant_id, id),
  unique (tenant_id, enrollment_id, day),
  check ((voided_at is null) = (void_reason is null)),
  check (justification is null or status <> 'present'),
  foreign key (tenant_id, enrollment_id) references public.enrollments (tenant_id, id) on delete cascade
);
comment on table public.attendance_marks is 'Presenze/assenze: one mark per enrollment and day; the basis of billing.';
create index attendance_marks_day_idx on public.attendance_marks (tenant_id, day, enrollment_id);

revoke all on public.attendance_marks from public, anon, authenticated;
grant select, insert, update, delete on public.attendance_marks to authenticated;
grant all on public.attendance_marks to service_role;
alter table public.attendance_marks enable row level security;

create policy attendance_marks_staff_read on public.attendance_marks for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy attendance_marks_staff_write on public.attendance_marks for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy attendance_marks_teacher_read on public.attendance_marks for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and app.enrollment_in_my_classes(enrollment_id));
create policy attendance_marks_teacher_write on public.attendance_marks for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and app.enrollment_in_my_classes(enrollment_id))
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
              and app.enrollment_in_my_classes(enrollment_id) and source = 'teacher'
              and recorded_by = (select app.user_id()));
create policy attendance_marks_family_read on public.attendance_marks for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.enrollment_is_mine(enrollment_id));

create trigger attendance_marks_audit after insert or update or delete on public.attendance_marks
  for each row execute function app.audit_row();

-- Realtime outbox. Writers call app.realtime_emit() inside their transaction; the row and the
-- NOTIFY become visible only at commit, so a live update never announces a change that was
-- rolled back. The dispatcher (lib/realtime) LISTENs on `piazza_realtime`, reads new rows in id
-- order and emits them to the socket.io room; clients reconcile from the database on reconnect,
-- so a missed event loses nothing. Rooms: class:<id>, child:<enrollment id>, site:<id>:meals,
-- service:<id>:meals, tenant:<id>:ops.
create table private.realtime_outbox (
  id bigserial primary key,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  room text not null check (room ~ '^[a-z_]+:[0-9a-f-]{36}(:[a-z_]+)?$'),
  event text not null check (event ~ '^[a-z][a-z0-9_.:-]{1,60}$'),
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index realtime_outbox_created_idx on private.realtime_outbox (created_at);
grant all on private.realtime_outbox to service_role;
grant usage on sequence private.realtime_outbox_id_seq to service_role;

create or replace function app.realtime_emit(p_room text, p_event text, p_data jsonb)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  new_id bigint;
begin
  if t is null then
    raise exception 'realtime_emit: no tenant in the claims' using errcode = '42501';
  end if;
  insert into private.realtime_outbox (tenant_id, room, event, data)
  values (t, p_room, p_event, coalesce(p_data, '{}'))
  returning id into new_id;
  perform pg_notify('piazza_realtime', new_id::text);
end
$$;
revoke all on function app.realtime_emit(text, text, jsonb) from public;
grant execute on function app.realtime_emit(text, text, jsonb) to authenticated, service_role;

-- System jobs (service_role: cut-off freezes, imports) name the Ente themselves.
create or replace function app.realtime_emit_for(p_tenant uuid, p_room text, p_event text, p_data jsonb)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  new_id bigint;
begin
  insert into private.realtime_outbox (tenant_id, room, event, data)
  values (p_tenant, p_room, p_event, coalesce(p_data, '{}'))
  returning id into new_id;
  perform pg_notify('piazza_realtime', new_id::text);
end
$$;
revoke all on function app.realtime_emit_for(uuid, text, text, jsonb) from public, authenticated;
grant execute on function app.realtime_emit_for(uuid, text, text, jsonb) to service_role;

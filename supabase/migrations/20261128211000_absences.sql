-- Teachers' register (issue 5): planned absence periods of a child (a family says in advance the
-- child will be away), the class roster a teacher reads for a day, and the justification of an
-- absence.
--
-- A planned absence shows the child absent on the roster for those days and is applied as an
-- absent mark (through lib/attendance/marks.ts) when the day is marked. Who may read and write
-- them follows attendance_marks: staff; the teachers of the child's class; the family reads its own.

create table public.absence_periods (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  enrollment_id uuid not null,
  from_day date not null,
  to_day date not null,
  reason text not null check (length(btrim(reason)) between 3 and 500),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  check (to_day >= from_day),
  -- A planned absence is a period of a school year, not an open-ended withdrawal.
  check (to_day - from_day <= 366),
  foreign key (tenant_id, enrollment_id) references public.enrollments (tenant_id, id) on delete cascade,
  constraint absence_periods_no_overlap exclude using gist (
    tenant_id with =, enrollment_id with =, daterange(from_day, to_day, '[]') with &&
  )
);
comment on table public.absence_periods is 'Assenze programmate: a child will be away from the service for these days.';
create index absence_periods_enrollment_idx
  on public.absence_periods (tenant_id, enrollment_id, from_day);

revoke all on public.absence_periods from public, anon, authenticated;
grant select, insert, update, delete on public.absence_periods to authenticated;
grant all on public.absence_periods to service_role;
alter table public.absence_periods enable row level security;

create policy absence_periods_staff_read on public.absence_periods for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy absence_periods_staff_write on public.absence_periods for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create policy absence_periods_teacher_read on public.absence_periods for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and app.enrollment_in_my_classes(enrollment_id));
create policy absence_periods_teacher_write on public.absence_periods for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and app.enrollment_in_my_classes(enrollment_id))
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
              and app.enrollment_in_my_classes(enrollment_id)
              and created_by = (select app.user_id()));
create policy absence_periods_family_read on public.absence_periods for select to authenticated
  using (tenant_id = (select app.tenant_id()) and app.enrollment_is_mine(enrollment_id));

create trigger absence_periods_audit after insert or update or delete on public.absence_periods
  for each row execute function app.audit_row();

-- The roster of a class for a day: every child enrolled that day in the class's services, with
-- what the teacher needs and nothing more (the diet's name and kind, never the certificate or the
-- notes), the day's mark with who made it, and the planned absence covering the day. Definer:
-- teachers cannot read the registry, diets or other users; the check below is the teacher's
-- class (or staff of the Ente). The caller audits the read (special-category data).
create or replace function app.class_roster(p_class uuid, p_day date)
returns table (
  enrollment_id uuid, service_id uuid, service_title text, service_kind text, attendance_mode text,
  beneficiary_id uuid, surname text, name text, diet_name text, diet_kind text,
  mark_status text, mark_meal text, mark_source text, marked_at timestamptz,
  recorded_at timestamptz, recorded_by_name text, revision int, after_cutoff boolean,
  justified boolean, justification text, justified_by_name text, justified_at timestamptz,
  voided boolean, planned_id uuid, planned_from date, planned_to date, planned_reason text
)
language sql stable security definer set search_path = ''
as $$
  select e.id, s.id, s.title, s.kind, s.attendance_mode, p.id, p.surname, p.name, d.name, d.kind,
         m.status, m.meal, m.source, m.marked_at, m.recorded_at, ru.full_name, m.revision,
         m.after_cutoff, m.justified, m.justification, ju.full_name, m.justified_at,
         m.voided_at is not null, ap.id, ap.from_day, ap.to_day, ap.reason
    from public.enrollments e
    join public.classes c on c.tenant_id = e.tenant_id and c.id = e.class_id
    join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
    join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
    left join public.canteen_diets d on d.tenant_id = e.tenant_id and d.id = e.diet_id
    left join public.attendance_marks m
      on m.tenant_id = e.tenant_id and m.enrollment_id = e.id and m.day = p_day
    left join public.users ru on ru.id = m.recorded_by
    left join public.users ju on ju.id = m.justified_by
    left join public.absence_periods ap
      on ap.tenant_id = e.tenant_id and ap.enrollment_id = e.id
     and p_day between ap.from_day and ap.to_day
   where e.tenant_id = app.tenant_id() and e.class_id = p_class
     and p_day between e.starts_on and coalesce(e.withdrawn_on, e.ends_on)
     and (p_class = any (app.my_class_ids()) or app.is_staff())
   order by s.title, p.surname, p.name, e.id
$$;
revoke all on function app.class_roster(uuid, date) from public, anon;
grant execute on function app.class_roster(uuid, date) to authenticated, service_role;

-- The children of a class over the year (any enrollment in it), by name only: the teacher's
-- list for planning absences. Definer for the same reason as class_roster.
create or replace function app.class_children(p_class uuid)
returns table (enrollment_id uuid, service_title text, surname text, name text,
               starts_on date, ends_on date, withdrawn_on date)
language sql stable security definer set search_path = ''
as $$
  select e.id, s.title, p.surname, p.name, e.starts_on, e.ends_on, e.withdrawn_on
    from public.enrollments e
    join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
    join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
   where e.tenant_id = app.tenant_id() and e.class_id = p_class
     and (p_class = any (app.my_class_ids()) or app.is_staff())
   order by p.surname, p.name, s.title, e.starts_on
$$;
revoke all on function app.class_children(uuid) from public, anon;
grant execute on function app.class_children(uuid) to authenticated, service_role;

-- Justifies an absence (the family brought a note, the child was ill): who and when are kept, the
-- audit log has the history. Definer: the mark may have been recorded by another teacher or by
-- the family, which the teacher's write policy (their own teacher marks) would not reach.
create or replace function app.justify_absence(p_enrollment uuid, p_day date, p_text text)
returns table (revision int, justified_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
declare
  m public.attendance_marks;
begin
  if not (app.can_configure()
          or (app.has_role('teacher') and app.enrollment_in_my_classes(p_enrollment))) then
    raise exception 'absence_not_found: no such absence' using errcode = 'P0002';
  end if;
  select * into m from public.attendance_marks x
   where x.tenant_id = app.tenant_id() and x.enrollment_id = p_enrollment and x.day = p_day
   for update;
  if not found then
    raise exception 'absence_not_found: no such absence' using errcode = 'P0002';
  end if;
  if m.status = 'present' then
    raise exception 'absence_present: the child was present that day' using errcode = '23514';
  end if;
  update public.attendance_marks x
     set justified = true, justification = btrim(p_text), justified_by = app.user_id(),
         justified_at = now()
   where x.id = m.id;
  return query select m.revision, now();
end
$$;
revoke all on function app.justify_absence(uuid, date, text) from public, anon;
grant execute on function app.justify_absence(uuid, date, text) to authenticated, service_role;

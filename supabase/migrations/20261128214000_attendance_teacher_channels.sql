-- Teachers also mark through the QR scanner and the API (school e-registers acting as the
-- teacher): the mark keeps the channel it came through, so reports can tell them apart.
drop policy attendance_marks_teacher_write on public.attendance_marks;
create policy attendance_marks_teacher_write on public.attendance_marks for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
         and app.enrollment_in_my_classes(enrollment_id))
  with check (tenant_id = (select app.tenant_id()) and (select app.has_role('teacher'))
              and app.enrollment_in_my_classes(enrollment_id)
              and source in ('teacher', 'scan', 'api')
              and recorded_by = (select app.user_id()));

-- Internal review notes (istruttoria) are the office's, not the family's: they move out of
-- application_items, which families read for their own applications, into a staff-only table.
create table public.application_review_notes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  item_id uuid not null,
  notes text not null check (length(btrim(notes)) between 1 and 4000),
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, item_id),
  foreign key (tenant_id, item_id) references public.application_items (tenant_id, id) on delete cascade
);
comment on table public.application_review_notes is 'Internal notes of the review of one application item: staff only.';

insert into public.application_review_notes (tenant_id, item_id, notes, updated_by, updated_at)
select tenant_id, id, review_notes, reviewed_by, coalesce(reviewed_at, now())
  from public.application_items where review_notes is not null and btrim(review_notes) <> '';
alter table public.application_items drop column review_notes;

revoke all on public.application_review_notes from public, anon, authenticated;
grant select, insert, update, delete on public.application_review_notes to authenticated;
grant all on public.application_review_notes to service_role;
alter table public.application_review_notes enable row level security;
create policy application_review_notes_staff_read on public.application_review_notes
  for select to authenticated
  using (tenant_id = (select app.tenant_id()) and ((select app.is_staff()) or (select app.can_configure())));
create policy application_review_notes_staff_write on public.application_review_notes
  for all to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.can_configure()))
  with check (tenant_id = (select app.tenant_id()) and (select app.can_configure()));
create trigger application_review_notes_audit after insert or update or delete
  on public.application_review_notes for each row execute function app.audit_row();

-- The application's history now also shows when the internal notes changed.
create or replace function app.application_history(p_id uuid)
returns table (id bigint, at timestamptz, actor_kind text, actor_name text, action text,
               entity text, entity_id text, before jsonb, after jsonb, details jsonb)
language sql stable security definer set search_path = ''
as $$
  select l.id, l.at, l.actor_kind, coalesce(u.full_name, k.name), l.action, l.entity,
         l.entity_id, l.before, l.after, l.details
    from public.audit_log l
    left join public.users u on u.id = l.actor_id
    left join public.api_keys k on k.id = l.actor_id and k.tenant_id = l.tenant_id
   where (app.is_staff() or app.can_configure())
     and l.tenant_id = app.tenant_id()
     and exists (select 1 from public.applications a
                  where a.tenant_id = app.tenant_id() and a.id = p_id)
     and ((l.entity = 'applications' and l.entity_id = p_id::text)
          or (l.entity = 'application_items' and l.entity_id in (
                select i.id::text from public.application_items i
                 where i.tenant_id = app.tenant_id() and i.application_id = p_id))
          or (l.entity = 'application_review_notes'
              and coalesce(l.after, l.before) ->> 'item_id' in (
                select i.id::text from public.application_items i
                 where i.tenant_id = app.tenant_id() and i.application_id = p_id))
          or (l.entity = 'application_documents' and l.details ->> 'application_id' = p_id::text))
   order by l.at, l.id
$$;

-- Merging two registry records moves every reference to the source onto the target. Areas keep
-- adding tables that point to people (applications, enrollments, ISEE, communication
-- recipients…), and not all of them are writable by the office under RLS and column grants, so
-- the move runs here, as definer, after checking the caller may configure the Ente and both
-- records are the Ente's. A row that would duplicate one the target already has (the same
-- communication received twice) is dropped; any other refusal (two overlapping enrollments in the
-- same service) aborts the merge with the database's own message.
create or replace function app.merge_person_references(p_source uuid, p_target uuid)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  t uuid := app.tenant_id();
  ref record;
  r record;
  moved jsonb := '{}';
  n int;
begin
  if not app.can_configure() then
    raise exception 'merge_forbidden: only the office merges records' using errcode = '42501';
  end if;
  if (select count(*) from public.people p where p.tenant_id = t and p.id in (p_source, p_target)) <> 2 then
    raise exception 'merge_not_found: both records must be of this Ente' using errcode = 'P0002';
  end if;
  for ref in
    select n.nspname as schema_name, cl.relname as table_name, a.attname as column_name
      from pg_catalog.pg_constraint c
      join pg_catalog.pg_class cl on cl.oid = c.conrelid
      join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
      cross join lateral unnest(c.conkey, c.confkey) as k(src, dst)
      join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.src
      join pg_catalog.pg_attribute d on d.attrelid = c.confrelid and d.attnum = k.dst
     where c.contype = 'f' and c.confrelid = 'public.people'::regclass and d.attname = 'id'
       and not (cl.relname = 'household_members' and n.nspname = 'public')
       and exists (select 1 from pg_catalog.pg_attribute x
                    where x.attrelid = c.conrelid and x.attname = 'tenant_id' and not x.attisdropped)
     order by 1, 2, 3
  loop
    n := 0;
    for r in execute format('select ctid from %I.%I where tenant_id = $1 and %I = $2',
                            ref.schema_name, ref.table_name, ref.column_name)
               using t, p_source
    loop
      begin
        execute format('update %I.%I set %I = $1 where ctid = $2',
                       ref.schema_name, ref.table_name, ref.column_name)
          using p_target, r.ctid;
      exception when unique_violation then
        execute format('delete from %I.%I where ctid = $1', ref.schema_name, ref.table_name)
          using r.ctid;
      end;
      n := n + 1;
    end loop;
    if n > 0 then
      moved := moved || jsonb_build_object(ref.table_name || '.' || ref.column_name, n);
    end if;
  end loop;
  return moved;
end
$$;
revoke all on function app.merge_person_references(uuid, uuid) from public;
grant execute on function app.merge_person_references(uuid, uuid) to authenticated, service_role;

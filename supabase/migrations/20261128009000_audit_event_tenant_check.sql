-- `app.audit_event` is security definer (it writes the append-only log, which no client role may
-- insert into), so it must check the Ente itself: before this, any signed-in person could append
-- events, which can never be removed, to another Ente's log. Platform events (no Ente) and events
-- of another Ente are left to the superadmin and to service_role.
create or replace function app.audit_event(
  p_tenant_id uuid, p_action text, p_entity text, p_entity_id text, p_details jsonb default null
) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  if p_tenant_id is distinct from app.tenant_id()
     and not app.is_superadmin()
     and coalesce(app.claims() ->> 'role', '') <> 'service_role' then
    raise exception 'audit events are recorded only for the caller''s Ente' using errcode = '42501';
  end if;
  insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id, details)
  values (p_tenant_id, app.user_id(), app.actor_kind(), p_action, p_entity, p_entity_id, p_details);
end
$$;

-- Functions are executable by PUBLIC unless revoked: definer functions only for the roles that
-- need them (anon needs none).
revoke all on function app.audit_event(uuid, text, text, text, jsonb) from public, anon;
grant execute on function app.audit_event(uuid, text, text, text, jsonb) to authenticated, service_role;
revoke all on function app.is_member_of_my_tenant(uuid) from public, anon;
grant execute on function app.is_member_of_my_tenant(uuid) to authenticated, service_role;

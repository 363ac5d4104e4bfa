-- API keys with the read scope read their Ente's audit log (GET /api/v1/audit-log), so an Ente can
-- feed it to its own log archive or SIEM. Writing stays impossible for everyone (append-only).
create policy audit_log_select_api_read on public.audit_log for select to authenticated
  using (tenant_id = (select app.tenant_id()) and (select app.has_role('api_read')));

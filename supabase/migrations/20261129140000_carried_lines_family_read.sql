-- Carried amounts (issue 6, "every euro explained"): when a run is issued, a payer's lines whose
-- total is zero, negative (a credit) or under the service's minimum get no debt position; they
-- are carried (debt_position_id stays null) and join the payer's next issue. Families could read
-- only lines with a position, so a family owed a credit never learnt of it.
--
-- Families now also read their lines of *issued* runs that have no position yet — never a line
-- of a run still in review, approved or being issued (not yet the Ente's word). The run's status
-- is tested by a definer helper (families cannot read billing_runs), like app.run_is_open.
-- How the Ente groups positions (per service or all together) is read by a second helper, so a
-- family's carried balance is grouped as the issue will group it; the setting is not secret,
-- the Ente's accounts beside it stay unreadable.

create or replace function app.run_is_issued(p_run uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.billing_runs r
                  where r.tenant_id = app.tenant_id() and r.id = p_run and r.status = 'issued')
$$;
revoke all on function app.run_is_issued(uuid) from public;
grant execute on function app.run_is_issued(uuid) to authenticated, service_role;

create or replace function app.position_grouping() returns text
language sql stable security definer set search_path = ''
as $$
  select coalesce((select s.position_grouping from public.billing_settings s
                    where s.tenant_id = app.tenant_id()), 'per_service')
$$;
revoke all on function app.position_grouping() from public;
grant execute on function app.position_grouping() to authenticated, service_role;

drop policy if exists charge_lines_family_read on public.charge_lines;
-- Families read the issued lines of their positions and their carried lines of issued runs (with
-- the explanation); deleted lines never.
create policy charge_lines_family_read on public.charge_lines for select to authenticated
  using (tenant_id = (select app.tenant_id()) and deleted_at is null
         and app.is_my_payer(payer_id)
         and (debt_position_id is not null or app.run_is_issued(run_id)));


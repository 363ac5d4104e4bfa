-- The Ente's rule of decadenza for instalment plans (issue 6 follow-up). The law gives the
-- Comuni's revenue one rule when the Ente's own regulation says nothing (L. 160/2019, art. 1
-- c. 800: two consecutive instalments missed after an express reminder), and many regulations
-- set their own ("due rate, anche non consecutive, nell'arco di sei mesi", three instalments, no
-- reminder). The office's pages advise a lapse by the Ente's rule, the plans list shows the plans
-- that meet it, and the payer's e-mail at the grant states it.
--
-- - `lapse_missed_instalments`: how many instalments missed (unpaid past their due date), 1..12;
-- - `lapse_consecutive`: they must follow each other by number;
-- - `lapse_window_months`: when they need not, within how many months by due date (null: at
--   any time of the plan); meaningless for consecutive instalments, so refused with them;
-- - `lapse_after_reminder`: a reminder must have been sent after the rule was met.
--
-- The rule advises; it does not bind. `app.lapse_instalment_plan` still lets the billing office
-- declare a plan lapsed once any instalment is missed (the office decides, with a reason the
-- family reads), as before.

alter table public.billing_settings
  add column lapse_missed_instalments int not null default 2
    check (lapse_missed_instalments between 1 and 12),
  add column lapse_consecutive boolean not null default true,
  add column lapse_window_months int check (lapse_window_months between 1 and 24),
  add column lapse_after_reminder boolean not null default true,
  add constraint billing_settings_lapse_window_check
    check (lapse_window_months is null or not lapse_consecutive);

-- The rule for every member of the Ente: a family reads it before asking for a plan and on its
-- plan, but not the Ente's other billing settings (accounts, GPD), which stay staff-only. No
-- row (settings never saved): no row, and the caller applies the law's defaults.
create or replace function app.lapse_rule()
returns table (lapse_missed_instalments int, lapse_consecutive boolean,
               lapse_window_months int, lapse_after_reminder boolean)
language sql stable security definer set search_path = ''
as $$
  select s.lapse_missed_instalments, s.lapse_consecutive, s.lapse_window_months,
         s.lapse_after_reminder
    from public.billing_settings s
   where s.tenant_id = (select app.tenant_id())
$$;
revoke all on function app.lapse_rule() from public;
grant execute on function app.lapse_rule() to authenticated, service_role;

-- The notice PDF (Avviso pagoPA) prints some of the Ente's collection settings: CBILL code,
-- postal account with holder and Poste authorization, the office to contact. Families may not
-- read billing_settings (it holds the Ente's accounts and GPD switches), but they download their
-- own notices: this function gives exactly the printed fields, to staff and to a family member
-- who has at least one debt position (the same people who can read a notice).
create or replace function app.notice_print_settings()
returns table (
  cbill text, postal_account text, postal_account_holder text, postal_authorization text,
  office_name text, office_contact text
)
language sql stable security definer set search_path = ''
as $$
  select s.cbill, s.postal_account, s.postal_account_holder, s.postal_authorization,
         s.office_name, s.office_contact
    from public.billing_settings s
   where s.tenant_id = app.tenant_id()
     and (app.is_staff() or app.can_configure()
          or exists (select 1 from public.debt_positions d
                      where d.tenant_id = s.tenant_id and app.is_my_payer(d.payer_id)))
$$;
revoke all on function app.notice_print_settings() from public, anon;
grant execute on function app.notice_print_settings() to authenticated, service_role;
comment on function app.notice_print_settings() is
  'The collection settings printed on the Avviso pagoPA, for staff and for families with positions.';

-- Members of an Ente: inviting people, removing roles, and the rules around both.
--
-- `authenticated` may neither create users nor reach `private`, so an invitation runs through a
-- security-definer function that checks the caller itself; it runs inside the caller's
-- transaction, so the audit log names the administrator as the actor.

-- Administrators (and the superadmin, for a new Ente's first administrator) queue the invitation
-- e-mail in the same transaction as the membership, so it exists only if the invitation commits.
grant insert (tenant_id, to_address, subject, body_text) on public.mail_outbox to authenticated;
create policy mail_outbox_insert on public.mail_outbox for insert to authenticated
  with check (
    (tenant_id = (select app.tenant_id()) and (select app.has_role('admin')))
    or (select app.is_superadmin())
  );

/**
 * Adds `p_role` in Ente `p_tenant_id` to the person with e-mail `p_email`, creating the user
 * (without a password) when no account has that address; an existing account keeps its name and
 * codice fiscale. Allowed to an administrator of that Ente, or to the platform superadmin.
 *
 * `p_token_hash` (SHA-256 of a set-password token made by the caller) is stored as a 7-day
 * password reset only when the person cannot sign in yet and belongs to no other Ente:
 * otherwise an administrator could read a link to an account of someone else's Ente in the outbox.
 * A duplicate role raises unique_violation (23505).
 */
create or replace function app.invite_member(
  p_tenant_id uuid,
  p_email text,
  p_full_name text,
  p_tax_code text,
  p_role text,
  p_token_hash text
) returns table (
  invited_user_id uuid,
  new_membership_id uuid,
  user_created boolean,
  token_issued boolean,
  user_locale text,
  user_full_name text
)
language plpgsql security definer set search_path = ''
as $$
declare
  v_user public.users%rowtype;
  v_created boolean := false;
  v_membership uuid;
  v_issue boolean;
begin
  if p_tenant_id is null
     or not ((p_tenant_id = app.tenant_id() and app.has_role('admin')) or app.is_superadmin()) then
    raise exception 'only an administrator of the Ente may invite members' using errcode = '42501';
  end if;
  select * into v_user from public.users u where lower(u.email) = lower(trim(p_email));
  if not found then
    insert into public.users (email, full_name, tax_code)
    values (lower(trim(p_email)), trim(p_full_name), nullif(upper(trim(coalesce(p_tax_code, ''))), ''))
    returning * into v_user;
    v_created := true;
  end if;
  insert into public.memberships (tenant_id, user_id, role)
  values (p_tenant_id, v_user.id, p_role)
  returning id into v_membership;
  v_issue := p_token_hash is not null and (
    v_created or (
      not v_user.is_superadmin
      and not exists (select 1 from private.credentials c where c.user_id = v_user.id)
      and not exists (
        select 1 from public.memberships m where m.user_id = v_user.id and m.tenant_id <> p_tenant_id
      )
    )
  );
  if v_issue then
    insert into private.password_resets (token_hash, user_id, expires_at)
    values (p_token_hash, v_user.id, now() + interval '7 days');
  end if;
  perform app.audit_event(
    p_tenant_id, 'invite', 'users', v_user.id::text,
    jsonb_build_object('role', p_role, 'user_created', v_created, 'password_link', v_issue)
  );
  return query select v_user.id, v_membership, v_created, v_issue, v_user.locale, v_user.full_name;
end
$$;
revoke all on function app.invite_member(uuid, text, text, text, text, text) from public;
grant execute on function app.invite_member(uuid, text, text, text, text, text) to authenticated;

-- An Ente never loses its last administrator (except when the Ente itself is deleted).
create or replace function app.memberships_keep_admin() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.role = 'admin'
     and exists (select 1 from public.tenants t where t.id = old.tenant_id)
     and not exists (
       select 1 from public.memberships m where m.tenant_id = old.tenant_id and m.role = 'admin'
     ) then
    raise exception 'memberships_last_admin: an Ente must keep at least one administrator'
      using errcode = '23514';
  end if;
  return old;
end
$$;
create trigger memberships_keep_admin after delete on public.memberships
  for each row execute function app.memberships_keep_admin();

-- A removed role stops working at once: the person's sessions in that Ente carry the old roles in
-- their token, so they are revoked and the next sign-in picks up what is left.
create or replace function app.memberships_revoke_sessions() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update private.sessions s set revoked_at = now()
   where s.user_id = old.user_id and s.tenant_id = old.tenant_id and s.revoked_at is null;
  return old;
end
$$;
create trigger memberships_revoke_sessions after delete on public.memberships
  for each row execute function app.memberships_revoke_sessions();

create index memberships_tenant_role_idx on public.memberships (tenant_id, role);

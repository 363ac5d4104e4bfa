-- The Ente's logo, stored through the storage adapter like the photos of sites. `logo_key` names
-- the stored file (in the Ente's own key space), `logo_content_type` is the type its bytes proved
-- at upload. The file is served at `/files/<logo_key>` to every member of the Ente (see
-- routes/files/); `logo_url` keeps that address for API clients. Only administrators change the
-- row (policy `tenants_update`); the audit trigger on tenants records each change.
alter table public.tenants
  add column logo_key text
    check (logo_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
           and split_part(logo_key, '/', 1) = id::text),
  add column logo_content_type text
    check (logo_content_type in ('image/jpeg', 'image/png', 'image/webp')),
  add constraint tenants_logo_complete check ((logo_key is null) = (logo_content_type is null));

comment on column public.tenants.logo_key is 'Storage key of the logo: <tenant_id>/<uuid>';

grant update (logo_key, logo_content_type) on public.tenants to authenticated;

-- Social-services exemption of an enrollment (issue 4): the act that grants it is part of the
-- record. An office grants the exemption on a decision of the social services (a report, a
-- determina): its reference is stored with the enrollment, with who recorded it and when, so the
-- tariff's explanation can cite it and a later audit finds it without reading the log.

alter table public.enrollments
  add column social_services_exemption_reference text
    check (length(btrim(social_services_exemption_reference)) between 5 and 1000),
  add column social_services_exemption_by uuid references public.users (id) on delete set null,
  add column social_services_exemption_at timestamptz;

-- An exemption recorded before the reference was asked for says so; from now on an exemption
-- without the act that grants it is refused.
update public.enrollments
   set social_services_exemption_reference = 'Esenzione registrata prima dell''indicazione dell''atto'
 where social_services_exemption and social_services_exemption_reference is null;
alter table public.enrollments
  add constraint enrollments_exemption_reference_check
  check (social_services_exemption = (social_services_exemption_reference is not null));

-- "Who is exempt": operators list the exempt enrollments of a service and year.
create index enrollments_exempt_idx on public.enrollments (tenant_id, school_year_id, service_id)
  where social_services_exemption;

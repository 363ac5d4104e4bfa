import { newStorageKey } from "../../lib/storage/mod.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * Enrollment: a family's submitted application for its child (accepted), a diet certificate and a
 * message on it, the applicant's ISEE, and the child's enrollment in a class.
 */
export const ENROLLMENT_FIXTURES: Record<string, Fixture> = {
  async applications(tx, f) {
    await tx.query(
      `insert into public.applications (tenant_id, school_year_id, kind, status, household_id,
         applicant_id, applicant, declarations, protocol_number, submitted_at, receipt_seq,
         created_by)
       select $1, y.id, 'new', 'submitted', m.household_id, p.id,
              jsonb_build_object('surname', p.surname, 'name', p.name, 'tax_code', p.tax_code),
              '{"privacy": "2026-05-10T08:00:00Z"}', '2026/900001', '2026-05-10T08:00:00Z', 1, $2
         from public.school_years y, public.people p
         join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
        where y.tenant_id = $1 and p.tenant_id = $1 and m.role = 'parent'
        order by y.starts_on, p.sort_key limit 1`,
      [f.tenantId, f.users.family],
    );
  },
  async application_items(tx, f) {
    await tx.query(
      `insert into public.application_items (tenant_id, application_id, service_id,
         school_year_id, child_id, child, child_tax_code, school_level, grade, live, outcome,
         reviewed_by, reviewed_at)
       select a.tenant_id, a.id, s.id, a.school_year_id, p.id,
              jsonb_build_object('surname', p.surname, 'name', p.name,
                                 'birth_date', p.birth_date),
              p.tax_code, 'primaria', 3, true, 'accepted', $2, now()
         from public.applications a, public.services s, public.people p
         join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
        where a.tenant_id = $1 and s.tenant_id = $1 and p.tenant_id = $1
          and m.household_id = a.household_id and m.role = 'minor' and p.merged_into is null
        order by s.code, p.sort_key limit 1`,
      [f.tenantId, f.users.operator],
    );
  },
  async application_review_notes(tx, f) {
    await tx.query(
      `insert into public.application_review_notes (tenant_id, item_id, notes, updated_by)
       select i.tenant_id, i.id, 'Verificare il certificato medico.', $2
         from public.application_items i where i.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.operator],
    );
  },
  async application_documents(tx, f) {
    await tx.query(
      `insert into public.application_documents (tenant_id, application_id, item_id, kind,
         storage_key, file_name, content_type, size_bytes, uploaded_by)
       select i.tenant_id, i.application_id, i.id, 'diet_certificate', $2, 'certificato.pdf',
              'application/pdf', 1024, $3
         from public.application_items i where i.tenant_id = $1 limit 1`,
      [f.tenantId, newStorageKey(f.tenantId), f.users.family],
    );
  },
  async application_messages(tx, f) {
    await tx.query(
      `insert into public.application_messages (tenant_id, application_id, direction, subject,
         body, channel, author_id)
       select a.tenant_id, a.id, 'to_family', 'Esito della domanda',
              'La domanda è stata accolta.', 'email', $2
         from public.applications a where a.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.operator],
    );
  },
  async isee_attestations(tx, f) {
    await tx.query(
      `insert into public.isee_attestations (tenant_id, person_id, tax_code, kind, value_cents,
         protocol, presented_on, valid_until, source)
       select p.tenant_id, p.id, p.tax_code, 'minorenni', 1240000,
              'INPS-ISEE-2026-000123456X-00', '2026-01-20', '2026-12-31', 'inps'
         from public.applications a
         join public.people p on p.tenant_id = a.tenant_id and p.id = a.applicant_id
        where a.tenant_id = $1 limit 1`,
      [f.tenantId],
    );
  },
  async enrollments(tx, f) {
    await tx.query(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, application_item_id, site_id, class_id, starts_on, ends_on)
       select i.tenant_id, i.service_id, i.school_year_id, i.child_id, a.applicant_id,
              a.household_id, i.id, c.site_id, c.id, '2026-09-14', '2027-06-30'
         from public.application_items i
         join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
         join public.classes c on c.tenant_id = i.tenant_id
        where i.tenant_id = $1 order by c.name limit 1`,
      [f.tenantId],
    );
  },
};

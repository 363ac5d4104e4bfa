/**
 * For tests and the browser test: enrolls Sofia Ricci (household "Famiglia Ricci Colombo", whose
 * parents have accounts) in the post-school service in l.ferrari's class 1A, and switches the
 * diary on or off for that service. Runs as the database owner.
 *
 * @module
 */
import type { Db } from "../db/types.ts";

export interface DiaryScene {
  tenantId: string;
  teacherId: string;
  classId: string;
  otherClassId: string;
  serviceId: string;
  enrollmentId: string;
  parentIds: string[];
}

export async function diaryScene(db: Db, opts: { diary?: boolean } = {}): Promise<DiaryScene> {
  return await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ tenant_id: string; user_id: string; class_id: string }>(
      `select ct.tenant_id, ct.user_id, ct.class_id from public.class_teachers ct
         join public.users u on u.id = ct.user_id join public.classes c on c.id = ct.class_id
        where u.email = 'l.ferrari@scuola.valdiponte.example' and c.name = '1A'`,
    );
    const [other] = await tx.query<{ id: string }>(
      `select c.id from public.classes c where c.tenant_id = $1
          and c.id not in (select class_id from public.class_teachers where user_id = $2)
        order by c.name limit 1`,
      [t.tenant_id, t.user_id],
    );
    const [svc] = await tx.query<{ id: string }>(
      "update public.services set diary_enabled = $2, notices_enabled = true where tenant_id = $1 and code = 'POSTSCUOLA' returning id",
      [t.tenant_id, opts.diary ?? true],
    );
    const [e] = await tx.query<{ id: string }>(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, site_id, class_id, starts_on, ends_on)
       select $1, $2, c.school_year_id, child.id, parent.id, h.id, c.site_id, c.id,
              '2026-09-14', '2027-06-30'
         from public.classes c, public.households h
         join public.household_members mc on mc.tenant_id = h.tenant_id and mc.household_id = h.id
                                        and mc.role = 'minor'
         join public.people child on child.id = mc.person_id and child.name = 'Sofia'
         join public.household_members mp on mp.tenant_id = h.tenant_id and mp.household_id = h.id
                                        and mp.role = 'parent'
         join public.people parent on parent.id = mp.person_id and parent.name = 'Chiara'
        where c.id = $3 and h.tenant_id = $1 and h.name = 'Famiglia Ricci Colombo'
       returning id`,
      [t.tenant_id, svc.id, t.class_id],
    );
    const parents = await tx.query<{ id: string }>(
      `select id from public.users where email in
         ('chiara.colombo@posta.example', 'luca.ricci@posta.example') order by email`,
    );
    return {
      tenantId: t.tenant_id,
      teacherId: t.user_id,
      classId: t.class_id,
      otherClassId: other.id,
      serviceId: svc.id,
      enrollmentId: e.id,
      parentIds: parents.map((p) => p.id),
    };
  });
}

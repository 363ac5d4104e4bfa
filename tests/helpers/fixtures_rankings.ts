import type { Claims, Db } from "../../lib/db/types.ts";
import { createApplication, submitApplication } from "../../lib/enrollment/applications.ts";
import type { ApplicationInput } from "../../lib/enrollment/schemas.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * Rankings: criteria for the service of the Ente's application, a published ranking of that
 * service and year, and the family's entry in it (offered a place, still open).
 */
export const RANKING_FIXTURES: Record<string, Fixture> = {
  async ranking_criteria(tx, f) {
    await tx.query(
      `insert into public.ranking_criteria (tenant_id, service_id, school_year_id, rules, updated_by)
       select i.tenant_id, i.service_id, i.school_year_id,
              '{"criteria": [{"kind": "disability", "code": "disabilita", "label": "Disabilità", "points": 30}],
                "tie_breakers": ["lower_isee"], "residents_first": true, "offer_days": 7}', $2
         from public.application_items i where i.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.operator],
    );
  },
  async rankings(tx, f) {
    await tx.query(
      `insert into public.rankings (tenant_id, service_id, school_year_id, places, status, rules,
         reference_date, offer_days, computed_by, finalized_at, published_at, public_snapshot)
       select c.tenant_id, c.service_id, c.school_year_id, 1, 'published', c.rules, y.starts_on, 7,
              $2, now(), now(),
              jsonb_build_object('tenant', 'Comune di Montecalvo', 'service', 'Nido',
                'school_year', y.label, 'places', 1, 'published_at', now(),
                'entries', jsonb_build_array(jsonb_build_object('position', 1,
                  'protocol_number', '2026/900001', 'score', 0, 'group', 'resident',
                  'admitted', true)))
         from public.ranking_criteria c
         join public.school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
        where c.tenant_id = $1 limit 1`,
      [f.tenantId, f.users.operator],
    );
  },
  async ranking_entries(tx, f) {
    await tx.query(
      `insert into public.ranking_entries (tenant_id, ranking_id, application_id,
         application_item_id, protocol_number, score, breakdown, grp, position, state,
         offer_sent_at, offer_deadline)
       select r.tenant_id, r.id, i.application_id, i.id, a.protocol_number, 0,
              '[{"code": "disabilita", "label": "Disabilità", "points": 0, "detail": "no"}]',
              'resident', 1, 'offered', now(), now() + interval '7 days'
         from public.rankings r
         join public.application_items i on i.tenant_id = r.tenant_id
              and i.service_id = r.service_id and i.school_year_id = r.school_year_id
         join public.applications a on a.tenant_id = i.tenant_id and a.id = i.application_id
        where r.tenant_id = $1 limit 1`,
      [f.tenantId],
    );
  },
};

/** One nursery application to make in a test. */
export interface NurserySpec {
  name: string;
  birth_date: string;
  working_parents: 0 | 1 | 2;
  full_time?: boolean;
  resident?: boolean;
  disability?: boolean;
  /** Filed for the demo household "Famiglia Ricci Colombo" (its parents then see it). */
  ricciColombo?: boolean;
}

/**
 * Files and submits nursery applications in the demo Comune as the operator (at the counter,
 * outside the window), one child each, in the given order; returns their protocol numbers. Any
 * nursery application already submitted is withdrawn first.
 */
export async function nurseryApplications(db: Db, specs: NurserySpec[]): Promise<string[]> {
  // The demo may hold nursery applications of its own: withdrawn, so the ranking is these only.
  await db.asOwner((tx) =>
    tx.query(
      `update public.applications a
          set status = 'withdrawn', withdrawn_at = now(), withdrawal_reason = 'test'
        where a.status = 'submitted' and exists (
          select 1 from public.application_items i
            join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
           where i.tenant_id = a.tenant_id and i.application_id = a.id and s.code = 'NIDO')`,
    )
  );
  const [op] = await db.asOwner((tx) =>
    tx.query<{ id: string; tenant_id: string }>(
      `select u.id, m.tenant_id from public.users u
         join public.memberships m on m.user_id = u.id and m.role = 'operator'
        where lower(u.email) = 'm.rossi@comune.valdiponte.example'`,
    )
  );
  const operator: Claims = {
    sub: op.id,
    role: "authenticated",
    app_metadata: { tenant_id: op.tenant_id, roles: ["operator"] },
  };
  const out: string[] = [];
  for (const [n, s] of specs.entries()) {
    const protocol = await db.asUser(operator, async (tx) => {
      const [ctx] = await tx.query<{ service: string; year: string; household: string }>(
        `select s.id as service, sy.school_year_id as year,
                (select id from public.households where tenant_id = s.tenant_id
                  and name = 'Famiglia Ricci Colombo' limit 1) as household
           from public.services s
           join public.service_school_years sy on sy.tenant_id = s.tenant_id and sy.service_id = s.id
          where s.tenant_id = app.tenant_id() and s.code = 'NIDO' limit 1`,
      );
      const tax = `TSTNMO${String(n).padStart(2, "0")}A01H501${String.fromCharCode(65 + n)}`;
      const id = await createApplication(tx, {
        school_year_id: ctx.year,
        kind: "new",
        household_id: s.ricciColombo ? ctx.household : undefined,
        applicant: {
          surname: "Genitore",
          name: `Di ${s.name}`,
          tax_code: "CLMCHR88M61D612J",
          email: s.ricciColombo ? "chiara.colombo@posta.example" : `famiglia${n}@posta.example`,
          resident: s.resident ?? true,
        },
        declarations: { privacy: "2026-04-02T09:00:00Z" },
        items: [{
          service_id: ctx.service,
          child: {
            surname: "Prova",
            name: s.name,
            tax_code: tax,
            birth_date: s.birth_date,
            resident: s.resident ?? true,
            disability: s.disability ?? false,
          },
          answers: {
            frequenza: s.full_time === false ? "part_time" : "tempo_pieno",
            genitori_lavoratori: s.working_parents,
          },
        }],
      } as unknown as ApplicationInput, { userId: op.id, channel: "counter" });
      return (await submitApplication(tx, id)).protocol_number;
    });
    out.push(protocol);
  }
  return out;
}

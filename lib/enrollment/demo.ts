/**
 * The demo Comune's enrollments for 2026/27: applications submitted in May and accepted in June,
 * turned into effective enrollments with their tariff — canteen for the school-age children in
 * their classes (two with a diet), transport with a stop for three, the nursery for a baby not
 * yet in the registry (created by the enrollment) — and the households' ISEE attestations: most
 * valid, one self-declared to verify, one expired, one missing, so the flags show. In the
 * household "Famiglia Ricci Colombo" only the eldest, Giulia, is enrolled (canteen and bus), so
 * whoever tries the demo as one of its parents sees attendance, diary, meal cancellations and the
 * tariff explanation; Sofia and Tommaso are left without applications: they are the children the
 * family applies for in the demo and in the tests.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { generateCodiceFiscale } from "../codes/mod.ts";
import { enrollItems } from "./enrollments.ts";

export interface DemoItem {
  /** Registry child by name, or a child not yet in the registry (`tax_code`, `birth_date`). */
  child: { surname: string; name: string; tax_code?: string; birth_date?: string; sex?: "M" | "F" };
  service: string;
  site?: string;
  class?: string;
  diet?: string;
  stop?: string;
  mode?: "full_time" | "part_time";
  disability?: boolean;
}

export interface DemoApplication {
  household: string;
  /** The applicant (payer) by name, a parent of the household. */
  applicant: { surname: string; name: string };
  submittedAt: string;
  items: DemoItem[];
}

/**
 * Inserts an application as the family would have filed it, submits it through
 * `app.submit_application` (protocol number, receipt order) and accepts every item. Needs the
 * caller's claims to name the Ente and a staff role. Returns the item ids.
 */
export async function acceptedApplication(
  tx: Tx,
  a: DemoApplication,
  reviewerId: string | null,
): Promise<string[]> {
  const [h] = await tx.query<{ household_id: string; year_id: string; applicant: unknown }>(
    `select h.id as household_id,
            (select id from public.school_years where tenant_id = app.tenant_id()
              and label = '2026/27') as year_id,
            (select jsonb_build_object('id', p.id, 'surname', p.surname, 'name', p.name,
                      'tax_code', p.tax_code, 'email', p.email, 'resident', p.resident,
                      'address', p.residence_address)
               from public.people p join public.household_members m
                 on m.tenant_id = p.tenant_id and m.person_id = p.id
              where m.household_id = h.id and p.surname = $2 and p.name = $3) as applicant
       from public.households h where h.tenant_id = app.tenant_id() and h.name = $1`,
    [a.household, a.applicant.surname, a.applicant.name],
  );
  if (!h?.applicant || !h.year_id) throw new Error(`demo application: ${a.household}`);
  const applicant = h.applicant as Record<string, unknown>;
  const [{ id }] = await tx.query<{ id: string }>(
    `insert into public.applications (tenant_id, school_year_id, kind, household_id, applicant_id,
       applicant, declarations, channel)
     values (app.tenant_id(), $1, 'new', $2, $3, $4, $5, 'online') returning id`,
    [
      h.year_id,
      h.household_id,
      applicant.id,
      { ...applicant, id: undefined },
      { privacy: a.submittedAt, veridicita: a.submittedAt },
    ],
  );
  const items: string[] = [];
  for (const it of a.items) {
    const [row] = await tx.query<{ id: string }>(
      `with child as (
         select p.id, p.tax_code, p.birth_date::text as birth_date, p.sex, p.resident
           from public.people p
           join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
          where m.household_id = $2 and p.surname = $3 and p.name = $4 and p.merged_into is null),
       svc as (select id from public.services where tenant_id = app.tenant_id() and code = $5),
       cls as (select c.id, c.site_id, c.school_level, c.grade from public.classes c
                 join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id
                where c.tenant_id = app.tenant_id() and c.school_year_id = $1
                  and s.name = $6 and c.name = $7),
       stop as (select st.id, st.route_id from public.transport_stops st
                 where st.tenant_id = app.tenant_id() and st.name = $9 limit 1)
       insert into public.application_items (tenant_id, application_id, service_id,
         school_year_id, child_id, child, child_tax_code, site_id, class_id, school_level, grade,
         mode, diet_id, route_id, stop_id)
       select app.tenant_id(), $8, (select id from svc), $1, (select id from child),
              jsonb_build_object('surname', $3::text, 'name', $4::text,
                'tax_code', coalesce((select tax_code from child), $10),
                'birth_date', coalesce((select birth_date from child), $11),
                'sex', coalesce((select sex from child), $12),
                'resident', coalesce((select resident from child), true),
                'disability', $13::boolean),
              coalesce((select tax_code from child), $10),
              (select site_id from cls), (select id from cls),
              coalesce((select school_level from cls), case when $5 = 'NIDO' then 'nido' end),
              (select case when school_level in ('primaria', 'secondaria_primo_grado')
                           then grade end from cls),
              $14,
              (select d.id from public.canteen_diets d join svc on d.service_id = svc.id
                where d.code = $15),
              (select route_id from stop), (select id from stop)
       returning id`,
      [
        h.year_id,
        h.household_id,
        it.child.surname,
        it.child.name,
        it.service,
        it.site ?? null,
        it.class ?? null,
        id,
        it.stop ?? null,
        it.child.tax_code ?? null,
        it.child.birth_date ?? null,
        it.child.sex ?? null,
        it.disability ?? false,
        it.mode ?? null,
        it.diet ?? null,
      ],
    );
    items.push(row.id);
  }
  await tx.query("select * from app.submit_application($1)", [id]);
  await tx.query(
    `update public.application_items set outcome = 'accepted', reviewed_by = $2,
            reviewed_at = $3::timestamptz + interval '30 days',
            communicated_at = $3::timestamptz + interval '31 days', communicated_via = 'portal'
      where tenant_id = app.tenant_id() and application_id = $1`,
    [id, reviewerId, a.submittedAt],
  );
  return items;
}

const PASCOLI = "Scuola primaria Giovanni Pascoli";
const GIRASOLE = "Scuola dell'infanzia Il Girasole";
const PULCINO = "Asilo nido comunale Il Pulcino";
const canteen = (surname: string, name: string, site: string, cls: string, diet?: string) => ({
  child: { surname, name },
  service: "MENSA",
  site,
  class: cls,
  diet,
});
const bus = (surname: string, name: string, stop: string) => ({
  child: { surname, name },
  service: "TRASPORTO",
  site: PASCOLI,
  stop,
});

export const DEMO_APPLICATIONS: DemoApplication[] = [
  {
    household: "Famiglia Moretti",
    applicant: { surname: "Galli", name: "Valentina" },
    submittedAt: "2026-05-04T09:12:31+02:00",
    items: [
      canteen("Moretti", "Giorgio", PASCOLI, "4A"),
      canteen("Moretti", "Alice", PASCOLI, "2A"),
      canteen("Moretti", "Pietro", GIRASOLE, "Sezione A"),
      bus("Moretti", "Giorgio", "Piazza Leopoldo"),
    ],
  },
  {
    household: "Famiglia Barbieri",
    applicant: { surname: "Barbieri", name: "Francesca" },
    submittedAt: "2026-05-04T10:03:05+02:00",
    items: [
      canteen("Barbieri", "Leonardo", PASCOLI, "5A"),
      bus("Barbieri", "Leonardo", "Largo Brambilla"),
    ],
  },
  {
    household: "Famiglia Lombardi",
    applicant: { surname: "Fontana", name: "Serena" },
    submittedAt: "2026-05-05T18:40:00+02:00",
    items: [canteen("Lombardi", "Edoardo", PASCOLI, "3A")],
  },
  {
    household: "Famiglia Popescu",
    applicant: { surname: "Popescu", name: "Maria" },
    submittedAt: "2026-05-06T08:15:42+02:00",
    items: [
      canteen("Popescu", "Andrei", PASCOLI, "4A"),
      canteen("Popescu", "Ana", GIRASOLE, "Sezione B"),
    ],
  },
  {
    household: "Famiglia Ricci Colombo",
    applicant: { surname: "Colombo", name: "Chiara" },
    submittedAt: "2026-05-05T20:14:09+02:00",
    items: [
      canteen("Ricci", "Giulia", PASCOLI, "4A"),
      bus("Ricci", "Giulia", "Piazza Leopoldo"),
    ],
  },
  {
    household: "Famiglia El Amrani",
    applicant: { surname: "El Amrani", name: "Youssef" },
    submittedAt: "2026-05-07T12:20:10+02:00",
    items: [
      canteen("El Amrani", "Amina", PASCOLI, "5A", "NO-MAIALE"),
      canteen("El Amrani", "Omar", PASCOLI, "2A", "NO-MAIALE"),
    ],
  },
  {
    household: "Famiglia Gallo Rinaldi",
    applicant: { surname: "Rinaldi", name: "Martina" },
    submittedAt: "2026-05-08T21:05:55+02:00",
    items: [
      canteen("Gallo", "Emma", PASCOLI, "4A"),
      bus("Gallo", "Emma", "Viale Morgagni – Careggi"),
    ],
  },
  {
    household: "Famiglia Ferri",
    applicant: { surname: "Caruso", name: "Laura" },
    submittedAt: "2026-04-15T09:00:00+02:00",
    items: [
      canteen("Ferri", "Bianca", GIRASOLE, "Sezione C"),
      {
        child: {
          surname: "Ferri",
          name: "Leone",
          tax_code: generateCodiceFiscale({
            surname: "Ferri",
            name: "Leone",
            birthDate: "2025-10-20",
            sex: "M",
            placeCode: "D612",
          }),
          birth_date: "2025-10-20",
          sex: "M",
        },
        service: "NIDO",
        site: PULCINO,
        class: "Lattanti",
        mode: "full_time",
      },
    ],
  },
  {
    household: "Famiglia D'Angelo",
    applicant: { surname: "D'Angelo", name: "Marco" },
    submittedAt: "2026-05-11T07:58:03+02:00",
    items: [
      canteen("D'Angelo", "Gabriele", PASCOLI, "5A"),
      canteen("D'Angelo", "Beatrice", PASCOLI, "2A"),
    ],
  },
  {
    household: "Famiglia Costa",
    applicant: { surname: "Costa", name: "Federica" },
    submittedAt: "2026-05-12T16:30:00+02:00",
    items: [canteen("Costa", "Riccardo", PASCOLI, "3A", "CELIACHIA")],
  },
  {
    household: "Famiglia Bruno",
    applicant: { surname: "Bruno", name: "Alessio" },
    submittedAt: "2026-05-13T11:11:11+02:00",
    items: [canteen("Bruno", "Mattia", PASCOLI, "5A")],
  },
];

/** ISEE of the demo households: [household, declarant, kind, euro, valid until, source/status]. */
export const DEMO_ISEE: [string, string, string, number, string, "inps" | "self_declared"][] = [
  ["Famiglia Moretti", "Galli Valentina", "minorenni", 8_500, "2026-12-31", "inps"],
  ["Famiglia Barbieri", "Barbieri Francesca", "ordinario", 5_200, "2026-12-31", "inps"],
  ["Famiglia Popescu", "Popescu Maria", "minorenni", 11_000, "2026-12-31", "inps"],
  ["Famiglia El Amrani", "El Amrani Youssef", "ordinario", 4_300, "2026-12-31", "self_declared"],
  // Presented in 2025 and never renewed: expired for the whole school year.
  ["Famiglia Gallo Rinaldi", "Rinaldi Martina", "ordinario", 24_000, "2025-12-31", "inps"],
  ["Famiglia Ferri", "Caruso Laura", "minorenni", 14_500, "2026-12-31", "inps"],
  ["Famiglia D'Angelo", "D'Angelo Marco", "ordinario", 31_000, "2026-12-31", "inps"],
  ["Famiglia Costa", "Costa Federica", "minorenni", 9_800, "2026-12-31", "inps"],
  ["Famiglia Bruno", "Bruno Alessio", "ordinario", 20_000, "2026-12-31", "inps"],
  // Famiglia Lombardi presented none: missing.
];

async function seedIsee(tx: Tx): Promise<void> {
  for (const [i, [household, who, kind, euro, until, source]] of DEMO_ISEE.entries()) {
    const year = until.slice(0, 4);
    await tx.query(
      `insert into public.isee_attestations (tenant_id, person_id, tax_code, kind, value_cents,
         protocol, presented_on, valid_until, source, status, verified_at, retrieved_at)
       select p.tenant_id, p.id, p.tax_code, $3, $4, $5, $6::date, $7::date, $8::text, $9,
              case when $8::text = 'inps' then $6::date::timestamptz end, $6::date::timestamptz
         from public.people p
         join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
         join public.households h on h.tenant_id = m.tenant_id and h.id = m.household_id
        where p.tenant_id = app.tenant_id() and h.name = $1
          and concat_ws(' ', p.surname, p.name) = $2`,
      [
        household,
        who,
        kind,
        euro * 100,
        `INPS-ISEE-${year}-${String(40000 + i * 137).padStart(9, "0")}X-00`,
        `${year}-01-${String(10 + i).padStart(2, "0")}`,
        until,
        source,
        source === "inps" ? "valid" : "to_verify",
      ],
    );
  }
}

/**
 * Seeds the demo enrollments (inside `seedDemo`'s transaction, as service_role, after the
 * registry, services, sites, transport and tariffs). The Ente and a staff role are put in the
 * transaction's claims, as the functions read them, and the previous claims restored after.
 */
export async function seedDemoEnrollments(tx: Tx, tenantId: string): Promise<void> {
  const [{ previous, admin }] = await tx.query<{ previous: string | null; admin: string | null }>(
    `select current_setting('request.jwt.claims', true) as previous,
            (select u.id from public.users u join public.memberships m on m.user_id = u.id
              where m.tenant_id = $1 and m.role = 'operator' order by u.email limit 1) as admin`,
    [tenantId],
  );
  await tx.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({
      role: "service_role",
      sub: admin,
      app_metadata: { tenant_id: tenantId, roles: ["operator"] },
    }),
  ]);
  await seedIsee(tx);
  const items: string[] = [];
  for (const a of DEMO_APPLICATIONS) {
    const ids = await acceptedApplication(tx, a, admin);
    // Filed in spring: the receipt time is the family's, not the seed's.
    await tx.query(
      `update public.applications set submitted_at = $2
        where id = (select application_id from public.application_items where id = $1)`,
      [ids[0], a.submittedAt],
    );
    items.push(...ids);
  }
  const report = await enrollItems(tx, items, { userId: admin });
  const refused = report.filter((r) => r.result === "refused");
  if (refused.length) {
    throw new Error(`demo enrollments: ${refused.map((r) => r.message?.en).join("; ")}`);
  }
  await tx.query("select set_config('request.jwt.claims', $1, true)", [previous ?? ""]);
}

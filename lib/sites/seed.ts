/**
 * The demo Comune's sites and classes: a scuola dell'infanzia, a primaria and an asilo nido in
 * Valdiponte (an invented Comune near Florence, coordinates in the Florentine plain), the classes
 * of 2026/27 and the two demo teachers assigned to some of them.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { createClass } from "./classes.ts";
import type { SchoolLevel } from "./rules.ts";
import { createSite, type SiteValues } from "./sites.ts";

const SCHOOL_YEAR = { label: "2026/27", starts_on: "2026-09-01", ends_on: "2027-08-31" };

interface DemoSite {
  values: SiteValues;
  /** Kinds of service delivered there, linked when the demo has them. */
  services: string[];
  classes: { name: string; level: SchoolLevel; grade: number | null; capacity: number }[];
}

const place = { postal_code: "50099", municipality: "Valdiponte" };

export const DEMO_SITES: DemoSite[] = [
  {
    values: {
      name: "Scuola dell'infanzia Il Girasole",
      kind: "school",
      school_code: "FIAA83201A",
      address: "Via dei Tigli 8",
      ...place,
      latitude: 43.787412,
      longitude: 11.216305,
      capacity: 75,
      min_age_months: 36,
      max_age_months: 72,
      residency_priority: true,
      criteria: [],
    },
    services: ["canteen", "pre_school"],
    classes: [
      { name: "Sezione A", level: "infanzia", grade: null, capacity: 25 },
      { name: "Sezione B", level: "infanzia", grade: null, capacity: 25 },
      { name: "Sezione C", level: "infanzia", grade: null, capacity: 25 },
    ],
  },
  {
    values: {
      name: "Scuola primaria Giovanni Pascoli",
      kind: "school",
      school_code: "FIEE83202B",
      address: "Via Giuseppe Mazzini 45",
      ...place,
      latitude: 43.792135,
      longitude: 11.240288,
      capacity: 250,
      min_age_months: 66,
      max_age_months: 132,
      residency_priority: false,
      criteria: [],
    },
    services: ["canteen", "transport", "pre_school", "post_school"],
    classes: [1, 2, 3, 4, 5].map((grade) => ({
      name: `${grade}A`,
      level: "primaria" as const,
      grade,
      capacity: 25,
    })),
  },
  {
    values: {
      name: "Asilo nido comunale Il Pulcino",
      kind: "nursery",
      school_code: null,
      address: "Via delle Rose 3",
      ...place,
      latitude: 43.780164,
      longitude: 11.266941,
      capacity: 42,
      min_age_months: 3,
      max_age_months: 36,
      residency_priority: true,
      criteria: [
        { code: "disabilita", label: "Bambina o bambino con disabilità (L. 104/1992)", points: 30 },
        { code: "genitori_lavoratori", label: "Entrambi i genitori lavorano", points: 10 },
        { code: "fratelli_iscritti", label: "Fratelli o sorelle già iscritti al nido", points: 5 },
      ],
    },
    services: ["nursery"],
    classes: [
      { name: "Lattanti", level: "nido", grade: 1, capacity: 10 },
      { name: "Semidivezzi", level: "nido", grade: 2, capacity: 14 },
      { name: "Divezzi", level: "nido", grade: 3, capacity: 18 },
    ],
  },
];

/** Which demo teacher (by e-mail) teaches which class (site name, class name). */
export const DEMO_ASSIGNMENTS: { email: string; site: string; class: string }[] = [
  { email: "l.ferrari@scuola.valdiponte.example", site: DEMO_SITES[1].values.name, class: "1A" },
  { email: "l.ferrari@scuola.valdiponte.example", site: DEMO_SITES[1].values.name, class: "2A" },
  {
    email: "a.romano@scuola.valdiponte.example",
    site: DEMO_SITES[0].values.name,
    class: "Sezione A",
  },
  { email: "a.romano@scuola.valdiponte.example", site: DEMO_SITES[1].values.name, class: "5A" },
];

/**
 * Loads the demo sites and classes into Ente `tenantId` (inside `seedDemo`'s transaction, as
 * service_role). The school year 2026/27 is created unless another area's seed made it already.
 */
export async function seedDemoSites(tx: Tx, tenantId: string): Promise<void> {
  await tx.query(
    `insert into public.school_years (tenant_id, label, starts_on, ends_on)
     values ($1, $2, $3, $4) on conflict (tenant_id, label) do nothing`,
    [tenantId, SCHOOL_YEAR.label, SCHOOL_YEAR.starts_on, SCHOOL_YEAR.ends_on],
  );
  const [year] = await tx.query<{ id: string }>(
    "select id from public.school_years where tenant_id = $1 and label = $2",
    [tenantId, SCHOOL_YEAR.label],
  );
  const teachers = new Map(
    (await tx.query<{ email: string; id: string }>(
      `select lower(u.email) as email, u.id from public.users u
         join public.memberships m on m.user_id = u.id and m.tenant_id = $1 and m.role = 'teacher'`,
      [tenantId],
    )).map((r) => [r.email, r.id]),
  );
  for (const s of DEMO_SITES) {
    const services = await tx.query<{ id: string }>(
      "select id from public.services where tenant_id = $1 and kind = any($2::text[])",
      [tenantId, s.services],
    );
    const site = await createSite(tx, s.values, services.map((r) => r.id), tenantId);
    for (const c of s.classes) {
      const ids = DEMO_ASSIGNMENTS
        .filter((a) => a.site === s.values.name && a.class === c.name)
        .map((a) => teachers.get(a.email))
        .filter((id): id is string => !!id);
      await createClass(
        tx,
        {
          school_year_id: year.id,
          site_id: site.id,
          name: c.name,
          school_level: c.level,
          grade: c.grade,
          capacity: c.capacity,
        },
        ids,
        tenantId,
      );
    }
  }
}

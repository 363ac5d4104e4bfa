/**
 * School years, classes (sections) and their teachers. Every function runs in the caller's
 * transaction (`db.asUser`): staff see all classes of their Ente, a teacher only their own.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { mapDbError, SitesError } from "./errors.ts";
import type { SchoolLevel } from "./rules.ts";
import { siteChoices } from "./sites.ts";
import { isUuid } from "../codes/uuid.ts";

export interface SchoolYear {
  id: string;
  label: string;
  /** `YYYY-MM-DD` */
  starts_on: string;
  ends_on: string;
}

export interface ClassValues {
  school_year_id: string;
  site_id: string;
  name: string;
  school_level: SchoolLevel;
  grade: number | null;
  capacity: number | null;
}

export interface ClassTeacher {
  user_id: string;
  /** Null when the caller may not see the person (a teacher sees only themselves). */
  full_name: string | null;
}

export interface SchoolClass extends ClassValues {
  id: string;
  school_year_label: string;
  site_name: string;
  teachers: ClassTeacher[];
  created_at: string;
  updated_at: string;
}

export const CLASS_FIELDS = [
  "school_year_id",
  "site_id",
  "name",
  "school_level",
  "grade",
  "capacity",
] as const satisfies readonly (keyof ClassValues)[];

const iso = (d: Date | string) => new Date(d).toISOString();

/** School years of the caller's Ente, latest first. */
export async function listSchoolYears(tx: Tx): Promise<SchoolYear[]> {
  return await tx.query<SchoolYear>(
    "select id, label, starts_on, ends_on from public.school_years order by starts_on desc",
  );
}

/**
 * The school year a page opens on: the one running on `today`, else the next to start, else the
 * latest. `currentSchoolYear(years, "2026-11-28")`
 */
export function currentSchoolYear(years: SchoolYear[], today: string): SchoolYear | null {
  const running = years.find((y) => y.starts_on <= today && today <= y.ends_on);
  if (running) return running;
  const next = years.filter((y) => y.starts_on > today)
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on))[0];
  return next ?? years[0] ?? null;
}

const CLASS_SELECT = `
  select c.id, c.school_year_id, y.label as school_year_label, c.site_id, s.name as site_name,
         c.name, c.school_level, c.grade, c.capacity, c.created_at, c.updated_at,
         coalesce((select jsonb_agg(jsonb_build_object('user_id', ct.user_id, 'full_name', u.full_name)
                                    order by lower(u.full_name), ct.user_id)
                     from public.class_teachers ct
                     left join public.users u on u.id = ct.user_id
                    where ct.tenant_id = c.tenant_id and ct.class_id = c.id), '[]') as teachers
    from public.classes c
    join public.school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
    join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id`;

type ClassRow = Omit<SchoolClass, "created_at" | "updated_at"> & {
  created_at: Date | string;
  updated_at: Date | string;
};

const LEVEL_ORDER = "array['nido', 'infanzia', 'primaria', 'secondaria_primo_grado']";
const ORDER = `order by lower(s.name), array_position(${LEVEL_ORDER}, c.school_level),
                        c.grade nulls first, lower(c.name), c.id`;

function toClass(r: ClassRow): SchoolClass {
  return { ...r, created_at: iso(r.created_at), updated_at: iso(r.updated_at) };
}

export interface ClassQuery {
  school_year_id?: string | null;
  site_id?: string | null;
  /** Only the classes the caller teaches. */
  mine?: boolean;
  limit: number;
  offset: number;
}

/** A page of the classes the caller can see, by site, level, grade and name. */
export async function listClasses(
  tx: Tx,
  query: ClassQuery,
): Promise<{ items: SchoolClass[]; total: number }> {
  const where = `where ($1::uuid is null or c.school_year_id = $1)
                   and ($2::uuid is null or c.site_id = $2)
                   and (not $3::boolean or exists (
                     select 1 from public.class_teachers ct
                      where ct.tenant_id = c.tenant_id and ct.class_id = c.id
                        and ct.user_id = app.user_id()))`;
  const params = [query.school_year_id ?? null, query.site_id ?? null, query.mine ?? false];
  const [{ total }] = await tx.query<{ total: number }>(
    `select count(*)::int as total from public.classes c
       join public.sites s on s.tenant_id = c.tenant_id and s.id = c.site_id ${where}`,
    params,
  );
  const rows = await tx.query<ClassRow>(
    `${CLASS_SELECT} ${where} ${ORDER} limit $4 offset $5`,
    [...params, query.limit, query.offset],
  );
  return { items: rows.map(toClass), total };
}

/** One class, or null when it does not exist or the caller may not see it. */
export async function getClass(tx: Tx, id: string): Promise<SchoolClass | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<ClassRow>(`${CLASS_SELECT} where c.id = $1`, [id]);
  return row ? toClass(row) : null;
}

/** The year and site must be the caller's Ente's: a clear refusal rather than a foreign-key one. */
async function checkReferences(tx: Tx, v: Partial<ClassValues>) {
  if (v.school_year_id !== undefined) {
    const found = isUuid(v.school_year_id) && (await tx.query(
          "select 1 from public.school_years where id = $1",
          [v.school_year_id],
        )).length > 0;
    if (!found) {
      throw new SitesError("unknown_school_year", {
        it: "Scegli un anno scolastico del tuo Ente.",
        en: "Choose a school year of your Ente.",
      }, "school_year_id");
    }
  }
  if (v.site_id !== undefined) {
    const found = isUuid(v.site_id) &&
      (await tx.query("select 1 from public.sites where id = $1", [v.site_id])).length > 0;
    if (!found) {
      throw new SitesError("unknown_site", {
        it: "Scegli un plesso del tuo Ente.",
        en: "Choose a site of your Ente.",
      }, "site_id");
    }
  }
}

/** Creates a class in the caller's Ente (or `tenantId`, for the seed) with its teachers. */
export async function createClass(
  tx: Tx,
  values: ClassValues,
  teacherIds: string[] = [],
  tenantId: string | null = null,
): Promise<SchoolClass> {
  await checkReferences(tx, values);
  let id: string;
  try {
    [{ id }] = await tx.query<{ id: string }>(
      `insert into public.classes (tenant_id, ${CLASS_FIELDS.join(", ")})
       values (coalesce($1::uuid, app.tenant_id()), $2, $3, $4, $5, $6, $7) returning id`,
      [tenantId, ...CLASS_FIELDS.map((f) => values[f])],
    );
  } catch (e) {
    throw mapDbError(e);
  }
  await setClassTeachers(tx, id, teacherIds);
  return (await getClass(tx, id))!;
}

/**
 * Changes the fields in `patch` and, when `teacherIds` is given, the teachers. Null when the
 * class does not exist or is not the caller's to change.
 */
export async function updateClass(
  tx: Tx,
  id: string,
  patch: Partial<ClassValues>,
  teacherIds?: string[],
): Promise<SchoolClass | null> {
  if (!isUuid(id)) return null;
  const fields = CLASS_FIELDS.filter((f) => patch[f] !== undefined);
  await checkReferences(tx, patch);
  let rows: { id: string }[];
  try {
    rows = await tx.query<{ id: string }>(
      `update public.classes
          set ${[...fields.map((f, i) => `${f} = $${i + 2}`), "updated_at = now()"].join(", ")}
        where id = $1 returning id`,
      [id, ...fields.map((f) => patch[f])],
    );
  } catch (e) {
    throw mapDbError(e);
  }
  if (rows.length === 0) return null;
  if (teacherIds) await setClassTeachers(tx, id, teacherIds);
  return await getClass(tx, id);
}

/**
 * Makes the class's teachers exactly `userIds`; each must hold the teacher role in the Ente.
 * False when the caller cannot see the class; RLS refuses the change (42501) to non-staff.
 */
export async function setClassTeachers(
  tx: Tx,
  classId: string,
  userIds: string[],
): Promise<boolean> {
  if (!isUuid(classId)) return false;
  const ids = [...new Set(userIds.map((u) => u.toLowerCase()))];
  const [cls] = await tx.query<{ tenant_id: string }>(
    "select tenant_id from public.classes where id = $1",
    [classId],
  );
  if (!cls) return false;
  const teachers = ids.every((u) => isUuid(u))
    ? await tx.query<{ user_id: string }>(
      `select user_id from public.memberships
        where tenant_id = $1 and role = 'teacher' and user_id = any($2::uuid[])`,
      [cls.tenant_id, ids],
    )
    : [];
  if (teachers.length !== ids.length) {
    throw new SitesError("not_a_teacher", {
      it: "Puoi assegnare solo persone con il profilo docente nel tuo Ente.",
      en: "Only people with the teacher role in your Ente can be assigned.",
    }, "teachers");
  }
  await tx.query(
    "delete from public.class_teachers where class_id = $1 and not (user_id = any($2::uuid[]))",
    [classId, ids],
  );
  await tx.query(
    `insert into public.class_teachers (tenant_id, class_id, user_id)
     select $3, $1, x from unnest($2::uuid[]) x on conflict do nothing`,
    [classId, ids, cls.tenant_id],
  );
  return true;
}

/** People with the teacher role in the caller's Ente, by name: the choices of a class form. */
export async function teacherChoices(
  tx: Tx,
): Promise<{ user_id: string; full_name: string; email: string }[]> {
  return await tx.query(
    `select u.id as user_id, u.full_name, u.email
       from public.memberships m join public.users u on u.id = m.user_id
      where m.tenant_id = app.tenant_id() and m.role = 'teacher'
      order by lower(u.full_name), u.id`,
  );
}

/** Everything a class form offers: school years, sites and teachers of the caller's Ente. */
export async function classFormChoices(tx: Tx) {
  return {
    years: await listSchoolYears(tx),
    sites: await siteChoices(tx),
    teachers: await teacherChoices(tx),
  };
}

/**
 * Test support for the review: submitted applications of the demo family, filed as the office
 * files them at the counter (through the same functions as the API). Used by tests only.
 *
 * @module
 */
import type { Claims, Db, Tx } from "../db/types.ts";
import { checkApplication, createApplication, submitApplication } from "./applications.ts";
import { ApplicationInput } from "./schemas.ts";

export interface DemoFacts {
  canteenId: string;
  yearId: string;
  kids: { id: string; tax_code: string; name: string; birth_date: string }[];
  applicant: { id: string; tax_code: string; household_id: string };
}

/** The demo canteen, its school year, the Ricci children and their mother. */
export async function demoFacts(db: Db): Promise<DemoFacts> {
  return await db.asOwner(async (tx) => {
    const [s] = await tx.query<{ id: string; year: string }>(
      `select s.id, (select y.school_year_id from public.service_school_years y
                      where y.service_id = s.id limit 1) as year
         from public.services s where s.code = 'MENSA'`,
    );
    const kids = await tx.query<DemoFacts["kids"][number]>(
      `select p.id, p.tax_code, p.name, p.birth_date::text from public.people p
        where p.surname = 'Ricci' and p.name in ('Sofia', 'Tommaso') order by p.name`,
    );
    const [applicant] = await tx.query<DemoFacts["applicant"]>(
      `select p.id, p.tax_code, m.household_id from public.people p
         join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
        where p.surname = 'Colombo' and p.name = 'Chiara'`,
    );
    return { canteenId: s.id, yearId: s.year, kids, applicant };
  });
}

/** The API/portal body of a canteen application of Chiara Colombo for `kids`. */
export function canteenBody(f: DemoFacts, kids = f.kids, email = "chiara.colombo@posta.example") {
  return {
    school_year_id: f.yearId,
    household_id: f.applicant.household_id,
    applicant_id: f.applicant.id,
    applicant: { surname: "Colombo", name: "Chiara", tax_code: f.applicant.tax_code, email },
    declarations: { privacy: "2026-11-28T09:00:00Z" },
    items: kids.map((k) => ({
      service_id: f.canteenId,
      child_id: k.id,
      child: { surname: "Ricci", name: k.name, tax_code: k.tax_code, birth_date: k.birth_date },
      answers: {
        codice_fiscale_alunno: k.tax_code,
        data_nascita: k.birth_date,
        allergie: "no",
        consenso: true,
      },
    })),
  };
}

/** The claims of a user of the demo Ente, as a session would carry them. */
export async function claimsOf(db: Db, email: string): Promise<Claims> {
  return await db.asOwner(async (tx) => {
    const [r] = await tx.query<{ id: string; tenant_id: string; roles: string[] }>(
      `select u.id, m.tenant_id, array_agg(m.role::text) as roles
         from public.users u join public.memberships m on m.user_id = u.id
        where u.email = $1 group by u.id, m.tenant_id`,
      [email],
    );
    return {
      sub: r.id,
      role: "authenticated",
      app_metadata: { tenant_id: r.tenant_id, roles: r.roles },
    } as unknown as Claims;
  });
}

/** Files and submits an application as the operator (counter); returns its id. */
export async function fileApplication(
  db: Db,
  body: unknown,
  operatorEmail = "m.rossi@comune.valdiponte.example",
): Promise<string> {
  const claims = await claimsOf(db, operatorEmail);
  return await db.asUser(claims, async (tx: Tx) => {
    const input = ApplicationInput.parse(body);
    await checkApplication(tx, input);
    const id = await createApplication(tx, input, { userId: claims.sub, channel: "counter" });
    await submitApplication(tx, id);
    return id;
  });
}

/** Removes the demo's applications (and the enrollments made from them), for tests that count. */
export async function clearApplications(db: Db): Promise<void> {
  await db.asOwner(async (tx) => {
    await tx.query("delete from public.enrollments");
    await tx.query("delete from public.applications");
  });
}

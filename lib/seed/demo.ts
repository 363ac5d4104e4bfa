import { seedDemoMeals } from "../attendance/cancel_demo.ts";
import { hashPassword } from "../auth/password.ts";
import type { Db, MemberRole, Tx } from "../db/types.ts";
import { seedDemoEnrollments } from "../enrollment/demo.ts";
import { seedDemoDiary } from "../diary/demo.ts";
import { seedDemoRankings } from "../rankings/demo.ts";
import { seedDemoPortal } from "../enrollment/demo_portal.ts";
import { seedDemoRegistry } from "../registry/demo.ts";
import { seedDemoServices } from "../services/seed.ts";
import { seedDemoSites } from "../sites/seed.ts";
import { seedDemoTariffs } from "../tariffs/demo.ts";
import { seedDemoTransport } from "../transport/seed.ts";

export const DEMO_PASSWORD = "Piazza-Demo-2026";

export interface DemoUser {
  email: string;
  fullName: string;
  taxCode: string;
  role: MemberRole | "superadmin";
}

/**
 * The demo Comune: invented, but with codes that pass the official checks (D612 is Firenze's
 * Belfiore code, H501 Roma's; `lib/seed/demo_test.ts` validates every code).
 */
export const DEMO_TENANT = {
  name: "Comune di Valdiponte",
  taxCode: "80004310241",
  istatCode: "048099",
  pec: "protocollo@pec.comune.valdiponte.example",
  email: "servizi.scolastici@comune.valdiponte.example",
  phone: "+39 055 123 4567",
  address: "Piazza del Municipio 1, 50099 Valdiponte (FI)",
  website: "https://www.comune.valdiponte.example",
};

export const DEMO_USERS: DemoUser[] = [
  {
    email: "admin@comune.valdiponte.example",
    fullName: "Giulia Bianchi",
    taxCode: "BNCGLI80A41D612G",
    role: "admin",
  },
  {
    email: "m.rossi@comune.valdiponte.example",
    fullName: "Marco Rossi",
    taxCode: "RSSMRC75C12D612N",
    role: "operator",
  },
  {
    email: "f.esposito@comune.valdiponte.example",
    fullName: "Francesca Esposito",
    taxCode: "SPSFNC82H52D612I",
    role: "operator",
  },
  {
    email: "l.ferrari@scuola.valdiponte.example",
    fullName: "Laura Ferrari",
    taxCode: "FRRLRA79E47D612H",
    role: "teacher",
  },
  {
    email: "a.romano@scuola.valdiponte.example",
    fullName: "Alessandro Romano",
    taxCode: "RMNLSN85P03D612E",
    role: "teacher",
  },
  {
    email: "chiara.colombo@posta.example",
    fullName: "Chiara Colombo",
    taxCode: "CLMCHR88M61D612P",
    role: "family",
  },
  {
    email: "luca.ricci@posta.example",
    fullName: "Luca Ricci",
    taxCode: "RCCLCU86D14D612N",
    role: "family",
  },
  {
    email: "ordini@ristorazionecolli.example",
    fullName: "Paolo Greco",
    taxCode: "GRCPLA70B20D612W",
    role: "provider",
  },
  {
    email: "piattaforma@piazza.example",
    fullName: "Elena Conti",
    taxCode: "CNTLNE77T58H501T",
    role: "superadmin",
  },
];

async function insertUser(tx: Tx, u: DemoUser, passwordHash: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.users (email, full_name, tax_code, is_superadmin) values ($1, $2, $3, $4)
     returning id`,
    [u.email, u.fullName, u.taxCode, u.role === "superadmin"],
  );
  await tx.query("insert into private.credentials (user_id, password_hash) values ($1, $2)", [
    row.id,
    passwordHash,
  ]);
  return row.id;
}

/** Loads the demo Comune into a database that has none; a second call changes nothing. */
export async function seedDemo(db: Db): Promise<boolean> {
  const exists = await db.asService((tx) =>
    tx.query("select 1 from public.tenants where istat_code = $1", [DEMO_TENANT.istatCode])
  );
  if (exists.length) return false;
  // One hash for every demo account: they share the published demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.asService(async (tx) => {
    const t = DEMO_TENANT;
    const [tenant] = await tx.query<{ id: string }>(
      `insert into public.tenants (name, tax_code, istat_code, pec, email, phone, address, website)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [t.name, t.taxCode, t.istatCode, t.pec, t.email, t.phone, t.address, t.website],
    );
    for (const u of DEMO_USERS) {
      const id = await insertUser(tx, u, passwordHash);
      if (u.role !== "superadmin") {
        await tx.query(
          "insert into public.memberships (tenant_id, user_id, role) values ($1, $2, $3)",
          [
            tenant.id,
            id,
            u.role,
          ],
        );
      }
    }
    // People, households and organizations first: later seeds link providers and schools.
    await seedDemoRegistry(tx, tenant.id);
    // Services, their calendars, forms and canteen configuration (links providers when the
    // registry's organizations exist).
    await seedDemoServices(tx, tenant.id);
    // After the services seed (links sites to the services delivered there, when they exist).
    await seedDemoSites(tx, tenant.id);
    // Last: it uses the transport service an earlier seed may have made.
    await seedDemoTransport(tx, tenant.id);
    // Tariffs of the services above (creates any service still missing).
    await seedDemoTariffs(tx, tenant.id);
    // A service open for enrollment at demo time (the families' portal).
    await seedDemoPortal(tx, tenant.id);
    // Applications accepted and enrolled with their tariff (needs all the seeds above).
    await seedDemoEnrollments(tx, tenant.id);
    // The canteen keeps a diary: Laura Ferrari's class 2A has a few notes (needs enrollments).
    await seedDemoDiary(tx, tenant.id);
    // Ranking criteria of the nursery (after services and school years exist).
    await seedDemoRankings(tx, tenant.id);
    // The canteen with presumed presence and the caterer's user linked to its organization.
    await seedDemoMeals(tx, tenant.id);
  });
  return true;
}

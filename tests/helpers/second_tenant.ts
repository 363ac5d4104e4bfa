/**
 * A second Ente, "Comune di Montecalvo", with at least one row in every tenant table, for the
 * isolation tests. Tenant tables are discovered from the catalog: a migration that adds one
 * without adding a fixture here makes `createSecondTenant` fail, naming the table.
 */
import assert from "node:assert/strict";
import { authenticateApiKey, createApiKey } from "../../lib/auth/api_keys.ts";
import { openSession } from "../../lib/auth/sessions.ts";
import {
  type Claims,
  type Db,
  MEMBER_ROLES,
  type MemberRole,
  type Tx,
} from "../../lib/db/types.ts";
import { enqueueMail } from "../../lib/mail/outbox.ts";
import { DEMO_TENANT, DEMO_USERS } from "../../lib/seed/demo.ts";
import { TEST_SECRET } from "./app.ts";
import { ident, tenantTables } from "./catalog.ts";
import { ABSENCE_FIXTURES } from "./fixtures_absences.ts";
import { ATTENDANCE_FIXTURES } from "./fixtures_attendance.ts";
import { BILLING_FIXTURES } from "./fixtures_billing.ts";
import { DIARY_FIXTURES } from "./fixtures_diary.ts";
import { ENROLLMENT_FIXTURES } from "./fixtures_enrollment.ts";
import { INVOICE_FIXTURES } from "./fixtures_invoices.ts";
import { MEAL_FIXTURES } from "./fixtures_meals.ts";
import { RANKING_FIXTURES } from "./fixtures_rankings.ts";
import { REALTIME_FIXTURES } from "./fixtures_realtime.ts";
import { RECONCILIATION_FIXTURES } from "./fixtures_reconciliation.ts";
import { REGISTRY_FIXTURES } from "./fixtures_registry.ts";
import { SERVICE_CONFIG_FIXTURES } from "./fixtures_service_config.ts";
import { SERVICE_FIXTURES } from "./fixtures_services.ts";
import { SITE_FIXTURES } from "./fixtures_sites.ts";
import { TARIFF_FIXTURES } from "./fixtures_tariffs.ts";
import { TRANSPORT_FIXTURES } from "./fixtures_transport.ts";
import { WALLET_FIXTURES } from "./fixtures_wallets.ts";

export const SECOND_TENANT = {
  name: "Comune di Montecalvo",
  taxCode: "83002150353",
  istatCode: "012199",
  pec: "protocollo@pec.comune.montecalvo.example",
  email: "scuola@comune.montecalvo.example",
  address: "Piazza Libertà 3, 21030 Montecalvo (VA)",
};

/** One person per member role; none of them belongs to the demo Comune. */
export const SECOND_PEOPLE: { role: MemberRole; email: string; fullName: string }[] = [
  { role: "admin", email: "segreteria@comune.montecalvo.example", fullName: "Roberto Marino" },
  { role: "operator", email: "ufficio.scuola@comune.montecalvo.example", fullName: "Silvia Gallo" },
  { role: "teacher", email: "m.costa@scuola.montecalvo.example", fullName: "Martina Costa" },
  { role: "family", email: "davide.fontana@posta.example", fullName: "Davide Fontana" },
  { role: "provider", email: "mensa@cooperativaprealpi.example", fullName: "Sara Moretti" },
];

/** Who and what a fixture works for. Ids are chosen before anything is inserted. */
export interface TenantFixture {
  tenantId: string;
  tenant: {
    name: string;
    taxCode: string;
    istatCode: string;
    pec: string;
    email: string;
    address: string;
  };
  /** User id per member role. */
  users: Record<MemberRole, string>;
}

export type Fixture = (tx: Tx, f: TenantFixture) => Promise<void>;

/**
 * Rows for each tenant table, run in this order as `service_role` (tables missing from the
 * catalog are skipped). Add an entry for every new tenant table: an area with several tables
 * keeps them in `tests/helpers/fixtures_<area>.ts` and is spread into FIXTURES below, after
 * the areas it depends on.
 */
const CORE_FIXTURES: Record<string, Fixture> = {
  async tenants(tx, f) {
    const t = f.tenant;
    await tx.query(
      `insert into public.tenants (id, name, tax_code, istat_code, pec, email, address)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [f.tenantId, t.name, t.taxCode, t.istatCode, t.pec, t.email, t.address],
    );
  },
  async memberships(tx, f) {
    for (const p of SECOND_PEOPLE) {
      await tx.query(
        "insert into public.users (id, email, full_name) values ($1, $2, $3)",
        [f.users[p.role], p.email, p.fullName],
      );
      await tx.query(
        "insert into public.memberships (tenant_id, user_id, role) values ($1, $2, $3)",
        [f.tenantId, f.users[p.role], p.role],
      );
    }
  },
  async api_keys(tx, f) {
    await createApiKey(tx, {
      tenantId: f.tenantId,
      name: "Gestionale contabilità",
      scopes: ["read", "write"],
      createdBy: f.users.admin,
    });
  },
  async mail_outbox(tx, f) {
    await enqueueMail(tx, {
      tenantId: f.tenantId,
      to: "famiglia@posta.example",
      subject: "Iscrizione al servizio mensa",
      text: "La domanda è stata ricevuta.",
    });
  },
  async audit_log(tx, f) {
    await tx.query("select app.audit_event($1, 'fixture', 'tenants', $2)", [
      f.tenantId,
      f.tenantId,
    ]);
  },
};

export const FIXTURES: Record<string, Fixture> = {
  ...CORE_FIXTURES,
  ...REGISTRY_FIXTURES,
  ...SERVICE_FIXTURES,
  ...TARIFF_FIXTURES,
  ...SERVICE_CONFIG_FIXTURES,
  ...SITE_FIXTURES,
  ...TRANSPORT_FIXTURES,
  ...ENROLLMENT_FIXTURES,
  ...RANKING_FIXTURES,
  ...ATTENDANCE_FIXTURES,
  ...MEAL_FIXTURES,
  ...DIARY_FIXTURES,
  ...ABSENCE_FIXTURES,
  ...REALTIME_FIXTURES,
  ...BILLING_FIXTURES,
  ...INVOICE_FIXTURES,
  ...RECONCILIATION_FIXTURES,
  ...WALLET_FIXTURES,
};

async function rowCount(tx: Tx, table: string, key: string, tenantId: string) {
  const [r] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.${ident(table)} where ${ident(key)} = $1`,
    [tenantId],
  );
  return r.n;
}

/**
 * Runs the fixture of every tenant table in which the Ente has no row yet, then checks that each
 * has at least one. Throws, naming the tables, when a tenant table has no fixture.
 */
export async function fillTenantTables(db: Db, f: TenantFixture): Promise<void> {
  await db.asService(async (tx) => {
    const tables = await tenantTables(tx);
    const missing = tables.filter((t) => !FIXTURES[t.name]).map((t) => t.name);
    if (missing.length) {
      throw new Error(
        `tests/helpers/second_tenant.ts has no fixture for tenant table(s): ${
          missing.join(", ")
        }. ` +
          "Add one to FIXTURES so the isolation tests cover them.",
      );
    }
    const known = new Map(tables.map((t) => [t.name, t.key]));
    for (const [name, fixture] of Object.entries(FIXTURES)) {
      const key = known.get(name);
      if (key && await rowCount(tx, name, key, f.tenantId) === 0) await fixture(tx, f);
    }
    const empty = [];
    for (const t of tables) {
      if (await rowCount(tx, t.name, t.key, f.tenantId) === 0) empty.push(t.name);
    }
    if (empty.length) {
      throw new Error(`fixtures left no row for ${f.tenant.name} in: ${empty.join(", ")}`);
    }
  });
}

/** Creates the Comune di Montecalvo with a row in every tenant table. */
export async function createSecondTenant(db: Db): Promise<TenantFixture> {
  const users = Object.fromEntries(MEMBER_ROLES.map((r) => [r, crypto.randomUUID()]));
  const f: TenantFixture = {
    tenantId: crypto.randomUUID(),
    tenant: SECOND_TENANT,
    users: users as Record<MemberRole, string>,
  };
  await fillTenantTables(db, f);
  return f;
}

/** The demo Comune as a fixture (one user per role), for positive controls. */
export async function demoTenant(db: Db): Promise<TenantFixture> {
  return await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ id: string }>(
      "select id from public.tenants where istat_code = $1",
      [DEMO_TENANT.istatCode],
    );
    const users: Partial<Record<MemberRole, string>> = {};
    for (const role of MEMBER_ROLES) {
      const email = DEMO_USERS.find((u) => u.role === role)!.email;
      const [u] = await tx.query<{ id: string }>(
        "select id from public.users where lower(email) = lower($1)",
        [email],
      );
      users[role] = u.id;
    }
    return {
      tenantId: t.id,
      tenant: DEMO_TENANT,
      users: users as Record<MemberRole, string>,
    };
  });
}

/**
 * The claims the app gives each caller of the Ente, built as the app builds them: a session
 * (`openSession`) per member role, the admin first, and last an API key with both scopes, created
 * by the admin under RLS (`createApiKey`) and authenticated by `authenticateApiKey`.
 */
export async function callersOf(db: Db, f: TenantFixture) {
  const secret = new TextEncoder().encode(TEST_SECRET);
  const claims: [string, Claims][] = [];
  for (const role of MEMBER_ROLES) {
    const c = await db.asService(async (tx) => {
      const [user] = await tx.query<
        { id: string; email: string; full_name: string; is_superadmin: boolean }
      >("select id, email, full_name, is_superadmin from public.users where id = $1", [
        f.users[role],
      ]);
      return (await openSession(tx, user, secret, { ip: null, userAgent: "isolation test" }))!
        .claims;
    });
    assert.deepEqual(c.app_metadata, { tenant_id: f.tenantId, roles: [role] });
    claims.push([role, c]);
  }
  const apiKey = await db.asUser(claims[0][1], (tx) =>
    createApiKey(tx, {
      tenantId: f.tenantId,
      name: "Prova isolamento",
      scopes: ["read", "write"],
      createdBy: f.users.admin,
    }));
  const apiClaims = await authenticateApiKey(db, apiKey.token);
  assert.deepEqual(apiClaims?.app_metadata.roles, ["api_read", "api_write"]);
  claims.push(["api key", apiClaims!]);
  return { claims, apiKey };
}

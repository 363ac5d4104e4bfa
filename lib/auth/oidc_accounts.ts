/**
 * From a proven codice fiscale to a Piazza session. An existing user with that `users.tax_code`
 * signs in; otherwise a person of the Ente's registry with that code who is a parent or legal
 * guardian of a household gets an account (e-mail from the provider, else the registry), the
 * family membership and the link `people.user_id` — in the same transaction as the session, and
 * audited. Anyone else is told to contact the office: no account is made for strangers.
 *
 * @module
 */
import type { Claims, Db, Tx } from "../db/types.ts";
import { homeFor, openSession } from "./sessions.ts";

export type OidcSignIn =
  | { ok: true; token: string; claims: Claims; home: string; provisioned: boolean }
  | {
    ok: false;
    reason: "unknown" | "no_email" | "email_taken" | "ambiguous" | "no_access";
    tenantId: string | null;
  };

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  is_superadmin: boolean;
}

interface ParentRow {
  person_id: string;
  tenant_id: string;
  household_id: string;
  user_id: string | null;
  email: string | null;
  full_name: string;
}

/** OIDC_TENANT (an Ente id or ISTAT code) → the Ente's id; null when not set. */
export async function resolveTenant(tx: Tx, ref: string | null): Promise<string | null> {
  if (!ref) return null;
  const [t] = await tx.query<{ id: string }>(
    "select id from public.tenants where id::text = $1 or istat_code = $1",
    [ref.trim()],
  );
  if (!t) throw new Error(`OIDC_TENANT ${ref}: nessun Ente con questo id o codice ISTAT`);
  return t.id;
}

async function parentsWith(tx: Tx, code: string, tenantId: string | null): Promise<ParentRow[]> {
  return await tx.query<ParentRow>(
    `select p.id as person_id, p.tenant_id, m.household_id, p.user_id, p.email,
            p.name || ' ' || p.surname as full_name
       from public.people p
       join public.household_members m on m.tenant_id = p.tenant_id and m.person_id = p.id
      where p.tax_code_key = app.cf_canonical($1) and p.merged_into is null
        and m.role in ('parent', 'legal_guardian')
        and ($2::uuid is null or p.tenant_id = $2)
      order by p.created_at, p.id`,
    [code, tenantId],
  );
}

/** Links the user to each registry parent not yet linked and gives the family role there. */
async function linkParents(
  tx: Tx,
  userId: string,
  parents: ParentRow[],
  issuer: string,
): Promise<void> {
  for (const p of parents) {
    if (p.user_id !== null && p.user_id !== userId) continue;
    if (p.user_id === null) {
      // One person per user in each Ente (people_user_key): skip if already linked elsewhere.
      await tx.query(
        `update public.people set user_id = $1
          where tenant_id = $2 and id = $3 and user_id is null
            and not exists (select 1 from public.people o where o.tenant_id = $2
                             and o.user_id = $1 and o.merged_into is null)`,
        [userId, p.tenant_id, p.person_id],
      );
    }
    const added = await tx.query(
      `insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'family')
       on conflict (tenant_id, user_id, role) do nothing returning id`,
      [p.tenant_id, userId],
    );
    if (added.length || p.user_id === null) {
      await tx.query(
        `insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id,
           details)
         values ($1, $2::uuid, 'system', 'oidc_link', 'users', $2::text, $3)`,
        [p.tenant_id, userId, { person_id: p.person_id, household_id: p.household_id, issuer }],
      );
    }
  }
}

const USER_COLUMNS = "u.id, u.email, u.full_name, u.is_superadmin";

/**
 * Signs in (and when needed provisions) the holder of codice fiscale `code` (`canonical`: its
 * non-omocodic form), as service role, in one transaction.
 */
export async function signInWithFiscalNumber(
  db: Db,
  input: {
    code: string;
    canonical: string;
    email: string | null;
    issuer: string;
    tenantRef: string | null;
    ip: string | null;
    userAgent: string | null;
  },
  secret: Uint8Array,
): Promise<OidcSignIn> {
  return await db.asService(async (tx) => {
    const tenantId = await resolveTenant(tx, input.tenantRef);
    const fail = (reason: Extract<OidcSignIn, { ok: false }>["reason"]) =>
      ({ ok: false, reason, tenantId }) as const;
    const codes = [...new Set([input.code, input.canonical])];
    const parents = await parentsWith(tx, input.canonical, tenantId);
    let users = await tx.query<UserRow>(
      `select ${USER_COLUMNS} from public.users u where u.tax_code = any($1::text[])`,
      [codes],
    );
    if (users.length === 0) {
      // A registry parent already linked by the office to an account without a fiscal code.
      const linked = [...new Set(parents.map((p) => p.user_id).filter((id) => id !== null))];
      if (linked.length > 1) return fail("ambiguous");
      if (linked.length === 1) {
        users = await tx.query<UserRow>(
          `update public.users u set tax_code = $2 where u.id = $1 and u.tax_code is null
           returning ${USER_COLUMNS}`,
          [linked[0], input.code],
        );
        if (users.length === 0) return fail("ambiguous");
      }
    }
    if (users.length > 1) return fail("ambiguous");
    let user = users[0];
    let provisioned = false;
    if (!user) {
      if (parents.length === 0) return fail("unknown");
      const email = input.email ?? parents.find((p) => p.email)?.email?.toLowerCase() ?? null;
      if (!email) return fail("no_email");
      const taken = await tx.query("select 1 from public.users where lower(email) = $1", [email]);
      if (taken.length) return fail("email_taken");
      [user] = await tx.query<UserRow>(
        `insert into public.users (email, full_name, tax_code) values ($1, $2, $3)
         returning id, email, full_name, is_superadmin`,
        [email, parents[0].full_name, input.code],
      );
      provisioned = true;
    }
    await linkParents(tx, user.id, parents, input.issuer);
    const session = await openSession(tx, user, secret, {
      ip: input.ip,
      userAgent: input.userAgent,
      preferredTenant: tenantId,
    });
    if (!session) return fail("no_access");
    await tx.query(
      `insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id,
         details)
       values ($1, $2::uuid, 'user', 'sign_in', 'users', $2::text, $3)`,
      [session.claims.app_metadata.tenant_id, user.id, {
        ip: input.ip,
        method: "oidc",
        issuer: input.issuer,
        provisioned,
      }],
    );
    return { ok: true, ...session, home: homeFor(session.claims.app_metadata.roles), provisioned };
  });
}

export interface Office {
  name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  pec: string | null;
}

/** The office families should contact: the configured Ente, or the only one on this server. */
export async function officeFor(db: Db, tenantId: string | null): Promise<Office | null> {
  const rows = await db.asService((tx) =>
    tx.query<Office>(
      `select name, address, phone, email, pec from public.tenants
        where $1::uuid is null or id = $1 order by created_at limit 2`,
      [tenantId],
    )
  );
  return rows.length === 1 ? rows[0] : null;
}

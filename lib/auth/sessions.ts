import type { Claims, Db, MemberRole, Role, Tx } from "../db/types.ts";
import { SESSION_HOURS, signSession } from "./tokens.ts";

export interface Membership {
  tenant_id: string;
  tenant_name: string;
  role: MemberRole;
}

/** Where each role lands after sign-in, most privileged first. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes("admin") || roles.includes("operator")) return "/operatore";
  if (roles.includes("teacher")) return "/docenti";
  if (roles.includes("provider")) return "/fornitori";
  if (roles.includes("family")) return "/famiglie";
  if (roles.includes("superadmin")) return "/piattaforma";
  return "/";
}

export async function membershipsOf(tx: Tx, userId: string): Promise<Membership[]> {
  return await tx.query<Membership>(
    `select m.tenant_id, t.name as tenant_name, m.role
       from public.memberships m join public.tenants t on t.id = m.tenant_id
      where m.user_id = $1 order by m.created_at, m.role`,
    [userId],
  );
}

/**
 * Opens a session for a user whose identity is proven: picks the Ente (the preferred one if the
 * user belongs to it, else the first), records the session and returns its signed token.
 */
export async function openSession(
  tx: Tx,
  user: { id: string; email: string; full_name: string; is_superadmin: boolean },
  secret: Uint8Array,
  meta: { ip: string | null; userAgent: string | null; preferredTenant?: string | null },
): Promise<{ token: string; claims: Claims } | null> {
  const memberships = await membershipsOf(tx, user.id);
  const tenantId = memberships.find((m) => m.tenant_id === meta.preferredTenant)?.tenant_id ??
    memberships[0]?.tenant_id ?? null;
  const roles: Role[] = memberships.filter((m) => m.tenant_id === tenantId).map((m) => m.role);
  if (user.is_superadmin) roles.push("superadmin");
  if (roles.length === 0) return null;
  const [session] = await tx.query<{ id: string }>(
    `insert into private.sessions (user_id, tenant_id, expires_at, user_agent, ip)
     values ($1, $2, now() + make_interval(hours => $3), $4, $5) returning id`,
    [user.id, tenantId, SESSION_HOURS, meta.userAgent?.slice(0, 300) ?? null, meta.ip],
  );
  const claims = { ...claimsOf(user, tenantId, memberships, roles), session_id: session.id };
  return { token: await signSession(claims, secret), claims };
}

/** The claims of `user` acting in the Ente `tenantId` with `roles`. */
function claimsOf(
  user: { id: string; email: string; full_name: string },
  tenantId: string | null,
  memberships: Membership[],
  roles: Role[],
): Claims {
  return {
    sub: user.id,
    role: "authenticated",
    email: user.email,
    app_metadata: { tenant_id: tenantId, roles },
    user_metadata: {
      full_name: user.full_name,
      tenant_name: memberships.find((m) => m.tenant_id === tenantId)?.tenant_name,
    },
  };
}

/**
 * Positive liveness answers are kept for a few seconds, so a signed-in page costs one database
 * transaction instead of two. A revocation on this node takes effect at once (it clears the
 * entry); on other nodes within LIVENESS_CACHE_MS.
 */
export const LIVENESS_CACHE_MS = 5_000;
const live = new Map<string, number>();

/** True while the session was neither revoked (sign-out, password reset) nor expired. */
export async function sessionIsLive(db: Db, sessionId: string): Promise<boolean> {
  const cachedUntil = live.get(sessionId);
  if (cachedUntil && cachedUntil > Date.now()) return true;
  const rows = await db.asService((tx) =>
    tx.query(
      "select 1 from private.sessions where id = $1 and revoked_at is null and expires_at > now()",
      [sessionId],
    )
  );
  if (rows.length === 0) {
    live.delete(sessionId);
    return false;
  }
  if (live.size >= 10_000) live.clear();
  live.set(sessionId, Date.now() + LIVENESS_CACHE_MS);
  return true;
}

/** Forgets cached liveness (after revoking sessions by other means, e.g. password change). */
export function forgetSessions(sessionIds?: string[]): void {
  if (!sessionIds) live.clear();
  else for (const id of sessionIds) live.delete(id);
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  live.delete(sessionId);
  await db.asService((tx) =>
    tx.query(
      "update private.sessions set revoked_at = now() where id = $1 and revoked_at is null",
      [sessionId],
    )
  );
}

/**
 * The claims of `userId` in the Ente `tenantId` with the roles they hold there now, for a job
 * that acts for the user who asked for it (a reminder campaign): RLS and the database's checks
 * apply as in their own requests. Null when the user is no longer a member of the Ente.
 *
 * @example const claims = await db.asService((tx) => claimsFor(tx, userId, tenantId));
 */
export async function claimsFor(
  tx: Tx,
  userId: string,
  tenantId: string,
): Promise<Claims | null> {
  const [user] = await tx.query<{ id: string; email: string; full_name: string }>(
    "select id, email, full_name from public.users where id = $1",
    [userId],
  );
  const memberships = user ? await membershipsOf(tx, userId) : [];
  const roles = memberships.filter((m) => m.tenant_id === tenantId).map((m) => m.role);
  return roles.length ? claimsOf(user, tenantId, memberships, roles) : null;
}

/**
 * A signed-in person's own account: read it, change name and language, change the password.
 * Reads and the name change run under RLS (`users_update_self`); the password check needs
 * `private.credentials`, which only `service_role` reaches.
 *
 * @module
 */

import type { Claims, Db } from "../db/types.ts";
import type { Lang } from "../i18n/mod.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { forgetSessions } from "./sessions.ts";
import { clearFailures, reserveAttempt, throttleKeys } from "./throttle.ts";

export interface Profile {
  id: string;
  email: string;
  full_name: string;
  locale: Lang;
  /** The Ente of the current session; null for platform accounts. */
  tenant_name: string | null;
}

/**
 * The caller's own account and current Ente, read as the caller.
 * `const me = await getProfile(db, claims) // { full_name: "Giulia Bianchi", … }`
 */
export async function getProfile(db: Db, claims: Claims): Promise<Profile | null> {
  const [row] = await db.asUser(claims, (tx) =>
    tx.query<Profile>(
      `select u.id, u.email, u.full_name, u.locale,
              (select t.name from public.tenants t where t.id = app.tenant_id()) as tenant_name
         from public.users u where u.id = app.user_id()`,
    ));
  return row ?? null;
}

/**
 * Changes the caller's own name and language; false if no row was updated (RLS: only one's own).
 * `await updateProfile(db, claims, { fullName: "Giulia Bianchi", locale: "it" })`
 */
export async function updateProfile(
  db: Db,
  claims: Claims,
  input: { fullName: string; locale: Lang },
): Promise<boolean> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query(
      `update public.users set full_name = $1, locale = $2, updated_at = now()
        where id = app.user_id() returning id`,
      [input.fullName, input.locale],
    ));
  return rows.length === 1;
}

export type PasswordChangeResult =
  | { ok: true; revokedSessions: number }
  | { ok: false; reason: "wrong_current" | "throttled" };

/**
 * Verifies the current password, stores the new one and revokes every OTHER session of the user
 * (the one making the change stays open). Wrong current passwords count towards the same lock as
 * failed sign-ins, so a borrowed session cannot be used to guess the password.
 * `await changePassword(db, { userId, sessionId, email, current, next })`
 */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string | null; email: string; current: string; next: string },
): Promise<PasswordChangeResult> {
  const keys = throttleKeys(input.email, null);
  const stored = await db.asService(async (tx) => {
    if (!await reserveAttempt(tx, keys)) return "locked" as const;
    const [row] = await tx.query<{ password_hash: string }>(
      "select password_hash from private.credentials where user_id = $1",
      [input.userId],
    );
    return row?.password_hash ?? null;
  });
  if (stored === "locked") return { ok: false, reason: "throttled" };
  if (!stored || !await verifyPassword(input.current, stored)) {
    return { ok: false, reason: "wrong_current" }; // already counted by reserveAttempt
  }
  const passwordHash = await hashPassword(input.next);
  return await db.asService(async (tx) => {
    await tx.query(
      "update private.credentials set password_hash = $2, updated_at = now() where user_id = $1",
      [input.userId, passwordHash],
    );
    const revoked = await tx.query(
      `update private.sessions set revoked_at = now()
        where user_id = $1 and id is distinct from $2::uuid and revoked_at is null
        returning id`,
      [input.userId, input.sessionId],
    );
    forgetSessions(revoked.map((r) => (r as { id: string }).id));
    // A reset link asked for before the change must not undo it.
    await tx.query(
      "update private.password_resets set used_at = now() where user_id = $1 and used_at is null",
      [input.userId],
    );
    await clearFailures(tx, keys);
    await tx.query(
      `insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id)
       select m.tenant_id, $1, 'user', 'password_change', 'users', $2
         from public.memberships m where m.user_id = $1 group by m.tenant_id`,
      [input.userId, input.userId],
    );
    return { ok: true, revokedSessions: revoked.length } as const;
  });
}

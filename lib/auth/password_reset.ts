import type { Db } from "../db/types.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { hashPassword } from "./password.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export const RESET_MINUTES = 60;

/**
 * Sends a reset link when the e-mail belongs to a user; does nothing visible otherwise (the page
 * always says the same). Only the SHA-256 of the token is stored; it works once, for an hour.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  publicUrl: string,
  text: (link: string) => { subject: string; body: string },
): Promise<void> {
  await db.asService(async (tx) => {
    const [user] = await tx.query<{ id: string; email: string; tenant_id: string | null }>(
      `select u.id, u.email,
              (select m.tenant_id from public.memberships m where m.user_id = u.id
                order by m.created_at limit 1) as tenant_id
         from public.users u where lower(u.email) = lower($1)`,
      [email.trim()],
    );
    if (!user) return;
    const token = randomToken();
    await tx.query(
      `insert into private.password_resets (token_hash, user_id, expires_at)
       values ($1, $2, now() + make_interval(mins => $3))`,
      [await sha256Hex(token), user.id, RESET_MINUTES],
    );
    const link = new URL(`/password/reimposta?token=${encodeURIComponent(token)}`, publicUrl);
    const { subject, body } = text(link.href);
    await enqueueMail(tx, { tenantId: user.tenant_id, to: user.email, subject, text: body });
  });
}

export type ResetResult = { ok: true; email: string } | { ok: false; reason: "invalid_token" };

/** True when the token is known, unused and unexpired (the reset form is shown only then). */
export async function resetTokenIsValid(db: Db, token: string): Promise<boolean> {
  const hash = await sha256Hex(token);
  const rows = await db.asService((tx) =>
    tx.query(
      "select 1 from private.password_resets where token_hash = $1 and used_at is null and expires_at > now()",
      [hash],
    )
  );
  return rows.length > 0;
}

/** Sets the new password, burns the token, signs the user out everywhere and clears throttling. */
export async function resetPassword(db: Db, token: string, password: string): Promise<ResetResult> {
  const tokenHash = await sha256Hex(token);
  const passwordHash = await hashPassword(password);
  return await db.asService(async (tx) => {
    const [row] = await tx.query<{ user_id: string; email: string }>(
      `update private.password_resets r set used_at = now()
         from public.users u
        where r.token_hash = $1 and r.used_at is null and r.expires_at > now() and u.id = r.user_id
        returning r.user_id, u.email`,
      [tokenHash],
    );
    if (!row) return { ok: false, reason: "invalid_token" } as const;
    await tx.query(
      `insert into private.credentials (user_id, password_hash) values ($1, $2)
       on conflict (user_id) do update set password_hash = excluded.password_hash, updated_at = now()`,
      [row.user_id, passwordHash],
    );
    await tx.query(
      "update private.sessions set revoked_at = now() where user_id = $1 and revoked_at is null",
      [row.user_id],
    );
    await tx.query(
      "update private.password_resets set used_at = now() where user_id = $1 and used_at is null",
      [row.user_id],
    );
    await tx.query("delete from private.login_throttle where key = $1", [
      `email:${row.email.toLowerCase()}`,
    ]);
    await tx.query(
      `insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id)
       select m.tenant_id, $1, 'user', 'password_reset', 'users', $2
         from public.memberships m where m.user_id = $1 group by m.tenant_id`,
      [row.user_id, row.user_id],
    );
    return { ok: true, email: row.email } as const;
  });
}

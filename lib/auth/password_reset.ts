import type { Db } from "../db/types.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { hashPassword } from "./password.ts";
import { forgetSessions } from "./sessions.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export const RESET_MINUTES = 60;
/** How long the set-password link of an invitation works (see `app.invite_member`). */
export const INVITE_DAYS = 7;

/** A fresh reset token and the SHA-256 stored in `private.password_resets` in its place. */
export async function newResetToken(): Promise<{ token: string; hash: string }> {
  const token = randomToken();
  return { token, hash: await sha256Hex(token) };
}

/** The page a reset or invitation token opens: `resetLink(publicUrl, token).href`. */
export function resetLink(publicUrl: string, token: string): URL {
  return new URL(`/password/reimposta?token=${encodeURIComponent(token)}`, publicUrl);
}

/** Reset links sent to one account per hour at most: more requests are silently dropped. */
export const RESETS_PER_HOUR = 3;

/**
 * Sends a reset link when the e-mail belongs to a user; does nothing visible otherwise (the page
 * always says the same). Only the SHA-256 of the token is stored; it works once, for an hour.
 * The mail is filed under the user's Ente only when they belong to exactly one and are not the
 * platform superadmin: an admin reading the outbox must never see a live link to an account that
 * also acts in another Ente.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  publicUrl: string,
  text: (link: string) => { subject: string; body: string },
): Promise<void> {
  await db.asService(async (tx) => {
    const [user] = await tx.query<
      { id: string; email: string; tenant_id: string | null; recent: number }
    >(
      `select u.id, u.email,
              case when not u.is_superadmin
                        and (select count(distinct m.tenant_id) from public.memberships m where m.user_id = u.id) = 1
                   then (select m.tenant_id from public.memberships m where m.user_id = u.id limit 1)
              end as tenant_id,
              (select count(*)::int from private.password_resets r
                where r.user_id = u.id and r.created_at > now() - interval '1 hour') as recent
         from public.users u where lower(u.email) = lower($1)`,
      [email.trim()],
    );
    if (!user || user.recent >= RESETS_PER_HOUR) return;
    const { token, hash } = await newResetToken();
    await tx.query(
      `insert into private.password_resets (token_hash, user_id, expires_at)
       values ($1, $2, now() + make_interval(mins => $3))`,
      [hash, user.id, RESET_MINUTES],
    );
    const link = resetLink(publicUrl, token);
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

/**
 * The e-mail of the account a usable token belongs to, or null: lets the form check that the new
 * password does not contain it. `await resetTokenEmail(db, token) // "a@b.it" | null`
 */
export async function resetTokenEmail(db: Db, token: string): Promise<string | null> {
  const hash = await sha256Hex(token);
  const [row] = await db.asService((tx) =>
    tx.query<{ email: string }>(
      `select u.email from private.password_resets r join public.users u on u.id = r.user_id
        where r.token_hash = $1 and r.used_at is null and r.expires_at > now()`,
      [hash],
    )
  );
  return row?.email ?? null;
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
    const revoked = await tx.query<{ id: string }>(
      "update private.sessions set revoked_at = now() where user_id = $1 and revoked_at is null returning id",
      [row.user_id],
    );
    forgetSessions(revoked.map((r) => r.id));
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

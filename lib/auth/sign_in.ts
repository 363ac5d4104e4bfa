import type { Claims, Db } from "../db/types.ts";
import { dummyHash, verifyPassword } from "./password.ts";
import { homeFor, openSession } from "./sessions.ts";
import {
  clearFailures,
  isLocked,
  releaseAttempt,
  reserveAttempt,
  throttleKeys,
} from "./throttle.ts";

export type SignInResult =
  | { ok: true; token: string; claims: Claims; home: string }
  | { ok: false; reason: "invalid" | "throttled" | "no_access" };

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  is_superadmin: boolean;
  password_hash: string | null;
}

/**
 * E-mail + password sign-in. The same answer and the same work for an unknown e-mail as for a
 * wrong password (no user enumeration); failures are throttled per e-mail and per client address.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
  secret: Uint8Array,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, input.ip);
  const user = await db.asService(async (tx) => {
    if (await isLocked(tx, keys)) return "locked" as const;
    // Counted before the (slow) password check, so parallel guesses cannot outrun the limit.
    if (!await reserveAttempt(tx, keys)) return "locked" as const;
    const [row] = await tx.query<UserRow>(
      `select u.id, u.email, u.full_name, u.is_superadmin, c.password_hash
         from public.users u left join private.credentials c on c.user_id = u.id
        where lower(u.email) = $1`,
      [email],
    );
    return row ?? null;
  });
  if (user === "locked") return { ok: false, reason: "throttled" };

  const hash = user?.password_hash ?? await dummyHash();
  const valid = await verifyPassword(input.password, hash) && !!user?.password_hash;

  return await db.asService(async (tx) => {
    if (!valid || !user) return { ok: false, reason: "invalid" } as const;
    await clearFailures(tx, [keys[0]]);
    for (const key of keys.slice(1)) await releaseAttempt(tx, key);
    const session = await openSession(tx, user, secret, {
      ip: input.ip,
      userAgent: input.userAgent,
    });
    if (!session) return { ok: false, reason: "no_access" } as const;
    await tx.query(
      `insert into public.audit_log (tenant_id, actor_id, actor_kind, action, entity, entity_id, details)
       values ($1, $2, 'user', 'sign_in', 'users', $3, $4)`,
      // An object, not a JSON string: postgres.js would store a string as a jsonb string scalar.
      [session.claims.app_metadata.tenant_id, user.id, user.id, { ip: input.ip }],
    );
    return { ok: true, ...session, home: homeFor(session.claims.app_metadata.roles) } as const;
  });
}

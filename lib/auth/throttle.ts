import type { Tx } from "../db/types.ts";

/** Failed sign-ins allowed per key within the window before the key is locked for the window. */
export const LIMITS = { email: 5, ip: 30, windowMinutes: 15 } as const;

export function throttleKeys(email: string, ip: string | null): string[] {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** True when any of the keys is locked now. Runs as service_role. */
export async function isLocked(tx: Tx, keys: string[]): Promise<boolean> {
  const rows = await tx.query(
    "select 1 from private.login_throttle where key = any($1) and locked_until > now()",
    [keys],
  );
  return rows.length > 0;
}

/** Counts a failure for each key; locks a key that reaches its limit within the window. */
export async function recordFailure(tx: Tx, keys: string[]): Promise<void> {
  for (const key of keys) {
    const limit = key.startsWith("ip:") ? LIMITS.ip : LIMITS.email;
    await tx.query(
      `insert into private.login_throttle as t (key, failures, window_start)
       values ($1, 1, now())
       on conflict (key) do update set
         failures = case when t.window_start < now() - make_interval(mins => $2) then 1
                         else t.failures + 1 end,
         window_start = case when t.window_start < now() - make_interval(mins => $2) then now()
                             else t.window_start end,
         locked_until = case
           when t.window_start >= now() - make_interval(mins => $2) and t.failures + 1 >= $3
           then now() + make_interval(mins => $2) else t.locked_until end`,
      [key, LIMITS.windowMinutes, limit],
    );
  }
}

/**
 * Counts an attempt against each key *before* the password is checked, in the caller's
 * transaction: concurrent guesses queue on the row and each sees the others, so a burst cannot
 * slip past the limit. False when a key is over its limit. A success then clears the e-mail key
 * and gives back the others with `releaseAttempt`.
 */
export async function reserveAttempt(tx: Tx, keys: string[]): Promise<boolean> {
  let allowed = true;
  for (const key of keys) {
    await recordFailure(tx, [key]);
    const [row] = await tx.query<{ failures: number }>(
      "select failures from private.login_throttle where key = $1",
      [key],
    );
    if (row.failures > (key.startsWith("ip:") ? LIMITS.ip : LIMITS.email)) allowed = false;
  }
  return allowed;
}

/** Undoes a reservation that turned out to be a success (and a lock it alone caused). */
export async function releaseAttempt(tx: Tx, key: string): Promise<void> {
  const limit = key.startsWith("ip:") ? LIMITS.ip : LIMITS.email;
  await tx.query(
    `update private.login_throttle set failures = greatest(failures - 1, 0),
            locked_until = case when failures - 1 < $2 then null else locked_until end
      where key = $1`,
    [key, limit],
  );
}

export async function clearFailures(tx: Tx, keys: string[]): Promise<void> {
  await tx.query("delete from private.login_throttle where key = any($1)", [keys]);
}

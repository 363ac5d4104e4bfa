import { openPglite } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";
import type { Db } from "./types.ts";

export type { Claims, Db, MemberRole, Role, Tx } from "./types.ts";
export { MEMBER_ROLES } from "./types.ts";
export { migrate, readMigrations } from "./migrate.ts";

/** `DATABASE_URL` selects real Postgres; otherwise the embedded PGlite persisted in `dataDir`. */
export async function openDb(
  opts: { databaseUrl?: string; dataDir?: string } = {},
): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  if (opts.dataDir) await Deno.mkdir(opts.dataDir, { recursive: true });
  return await openPglite({ dataDir: opts.dataDir });
}

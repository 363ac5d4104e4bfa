import type { Db } from "./types.ts";

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

const FILE_RE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
export const MIGRATIONS_DIR = new URL("../../supabase/migrations/", import.meta.url);

/** Reads `supabase/migrations/*.sql` in version order (the Supabase CLI's file naming). */
export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const m = entry.isFile ? FILE_RE.exec(entry.name) : null;
    if (!m) continue;
    out.push({ version: m[1], name: m[2], sql: await Deno.readTextFile(new URL(entry.name, dir)) });
  }
  return out.sort((a, b) => a.version.localeCompare(b.version));
}

/**
 * Applies the migrations not yet recorded in `supabase_migrations.schema_migrations`, each in its
 * own transaction under an advisory lock, so several nodes starting at once apply each file once.
 * Returns the versions applied by this call.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? await readMigrations();
  await db.asOwner((tx) =>
    tx.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`)
  );
  const applied: string[] = [];
  for (const m of all) {
    const done = await db.asOwner(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(7263514)");
      const seen = await tx.query(
        "select 1 from supabase_migrations.schema_migrations where version = $1",
        [m.version],
      );
      if (seen.length) return false;
      try {
        await tx.exec(m.sql);
      } catch (e) {
        throw new Error(`Migration ${m.version}_${m.name} failed: ${(e as Error).message}`);
      }
      await tx.query(
        "insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)",
        [m.version, [m.sql], m.name],
      );
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

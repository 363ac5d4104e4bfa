import { openPglite } from "../../lib/db/pglite.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";
import type { Db } from "../../lib/db/types.ts";
import { seedDemo } from "../../lib/seed/demo.ts";

export type Backend = "pglite" | "postgres";

/** PGlite always; real Postgres too whenever DATABASE_URL is set (as in CI). */
export function backends(): Backend[] {
  return Deno.env.get("DATABASE_URL") ? ["pglite", "postgres"] : ["pglite"];
}

let template: Promise<Blob> | undefined;

/** A migrated PGlite with the demo Comune, dumped once per test process and cloned per test. */
function pgliteTemplate(): Promise<Blob> {
  return template ??= (async () => {
    const db = await openPglite();
    await migrate(db);
    await seedDemo(db);
    const dump = await db.pglite.dumpDataDir("none");
    await db.close();
    return dump;
  })();
}

/**
 * A fresh, migrated database with the demo Comune on `backend`, dropped by `close()`.
 * On Postgres each call creates its own database on the DATABASE_URL server.
 */
export async function openTestDb(backend: Backend): Promise<Db> {
  if (backend === "pglite") return await openPglite({ loadDataDir: await pgliteTemplate() });
  const url = new URL(Deno.env.get("DATABASE_URL")!);
  const name = `piazza_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = openPostgres(url.href, { max: 1 });
  await admin.sql.unsafe(`create database ${name}`);
  await admin.close();
  url.pathname = `/${name}`;
  const db = openPostgres(url.href, { max: 5 });
  await migrate(db, await readMigrations());
  await seedDemo(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      const again = openPostgres(Deno.env.get("DATABASE_URL")!, { max: 1 });
      await again.sql.unsafe(`drop database if exists ${name} with (force)`);
      await again.close();
    },
  };
}

/** Registers `fn` once per backend as `name [backend]`, with a fresh database each. */
export function dbTest(name: string, fn: (db: Db, backend: Backend) => Promise<void>): void {
  for (const backend of backends()) {
    Deno.test({
      name: `${name} [${backend}]`,
      sanitizeResources: false,
      sanitizeOps: false,
      fn: async () => {
        const db = await openTestDb(backend);
        try {
          await fn(db, backend);
        } finally {
          await db.close();
        }
      },
    });
  }
}

import { join } from "node:path";
import { tmpdir } from "node:os";
import { openPglite } from "../../lib/db/pglite.ts";
import { openPostgres } from "../../lib/db/postgres.ts";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";
import type { Db } from "../../lib/db/types.ts";
import { seedDemo } from "../../lib/seed/demo.ts";
import { templateKey } from "./template_key.ts";

export type Backend = "pglite" | "postgres";

/** PGlite always; real Postgres too whenever DATABASE_URL is set (as in CI). */
export function backends(): Backend[] {
  return Deno.env.get("DATABASE_URL") ? ["pglite", "postgres"] : ["pglite"];
}

/*
 * Every test starts from a migrated database with the demo Comune. Migrating and seeding takes
 * seconds (about 9 s on PGlite, 2 s on Postgres), so it is done once per content of the
 * migrations, the code and the day (`templateKey`), not once per test or test file: PGlite's
 * dump is kept as a file in the test cache, Postgres's as a template database on the server.
 * Each is built under a name of its own and then renamed, so runs side by side never see half
 * of one.
 */

const CACHE_DIR = Deno.env.get("PIAZZA_TEST_CACHE") ?? join(tmpdir(), "piazza-test-cache");
const TEMPLATE_DB_PREFIX = "piazza_tpl_";
/** Templates and dumps older than this (longer than a whole suite) serve no run any more. */
const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

async function buildPgliteDump(): Promise<Blob> {
  const db = await openPglite();
  await migrate(db);
  await seedDemo(db);
  // Each test starts its own PGlite from this dump: Postgres's 128 MB of shared buffers cost
  // half a second of every start, and a test's data fits in a few.
  await db.pglite.exec("alter system set shared_buffers = '16MB'");
  const dump = await db.pglite.dumpDataDir("none");
  await db.close();
  return dump;
}

async function dropStaleDumps(): Promise<void> {
  for await (const entry of Deno.readDir(CACHE_DIR)) {
    if (!entry.name.startsWith("pglite-")) continue;
    const path = join(CACHE_DIR, entry.name);
    const built = (await Deno.stat(path).catch(() => null))?.mtime?.getTime() ?? Date.now();
    if (Date.now() - built > STALE_AFTER_MS) await Deno.remove(path).catch(() => {});
  }
}

let pgliteDump: Promise<Blob> | undefined;

/** The migrated, seeded PGlite as a dump: read from the test cache, or built and stored there. */
function pgliteTemplate(): Promise<Blob> {
  return pgliteDump ??= (async () => {
    const key = await templateKey();
    const file = join(CACHE_DIR, `pglite-${key}.tar`);
    try {
      return new Blob([await Deno.readFile(file)]);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const dump = await buildPgliteDump();
    await Deno.mkdir(CACHE_DIR, { recursive: true });
    const partial = `${file}.${crypto.randomUUID()}`;
    await Deno.writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await Deno.rename(partial, file);
    await dropStaleDumps();
    return dump;
  })();
}

function serverUrl(database?: string): string {
  const url = new URL(Deno.env.get("DATABASE_URL")!);
  if (database) url.pathname = `/${database}`;
  return url.href;
}

async function asAdmin<T>(fn: (sql: ReturnType<typeof openPostgres>["sql"]) => Promise<T>) {
  const admin = openPostgres(serverUrl(), { max: 1 });
  try {
    return await fn(admin.sql);
  } finally {
    await admin.close();
  }
}

let postgresTemplateName: Promise<string> | undefined;

/** The name of the server's migrated, seeded template database, built when missing. */
function postgresTemplate(): Promise<string> {
  return postgresTemplateName ??= (async () => {
    const name = `${TEMPLATE_DB_PREFIX}${await templateKey()}`;
    const exists = await asAdmin((sql) =>
      sql.unsafe("select 1 from pg_database where datname = $1", [name])
    );
    if (exists.length) return name;
    const building = `piazza_tplbuild_${randomSuffix()}`;
    await asAdmin((sql) => sql.unsafe(`create database ${building}`));
    const db = openPostgres(serverUrl(building), { max: 5 });
    try {
      await migrate(db, await readMigrations());
      await seedDemo(db);
    } finally {
      await db.close();
    }
    await asAdmin(async (sql) => {
      try {
        await sql.unsafe(`alter database ${building} rename to ${name}`);
      } catch (e) {
        // Another run built the same template meanwhile: theirs is as good as ours.
        if ((e as { code?: string }).code !== "42P04") throw e;
        await sql.unsafe(`drop database ${building} with (force)`);
      }
      await sql.unsafe(`comment on database ${name} is '${new Date().toISOString()}'`);
      // Templates of other content may serve a run still going (another work tree, or files
      // edited since it started): only those built before the longest run are dropped.
      const stale = await sql.unsafe<{ datname: string }[]>(
        `select datname from pg_database d
          where datname like $1 and datname <> $2
            and coalesce(shobj_description(d.oid, 'pg_database'), '') < $3`,
        [
          `${TEMPLATE_DB_PREFIX.replaceAll("_", "\\_")}%`,
          name,
          new Date(Date.now() - STALE_AFTER_MS).toISOString(),
        ],
      );
      for (const { datname } of stale) {
        await sql.unsafe(`drop database if exists ${datname}`).catch(() => {});
      }
    });
    return name;
  })();
}

function randomSuffix(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 16);
}

/**
 * A fresh, migrated database with the demo Comune on `backend`, dropped by `close()`.
 * On Postgres each call creates its own database on the DATABASE_URL server.
 */
export async function openTestDb(backend: Backend): Promise<Db> {
  if (backend === "pglite") return await openPglite({ loadDataDir: await pgliteTemplate() });
  const template = await postgresTemplate();
  const name = `piazza_test_${randomSuffix()}`;
  await asAdmin((sql) => sql.unsafe(`create database ${name} template ${template}`));
  const db = openPostgres(serverUrl(name), { max: 5 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await asAdmin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
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

/**
 * A throwaway database on the DATABASE_URL server, so the bench migrates and seeds an empty one and
 * leaves the server as it found it.
 */
import postgres from "postgres";

export interface ScratchDb {
  name: string;
  /** DATABASE_URL pointing at the new database. */
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates `piazza_bench_<random>` on the server of `serverUrl`. */
export async function createScratchDb(serverUrl: string): Promise<ScratchDb> {
  const name = `piazza_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin(serverUrl, async (sql) => void await sql.unsafe(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    drop: () =>
      admin(serverUrl, async (sql) => {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      }),
  };
}

/** `postgres://user@host:port/db` without the password, for printing. */
export function redact(url: string): string {
  const u = new URL(url);
  u.password = "";
  return u.href;
}

/**
 * `deno task bench`: cold start and throughput of the app, each against a baseline measured in the
 * same run, on PGlite and (when DATABASE_URL is set) on a scratch Postgres database. Prints a
 * table, a `BENCH_JSON {…}` line, and writes the JSON to `bench/last.json`. All traffic stays on
 * 127.0.0.1; every spawned process is stopped on the way out, error or not.
 *
 * Knobs (env, for quick trials): BENCH_REPEATS (3), BENCH_CONCURRENCY (16),
 * BENCH_WARMUP_S (2, per target), BENCH_DURATION_S (10, per target), BENCH_SLICES (5: each
 * target's measured time is cut into this many turns, round-robin with the other targets).
 */
import { cleanupAll, onCleanup, tempDir } from "./cleanup.ts";
import { benchAttendance, toText as attendanceText } from "./attendance.ts";
import { benchClickDay, toText as clickDayText } from "./click_day.ts";
import { benchMealCounts } from "./meal_counts.ts";
import { benchBilling, toText as billingText } from "./billing.ts";
import { benchNotices } from "./notices.ts";
import { measureColdStart } from "./cold_start.ts";
import { createScratchDb, redact } from "./postgres.ts";
import { benchRegistrySearch } from "./registry_search.ts";
import { benchReceipts } from "./receipts.ts";
import { type BackendRun, type Results, toJson, toText } from "./report.ts";
import { killChildrenOnUnload, spawnDeno, stopAll, timeUntilReady } from "./spawn.ts";
import { measureTariffQuotes } from "./tariffs.ts";
import { type LoadSettings, measureTargets } from "./throughput.ts";

function envNumber(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  const value = raw ? Number(raw) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const log = (line: string) => console.log(line);

/** Starts the app with `env`, loads it, stops it. */
async function loadRun(
  env: Record<string, string>,
  settings: LoadSettings,
): Promise<BackendRun> {
  const app = spawnDeno("main.ts", env);
  try {
    const startMs = await timeUntilReady(app, "/accedi");
    return { startMs, targets: await measureTargets(app, settings, log) };
  } finally {
    await app.stop();
  }
}

async function main() {
  const began = performance.now();
  const loadAvgStart = Deno.loadavg()[0];
  const repeats = envNumber("BENCH_REPEATS", 3);
  const load: LoadSettings = {
    concurrency: envNumber("BENCH_CONCURRENCY", 16),
    warmupMs: envNumber("BENCH_WARMUP_S", 2) * 1000,
    durationMs: envNumber("BENCH_DURATION_S", 10) * 1000,
    slices: envNumber("BENCH_SLICES", 5),
    maxRequests: 2_000_000,
  };
  // Pure CPU, first, while no app process competes for the cores.
  const tariffs = measureTariffQuotes(log);
  const mealCounts = benchMealCounts(log);
  log(`Cold start, ${repeats} rounds (PGlite)`);
  const coldStart = await measureColdStart(repeats, log);

  log("Throughput, PGlite (data dir seeded above)");
  const pglite = await loadRun({ DATA_DIR: coldStart.seededDataDir }, load);

  let postgres: Results["postgres"] = { skipped: "DATABASE_URL not set" };
  const serverUrl = Deno.env.get("DATABASE_URL");
  if (serverUrl) {
    const scratch = await createScratchDb(serverUrl);
    const drop = onCleanup(() => scratch.drop());
    log(`Throughput, Postgres (scratch database ${redact(scratch.url)})`);
    const secret = Array.from(
      crypto.getRandomValues(new Uint8Array(32)),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    const tmp = await tempDir("piazza-bench-pg-");
    postgres = await loadRun({
      DATABASE_URL: scratch.url,
      JWT_SECRET: secret,
      SEED_DEMO: "true",
      DATA_DIR: tmp.path,
    }, load);
    await drop();
  }
  // Registry search on 100,000 people: first page p99 against a primary-key lookup.
  const registrySearch = serverUrl
    ? await benchRegistrySearch(serverUrl, log)
    : { skipped: "DATABASE_URL not set" };
  // Click day: 5,000 families submitting through the real app (bench/click_day.ts).
  const clickDay = serverUrl
    ? await benchClickDay(serverUrl, log)
    : { skipped: "DATABASE_URL not set" };

  // Attendance: 10,000 marks through the API while families follow live (bench/attendance.ts).
  const attendance = serverUrl
    ? await benchAttendance(serverUrl, log)
    : { skipped: "DATABASE_URL not set" };

  // Receipts: 20,000 through ingestReceipts, then again (bench/receipts.ts), ≥ 500/s.
  const receipts = serverUrl
    ? await benchReceipts(serverUrl, log)
    : { skipped: "DATABASE_URL not set" };

  // Billing run: 100,000 beneficiaries, a month of meals, against a bare INSERT … SELECT.
  const billing = serverUrl
    ? await benchBilling(serverUrl, log)
    : { skipped: "DATABASE_URL not set" };

  // Notice PDFs: 10,000 Avvisi pagoPA of one run streamed to storage (bench/notices.ts).
  const notices = serverUrl
    ? await benchNotices(serverUrl, log)
    : { skipped: "DATABASE_URL not set" };

  const results: Results = {
    coldStart,
    coldStartRepeats: repeats,
    load,
    pglite,
    postgres,
    totalSeconds: (performance.now() - began) / 1000,
    loadAvg1m: { start: loadAvgStart, end: Deno.loadavg()[0] },
  };
  const json = {
    ...toJson(results),
    tariffs,
    mealCounts,
    registrySearch,
    clickDay,
    attendance,
    receipts,
    billing,
    notices,
  };
  log("");
  log(toText(results));
  log("skipped" in clickDay ? `click day: skipped (${clickDay.skipped})` : clickDayText(clickDay));
  log(
    "skipped" in attendance
      ? `attendance: skipped (${attendance.skipped})`
      : attendanceText(attendance),
  );
  log("skipped" in billing ? `billing: skipped (${billing.skipped})` : billingText(billing));
  log(`BENCH_JSON ${JSON.stringify(json)}`);
  await Deno.writeTextFile(
    new URL("last.json", import.meta.url),
    JSON.stringify(json, null, 2) + "\n",
  );
}

/** Children first (they hold the data dirs and database connections), then the rest. */
async function shutDown() {
  await stopAll();
  await cleanupAll();
}

killChildrenOnUnload();
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(sig, async () => {
    console.error(`${sig}: stopping`);
    await shutDown();
    Deno.exit(130);
  });
}
let failed = false;
try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  failed = true;
}
await shutDown();
Deno.exit(failed ? 1 : 0);

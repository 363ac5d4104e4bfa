/**
 * Notice PDFs at scale (issue 6 target): 10,000 Avvisi pagoPA of one billing run generated in
 * ≤ 60 s, streamed to storage one file at a time (no whole batch in memory). Seeds a scratch
 * Postgres database with the demo Comune and NOTICE_BENCH_POSITIONS positions (one single payment
 * each, every fifth with two instalments as well), then runs `generateRunNotices` with a render
 * worker per core. Prints time, throughput and peak RSS (sampled every 100 ms).
 *
 * Alone: `DATABASE_URL=… deno run -A bench/notices.ts`; also part of `deno task bench`.
 * Knobs: NOTICE_BENCH_POSITIONS (10000), NOTICE_BENCH_WORKERS (cores), NOTICE_BENCH_POSTAL (0/1).
 */
import { migrate, readMigrations } from "../lib/db/migrate.ts";
import { openPostgres } from "../lib/db/postgres.ts";
import { generateRunNotices } from "../lib/pagopa/notice_batch.ts";
import {
  memberClaims,
  seedNoticeRun,
  seedNoticeSettings,
  seedNoticeVolume,
} from "../lib/pagopa/notice_pdf_testing.ts";
import { seedDemo } from "../lib/seed/demo.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import { onCleanup, tempDir } from "./cleanup.ts";
import { createScratchDb, redact } from "./postgres.ts";

export interface NoticeBenchResult {
  positions: number;
  workers: number;
  postal: boolean;
  seedSeconds: number;
  seconds: number;
  perSecond: number;
  bytesTotal: number;
  peakRssMb: number;
  rssBeforeMb: number;
  targetSeconds: number;
  pass: boolean;
  failed: number;
  /** CPU time of the batch (all threads) per PDF: the figure that does not depend on load. */
  cpuMsPerPdf: number | null;
  loadAvg1m: { start: number; end: number };
}

/** CPU seconds of this process, all threads (workers included), from /proc; null elsewhere. */
function cpuSeconds(): number | null {
  try {
    const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

const mb = (b: number) => Math.round(b / 1024 / 1024 * 10) / 10;

export async function benchNotices(
  serverUrl: string,
  log: (line: string) => void = console.log,
): Promise<NoticeBenchResult> {
  const positions = Number(Deno.env.get("NOTICE_BENCH_POSITIONS") ?? 10_000);
  const workers = Number(Deno.env.get("NOTICE_BENCH_WORKERS") ?? navigator.hardwareConcurrency);
  const postal = Deno.env.get("NOTICE_BENCH_POSTAL") === "1";
  const scratch = await createScratchDb(serverUrl);
  const db = openPostgres(scratch.url, { max: 4 });
  const dir = await tempDir("piazza-bench-notices-");
  const drop = onCleanup(async () => {
    await db.close();
    await scratch.drop();
    await dir.remove();
  });
  log(`Notices: ${positions} positions in scratch database ${redact(scratch.url)}`);
  try {
    const seedStart = performance.now();
    await migrate(db, await readMigrations());
    await seedDemo(db);
    await seedNoticeSettings(db, postal);
    const runId = await db.asOwner(async (tx) => {
      const id = await seedNoticeRun(tx);
      await seedNoticeVolume(tx, id, positions);
      return id;
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const claims = await memberClaims(db, "m.rossi@comune.valdiponte.example", "operator");
    const storage = new LocalStorage(dir.path);
    const rssBefore = Deno.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 100);
    const cpuStart = cpuSeconds();
    const loadStart = Deno.loadavg()[0];
    const began = performance.now();
    let lastLog = began;
    const result = await generateRunNotices(db, claims, runId, {
      storage,
      workers,
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastLog > 5000) {
          lastLog = now;
          log(`  ${p.done}/${p.total} (${Math.round(p.done / ((now - began) / 1000))}/s)`);
        }
      },
    });
    const seconds = (performance.now() - began) / 1000;
    const cpuEnd = cpuSeconds();
    clearInterval(sampler);
    peak = Math.max(peak, Deno.memoryUsage().rss);
    let bytesTotal = 0;
    for await (const e of Deno.readDir(dir.path)) {
      if (!e.isDirectory) continue;
      for await (const f of Deno.readDir(`${dir.path}/${e.name}`)) {
        if (f.isFile) bytesTotal += (await Deno.stat(`${dir.path}/${e.name}/${f.name}`)).size;
      }
    }
    const out: NoticeBenchResult = {
      positions: result.total,
      workers,
      postal,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round(result.written / seconds),
      bytesTotal,
      peakRssMb: mb(peak),
      rssBeforeMb: mb(rssBefore),
      targetSeconds: 60,
      pass: result.written === positions && seconds <= 60,
      failed: result.failed,
      cpuMsPerPdf: cpuStart !== null && cpuEnd !== null && result.written
        ? Math.round((cpuEnd - cpuStart) / result.written * 1000 * 100) / 100
        : null,
      loadAvg1m: { start: loadStart, end: Deno.loadavg()[0] },
    };
    log(
      `Notices: ${result.written} PDFs in ${out.seconds} s (${out.perSecond}/s, ${workers} workers` +
        `${postal ? ", with Poste" : ""}), ${
          mb(bytesTotal)
        } MB stored, peak RSS ${out.peakRssMb} MB ` +
        `(${out.rssBeforeMb} MB before), ${out.cpuMsPerPdf} ms CPU per PDF, load ` +
        `${loadStart.toFixed(1)}→${out.loadAvg1m.end.toFixed(1)} — target ≤ 60 s: ` +
        (out.pass ? "PASS" : "FAIL"),
    );
    return out;
  } finally {
    await drop();
  }
}

if (import.meta.main) {
  const url = Deno.env.get("DATABASE_URL");
  if (!url) throw new Error("bench/notices.ts needs DATABASE_URL (a Postgres server)");
  await benchNotices(url);
}

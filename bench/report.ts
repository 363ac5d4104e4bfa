/** The bench's results as one JSON document and as a plain-text table of figures and ratios. */
import type { ColdStart } from "./cold_start.ts";
import { ratio } from "./load.ts";
import type { LoadSettings, TargetResult, Targets } from "./throughput.ts";

export interface BackendRun {
  /** Spawn → first 200 of the server that was then loaded (informational, one sample). */
  startMs: number;
  targets: Targets;
}

export interface Results {
  coldStart: ColdStart;
  coldStartRepeats: number;
  load: LoadSettings;
  pglite: BackendRun;
  /** Null with the reason when DATABASE_URL is not set. */
  postgres: BackendRun | { skipped: string };
  totalSeconds: number;
  /** 1-minute load average of the machine when the bench began and ended: other work skews it. */
  loadAvg1m: { start: number; end: number };
}

const round = (v: number | null, digits = 3) =>
  v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

function loadJson(r: TargetResult) {
  return {
    requests: r.requests,
    errors: r.errors,
    seconds: round(r.seconds),
    rps: round(r.rps, 1),
    p50Ms: round(r.p50),
    p90Ms: round(r.p90),
    p99Ms: round(r.p99),
    maxMs: round(r.max),
    meanMs: round(r.mean),
    statuses: r.statuses,
    meanBytes: round(r.meanBytes, 0),
    serverCpuPct: round(r.serverCpuPct, 0),
    benchCpuPct: round(r.benchCpuPct, 0),
  };
}

function backendJson(run: BackendRun) {
  const { static: css, accedi, operatore } = run.targets;
  return {
    startMs: round(run.startMs, 1),
    static: loadJson(css),
    accedi: loadJson(accedi),
    operatore: loadJson(operatore),
    ratios: {
      operatoreRpsToStatic: round(ratio(operatore.rps, css.rps)),
      operatoreRpsToAccedi: round(ratio(operatore.rps, accedi.rps)),
      accediRpsToStatic: round(ratio(accedi.rps, css.rps)),
      operatoreP50ToStatic: round(ratio(operatore.p50, css.p50)),
      operatoreP50ToAccedi: round(ratio(operatore.p50, accedi.p50)),
      operatoreP99ToStatic: round(ratio(operatore.p99, css.p99)),
    },
  };
}

export function toJson(r: Results) {
  const { hello, fresh, reuse } = r.coldStart;
  return {
    version: 1,
    date: new Date().toISOString(),
    deno: Deno.version.deno,
    os: `${Deno.build.os}-${Deno.build.arch}`,
    cpus: navigator.hardwareConcurrency,
    settings: { coldStartRepeats: r.coldStartRepeats, ...r.load },
    coldStart: {
      helloMs: {
        median: round(hello.medianMs, 1),
        samples: hello.samplesMs.map((v) => round(v, 1)),
      },
      freshMs: {
        median: round(fresh.medianMs, 1),
        samples: fresh.samplesMs.map((v) => round(v, 1)),
      },
      reuseMs: {
        median: round(reuse.medianMs, 1),
        samples: reuse.samplesMs.map((v) => round(v, 1)),
      },
      ratios: {
        freshToHello: round(ratio(fresh.medianMs, hello.medianMs), 2),
        reuseToHello: round(ratio(reuse.medianMs, hello.medianMs), 2),
        freshToReuse: round(ratio(fresh.medianMs, reuse.medianMs), 2),
      },
    },
    throughput: {
      pglite: backendJson(r.pglite),
      postgres: "skipped" in r.postgres ? r.postgres : backendJson(r.postgres),
    },
    totalSeconds: round(r.totalSeconds, 1),
    loadAvg1m: { start: round(r.loadAvg1m.start, 2), end: round(r.loadAvg1m.end, 2) },
  };
}

const ms = (v: number) => !Number.isFinite(v) ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(1);
const pct = (v: number | null) => v === null ? "-" : `${v.toFixed(0)}%`;
const x = (v: number | null) => v === null ? "-" : `${v < 10 ? v.toFixed(2) : v.toFixed(1)}×`;

function table(rows: string[][], rightFrom: number): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row.map((cell, i) => i >= rightFrom ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))
      .join("  ").trimEnd()
  ).join("\n");
}

export function toText(r: Results): string {
  const { hello, fresh, reuse } = r.coldStart;
  const start = table([
    ["", "median ms", "samples ms", "× hello"],
    ["hello Deno.serve (baseline)", ms(hello.medianMs), hello.samplesMs.map(ms).join(" "), "1.00×"],
    [
      "app, fresh data dir (migrate+seed)",
      ms(fresh.medianMs),
      fresh.samplesMs.map(ms).join(" "),
      x(ratio(fresh.medianMs, hello.medianMs)),
    ],
    [
      "app, reused data dir",
      ms(reuse.medianMs),
      reuse.samplesMs.map(ms).join(" "),
      x(ratio(reuse.medianMs, hello.medianMs)),
    ],
  ], 1);

  const rows = [[
    "backend",
    "target",
    "req/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "errors",
    "body B",
    "rps × static",
    "rps × accedi",
    "p50 × static",
    "cpu server",
    "cpu bench",
  ]];
  const runs: [string, BackendRun][] = [["pglite", r.pglite]];
  if (!("skipped" in r.postgres)) runs.push(["postgres", r.postgres]);
  for (const [name, run] of runs) {
    const { static: css, accedi } = run.targets;
    for (
      const [label, t] of [
        ["GET /static/app.css", run.targets.static],
        ["GET /accedi (anonymous)", run.targets.accedi],
        ["GET /operatore (signed in)", run.targets.operatore],
      ] as const
    ) {
      rows.push([
        name,
        label,
        t.rps.toFixed(0),
        ms(t.p50),
        ms(t.p90),
        ms(t.p99),
        ms(t.max),
        `${t.errors}/${t.requests}`,
        Number.isFinite(t.meanBytes) ? t.meanBytes.toFixed(0) : "-",
        x(ratio(t.rps, css.rps)),
        x(ratio(t.rps, accedi.rps)),
        x(ratio(t.p50, css.p50)),
        pct(t.serverCpuPct),
        pct(t.benchCpuPct),
      ]);
    }
  }
  const { concurrency, warmupMs, durationMs, slices } = r.load;
  const lines = [
    `Cold start: spawn → first 200 (GET /accedi; hello: GET /), PGlite, median of ${r.coldStartRepeats}`,
    start,
    "",
    `Throughput: ${concurrency} workers, keep-alive, generator in the bench process; per target ` +
    `${warmupMs / 1000} s warm-up, then ${durationMs / 1000} s measured in ${slices} turns ` +
    `round-robin with the other targets`,
    table(rows, 2),
    "cpu = share of one core used during the measured window (200% = both cores).",
  ];
  if ("skipped" in r.postgres) lines.push(`postgres: skipped (${r.postgres.skipped})`);
  else lines.push(`postgres app start (fresh db, migrate+seed): ${ms(r.postgres.startMs)} ms`);
  lines.push(`pglite app start for the load run (reused data): ${ms(r.pglite.startMs)} ms`);
  lines.push(
    `bench took ${r.totalSeconds.toFixed(1)} s; machine load (1 min) ${
      r.loadAvg1m.start.toFixed(2)
    } at start, ${r.loadAvg1m.end.toFixed(2)} at end, ${navigator.hardwareConcurrency} cores`,
  );
  return lines.join("\n");
}

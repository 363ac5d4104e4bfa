/**
 * Throughput and latency of one running app: the signed-in operator home `GET /operatore`, against
 * two baselines measured with the same generator on the same server in the same run — a static
 * file (`/static/app.css`) and the anonymous sign-in page (`/accedi`), interleaved with it.
 */
import { cpuMeter } from "./cpu.ts";
import { type LoadResult, Recording, runLoad } from "./load.ts";

export const OPERATOR_EMAIL = "m.rossi@comune.valdiponte.example";
export const DEMO_PASSWORD = "Piazza-Demo-2026";

export interface LoadSettings {
  concurrency: number;
  /** Per target, before any measuring. */
  warmupMs: number;
  /** Measured time per target, spread over `slices` turns. */
  durationMs: number;
  slices: number;
  /** Cap on measured requests per target. */
  maxRequests: number;
}

export interface TargetResult extends LoadResult {
  /** CPU used over the measured window, in % of one core (Linux only, else null). */
  serverCpuPct: number | null;
  benchCpuPct: number | null;
}

export interface Targets {
  static: TargetResult;
  accedi: TargetResult;
  operatore: TargetResult;
}

/** `name=value` of each `Set-Cookie` of `res`. */
function cookies(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0];
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

/**
 * Signs in through the real form (GET /accedi for the CSRF cookie and `_csrf` field, POST it) and
 * returns the `Cookie` header of the session; checks that it opens `/operatore`.
 */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/accedi`, { redirect: "manual" });
  const html = await form.text();
  const csrfCookie = cookies(form).get("piazza_csrf");
  const input = /<input[^>]*name="_csrf"[^>]*>/.exec(html)?.[0];
  const csrfField = input && /value="([^"]*)"/.exec(input)?.[1];
  if (form.status !== 200 || !csrfCookie || !csrfField) {
    throw new Error(`GET /accedi gave ${form.status} without a CSRF cookie and field`);
  }
  const posted = await fetch(`${base}/accedi`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `piazza_csrf=${csrfCookie}`,
    },
    body: new URLSearchParams({ email, password, _csrf: csrfField }),
  });
  await posted.body?.cancel();
  const session = cookies(posted).get("piazza_session");
  if (posted.status !== 303 || !session) {
    throw new Error(`sign-in as ${email} gave ${posted.status} without a session cookie`);
  }
  const cookie = `piazza_csrf=${csrfCookie}; piazza_session=${session}`;
  const home = await fetch(`${base}/operatore`, { redirect: "manual", headers: { cookie } });
  await home.body?.cancel();
  if (home.status !== 200) throw new Error(`GET /operatore signed in gave ${home.status}`);
  return cookie;
}

/**
 * Each target is warmed up on its own, then measured in `slices` turns of `durationMs / slices`,
 * round-robin with the others (never overlapping), so that whatever else the machine is doing
 * weighs on the page under study and on its baselines alike.
 */
export async function measureTargets(
  server: { base: string; pid: number },
  settings: LoadSettings,
  log: (line: string) => void,
): Promise<Targets> {
  const cookie = await signIn(server.base, OPERATOR_EMAIL, DEMO_PASSWORD);
  const targets = [
    { key: "static", label: "GET /static/app.css", path: "/static/app.css" },
    { key: "accedi", label: "GET /accedi (anon)", path: "/accedi" },
    { key: "operatore", label: "GET /operatore (signed)", path: "/operatore", cookie },
  ] as const;
  const runs = targets.map((t) => ({
    ...t,
    options: {
      url: server.base + t.path,
      headers: "cookie" in t ? { cookie: t.cookie } : undefined,
      concurrency: settings.concurrency,
      maxRequests: settings.maxRequests,
    },
    recording: new Recording(),
    serverCpu: cpuMeter(server.pid),
    benchCpu: cpuMeter("self"),
  }));
  for (const run of runs) {
    await runLoad({ ...run.options, warmupMs: settings.warmupMs, durationMs: 0 });
  }
  const sliceMs = settings.durationMs / settings.slices;
  for (let slice = 0; slice < settings.slices; slice++) {
    for (const run of runs) {
      run.serverCpu.start();
      run.benchCpu.start();
      await runLoad({ ...run.options, warmupMs: 0, durationMs: sliceMs }, run.recording);
      run.serverCpu.stop();
      run.benchCpu.stop();
    }
  }
  const results = runs.map((run) => {
    const result: TargetResult = {
      ...run.recording.result(),
      serverCpuPct: run.serverCpu.percent(),
      benchCpuPct: run.benchCpu.percent(),
    };
    const pct = (v: number | null) => v === null ? "-" : `${v.toFixed(0)}%`;
    log(
      `  ${run.label.padEnd(23)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ` +
        `${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  errors ${result.errors}  ` +
        `cpu server ${pct(result.serverCpuPct)} bench ${pct(result.benchCpuPct)}`,
    );
    return result;
  });
  return { static: results[0], accedi: results[1], operatore: results[2] };
}

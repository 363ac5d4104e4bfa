/**
 * A closed-loop HTTP load generator (N workers, each sending its next request as soon as the last
 * one is answered, over kept-alive connections) and the statistics it reports. Runs in the bench
 * process, so it never shares an event loop with the server under test.
 */

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  concurrency: number;
  /** Requests sent before this are not measured (JIT, caches, connection set-up). */
  warmupMs: number;
  /** Measured time after the warm-up; 0 for a warm-up only. */
  durationMs: number;
  /** Hard cap on measured requests of a recording, whatever the duration. */
  maxRequests: number;
  /** A request not answered within this counts as an error. */
  requestTimeoutMs?: number;
}

export interface Summary {
  /** Measured requests, answered or failed. */
  requests: number;
  /** Non-200 answers plus requests that failed or timed out. */
  errors: number;
  seconds: number;
  rps: number;
  /** Latencies in milliseconds over all measured requests. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult extends Summary {
  /** Count per HTTP status, plus `error` for requests that got no answer. */
  statuses: Record<string, number>;
  /** Mean body size of the measured answers, to see that a page really was rendered. */
  meanBytes: number;
}

/**
 * Nearest-rank percentile of ascending `sorted` (q in 0..100): the smallest value with at least
 * q% of the samples at or below it. NaN for no samples.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  if (q <= 0) return sorted[0];
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Median (mean of the two middle values for an even count); NaN for no samples. */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Figures for `latencies` (ms, any order) measured over `seconds`. */
export function summarize(latencies: readonly number[], errors: number, seconds: number): Summary {
  const sorted = Float64Array.from(latencies).sort();
  const list = Array.from(sorted);
  const total = list.reduce((sum, v) => sum + v, 0);
  return {
    requests: list.length,
    errors,
    seconds,
    rps: seconds > 0 ? list.length / seconds : NaN,
    p50: percentile(list, 50),
    p90: percentile(list, 90),
    p99: percentile(list, 99),
    max: list.length ? list[list.length - 1] : NaN,
    mean: list.length ? total / list.length : NaN,
  };
}

/** `a / b`, or null when either side is not a positive finite number. */
export function ratio(a: number, b: number): number | null {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
}

/** Raw measurements of one target, possibly gathered over several runs. */
export class Recording {
  latencies: number[] = [];
  statuses: Record<string, number> = {};
  errors = 0;
  bytes = 0;
  seconds = 0;

  result(): LoadResult {
    const n = this.latencies.length;
    return {
      ...summarize(this.latencies, this.errors, this.seconds),
      statuses: this.statuses,
      meanBytes: n ? this.bytes / n : NaN,
    };
  }
}

/**
 * Drives `url` with `concurrency` workers for `warmupMs + durationMs`, adding to `into`. Requests
 * started inside the measured window are recorded (their latency includes reading the whole
 * body); the time added is the window plus the tail of its last answers (or up to the last answer
 * if `maxRequests` cut the run short). Redirects are not followed: a 303 to the sign-in page is an
 * error, not a fast success.
 */
export async function runLoad(opts: LoadOptions, into = new Recording()): Promise<Recording> {
  const rec = into;
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  let lastAnswer = measureFrom;
  const full = () => rec.latencies.length >= opts.maxRequests;

  async function once(): Promise<{ status: string; ok: boolean; size: number }> {
    try {
      const res = await fetch(opts.url, {
        headers: opts.headers,
        redirect: "manual",
        signal: AbortSignal.timeout(opts.requestTimeoutMs ?? 10_000),
      });
      const size = (await res.arrayBuffer()).byteLength;
      return { status: String(res.status), ok: res.status === 200, size };
    } catch {
      return { status: "error", ok: false, size: 0 };
    }
  }

  async function worker() {
    while (true) {
      const t0 = performance.now();
      if (t0 >= end || full()) return;
      const { status, ok, size } = await once();
      const t1 = performance.now();
      if (t0 < measureFrom || full()) continue;
      rec.latencies.push(t1 - t0);
      rec.bytes += size;
      rec.statuses[status] = (rec.statuses[status] ?? 0) + 1;
      if (!ok) rec.errors++;
      if (t1 > lastAnswer) lastAnswer = t1;
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  if (opts.durationMs > 0) {
    rec.seconds += ((full() ? lastAnswer : Math.max(end, lastAnswer)) - measureFrom) / 1000;
  }
  return rec;
}

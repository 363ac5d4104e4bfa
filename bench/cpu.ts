/**
 * CPU time of a process (all its threads), from Linux `/proc/<pid>/stat`. With the generator and
 * the server sharing two cores, the share each one used tells which side limited a run.
 */

/** Clock ticks per second of `/proc` times; 100 on every mainstream Linux build. */
const CLK_TCK = 100;

/**
 * User + system CPU seconds used so far by `pid` ("self" for this process); null off Linux or once
 * the process is gone.
 */
export function cpuSeconds(pid: number | "self"): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // the command name (field 2) may contain spaces; fields after it are plain
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime + stime) ? (utime + stime) / CLK_TCK : null;
  } catch {
    return null;
  }
}

/** CPU seconds of `pids` together; null when one of them cannot be read (another machine). */
export function cpuSecondsOf(pids: readonly number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const s = cpuSeconds(pid);
    if (s === null) return null;
    total += s;
  }
  return total;
}

/**
 * CPU use of `pid` over one or more `start()`…`stop()` intervals, as a percentage of one core
 * (200 = both cores of a 2-core machine); null when `/proc` could not be read.
 */
export function cpuMeter(pid: number | "self") {
  let cpu = 0;
  let wall = 0;
  let failed = false;
  let cpu0: number | null = null;
  let t0 = 0;
  return {
    start() {
      cpu0 = cpuSeconds(pid);
      t0 = performance.now();
    },
    stop() {
      const cpu1 = cpuSeconds(pid);
      if (cpu0 === null || cpu1 === null) failed = true;
      else cpu += cpu1 - cpu0;
      wall += (performance.now() - t0) / 1000;
    },
    percent(): number | null {
      return failed || wall <= 0 ? null : (cpu / wall) * 100;
    },
  };
}

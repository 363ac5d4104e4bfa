/**
 * Child processes for the benchmark: spawn `deno run -A <script>` on a free loopback port, time
 * how long until a URL first answers 200, and stop it again. Every child is tracked so that
 * `stopAll()` (and, as a last resort, the hook of `killChildrenOnUnload()`) leave nothing behind.
 */

export const REPO_ROOT = new URL("..", import.meta.url).pathname;

/** Variables that choose the app's database or listener; each spawn sets its own. */
const APP_VARS = [
  "DATABASE_URL",
  "JWT_SECRET",
  "SEED_DEMO",
  "DATA_DIR",
  "PORT",
  "HOST",
  "PUBLIC_URL",
];
const OUTPUT_TAIL = 4000;

export interface Spawned {
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** `performance.now()` taken just before the process was spawned. */
  spawnedAt: number;
  /** The last few KB the child wrote to stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<Deno.CommandStatus>;
}

const live = new Map<number, Deno.ChildProcess>();

/** A port nobody listens on right now (bound and released on 127.0.0.1). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function drain(stream: ReadableStream<Uint8Array>, sink: { text: string }) {
  const decoder = new TextDecoder();
  try {
    for await (const chunk of stream) {
      sink.text = (sink.text + decoder.decode(chunk, { stream: true })).slice(-OUTPUT_TAIL);
    }
  } catch {
    // the child was killed mid-write; what we have is enough
  }
}

/**
 * Spawns `deno run -A <script>` from the repository root with PORT (a free port) and
 * HOST=127.0.0.1, plus `env`. The app's own variables are removed from the inherited environment
 * so a DATABASE_URL meant for one run never leaks into another.
 */
export function spawnDeno(script: string, env: Record<string, string> = {}): Spawned {
  const port = freePort();
  const childEnv = Deno.env.toObject();
  for (const name of APP_VARS) delete childEnv[name];
  Object.assign(childEnv, env, { PORT: String(port), HOST: "127.0.0.1" });
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script],
    cwd: REPO_ROOT,
    env: childEnv,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const spawnedAt = performance.now();
  const child = command.spawn();
  live.set(child.pid, child);
  const sink = { text: "" };
  const drained = Promise.all([drain(child.stdout, sink), drain(child.stderr, sink)]);
  const exited = child.status.then(async (status) => {
    live.delete(child.pid);
    await drained;
    return status;
  });
  return {
    pid: child.pid,
    port,
    base: `http://127.0.0.1:${port}`,
    spawnedAt,
    output: () => sink.text,
    exited,
    async stop(graceMs = 5000) {
      if (!live.has(child.pid)) return void await exited;
      signal(child, "SIGTERM");
      const timer = setTimeout(() => signal(child, "SIGKILL"), graceMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function signal(child: Deno.ChildProcess, sig: Deno.Signal) {
  try {
    child.kill(sig);
  } catch {
    // already gone
  }
}

/**
 * Milliseconds from the spawn until `GET base+path` first answers 200, polling every `pollMs`.
 * Throws (with the child's output) if the child exits first or `timeoutMs` passes.
 */
export async function timeUntilReady(
  proc: Spawned,
  path: string,
  { pollMs = 10, timeoutMs = 60_000 } = {},
): Promise<number> {
  let exited = false;
  proc.exited.then(() => exited = true);
  const deadline = proc.spawnedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (exited) throw new Error(`process ${proc.pid} exited before serving:\n${proc.output()}`);
    try {
      const res = await fetch(proc.base + path, {
        redirect: "manual",
        signal: AbortSignal.timeout(2000),
      });
      await res.body?.cancel();
      if (res.status === 200) return performance.now() - proc.spawnedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`no 200 from ${path} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** Stops every child still running, politely first. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live.values()].map(async (child) => {
    signal(child, "SIGTERM");
    const timer = setTimeout(() => signal(child, "SIGKILL"), 3000);
    try {
      await child.status;
    } finally {
      clearTimeout(timer);
    }
  }));
}

/**
 * On any exit (uncaught error, `Deno.exit`) SIGKILL whatever is still running: nothing can be
 * awaited there, so the polite path is `stopAll()` before exiting.
 */
export function killChildrenOnUnload(): void {
  globalThis.addEventListener("unload", () => {
    for (const child of live.values()) signal(child, "SIGKILL");
  });
}

/**
 * Cold start: spawn → first `200` page, for the app on a fresh PGlite data dir (migrations + demo
 * seed), the app again on the same data (reuse), and a bare `Deno.serve` "hello" script spawned
 * the same way as the baseline.
 */
import { tempDir } from "./cleanup.ts";
import { median } from "./load.ts";
import { spawnDeno, timeUntilReady } from "./spawn.ts";

export interface StartFigures {
  samplesMs: number[];
  medianMs: number;
}

export interface ColdStart {
  hello: StartFigures;
  fresh: StartFigures;
  reuse: StartFigures;
  /** A data dir left migrated and seeded by the last round, for later steps; removed at cleanup. */
  seededDataDir: string;
}

const HELLO = `Deno.serve(
  { port: Number(Deno.env.get("PORT")), hostname: Deno.env.get("HOST"), onListen() {} },
  () => new Response("hello"),
);
`;

function figures(samplesMs: number[]): StartFigures {
  return { samplesMs, medianMs: median(samplesMs) };
}

/** Spawns `script`, times it to the first 200 on `path`, stops it; returns the time and output. */
async function timeOnce(script: string, path: string, env: Record<string, string>) {
  const proc = spawnDeno(script, env);
  let took: number;
  try {
    took = await timeUntilReady(proc, path);
  } finally {
    await proc.stop();
  }
  return { took, output: proc.output() };
}

/**
 * `repeats` rounds, interleaved so that drift on the machine hits every kind alike: hello, app on a
 * new data dir, app on that same data dir again.
 */
export async function measureColdStart(
  repeats: number,
  log: (line: string) => void,
): Promise<ColdStart> {
  const tmp = await tempDir("piazza-bench-");
  const helloScript = `${tmp.path}/hello.ts`;
  await Deno.writeTextFile(helloScript, HELLO);
  const hello: number[] = [];
  const fresh: number[] = [];
  const reuse: number[] = [];
  let data: Awaited<ReturnType<typeof tempDir>> | undefined;
  for (let round = 1; round <= repeats; round++) {
    hello.push((await timeOnce(helloScript, "/", {})).took);
    await data?.remove();
    data = await tempDir("piazza-bench-data-");
    const first = await timeOnce("main.ts", "/accedi", { DATA_DIR: data.path });
    if (!first.output.includes("Comune dimostrativo caricato")) {
      throw new Error(`fresh start did not seed the demo Comune:\n${first.output}`);
    }
    fresh.push(first.took);
    const again = await timeOnce("main.ts", "/accedi", { DATA_DIR: data.path });
    if (!again.output.includes("Dati esistenti riutilizzati")) {
      throw new Error(`second start did not reuse the data:\n${again.output}`);
    }
    reuse.push(again.took);
    log(
      `  round ${round}/${repeats}: hello ${ms(hello.at(-1)!)}, fresh ${ms(fresh.at(-1)!)}, ` +
        `reuse ${ms(reuse.at(-1)!)}`,
    );
  }
  await tmp.remove();
  return {
    hello: figures(hello),
    fresh: figures(fresh),
    reuse: figures(reuse),
    seededDataDir: data!.path,
  };
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

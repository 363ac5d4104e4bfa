import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "./build.ts";
import { listFiles } from "./fingerprint.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TESTDATA_ISLANDS = fileURLToPath(new URL("./testdata/islands", import.meta.url));
// From Preact core's IS_NON_DIMENSIONAL regex, kept verbatim by the minifier.
const PREACT_MARKER = "acit|ex(?:s|g|n|p|$)|rph";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "islands-build-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `fn` with `Deno.Command` replaced by a stub that fails the test if used. */
async function withoutSpawning<T>(fn: () => Promise<T>): Promise<T> {
  const original = Deno.Command;
  (Deno as { Command: unknown }).Command = class {
    constructor(cmd: string | URL) {
      throw new Error(`unexpected spawn of ${cmd}`);
    }
  };
  try {
    return await fn();
  } finally {
    (Deno as { Command: unknown }).Command = original;
  }
}

function options(outDir: string, islandsDir = TESTDATA_ISLANDS): BuildOptions {
  return { islandsDir, outDir, urlBase: "/_islands/", root: ROOT };
}

Deno.test("build writes a content-hashed folder, a manifest and one copy of Preact", async () => {
  await withTempDir(async (outDir) => {
    const result = await build(options(outDir));
    assert.equal(result.cached, false);
    assert.match(result.hash, /^[0-9a-f]{12}$/);
    assert.equal(result.dir, join(outDir, result.hash));
    const base = `/_islands/${result.hash}`;
    assert.deepEqual(result.manifest, {
      base,
      boot: `${base}/boot.js`,
      islands: {
        Counter: `${base}/Counter.js`,
        Greeting: `${base}/Greeting.js`,
        Outer: `${base}/Outer.js`,
      },
    });

    const files = await listFiles(result.dir);
    for (const name of ["boot.js", "Counter.js", "Greeting.js", "Outer.js"]) {
      assert.ok(files.includes(name), `${name} missing in ${files}`);
    }
    assert.ok(files.every((f) => /^[A-Za-z0-9_-]+\.js$/.test(f)), `flat .js output: ${files}`);

    const withPreact: string[] = [];
    let copies = 0;
    for (const file of files) {
      const text = await Deno.readTextFile(join(result.dir, file));
      const n = text.split(PREACT_MARKER).length - 1;
      if (n > 0) withPreact.push(file);
      copies += n;
    }
    assert.equal(copies, 1, `Preact core found in ${withPreact}`);
    assert.match(withPreact[0], /^chunk-/, "Preact lives in a shared chunk");

    // Outer bundles Counter as a plain component; the boot module hydrates by URL.
    const boot = await Deno.readTextFile(join(result.dir, "boot.js"));
    assert.ok(boot.includes("data-island"));
    assert.ok(!boot.includes("useState"));
  });
});

Deno.test("an unchanged second build is reused without spawning deno bundle", async () => {
  await withTempDir(async (outDir) => {
    const first = await build(options(outDir));
    const started = performance.now();
    const second = await withoutSpawning(() => build(options(outDir)));
    const ms = performance.now() - started;
    assert.equal(second.cached, true);
    assert.deepEqual(second, { ...first, cached: true });
    assert.ok(ms < 1000, `cached build took ${ms} ms`);

    // The record may not be trusted blindly: a deleted output is rebuilt.
    await Deno.remove(join(first.dir, "Counter.js"));
    const third = await build(options(outDir));
    assert.equal(third.cached, false);
    assert.equal(third.hash, first.hash, "same inputs, same bytes, same hash");
  });
});

Deno.test("changing an island (or a module it imports) rebuilds under a new hash", async () => {
  await withTempDir(async (tmp) => {
    const islandsDir = join(tmp, "islands");
    const outDir = join(tmp, "out");
    await Deno.mkdir(islandsDir);
    for (const name of ["Counter.tsx", "Outer.tsx"]) {
      await Deno.copyFile(join(TESTDATA_ISLANDS, name), join(islandsDir, name));
    }
    const first = await build(options(outDir, islandsDir));

    // Counter.tsx is imported by Outer.tsx; both hashes follow the import graph.
    const counter = join(islandsDir, "Counter.tsx");
    await Deno.writeTextFile(
      counter,
      (await Deno.readTextFile(counter)).replace("count + 1", "count + 2"),
    );
    const second = await build(options(outDir, islandsDir));
    assert.equal(second.cached, false);
    assert.notEqual(second.hash, first.hash);

    await Deno.writeTextFile(
      counter,
      (await Deno.readTextFile(counter)).replace("count + 2", "count + 3"),
    );
    const third = await build(options(outDir, islandsDir));
    // Current and previous builds are kept (pages rendered before a restart
    // still load); older ones are pruned.
    const dirs = (await Array.fromAsync(Deno.readDir(outDir)))
      .filter((e) => e.isDirectory).map((e) => e.name).sort();
    assert.deepEqual(dirs, [second.hash, third.hash].sort());
  });
});

Deno.test("a bundler error is reported with its output and leaves no partial build", async () => {
  await withTempDir(async (tmp) => {
    const islandsDir = join(tmp, "islands");
    const outDir = join(tmp, "out");
    await Deno.mkdir(islandsDir);
    await Deno.writeTextFile(
      join(islandsDir, "Broken.tsx"),
      'import x from "./missing.ts";\nexport default () => x;\n',
    );
    await assert.rejects(build(options(outDir, islandsDir)), /deno bundle failed[\s\S]*missing/);
    assert.deepEqual(await listFiles(outDir), []);
  });
});

Deno.test("an island named boot is refused", async () => {
  await withTempDir(async (tmp) => {
    await Deno.writeTextFile(join(tmp, "boot.tsx"), "export default () => null;\n");
    await assert.rejects(build(options(join(tmp, "out"), tmp)), /cannot be named "boot"/);
  });
});

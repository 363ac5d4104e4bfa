import assert from "node:assert/strict";
import { join } from "node:path";
import { fingerprintDir, fingerprintInputs, type InputOptions } from "./fingerprint.ts";

async function withProject(fn: (dir: string, opts: InputOptions) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "islands-fingerprint-test-" });
  try {
    await Deno.mkdir(join(dir, "islands"));
    await Deno.mkdir(join(dir, "components"));
    await Deno.mkdir(join(dir, "lib"));
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify({ imports: { "@/": "./", "preact": "npm:preact@10.29.8" } }),
    );
    await Deno.writeTextFile(join(dir, "deno.lock"), "{}");
    await Deno.writeTextFile(
      join(dir, "islands", "A.tsx"),
      'import { h } from "preact";\nimport B from "../components/B.tsx";\nexport default B;\n',
    );
    await Deno.writeTextFile(
      join(dir, "components", "B.tsx"),
      'export { c } from "@/lib/c.ts";\nconst lazy = () => import("./D.ts");\nexport default lazy;\n',
    );
    await Deno.writeTextFile(join(dir, "lib", "c.ts"), "export const c = 1;\n");
    await Deno.writeTextFile(join(dir, "components", "D.ts"), "export const d = 1;\n");
    await Deno.writeTextFile(join(dir, "components", "Unused.ts"), "export const u = 1;\n");
    await fn(dir, {
      entries: [join(dir, "islands", "A.tsx")],
      configPath: join(dir, "deno.json"),
      extraFiles: [join(dir, "deno.lock")],
      salt: "test",
      root: dir,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("fingerprintInputs follows relative, aliased and dynamic local imports", async () => {
  await withProject(async (dir, opts) => {
    const base = await fingerprintInputs(opts);
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.equal(await fingerprintInputs(opts), base, "deterministic");

    await Deno.writeTextFile(join(dir, "components", "Unused.ts"), "export const u = 2;\n");
    assert.equal(await fingerprintInputs(opts), base, "files outside the graph do not count");

    const changes: [string, string][] = [
      ["components/B.tsx", "// edited\n"], // relative import
      ["lib/c.ts", "// edited\n"], // import-map alias "@/"
      ["components/D.ts", "// edited\n"], // dynamic import()
      ["deno.lock", " "],
      ["deno.json", " "],
    ];
    let previous = base;
    for (const [file, extra] of changes) {
      const path = join(dir, file);
      await Deno.writeTextFile(path, (await Deno.readTextFile(path)) + extra);
      const next = await fingerprintInputs(opts);
      assert.notEqual(next, previous, `${file} is an input`);
      previous = next;
    }
    assert.notEqual(await fingerprintInputs({ ...opts, salt: "other" }), previous, "salt counts");
  });
});

Deno.test("fingerprintDir depends on file names and contents", async () => {
  await withProject(async (dir) => {
    const a = await fingerprintDir(join(dir, "components"));
    await Deno.rename(join(dir, "components", "D.ts"), join(dir, "components", "E.ts"));
    const b = await fingerprintDir(join(dir, "components"));
    assert.notEqual(a, b);
    await Deno.rename(join(dir, "components", "E.ts"), join(dir, "components", "D.ts"));
    assert.equal(await fingerprintDir(join(dir, "components")), a);
  });
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverIslands, listIslandFiles } from "./discover.ts";
import Counter from "./testdata/islands/Counter.tsx";

const TESTDATA_ISLANDS = fileURLToPath(new URL("./testdata/islands", import.meta.url));

Deno.test("discoverIslands imports each island's default export, by file name", async () => {
  const islands = await discoverIslands(TESTDATA_ISLANDS);
  assert.deepEqual(Object.keys(islands), ["Counter", "Greeting", "Outer"]);
  assert.equal(islands.Counter, Counter, "same module instance as a static import");
});

Deno.test("listIslandFiles skips tests, private files, other extensions and sub-folders", async () => {
  const dir = await Deno.makeTempDir({ prefix: "islands-discover-test-" });
  try {
    for (
      const name of ["Zeta.tsx", "alpha.tsx", "Foo_test.tsx", "_private.tsx", "Bar.ts", "x-y.tsx"]
    ) {
      await Deno.writeTextFile(join(dir, name), "export default () => null;\n");
    }
    await Deno.mkdir(join(dir, "Sub.tsx"));
    const files = await listIslandFiles(dir);
    assert.deepEqual(files, [
      { name: "Zeta", path: join(dir, "Zeta.tsx") },
      { name: "alpha", path: join(dir, "alpha.tsx") },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("discoverIslands rejects a module without a component default export", async () => {
  const dir = await Deno.makeTempDir({ prefix: "islands-discover-test-" });
  try {
    await Deno.writeTextFile(join(dir, "NoDefault.tsx"), "export const x = 1;\n");
    await assert.rejects(discoverIslands(dir), /NoDefault\.tsx must default-export/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

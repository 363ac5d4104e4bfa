import assert from "node:assert/strict";
import { join } from "node:path";
import { islandsHandler, serveIslandFile, type StaticOptions } from "./static.ts";

const HASH = "0123456789ab";
const BOOT = 'import"./chunk-AB12.js";console.log("boot");';

async function withOutDir(fn: (opts: StaticOptions, tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "islands-static-test-" });
  try {
    const outDir = join(tmp, "out");
    await Deno.mkdir(join(outDir, HASH, "nested"), { recursive: true });
    await Deno.writeTextFile(join(outDir, HASH, "boot.js"), BOOT);
    await Deno.writeTextFile(join(outDir, HASH, "boot.js.map"), "{}");
    await Deno.writeTextFile(join(outDir, HASH, "notes.txt"), "not served");
    await Deno.writeTextFile(join(outDir, "build.json"), "{}");
    await Deno.mkdir(join(outDir, ".staging-x"));
    await Deno.writeTextFile(join(outDir, ".staging-x", "boot.js"), "staging");
    await Deno.writeTextFile(join(tmp, "secret.js"), "secret");
    await fn({ outDir, urlBase: "/_islands" }, tmp);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test("serves a built file with its content type and an immutable cache header", async () => {
  await withOutDir(async (opts) => {
    const res = await serveIslandFile(opts, `/_islands/${HASH}/boot.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("content-length"), String(new TextEncoder().encode(BOOT).length));
    assert.equal(await res.text(), BOOT);

    const map = await serveIslandFile(opts, `/_islands/${HASH}/boot.js.map`);
    assert.equal(map.headers.get("content-type"), "application/json; charset=utf-8");
    await map.body?.cancel();
  });
});

Deno.test("HEAD has headers and no body; other methods get 405", async () => {
  await withOutDir(async (opts) => {
    const head = await serveIslandFile(opts, `/_islands/${HASH}/boot.js`, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    assert.equal(head.headers.get("cache-control"), "public, max-age=31536000, immutable");
    const post = await serveIslandFile(opts, `/_islands/${HASH}/boot.js`, "POST");
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD");
    await post.body?.cancel();
  });
});

Deno.test("missing and non-build files are 404 and not cached", async () => {
  await withOutDir(async (opts) => {
    const paths = [
      `/_islands/${HASH}/nope.js`,
      `/_islands/${HASH}/notes.txt`,
      `/_islands/${HASH}/nested`,
      `/_islands/${HASH}/nested/x.js`,
      `/_islands/${HASH}/`,
      "/_islands/build.json",
      "/_islands/.staging-x/boot.js",
      "/_islands/ffffffffffff/boot.js",
      "/_islands/",
      "/",
    ];
    for (const path of paths) {
      const res = await serveIslandFile(opts, path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("cache-control"), "no-store", path);
      await res.body?.cancel();
    }
  });
});

Deno.test("path traversal is refused", async () => {
  await withOutDir(async (opts) => {
    const paths = [
      `/_islands/${HASH}/../build.json`,
      `/_islands/${HASH}/../../secret.js`,
      `/_islands/${HASH}/%2e%2e/%2e%2e/secret.js`,
      `/_islands/${HASH}/..%2f..%2fsecret.js`,
      `/_islands/${HASH}/..%5c..%5csecret.js`,
      `/_islands/${HASH}/boot.js%00.js`,
      `/_islands/${HASH}/%252e%252e%252fsecret.js`,
      `/_islands/${HASH}//etc/passwd.js`,
      "/_islands/%2e%2e/secret.js",
      `/_islands/${HASH}/%E0%A4%A.js`,
    ];
    for (const path of paths) {
      const res = await serveIslandFile(opts, path);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  });
});

Deno.test("islandsHandler works routed with the prefix or mounted without it", async () => {
  await withOutDir(async (opts) => {
    const handler = islandsHandler(opts);
    const routed = await handler(new Request(`http://localhost/_islands/${HASH}/boot.js`));
    assert.equal(routed.status, 200);
    assert.equal(await routed.text(), BOOT);
    const mounted = await handler(new Request(`http://localhost/${HASH}/boot.js`));
    assert.equal(mounted.status, 200);
    await mounted.body?.cancel();
    // The URL parser resolves dot segments; the result is outside the build.
    const dotted = await handler(new Request(`http://localhost/_islands/${HASH}/../../secret.js`));
    assert.equal(dotted.status, 404);
    await dotted.body?.cancel();
  });
});

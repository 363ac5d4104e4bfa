import assert from "node:assert/strict";
import { loadConfig } from "./config.ts";

Deno.test("production needs a JWT secret; the embedded default makes and keeps one", async () => {
  await assert.rejects(() => loadConfig({ DATABASE_URL: "postgres://x@y/z" }), /JWT_SECRET/);
  const dir = await Deno.makeTempDir();
  try {
    const a = await loadConfig({ DATA_DIR: dir });
    const b = await loadConfig({ DATA_DIR: dir });
    assert.deepEqual(a.jwtSecret, b.jwtSecret);
    assert.equal(a.port, 8000);
    assert.equal(a.publicUrl, "http://localhost:8000");
    assert.equal(a.secureCookies, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad values are refused with a specific message", async () => {
  await assert.rejects(() => loadConfig({ PORT: "abc", JWT_SECRET: "s".repeat(32) }), /PORT/);
  await assert.rejects(() => loadConfig({ JWT_SECRET: "short" }), /32/);
  const c = await loadConfig({
    JWT_SECRET: "s".repeat(32),
    PUBLIC_URL: "https://servizi.comune.example/",
  });
  assert.equal(c.publicUrl, "https://servizi.comune.example");
  assert.equal(c.secureCookies, true);
});

import assert from "node:assert/strict";
import { Hono } from "hono";
import type { AppEnv, State } from "./define.ts";
import { HttpError } from "./define.ts";
import { loadRoutes } from "./fs_routes.ts";
import { mountRoutes } from "./router.ts";
import { titleOf } from "./render.ts";

async function app() {
  const tree = await loadRoutes(new URL("./testdata/routes/", import.meta.url));
  const a = new Hono<AppEnv>({ strict: false });
  a.use("*", async (c, next) => {
    c.set("state", { lang: "it" } as State);
    await next();
  });
  mountRoutes(a, tree);
  a.onError((err, c) => c.text(err.message, err instanceof HttpError ? err.status as 405 : 500));
  return a;
}

Deno.test("pages render inside their layouts; params reach the page", async () => {
  const res = await (await app()).request("/admin/42");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  const html = await res.text();
  assert.match(html, /^<!DOCTYPE html><div class="root"><section class="admin"><h1>Item 42<\/h1>/);
});

Deno.test("folder middleware wraps the folder's routes only", async () => {
  const a = await app();
  assert.equal((await a.request("/admin/new")).headers.get("x-admin"), "1");
  assert.equal((await a.request("/")).headers.get("x-admin"), null);
});

Deno.test("static route beats the parameter; catch-all gets the rest", async () => {
  const a = await app();
  assert.match(await (await a.request("/admin/new")).text(), /<h1>New<\/h1>/);
  assert.equal(await (await a.request("/admin/x/y/z")).text(), "rest:/admin/x/y/z");
});

Deno.test("a method the route lacks is 405", async () => {
  const res = await (await app()).request("/admin/42", { method: "DELETE" });
  assert.equal(res.status, 405);
});

Deno.test("titleOf takes the first h1's text", () => {
  assert.equal(
    titleOf("<main><h1 class='x'>Iscrizioni <small>2026</small></h1><h1>b</h1>"),
    "Iscrizioni 2026",
  );
  assert.equal(titleOf("<p>none</p>"), undefined);
});

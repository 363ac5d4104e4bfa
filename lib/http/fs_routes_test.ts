import assert from "node:assert/strict";
import { compareRoutes, fileToPath, loadRoutes } from "./fs_routes.ts";

Deno.test("fileToPath follows Fresh's conventions", () => {
  const cases: [string, string][] = [
    ["index.tsx", "/"],
    ["accedi.tsx", "/accedi"],
    ["operatore/index.tsx", "/operatore"],
    ["operatore/[id].tsx", "/operatore/:id"],
    ["operatore/[id]/modifica.tsx", "/operatore/:id/modifica"],
    ["(public)/privacy.tsx", "/privacy"],
    ["api/v1/openapi.json.ts", "/api/v1/openapi.json"],
    ["files/[...path].ts", "/files/*"],
  ];
  for (const [file, path] of cases) assert.equal(fileToPath(file), path, file);
});

Deno.test("static segments win over parameters, parameters over catch-alls", () => {
  const sorted = ["/a/*", "/a/:id", "/a/new", "/a/:id/edit", "/"].sort(compareRoutes);
  assert.deepEqual(sorted, ["/a/new", "/a/:id/edit", "/a/:id", "/a/*", "/"]);
});

Deno.test("loadRoutes collects routes, layouts by folder and middlewares, skipping (_islands)", async () => {
  const tree = await loadRoutes(new URL("./testdata/routes/", import.meta.url));
  assert.deepEqual(tree.routes.map((r) => r.path), ["/admin/new", "/admin/:id", "/admin/*", "/"]);
  const item = tree.routes.find((r) => r.path === "/admin/:id")!;
  assert.equal(item.layouts.length, 2, "root and admin layouts, outermost first");
  assert.equal(tree.routes.at(-1)!.layouts.length, 1);
  assert.deepEqual(tree.middlewares.map((m) => m.prefix), ["/admin"]);
  assert.equal(tree.app, null);
});

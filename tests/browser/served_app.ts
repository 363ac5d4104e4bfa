import type { Page } from "playwright-core";
import type { Config } from "../../lib/config.ts";
import type { Db } from "../../lib/db/types.ts";
import { setupIslands } from "../../lib/islands/mod.ts";
import { serve } from "../../lib/realtime/server.ts";
import { DEMO_PASSWORD } from "../../lib/seed/demo.ts";
import { testApp } from "../helpers/app.ts";
import { openTestDb } from "../helpers/db.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  base: string;
  db: Db;
}

let running: Promise<ServedApp & { stop(): Promise<void> }> | undefined;

/**
 * The real app (islands built) over a fresh PGlite with the demo Comune, on 127.0.0.1 and a free
 * port: started by the first call in a test file (with `config` over the test configuration),
 * stopped after its last test. Use it with `browserTest` and `withPage` from `./harness.ts`.
 */
export function servedApp(opts: { config?: Partial<Config> } = {}): Promise<ServedApp> {
  if (!running) {
    running = (async () => {
      const db = await openTestDb("pglite");
      const islands = await setupIslands({
        root: ROOT,
        islandsDir: "islands",
        outDir: "_build/islands",
        urlBase: "/_islands",
      });
      const { app, config } = await testApp(db, { islands, config: opts.config });
      // The production server: HTTP and socket.io (live updates) on the same port.
      const server = await serve(app, db, config, { hostname: "127.0.0.1", port: 0 });
      return {
        base: `http://127.0.0.1:${server.port}`,
        db,
        async stop() {
          await server.close();
          await db.close();
        },
      };
    })();
  }
  return running;
}

// Each test file runs in its own worker, so this module (and the app it starts) is per file.
Deno.test.afterAll(async () => {
  if (running) await (await running).stop();
});

/** Signs in through the real form and waits for the landing page. */
export async function signInAs(page: Page, base: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/accedi`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/accedi")),
    page.click("button[type=submit]"),
  ]);
}

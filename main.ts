/**
 * Piazza: reads the environment, opens the database (embedded PGlite under `data/` unless
 * DATABASE_URL is set), applies migrations, loads the demo Comune into an empty database,
 * builds the islands and serves HTTP.
 */
import { createApp } from "./lib/app.ts";
import { loadConfig } from "./lib/config.ts";
import { migrate, openDb } from "./lib/db/mod.ts";
import { setupIslands } from "./lib/islands/mod.ts";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./lib/seed/demo.ts";

const started = performance.now();
const config = await loadConfig();
const db = await openDb({
  databaseUrl: config.databaseUrl ?? undefined,
  dataDir: `${config.dataDir}/pglite`,
});
const applied = await migrate(db);
if (applied.length) console.log(`Migrazioni applicate: ${applied.join(", ")}`);
const seeded = config.seedDemo && await seedDemo(db);
const islands = await setupIslands({
  root: new URL(".", import.meta.url).pathname,
  islandsDir: "islands",
  outDir: "_build/islands",
  urlBase: "/_islands",
});
const app = await createApp(db, config, { islands });
if (config.smtpUrl) (await import("./lib/mail/smtp_sender.ts")).startSmtpSender(db, config);

const server = Deno.serve({
  port: config.port,
  hostname: Deno.env.get("HOST") ?? "0.0.0.0",
  onListen: ({ port }) => {
    const where = config.databaseUrl
      ? "Postgres (DATABASE_URL)"
      : `PGlite in ${config.dataDir}/pglite`;
    console.log(
      `Piazza in ascolto su http://localhost:${port}  [${where}, ${
        Math.round(performance.now() - started)
      } ms]`,
    );
    if (config.seedDemo) {
      console.log(
        `${
          seeded ? "Comune dimostrativo caricato." : "Dati esistenti riutilizzati."
        } Accessi demo (password ${DEMO_PASSWORD}):`,
      );
      for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
    }
  },
}, app.fetch);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await db.close();
    Deno.exit(0);
  });
}

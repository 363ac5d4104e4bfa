/**
 * Piazza: reads the environment, opens the database (embedded PGlite under `data/` unless
 * DATABASE_URL is set), applies migrations, loads the demo Comune into an empty database,
 * builds the islands and serves HTTP and socket.io on one port.
 */
import { createApp } from "./lib/app.ts";
import { loadConfig } from "./lib/config.ts";
import { migrate, openDb } from "./lib/db/mod.ts";
import { setupIslands } from "./lib/islands/mod.ts";
import { serve } from "./lib/realtime/server.ts";
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
// The demo's billing (settings per service and September issued) on a fresh demo database.
if (seeded) await (await import("./lib/billing/demo.ts")).seedDemoBilling(db);
const islands = await setupIslands({
  root: new URL(".", import.meta.url).pathname,
  islandsDir: "islands",
  outDir: "_build/islands",
  urlBase: "/_islands",
});
const app = await createApp(db, config, { islands });
if (config.smtpUrl) (await import("./lib/mail/smtp_sender.ts")).startSmtpSender(db, config);
(await import("./lib/jobs/cutoff.ts")).startCutoffJob(db);
(await import("./lib/jobs/wallet_deduction.ts")).startWalletDeductionJob(db, {
  publicUrl: config.publicUrl,
});
(await import("./lib/jobs/billing.ts")).startBillingJobs(db);
(await import("./lib/jobs/reminders.ts")).startReminderJobs(db, { publicUrl: config.publicUrl });
{
  const { startPublishJob } = await import("./lib/pagopa/publish_job.ts");
  const { gpdGateway } = await import("./lib/pagopa/gpd_client.ts");
  startPublishJob(db, () => gpdGateway(config));
}
{
  const { sharedReceiptsClient, startReceiptsJob } = await import("./lib/pagopa/receipts_job.ts");
  const receipts = sharedReceiptsClient(config);
  startReceiptsJob(db, () => receipts, { publicUrl: config.publicUrl });
}

const hostname = Deno.env.get("HOST") ?? "0.0.0.0";
// HTTP and socket.io on one port (lib/realtime/server.ts).
const server = await serve(app, db, config, { port: config.port, hostname });
const where = config.databaseUrl ? "Postgres (DATABASE_URL)" : `PGlite in ${config.dataDir}/pglite`;
console.log(
  `Piazza in ascolto su http://localhost:${server.port}  [${where}, ${
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

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.close();
    await db.close();
    Deno.exit(0);
  });
}

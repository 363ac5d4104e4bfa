import type { Middleware } from "../lib/http/define.ts";
import { loadTenantLogo } from "../lib/storage/logo.ts";

/**
 * Before a page for a signed-in member of an Ente, makes sure the Ente's logo is known, so the
 * header (rendered synchronously by `_app.tsx`) can show it. API calls and files need no header.
 * A failure only costs the logo, never the page.
 */
export const handler: Middleware = async (c, next) => {
  const state = c.get("state");
  const path = c.req.path;
  if (
    state?.auth === "session" && state.claims?.app_metadata.tenant_id &&
    !path.startsWith("/api/") && !path.startsWith("/files/")
  ) {
    await loadTenantLogo(state.db, state.claims).catch((e) =>
      console.error("tenant logo not loaded:", e)
    );
  }
  await next();
};

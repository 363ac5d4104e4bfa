/**
 * Edge function `pagopa` (Supabase shape: a default handler taking a Request): what the office
 * and the jobs ask of pagoPA GPD for a debt position. An operator or administrator of the Ente,
 * authenticated with the app's session JWT (`Authorization: Bearer <token>`, the same token as
 * the session cookie), may:
 *
 * - `{ "action": "publish", "position_id": uuid }`: create and publish it on GPD now (also to
 *   retry one whose publication was given up);
 * - `{ "action": "invalidate", "position_id": uuid, "reason": string }`: cancel it with a reason
 *   and invalidate it on GPD, so it can no longer be paid (refused when paid);
 * - `{ "action": "publish_due" }`: run a round of the publication job for this Ente now;
 * - `{ "action": "fetch_receipts" }`: ask GPD's receipts API now about the Ente's published
 *   unpaid notices and record the receipts found (idempotent: a receipt already stored credits
 *   nothing).
 *
 * POST /functions/v1/pagopa → 200 `{ position_id, gpd_status, gpd_error, result, credit_note,
 * simulated }` (`credit_note`: `{ id, numero }` when cancelling reversed the position's invoice)
 * (`publish_due`: `{ outcomes, simulated }`; `fetch_receipts`: `{ asked, found, recorded,
 * errors }`); errors are problem+json with `code`. The receipts job asks the same every 5 minutes.
 *
 * Mounted in-process by `lib/functions/mount.ts`; run alone with `deno run -A index.ts`.
 */

import { z } from "zod";
import { sessionIsLive } from "../../../lib/auth/sessions.ts";
import { verifySession } from "../../../lib/auth/tokens.ts";
import type { FunctionContext } from "../../../lib/functions/mount.ts";
import { gpdGateway } from "../../../lib/pagopa/gpd_client.ts";
import { publishDue } from "../../../lib/pagopa/publish_job.ts";
import { pollReceipts, sharedReceiptsClient } from "../../../lib/pagopa/receipts_job.ts";
import {
  cancelAndInvalidate,
  GpdRequestError,
  publishNowForOffice,
} from "../../../lib/pagopa/publish_office.ts";

const Body = z.discriminatedUnion("action", [
  z.object({ action: z.literal("publish"), position_id: z.uuid() }).strict(),
  z.object({
    action: z.literal("invalidate"),
    position_id: z.uuid(),
    reason: z.string().trim().min(5).max(1000),
  }).strict(),
  z.object({ action: z.literal("publish_due") }).strict(),
  z.object({ action: z.literal("fetch_receipts") }).strict(),
]);

function problem(status: number, code: string, detail: string, extra: object = {}) {
  return Response.json({ type: "about:blank", title: detail, status, detail, code, ...extra }, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

export default async function handler(req: Request, ctx: FunctionContext): Promise<Response> {
  if (req.method !== "POST") {
    return problem(405, "method_not_allowed", "Use POST", { errors: [] });
  }
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  const claims = m ? await verifySession(m[1], ctx.config.jwtSecret) : null;
  if (!claims?.session_id || !(await sessionIsLive(ctx.db, claims.session_id))) {
    return problem(401, "unauthenticated", "A valid session token is required");
  }
  const roles = claims.app_metadata.roles;
  if (!roles.includes("admin") && !roles.includes("operator")) {
    return problem(403, "forbidden", "Only the Ente's operators may act on pagoPA positions", {
      message_it: "Solo gli operatori dell'Ente possono agire sulle posizioni pagoPA.",
    });
  }
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) {
    return problem(422, "validation", "The request body is not valid", {
      message_it: "La richiesta non è valida.",
      errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const b = parsed.data;
  const gw = await gpdGateway(ctx.config);
  try {
    if (b.action === "fetch_receipts") {
      const tenantId = claims.app_metadata.tenant_id;
      if (!tenantId) return problem(403, "forbidden", "No Ente in the session");
      const client = await sharedReceiptsClient(ctx.config);
      const r = await pollReceipts(ctx.db, client, {
        tenantId,
        minAgeMinutes: 0,
        batch: 500,
        publicUrl: ctx.config.publicUrl,
      });
      return Response.json({
        asked: r.asked,
        found: r.found,
        recorded: r.results.filter((x) => x.ok && !x.duplicate).length,
        errors: r.errors,
      });
    }
    if (b.action === "publish_due") {
      const tenantId = claims.app_metadata.tenant_id;
      if (!tenantId) return problem(403, "forbidden", "No Ente in the session");
      const outcomes = await publishDue(ctx.db, gw, { tenantId });
      return Response.json({ outcomes, simulated: gw.simulated });
    }
    const out = b.action === "publish"
      ? await publishNowForOffice(ctx.db, claims, gw, b.position_id)
      : await cancelAndInvalidate(ctx.db, claims, gw, b.position_id, b.reason);
    return Response.json({ ...out, simulated: gw.simulated });
  } catch (e) {
    if (e instanceof GpdRequestError) {
      return problem(e.status, e.code, e.en, { message_it: e.it, errors: [] });
    }
    throw e;
  }
}

if (import.meta.main) {
  const { loadConfig } = await import("../../../lib/config.ts");
  const { openDb } = await import("../../../lib/db/mod.ts");
  const config = await loadConfig();
  const db = await openDb({
    databaseUrl: config.databaseUrl ?? undefined,
    dataDir: config.dataDir,
  });
  Deno.serve({ port: config.port }, (req) => handler(req, { db, config }));
}

/**
 * Edge function `inps-isee` (Supabase shape: a default handler taking a Request). An operator or
 * administrator of the Ente, authenticated with the app's session JWT (`Authorization: Bearer
 * <token>`, the same token as the session cookie), asks for a person's ISEE; it is retrieved from
 * INPS through PDND and stored as an `isee_attestations` row (valid / not_found), superseding the
 * previous valid one of the same kind.
 *
 * POST /functions/v1/inps-isee
 * `{ "person_id": uuid, "kind"?: "ordinario"|"minorenni", "service_kind"?: string,
 *    "valid_on"?: "YYYY-MM-DD", "application_protocol"?: string }`
 * → 201 `{ attestation, superseded, simulated }`; errors are problem+json with `code`.
 *
 * Mounted in-process by `lib/functions/mount.ts`; run alone with `deno run -A index.ts`.
 */

import { z } from "zod";
import { sessionIsLive } from "../../../lib/auth/sessions.ts";
import { verifySession } from "../../../lib/auth/tokens.ts";
import type { FunctionContext } from "../../../lib/functions/mount.ts";
import { IseeError, retrieveIsee } from "../../../lib/inps/attestations.ts";
import { InpsError } from "../../../lib/inps/errors.ts";
import { inpsGateway } from "../../../lib/inps/gateway.ts";

const Body = z.object({
  person_id: z.uuid(),
  kind: z.enum(["ordinario", "minorenni"]).nullish(),
  service_kind: z.string().max(40).nullish(),
  valid_on: z.iso.date().nullish(),
  application_protocol: z.string().max(256).nullish(),
}).strict();

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
    return problem(403, "forbidden", "Only the Ente's operators may retrieve ISEE from INPS");
  }
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) {
    return problem(422, "validation", "The request body is not valid", {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const b = parsed.data;
  try {
    const result = await retrieveIsee(ctx.db, claims, await inpsGateway(ctx.config), {
      personId: b.person_id,
      kind: b.kind,
      serviceKind: b.service_kind,
      validOn: b.valid_on,
      applicationProtocol: b.application_protocol,
    });
    return Response.json(result, { status: 201 });
  } catch (e) {
    if (e instanceof IseeError) return problem(e.status, e.code, e.en, { message_it: e.it });
    if (e instanceof InpsError) {
      return problem(e.status, e.code, e.en, { message_it: e.it, transient: e.transient });
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

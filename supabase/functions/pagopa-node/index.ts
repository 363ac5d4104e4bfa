/**
 * Edge function `pagopa-node`: the Ente's pagoPA station, the SOAP 1.1 endpoint the Nodo dei
 * Pagamenti calls (paForNode.wsdl): paVerifyPaymentNotice, paGetPaymentV2, paSendRTV2. Thin: the
 * work is in `lib/pagopa/receipts_node.ts`; every request and response is validated against
 * paForNode.xsd there.
 *
 * POST /functions/v1/pagopa-node (`Content-Type: text/xml`, `SOAPAction: "<operation>"`)
 * → 200 with the operation's response (faults in-band, outcome KO), 500 with a SOAP Fault when
 * the body is not a paForNode message.
 *
 * Mounted in-process by `lib/functions/mount.ts`; run alone with `deno run -A index.ts`.
 */

import type { FunctionContext } from "../../../lib/functions/mount.ts";
import { handleStation } from "../../../lib/pagopa/receipts_node.ts";

/** SOAP messages of the Nodo are small; a receipt is a few KiB. */
const MAX_BYTES = 256 * 1024;

export default async function handler(req: Request, ctx: FunctionContext): Promise<Response> {
  if (req.method !== "POST") {
    return new Response("Use POST with a SOAP 1.1 envelope", {
      status: 405,
      headers: { allow: "POST", "content-type": "text/plain; charset=utf-8" },
    });
  }
  const text = await req.text();
  if (new TextEncoder().encode(text).length > MAX_BYTES) {
    return new Response("Payload too large", { status: 413 });
  }
  const reply = await handleStation(ctx.db, text, { publicUrl: ctx.config.publicUrl });
  return new Response(reply.xml, {
    status: reply.status,
    headers: { "content-type": "text/xml; charset=utf-8" },
  });
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

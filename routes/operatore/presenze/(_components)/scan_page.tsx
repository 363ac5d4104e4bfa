import QrScanner from "../../../../islands/QrScanner.tsx";
import { recordScan, type ScanResult } from "../../../../lib/attendance/qr_scan.ts";
import { type Ctx, HttpError, type State } from "../../../../lib/http/define.ts";

/** The scan of a card posted by the form (no JavaScript): the result for the page. */
export async function scanFromForm(c: Ctx): Promise<ScanResult> {
  const state = c.get("state");
  const body = await c.req.parseBody();
  const token = typeof body.token === "string" ? body.token : "";
  return await state.db.asUser(
    state.claims!,
    (tx) => recordScan(tx, state.config.jwtSecret, state.claims!, state.auth, { token }),
  );
}

/** The scan posted by the scanner island (JSON `{token, scanned_at}`). */
export async function scanFromJson(c: Ctx): Promise<Response> {
  const state = c.get("state");
  let input: { token?: unknown; scanned_at?: unknown };
  try {
    input = await c.req.json();
  } catch {
    throw new HttpError(400, "Malformed JSON", { code: "malformed_json" });
  }
  if (typeof input?.token !== "string" || input.token.length > 200) {
    return c.json({
      outcome: "invalid",
      day: null,
      child: null,
      message: { it: "Codice mancante.", en: "Missing code." },
    }, 422);
  }
  const result = await state.db.asUser(
    state.claims!,
    (tx) =>
      recordScan(tx, state.config.jwtSecret, state.claims!, state.auth, {
        token: input.token as string,
        scanned_at: typeof input.scanned_at === "string" ? input.scanned_at : undefined,
      }),
  );
  return c.json(result, result.outcome === "invalid" ? 422 : 200);
}

/** The scanner: camera and typed code, for the bus assistant or the canteen entrance. */
export function ScanPage(
  { state, action, result }: { state: State; action: string; result: ScanResult | null },
) {
  const { tr } = state;
  return (
    <>
      <h1>{tr("Scansione tessere", "Card scanning")}</h1>
      <p>
        {tr(
          "Per la salita sullo scuolabus o l'ingresso in mensa: ogni tessera letta registra la presenza di oggi. Leggere due volte la stessa tessera non cambia nulla. Senza connessione le scansioni restano sul dispositivo e sono inviate al ritorno della rete.",
          "For boarding the school bus or entering the canteen: each card read records today's presence. Reading the same card twice changes nothing. Without a connection scans stay on the device and are sent when the network is back.",
        )}
      </p>
      <QrScanner
        action={action}
        endpoint={`${action}/registra`}
        csrf={state.csrfToken}
        lang={state.lang}
        initial={result}
        queueName={state.claims!.app_metadata.tenant_id ?? "none"}
      />
    </>
  );
}

/**
 * Receipts from the GPD payments-receipts API, for payments whose paSendRTV2 never reached us
 * (station down, a retry given up): the job asks about published, unpaid notices — oldest asked
 * first, each at most once per `minAgeMinutes` — and ingests what it finds through
 * `ingestReceipts` (idempotent: a receipt also delivered by paSendRTV2 credits once).
 *
 * Notices are claimed with `FOR UPDATE SKIP LOCKED` by stamping `receipt_polled_at` in a short
 * service_role transaction (each receipt names its Ente), so several processes share the work and
 * no HTTP call runs inside a transaction.
 *
 * @module
 */

import type { GpdReceiptsSimulator } from "../../simulators/gpd_receipts.ts";
import type { Db } from "../db/types.ts";
import { ingestReceipts, type IngestResult } from "./receipts.ts";
import { receiptInputFromRt } from "./receipts_node.ts";
import type { ReceiptInput } from "./receipts_rules.ts";
import { parseSoap, validatePaForNode } from "./rt_xml.ts";

export interface GpdReceiptsConfig {
  baseUrl: string;
  subscriptionKey: string;
  timeoutMs?: number;
}

export type FetchFn = (req: Request) => Promise<Response>;

/** Client of `GET /payments/{org}/receipts/{iuv}`: the receipt XML, or null (404: not paid). */
export class GpdReceiptsClient {
  constructor(readonly cfg: GpdReceiptsConfig, readonly fetchFn: FetchFn = (r) => fetch(r)) {}

  async receipt(org: string, iuv: string): Promise<string | null> {
    const url = `${this.cfg.baseUrl}/payments/${encodeURIComponent(org)}/receipts/${
      encodeURIComponent(iuv)
    }`;
    const res = await this.fetchFn(
      new Request(url, {
        headers: {
          "Ocp-Apim-Subscription-Key": this.cfg.subscriptionKey,
          accept: "application/xml",
        },
        signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 10_000),
      }),
    );
    const text = await res.text();
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`GPD receipts: HTTP ${res.status} for ${iuv}`);
    return text;
  }
}

export interface PollOptions {
  batch?: number;
  /** A notice is asked about again only after this many minutes. */
  minAgeMinutes?: number;
  publicUrl?: string;
  /** Only this Ente's notices (the office asking now through the `pagopa` edge function). */
  tenantId?: string;
}

export interface PollReport {
  asked: number;
  found: number;
  results: IngestResult[];
  /** Notices whose call failed or whose receipt was unreadable (asked again next round). */
  errors: { iuv: string; error: string }[];
}

interface Claimed {
  id: string;
  tenant_id: string;
  iuv: string;
  tax_code: string;
}

/** Claims up to `batch` published unpaid notices not asked about for `minAgeMinutes`. */
export async function claimNotices(
  db: Db,
  batch: number,
  minAgeMinutes: number,
  tenantId: string | null = null,
) {
  return await db.asService((tx) =>
    tx.query<Claimed>(
      `with c as (
         select n.id from public.payment_notices n
           join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
          where n.status = 'unpaid' and d.gpd_status = 'published'
            and d.status in ('open', 'partially_paid')
            and ($3::uuid is null or n.tenant_id = $3::uuid)
            and (n.receipt_polled_at is null
                 or n.receipt_polled_at < now() - make_interval(mins => $2::int))
          order by n.receipt_polled_at nulls first, n.id
          limit $1
          for update of n skip locked
       )
       update public.payment_notices n set receipt_polled_at = now()
         from c, public.tenants t
        where n.id = c.id and t.id = n.tenant_id
        returning n.id, n.tenant_id, n.iuv, t.tax_code`,
      [batch, minAgeMinutes, tenantId],
    )
  );
}

/** One round: claim, ask GPD, ingest what was paid. */
export async function pollReceipts(
  db: Db,
  client: GpdReceiptsClient,
  opts: PollOptions = {},
): Promise<PollReport> {
  const claimed = await claimNotices(
    db,
    opts.batch ?? 50,
    opts.minAgeMinutes ?? 60,
    opts.tenantId ?? null,
  );
  const inputs: ReceiptInput[] = [];
  const errors: PollReport["errors"] = [];
  for (const n of claimed) {
    try {
      const xml = await client.receipt(n.tax_code, n.iuv);
      if (xml === null) continue;
      const check = await validatePaForNode(xml);
      const msg = parseSoap(xml);
      const receipt = msg?.body.receipt;
      if (!check.valid || !receipt) {
        errors.push({ iuv: n.iuv, error: `ricevuta non valida: ${check.errors.join("; ")}` });
        continue;
      }
      if (receipt.outcome !== "OK") continue;
      inputs.push(receiptInputFromRt(n.tenant_id, receipt, xml, "gpd"));
    } catch (e) {
      errors.push({ iuv: n.iuv, error: e instanceof Error ? e.message : String(e) });
    }
  }
  const results = inputs.length
    ? await db.asService((tx) => ingestReceipts(tx, inputs, { publicUrl: opts.publicUrl }))
    : [];
  return { asked: claimed.length, found: inputs.length, results, errors };
}

export interface ReceiptsJob {
  runOnce(): Promise<PollReport>;
  stop(): Promise<void>;
}

/** Starts the job (main.ts): a round every `intervalMs` (5 minutes); rounds never overlap. */
export function startReceiptsJob(
  db: Db,
  client: () => Promise<GpdReceiptsClient>,
  opts: PollOptions & { intervalMs?: number } = {},
): ReceiptsJob {
  let running: Promise<PollReport> | null = null;
  let stopped = false;
  const round = () =>
    running ??= client().then((c) => pollReceipts(db, c, opts)).finally(() => running = null);
  const tick = async () => {
    try {
      const r = await round();
      if (r.errors.length) {
        console.error(`[pagoPA] ricevute GPD: ${r.errors.length} richieste non riuscite`);
      }
    } catch (e) {
      console.error("[pagoPA] lettura delle ricevute da GPD non riuscita:", e);
    }
    if (!stopped) {
      timer = setTimeout(tick, opts.intervalMs ?? 300_000);
      Deno.unrefTimer(timer);
    }
  };
  let timer = setTimeout(tick, opts.intervalMs ?? 300_000);
  Deno.unrefTimer(timer);
  return {
    runOnce: round,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

/**
 * The client of this process: the real API when GPD is configured (`GPD_RECEIPTS_URL`, or the
 * GPD host's `payments-receipts-service/v1`, with the GPD subscription key), else an in-process
 * simulator.
 */
export async function receiptsClientFor(
  config: { gpd?: { baseUrl: string; subscriptionKey: string } | null },
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<GpdReceiptsClient> {
  if (config.gpd) {
    const base = env.GPD_RECEIPTS_URL?.trim() ||
      config.gpd.baseUrl.replace(/debt-positions-service\/v\d+$/, "payments-receipts-service/v1");
    return new GpdReceiptsClient({
      baseUrl: base.replace(/\/$/, ""),
      subscriptionKey: config.gpd.subscriptionKey,
    });
  }
  const { createGpdReceiptsSimulator, GPD_RECEIPTS_SIM_BASE } = await import(
    "../../simulators/gpd_receipts.ts"
  );
  const sim = createGpdReceiptsSimulator({ subscriptionKey: "simulatore-gpd" });
  embedded = sim;
  return new GpdReceiptsClient(
    { baseUrl: GPD_RECEIPTS_SIM_BASE, subscriptionKey: "simulatore-gpd" },
    sim.fetch,
  );
}

let shared: Promise<GpdReceiptsClient> | null = null;
let embedded: GpdReceiptsSimulator | null = null;

/** The in-process receipts simulator behind the shared client, when GPD is not configured. */
export function embeddedReceiptsSimulator(): GpdReceiptsSimulator | null {
  return embedded;
}

/** One client per process (the simulator keeps its receipts in memory): jobs and the office. */
export function sharedReceiptsClient(
  config: { gpd?: { baseUrl: string; subscriptionKey: string } | null },
): Promise<GpdReceiptsClient> {
  return shared ??= receiptsClientFor(config);
}

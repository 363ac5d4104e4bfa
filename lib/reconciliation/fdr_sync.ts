/**
 * Fetching the Ente's reporting flows from FdR 3 and importing the new ones, each in its own
 * transaction (a flow that fails does not roll back the others). Flows already stored are not
 * fetched again. The client comes from `fdrGateway`: the real service when `PAGOPA_FDR_URL` and
 * `PAGOPA_FDR_KEY` are set, else the simulator in-process.
 *
 * @module
 */

import type { Claims, Db } from "../db/types.ts";
import { createFdrSimulator, FDR_SIM_BASE, type FdrSimulator } from "../../simulators/fdr.ts";
import { romeDateOf } from "../calendar/dates.ts";
import { FdrClient, FdrError, type FdrPayment } from "./fdr_client.ts";
import type { Message } from "./fdr_xml.ts";
import { importFlow } from "./store.ts";

export interface FdrGateway {
  client: FdrClient;
  simulated: boolean;
  simulator?: FdrSimulator;
}

let gateway: FdrGateway | undefined;

/** The FdR client of this process, built once from the environment. */
export function fdrGateway(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): FdrGateway {
  if (gateway) return gateway;
  const url = env.PAGOPA_FDR_URL;
  const key = env.PAGOPA_FDR_KEY;
  if (url || key) {
    if (!url || !key) {
      throw new Error("Configurazione FdR incompleta: servono PAGOPA_FDR_URL e PAGOPA_FDR_KEY");
    }
    return gateway = {
      client: new FdrClient({ baseUrl: url, subscriptionKey: key }),
      simulated: false,
    };
  }
  const simulator = createFdrSimulator({ subscriptionKey: "piazza-sim" });
  return gateway = {
    client: new FdrClient({
      baseUrl: FDR_SIM_BASE,
      subscriptionKey: "piazza-sim",
      fetchFn: (input, init) => simulator.fetch(new Request(input, init)),
    }),
    simulated: true,
    simulator,
  };
}

/** Replaces the gateway (tests). */
export function setFdrGateway(g: FdrGateway | undefined): void {
  gateway = g;
}

export interface SyncResult {
  listed: number;
  imported: { flow_ref: string; id: string; notes: Message[] }[];
  skipped: number;
  failed: { flow_ref: string; error: Message }[];
}

/**
 * Lists the flows published for the caller's Ente in the last `days` days and imports those not
 * stored yet. Throws FdrError when the list itself cannot be read.
 */
export async function syncFlows(
  db: Db,
  claims: Claims,
  client: FdrClient,
  opts: { days?: number; now?: Date } = {},
): Promise<SyncResult> {
  const { taxCode, known } = await db.asUser(claims, async (tx) => {
    const [t] = await tx.query<{ tax_code: string }>(
      "select tax_code from public.tenants where id = (select app.tenant_id())",
    );
    const rows = await tx.query<{ flow_ref: string }>(
      "select flow_ref from public.fdr_flows where tenant_id = (select app.tenant_id())",
    );
    return { taxCode: t.tax_code, known: new Set(rows.map((r) => r.flow_ref)) };
  });
  const since = new Date((opts.now ?? new Date()).getTime() - (opts.days ?? 90) * 86_400_000);
  const list = await client.listAll(taxCode, since.toISOString());
  const out: SyncResult = { listed: list.length, imported: [], skipped: 0, failed: [] };
  for (const s of list) {
    if (known.has(s.fdr)) {
      out.skipped++;
      continue;
    }
    try {
      const { flow, raw } = await client.fetchFlow(taxCode, s);
      const r = await db.asUser(claims, (tx) => importFlow(tx, { flow, raw, source: "rest" }));
      if (r.ok) {
        if (r.created) out.imported.push({ flow_ref: s.fdr, id: r.id, notes: r.notes });
        else out.skipped++;
      } else out.failed.push({ flow_ref: s.fdr, error: r.error });
      known.add(s.fdr);
    } catch (e) {
      if (!(e instanceof FdrError)) throw e;
      out.failed.push({
        flow_ref: s.fdr,
        error: { it: e.message, en: e.message },
      });
    }
  }
  return out;
}

/**
 * Embedded default only: plays the PSPs' part for the simulator, publishing one flow per PSP
 * and payment day for the Ente's receipts that no flow (stored or published) has reported yet,
 * as pagoPA would after the settlement. Returns how many flows it published.
 */
export async function publishSimulatedFlows(
  db: Db,
  claims: Claims,
  sim: FdrSimulator,
  now: Date = new Date(),
): Promise<number> {
  const reported = new Set(sim.flows.flatMap((f) => f.payments.map((p) => `${p.iuv}|${p.iur}`)));
  const { ente, receipts } = await db.asUser(claims, async (tx) => {
    const [ente] = await tx.query<{ tax_code: string; name: string }>(
      "select tax_code, name from public.tenants where id = (select app.tenant_id())",
    );
    const receipts = await tx.query<
      {
        iuv: string;
        receipt_ref: string;
        amount_cents: number;
        paid_at: Date;
        psp_id: string | null;
        psp_name: string | null;
      }
    >(
      `select r.iuv, r.receipt_ref, r.amount_cents, r.paid_at, r.psp_id, r.psp_name
         from public.payment_receipts r
        where r.tenant_id = (select app.tenant_id()) and r.amount_cents > 0
          and r.source <> 'manual' and length(r.receipt_ref) <= 35 and length(r.iuv) <= 35
          and not exists (select 1 from public.fdr_payments p
                           where p.tenant_id = r.tenant_id and p.iuv = r.iuv
                             and p.iur = r.receipt_ref)
        order by r.paid_at limit 5000`,
    );
    return { ente, receipts };
  });
  const groups = new Map<string, typeof receipts>();
  for (const r of receipts) {
    if (reported.has(`${r.iuv}|${r.receipt_ref}`)) continue;
    const psp = (r.psp_id ?? "SIMPSP00001").replace(/[^A-Za-z0-9]/g, "").slice(0, 16) ||
      "SIMPSP00001";
    const key = `${romeDateOf(new Date(r.paid_at))}|${psp}|${r.psp_name ?? "PSP simulato"}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let n = sim.flows.length;
  for (const [key, rows] of groups) {
    const [day, psp, pspName] = key.split("|");
    n++;
    const payments: FdrPayment[] = rows.map((r, i) => ({
      index: i + 1,
      iuv: r.iuv,
      iur: r.receipt_ref,
      idTransfer: 1,
      pay: r.amount_cents / 100,
      payStatus: "EXECUTED",
      payDate: new Date(r.paid_at).toISOString(),
    }));
    sim.publish(
      {
        revision: 1,
        fdr: `${day}${psp}-${String(n).padStart(10, "0")}`.slice(0, 35),
        fdrDate: now.toISOString(),
        regulation: `SEPA - Bonifico simulato ${n}`,
        regulationDate: romeDateOf(now),
        sender: {
          type: "LEGAL_PERSON",
          id: psp,
          pspId: psp,
          pspName: pspName.length >= 3 ? pspName.slice(0, 70) : "PSP simulato",
          pspBrokerId: psp,
          channelId: `${psp}_01`,
        },
        receiver: {
          id: ente.tax_code,
          organizationId: ente.tax_code,
          organizationName: ente.name.slice(0, 140),
        },
        totPayments: payments.length,
        sumPayments: rows.reduce((s, r) => s + r.amount_cents, 0) / 100,
      },
      payments,
      now,
    );
  }
  return groups.size;
}

/**
 * Receipts ("incassi") as CSV files for the ragioneria: the list of receipts with the list's
 * filters, one row each with what an accountant records (payment day, IUV and notice, amount,
 * payer, services and taxonomy codes, position and instalment, channel, status and outcome), and
 * the revenue by service of a range (`receipts_by_service_read.ts`) with its total.
 *
 * @module
 */

import { csvEuro, csvText } from "../csv/write.ts";
import type { Tx } from "../db/types.ts";
import { formatDate } from "../i18n/mod.ts";
import type { RevenueReport } from "./receipts_by_service_read.ts";
import { receiptConditions, type ReceiptFilters } from "./receipts_read.ts";
import { paymentMethodLabel, type ReceiptStatus, STATUS_LABELS } from "./receipts_rules.ts";

/** What the office did with a receipt that paid nothing, as the spreadsheet says it. */
export const SETTLEMENT_LABELS: Record<string, { it: string; en: string }> = {
  refunded: { it: "Rimborsata al pagatore", en: "Refunded to the payer" },
  wallet_credit: { it: "Accreditata sul borsellino", en: "Credited to a wallet" },
  other: { it: "Altro esito", en: "Other outcome" },
};

/** The rows without a service in the revenue by service. */
export const TOP_UPS = { it: "Ricariche borsellino", en: "Wallet top-ups" };
export const UNATTRIBUTED = {
  it: "Non attribuito a un servizio",
  en: "Not attributed to a service",
};

export interface ExportRow {
  paid_at: Date;
  received_at: Date;
  iuv: string;
  notice_number: string | null;
  amount_cents: number;
  payer_name: string | null;
  payer_fiscal_code: string | null;
  services: string | null;
  purpose: "charges" | "top_up" | null;
  taxonomy_codes: string | null;
  iupd: string | null;
  instalment: number | null;
  instalments: number | null;
  source: string;
  psp_name: string | null;
  payment_method: string | null;
  recorded_by_name: string | null;
  status: ReceiptStatus;
  settlement: string | null;
  settlement_ref: string | null;
}

/**
 * The receipts of `f` in payment order (oldest first), at most `max`: each with the services of
 * its position's lines (net not zero; the position's own service, or a wallet top-up, when it has
 * none) and their taxonomy codes.
 */
export function exportReceipts(
  tx: Tx,
  f: Omit<ReceiptFilters, "pagina">,
  max: number,
): Promise<ExportRow[]> {
  const { cond, params } = receiptConditions(f);
  return tx.query<ExportRow>(
    `select r.paid_at, r.received_at, r.iuv, r.notice_number, r.amount_cents, r.payer_name,
            r.payer_fiscal_code,
            coalesce(sv.services, ps.title) as services, d.purpose,
            coalesce(sv.codes, psb.taxonomy_code, d.taxonomy_code) as taxonomy_codes,
            d.iupd, n.instalment,
            (select max(x.instalment) from public.payment_notices x
              where x.tenant_id = n.tenant_id and x.debt_position_id = n.debt_position_id)
              as instalments,
            r.source, r.psp_name, r.payment_method, u.full_name as recorded_by_name, r.status,
            r.settlement, r.settlement_ref
       from public.payment_receipts r
       left join public.payment_notices n
              on n.tenant_id = r.tenant_id and n.id = r.payment_notice_id
       left join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
       left join public.services ps on ps.tenant_id = d.tenant_id and ps.id = d.service_id
       left join public.service_billing psb
              on psb.tenant_id = d.tenant_id and psb.service_id = d.service_id
       left join public.users u on u.id = r.recorded_by
       left join lateral (
         select string_agg(x.title, ', ' order by x.title) as services,
                string_agg(distinct x.code, ', ') as codes
           from (select s.title, coalesce(sb.taxonomy_code, d.taxonomy_code) as code
                   from public.charge_lines l
                   join public.services s on s.tenant_id = l.tenant_id and s.id = l.service_id
                   left join public.service_billing sb
                          on sb.tenant_id = l.tenant_id and sb.service_id = l.service_id
                  where l.tenant_id = d.tenant_id and l.debt_position_id = d.id
                    and l.deleted_at is null
                  group by s.id, s.title, sb.taxonomy_code
                 having sum(l.amount_cents) <> 0) x
       ) sv on d.id is not null
      where ${cond}
      order by r.paid_at, r.id
      limit $${params.length + 1}`,
    [...params, max],
  );
}

const RECEIPTS_HEAD = [
  "Data pagamento",
  "Ora pagamento",
  "Data ricezione",
  "IUV",
  "Codice avviso",
  "Importo",
  "Pagatore",
  "Codice fiscale pagatore",
  "Servizi",
  "Codice tassonomia",
  "Posizione (IUPD)",
  "Rata",
  "Canale",
  "PSP o modalità",
  "Registrata da",
  "Stato",
  "Incasso",
  "Esito",
  "Riferimento esito",
];

const day = (d: Date) => formatDate("it", d, "short");
const time = (d: Date) =>
  new Intl.DateTimeFormat("it-IT", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Rome" })
    .format(d);

/** "Unica soluzione", "2 di 3", or empty without a notice. */
function instalmentText(r: ExportRow): string {
  if (r.instalment === null) return "";
  return r.instalment === 0 ? "Unica soluzione" : `${r.instalment} di ${r.instalments}`;
}

/** The receipts as CSV (`;`, decimal comma, dd/mm/yyyy dates in Rome, UTF-8 with BOM). */
export function receiptsCsv(rows: readonly ExportRow[]): string {
  return csvText(
    RECEIPTS_HEAD,
    rows.map((r) => {
      const paid = new Date(r.paid_at);
      const manual = r.source === "manual";
      return [
        day(paid),
        time(paid),
        day(new Date(r.received_at)),
        r.iuv,
        r.notice_number,
        csvEuro(Number(r.amount_cents)),
        r.payer_name,
        r.payer_fiscal_code,
        r.services ?? (r.purpose === "top_up" ? TOP_UPS.it : ""),
        r.taxonomy_codes,
        r.iupd,
        instalmentText(r),
        manual ? "Fuori pagoPA" : "pagoPA",
        manual ? paymentMethodLabel(r.source, r.payment_method, "it") : r.psp_name,
        manual ? r.recorded_by_name : "",
        STATUS_LABELS[r.status].it,
        r.status === "matched" && r.iupd ? "Sì" : "No",
        r.settlement ? SETTLEMENT_LABELS[r.settlement]?.it ?? r.settlement : "",
        r.settlement_ref,
      ];
    }),
    { bom: true },
  );
}

/** The revenue by service as CSV: one row per service and code, the total, what is apart. */
export function revenueCsv(report: RevenueReport): string {
  const rows: (string | number)[][] = report.rows.map((r) => [
    r.kind === "top_up" ? TOP_UPS.it : r.kind === "unattributed" ? UNATTRIBUTED.it : r.title ?? "",
    r.taxonomyCode,
    r.receipts,
    csvEuro(r.cents),
  ]);
  rows.push(["Totale incassi", "", report.receipts, csvEuro(report.cents)]);
  for (const x of report.notRevenue) {
    rows.push([`Non incassi: ${STATUS_LABELS[x.status].it}`, "", x.receipts, csvEuro(x.cents)]);
  }
  return csvText(["Servizio", "Codice tassonomia", "Ricevute", "Importo"], rows, { bom: true });
}

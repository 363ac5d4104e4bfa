/**
 * A billing run's lines as a CSV file for the office's spreadsheets (review with the page's
 * filters, or the accountant's copy of an issued month): who, for whom, what, how much and why.
 *
 * @module
 */
import { csvEuro, csvText } from "../csv/write.ts";
import { formatDate } from "../i18n/mod.ts";
import { type ExportedLine, LINE_KIND_LABELS } from "./review.ts";
import { LINE_UNIT_LABELS } from "./units.ts";

const HEAD = [
  "Pagatore",
  "Codice fiscale",
  "Beneficiario",
  "Servizio",
  "Plesso",
  "Periodo dal",
  "Periodo al",
  "Tipo",
  "Origine",
  "Quantità",
  "Unità",
  "Prezzo unitario",
  "Importo",
  "Descrizione",
  "Come è calcolato",
  "Motivo della modifica",
  "Eliminata il",
  "Motivo dell'eliminazione",
  "Posizione (IUPD)",
];

const day = (d: string | null) => d ? formatDate("it", d.slice(0, 10), "short") : "";

/** Up to three decimals, decimal comma: 21 → "21", 2.5 → "2,5". */
export function csvQuantity(q: number): string {
  return String(Math.round(q * 1000) / 1000).replace(".", ",");
}

/** The lines as CSV (`;`, decimal comma, dd/mm/yyyy dates, UTF-8 with BOM). */
export function linesCsv(items: ExportedLine[]): string {
  return csvText(
    HEAD,
    items.map((l) => [
      l.payer_name,
      l.payer_tax_code,
      l.beneficiary_name,
      l.service_title,
      l.site_name,
      day(l.period_start),
      day(l.period_end),
      LINE_KIND_LABELS[l.kind]?.it ?? l.kind,
      l.source === "computed" ? "Calcolata" : "Inserita dall'ufficio",
      csvQuantity(l.quantity),
      l.unit ? LINE_UNIT_LABELS[l.unit] ?? l.unit : "",
      csvEuro(l.unit_cents),
      csvEuro(l.amount_cents),
      l.description,
      l.summary,
      l.reason,
      day(l.deleted_on),
      l.delete_reason,
      l.iupd,
    ]),
    { bom: true },
  );
}

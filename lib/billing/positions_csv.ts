/**
 * Debt positions as a CSV file for the office's spreadsheets (the list's filters, e.g. the
 * overdue ones for collection): who owes what for which period, paid or not, late since when,
 * handed to enforced collection or spread over instalments (and whether the plan lapsed).
 *
 * @module
 */
import { csvEuro, csvText } from "../csv/write.ts";
import { formatDate } from "../i18n/mod.ts";
import { GPD_STATUS_LABELS, type Position, POSITION_STATUS_LABELS } from "./positions_read.ts";

const HEAD = [
  "IUPD",
  "Pagatore",
  "Codice fiscale",
  "Servizio",
  "Causale",
  "Periodo dal",
  "Periodo al",
  "Importo",
  "Pagato",
  "Da pagare",
  "Stato",
  "Scaduta il",
  "Importo scaduto",
  "Stato su pagoPA (GPD)",
  "Elaborazione",
  "Emessa il",
  "Note",
];

const day = (d: string | null) => d ? formatDate("it", d.slice(0, 10), "short") : "";
/** The Rome day of an instant (the position was issued at 00:30 in Rome on the 4th: the 4th). */
const dayOf = (iso: string) => formatDate("it", new Date(iso), "short");

/**
 * What the list's badges say beside the status: enforced collection, instalment plans (lapsed
 * or not).
 */
function notes(
  p: Pick<Position, "enforced" | "replaces_position_id" | "replaced" | "lapsed">,
): string {
  return [
    p.enforced && "In riscossione coattiva",
    p.replaces_position_id && (p.lapsed ? "Rateizzazione decaduta" : "Rateizzazione"),
    p.replaced && "Sostituita da rateizzazione",
  ].filter(Boolean).join("; ");
}

/** The positions as CSV (`;`, decimal comma, dd/mm/yyyy dates, UTF-8 with BOM). */
export function positionsCsv(items: Position[]): string {
  return csvText(
    HEAD,
    items.map((p) => [
      p.iupd,
      p.payer_name,
      p.payer_tax_code,
      p.purpose === "top_up" ? "Ricarica del borsellino" : p.service_title,
      p.description,
      day(p.period_start),
      day(p.period_end),
      csvEuro(p.amount_cents),
      csvEuro(p.paid_cents),
      csvEuro(p.status === "cancelled" ? 0 : p.amount_cents - p.paid_cents),
      POSITION_STATUS_LABELS[p.status].it,
      day(p.overdue_since),
      p.overdue_since ? csvEuro(p.overdue_cents) : "",
      GPD_STATUS_LABELS[p.gpd_status].it,
      p.run_label,
      dayOf(p.created_at),
      notes(p),
    ]),
    { bom: true },
  );
}

/**
 * The Ente's instalment plans as a CSV file for the office's spreadsheets (the list's filter, e.g.
 * the plans with instalments missed): who pays what over how many instalments, paid and missed,
 * what is still owed, and where the plan stands (lapsed when, a lapse revoked when).
 *
 * @module
 */
import { csvEuro, csvText } from "../csv/write.ts";
import { formatDate, romeDate } from "../i18n/mod.ts";
import { PLAN_STANDING_LABELS, type PlanRow } from "./instalment_plans_read.ts";

const HEAD = [
  "IUPD",
  "Pagatore",
  "Codice fiscale",
  "Causale",
  "Concessa il",
  "Rate",
  "Importo",
  "Rate pagate",
  "Rate scadute",
  "Importo scaduto",
  "Scaduta dal",
  "Residuo",
  "Andamento",
  "Decaduta il",
  "Note",
];

/** A Rome calendar day (`YYYY-MM-DD`) as dd/mm/yyyy. */
const day = (d: string | null) => d ? formatDate("it", d, "short") : "";
/** The Rome day of an instant, as dd/mm/yyyy. */
const dayOf = (iso: string | null) => iso ? day(romeDate(new Date(iso))) : "";

/** The plans as CSV (`;`, decimal comma, dd/mm/yyyy dates, UTF-8 with BOM). */
export function plansCsv(items: readonly PlanRow[]): string {
  return csvText(
    HEAD,
    items.map((p) => [
      p.iupd,
      p.payer_name,
      p.payer_tax_code,
      p.description,
      dayOf(p.granted_at),
      p.instalments,
      csvEuro(p.amount_cents),
      p.paid_instalments,
      p.missed,
      p.missed > 0 ? csvEuro(p.missed_cents) : "",
      day(p.missed_since),
      csvEuro(p.residual_cents),
      PLAN_STANDING_LABELS[p.standing].it,
      dayOf(p.lapsed_at),
      !p.lapsed_at && p.lapse_revoked_at
        ? `Decadenza revocata il ${dayOf(p.lapse_revoked_at)}`
        : "",
    ]),
    { bom: true },
  );
}

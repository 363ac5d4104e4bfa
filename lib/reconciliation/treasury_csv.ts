/**
 * Reading a treasury statement in the agreed layout (docs/treasury_csv.md): one row per
 * movement, columns found by name in the header row (any order, case or accents), `;` or `,`
 * separated, UTF-8 with or without BOM, Italian or ISO dates, Italian or plain amounts. Rows with
 * a problem are reported with their line and reason; the others are kept.
 *
 * @module
 */
import { columnIndex, readCsvTable } from "../csv/table.ts";
import { parseDay } from "../attendance/csv.ts";
import type { Message } from "./fdr_xml.ts";

export const MAX_TREASURY_ROWS = 50_000;

export type TreasuryColumn =
  | "booked_on"
  | "value_date"
  | "amount"
  | "credit"
  | "debit"
  | "causale"
  | "reference";

/** Header names of the usual Italian statement exports, folded. */
const ALIASES: Record<TreasuryColumn, string[]> = {
  booked_on: ["data", "data contabile", "data operazione", "data registrazione", "date"],
  value_date: ["data valuta", "valuta", "value date"],
  amount: ["importo", "importo euro", "importo eur", "amount"],
  credit: ["entrate", "avere", "accrediti", "credit"],
  debit: ["uscite", "dare", "addebiti", "debit"],
  causale: ["causale", "descrizione", "descrizione operazione", "dettaglio", "description"],
  reference: ["riferimento", "rif", "trn", "cro", "id operazione", "reference"],
};

export interface TreasuryRow {
  line: number;
  booked_on: string;
  value_date: string | null;
  amount_cents: number;
  causale: string;
  reference: string | null;
}

export interface TreasuryRowError {
  line: number;
  reason: Message;
}

export type TreasuryParse =
  | { ok: true; rows: TreasuryRow[]; errors: TreasuryRowError[] }
  | { ok: false; error: Message };

/**
 * A statement amount as signed integer cents: "1.234,56", "-85,50", "85.50", "+40", "1.234"
 * (thousands), "(12,00)" (negative, as some exports write debits). Null when not an amount.
 */
export function parseAmount(raw: string): number | null {
  let s = raw.replace(/[€\s]/g, "").replace(/EUR$/i, "");
  let sign = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  if (s.startsWith("-")) {
    sign = -sign;
    s = s.slice(1);
  } else if (s.startsWith("+")) s = s.slice(1);
  if (!s) return null;
  let plain: string;
  if (s.includes(",")) {
    if (!/^[0-9]{1,3}(\.[0-9]{3})*,[0-9]{1,2}$|^[0-9]+,[0-9]{1,2}$/.test(s)) return null;
    plain = s.replaceAll(".", "").replace(",", ".");
  } else if (/^[0-9]{1,3}(\.[0-9]{3})+$/.test(s)) {
    plain = s.replaceAll(".", "");
  } else if (/^[0-9]+(\.[0-9]{1,2})?$/.test(s)) {
    plain = s;
  } else return null;
  const [int, frac = ""] = plain.split(".");
  const cents = Number(int) * 100 + Number(frac.padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? sign * cents : null;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Parses the whole statement; rows with problems are listed with their line. */
export function parseTreasuryCsv(text: string): TreasuryParse {
  const read = readCsvTable(text);
  if (!read.ok) return read;
  const { table } = read;
  const index = columnIndex<TreasuryColumn>(table[0] ?? [], ALIASES);
  const missing: string[] = [];
  if (index.booked_on === undefined) missing.push("«data»");
  if (index.amount === undefined && index.credit === undefined) missing.push("«importo»");
  if (index.causale === undefined) missing.push("«causale»");
  if (missing.length) {
    return {
      ok: false,
      error: {
        it: `Mancano nell'intestazione (prima riga) le colonne ${missing.join(", ")}.`,
        en: `The header (first row) lacks the columns ${missing.join(", ")}.`,
      },
    };
  }
  if (table.length - 1 > MAX_TREASURY_ROWS) {
    return {
      ok: false,
      error: {
        it: `Il file ha ${table.length - 1} righe: al massimo ${MAX_TREASURY_ROWS} per file.`,
        en: `The file has ${table.length - 1} rows: at most ${MAX_TREASURY_ROWS} per file.`,
      },
    };
  }

  const rows: TreasuryRow[] = [];
  const errors: TreasuryRowError[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells = table[r];
    const line = r + 1;
    if (cells.every((c) => c === "")) continue;
    const cell = (c: TreasuryColumn) =>
      index[c] === undefined ? "" : (cells[index[c]!] ?? "").trim();
    const problems: Message[] = [];

    const dayText = cell("booked_on");
    const booked = parseDay(dayText);
    if (!booked) {
      problems.push(
        dayText
          ? {
            it: `data «${dayText}» non valida (usa gg/mm/aaaa)`,
            en: `date «${dayText}» is not valid (use dd/mm/yyyy)`,
          }
          : { it: "manca la data", en: "the date is missing" },
      );
    }
    const valueText = cell("value_date");
    const valueDate = valueText ? parseDay(valueText) : null;
    if (valueText && !valueDate) {
      problems.push({
        it: `data valuta «${valueText}» non valida`,
        en: `value date «${valueText}» is not valid`,
      });
    }

    let amount: number | null = null;
    const amountText = cell("amount");
    const creditText = cell("credit");
    const debitText = cell("debit");
    if (amountText) {
      amount = parseAmount(amountText);
      if (amount === null) {
        problems.push({
          it: `importo «${amountText}» non valido (es. 1.234,56 o -85,50)`,
          en: `amount «${amountText}» is not valid (e.g. 1.234,56 or -85,50)`,
        });
      }
    } else if (creditText || debitText) {
      const c = creditText ? parseAmount(creditText) : 0;
      const d = debitText ? parseAmount(debitText) : 0;
      if (c === null || d === null || (creditText && debitText)) {
        problems.push({
          it: `entrate «${creditText}» / uscite «${debitText}» non valide (una sola delle due)`,
          en: `credit «${creditText}» / debit «${debitText}» are not valid (only one of them)`,
        });
      } else amount = Math.abs(c) - Math.abs(d);
    } else problems.push({ it: "manca l'importo", en: "the amount is missing" });
    if (amount === 0) {
      problems.push({ it: "l'importo è zero", en: "the amount is zero" });
    }

    const causale = cell("causale");
    if (!causale) problems.push({ it: "manca la causale", en: "the causale is missing" });
    else if (causale.length > 500) {
      problems.push({
        it: "la causale supera 500 caratteri",
        en: "the causale exceeds 500 characters",
      });
    }
    const reference = cell("reference");
    if (reference.length > 100) {
      problems.push({
        it: "il riferimento supera 100 caratteri",
        en: "the reference exceeds 100 characters",
      });
    }

    if (problems.length) {
      errors.push({
        line,
        reason: {
          it: cap(problems.map((p) => p.it).join("; ")) + ".",
          en: cap(problems.map((p) => p.en).join("; ")) + ".",
        },
      });
      continue;
    }
    rows.push({
      line,
      booked_on: booked!,
      value_date: valueDate,
      amount_cents: amount!,
      causale,
      reference: reference || null,
    });
  }
  return { ok: true, rows, errors };
}

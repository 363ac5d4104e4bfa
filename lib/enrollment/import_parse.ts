/**
 * Reading a spreadsheet of applications (one row per child × service) and turning each row into
 * the pieces of an application: the applicant, the child, the service and year by their codes,
 * optional site, class, diet and stop by their names or codes, and the form answers from the
 * extra columns named after the form's fields. Pure apart from exceljs: no database.
 *
 * @module
 */
// @ts-types="../registry/exceljs.d.ts"
import ExcelJS, { type CellValue } from "exceljs";
import { EnrollmentError } from "./errors.ts";

export const IMPORT_COLUMNS = [
  ["applicant_surname", "Cognome richiedente", true],
  ["applicant_name", "Nome richiedente", true],
  ["applicant_tax_code", "Codice fiscale richiedente", true],
  ["applicant_email", "E-mail richiedente", true],
  ["applicant_mobile", "Cellulare richiedente", false],
  ["applicant_address", "Indirizzo richiedente", false],
  ["child_surname", "Cognome bambino", true],
  ["child_name", "Nome bambino", true],
  ["child_tax_code", "Codice fiscale bambino", true],
  ["child_birth_date", "Data di nascita bambino", true],
  ["child_sex", "Sesso bambino", false],
  ["service_code", "Codice servizio", true],
  ["school_year", "Anno scolastico", true],
  ["kind", "Tipo domanda", true],
  ["privacy", "Informativa privacy accettata il", true],
  ["site", "Plesso", false],
  ["class", "Classe", false],
  ["diet", "Codice dieta", false],
  ["stop", "Fermata", false],
] as const;
export type ImportColumn = typeof IMPORT_COLUMNS[number][0];

export const MAX_ROWS = 5000;

/** One data row: its line in the sheet (the header is line 1), columns and form answers. */
export interface SheetRow {
  line: number;
  values: Partial<Record<ImportColumn, string>>;
  /** Extra columns by header (form field names), only the non-empty cells. */
  answers: Record<string, string>;
}

export const fold = (s: string) =>
  s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ")
    .trim();

const BY_HEADER = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap(([key, label]) => [[fold(label), key], [fold(key), key]]),
);

const pad = (n: number) => String(n).padStart(2, "0");

export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  }
  if (typeof v === "object") {
    if ("richText" in v) return (v.richText as { text: string }[]).map((r) => r.text).join("");
    if ("text" in v) return String(v.text);
    if ("result" in v) return cellText(v.result as CellValue);
    return "";
  }
  return String(v).trim();
}

function fileError(it: string, en: string): EnrollmentError {
  return new EnrollmentError("invalid", it, en, [{ path: "file", it, en }]);
}

/** Reads the first sheet: header row, then data rows (empty rows are skipped). */
export async function readSheet(bytes: Uint8Array): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch {
    throw fileError(
      "Il file non è un foglio Excel .xlsx leggibile: usa il modello scaricato da questa pagina.",
      "The file is not a readable .xlsx workbook: use the template downloaded from this page.",
    );
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw fileError("Il file Excel non ha fogli.", "The workbook has no sheets.");
  const table: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    table.push({ line: n, cells: (row.values as CellValue[]).slice(1).map(cellText) });
  });
  const header = table.shift();
  if (!header) throw fileError("Il file è vuoto.", "The file is empty.");
  const columns = header.cells.map((h) => BY_HEADER.get(fold(h)) ?? null);
  const missing = IMPORT_COLUMNS.filter(([k, , required]) => required && !columns.includes(k))
    .map(([, label]) => label);
  if (missing.length) {
    throw fileError(
      `Mancano le colonne obbligatorie: ${missing.join(", ")}. Usa il modello.`,
      `Required columns are missing: ${missing.join(", ")}. Use the template.`,
    );
  }
  const rows: SheetRow[] = [];
  for (const { line, cells } of table) {
    if (!cells.some((c) => c !== "")) continue;
    const values: SheetRow["values"] = {};
    const answers: Record<string, string> = {};
    header.cells.forEach((h, j) => {
      const v = (cells[j] ?? "").trim();
      if (!v) return;
      const col = columns[j];
      if (col) values[col] = v;
      else if (h.trim()) answers[h.trim()] = v;
    });
    rows.push({ line, values, answers });
  }
  if (rows.length === 0) {
    throw fileError("Il file non contiene righe di dati.", "The file has no data rows.");
  }
  if (rows.length > MAX_ROWS) {
    throw fileError(
      `Il file ha ${rows.length} righe: se ne possono importare al massimo ${MAX_ROWS} alla volta.`,
      `The file has ${rows.length} rows: at most ${MAX_ROWS} can be imported at a time.`,
    );
  }
  return rows;
}

const YES = new Set(["si", "sì", "s", "x", "true", "vero", "1", "yes", "y"]);
const NO = new Set(["no", "n", "false", "falso", "0"]);

/** "nuova", "Nuova iscrizione", "riconferma" → the application kind. */
export function parseKind(v: string | undefined): "new" | "renewal" | null {
  const f = fold(v ?? "");
  if (["nuova", "nuova iscrizione", "new", "n"].includes(f)) return "new";
  if (["riconferma", "rinnovo", "renewal", "r"].includes(f)) return "renewal";
  return null;
}

/** A calendar day written as YYYY-MM-DD or DD/MM/YYYY (Excel dates arrive as YYYY-MM-DD). */
export function parseDay(v: string | undefined): string | null {
  const s = (v ?? "").trim();
  let y: number, m: number, d: number;
  let match = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (match) [y, m, d] = [+match[1], +match[2], +match[3]];
  else if ((match = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/))) {
    [d, m, y] = [+match[1], +match[2], +match[3]];
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * A form answer from a cell, by the field's type: checkboxes take sì/no, numbers become numbers,
 * dates become YYYY-MM-DD; anything else stays text (choices are matched by `import.ts`). Returns undefined for an unreadable value
 * (the form check then reports the field).
 */
export function answerValue(
  type: string | undefined,
  raw: string,
): string | number | boolean | undefined {
  if (type === "checkbox") {
    const f = fold(raw);
    return YES.has(f) ? true : NO.has(f) ? false : undefined;
  }
  if (type === "number") {
    const n = Number(raw.replace(",", "."));
    return Number.isFinite(n) ? n : raw;
  }
  if (type === "date") return parseDay(raw) ?? raw;
  return raw;
}

/** Same applicant and school year (and kind) → the same application. */
export function groupKey(r: SheetRow): string {
  const v = r.values;
  return [
    (v.applicant_tax_code ?? "").toUpperCase().replace(/\s/g, ""),
    fold(v.school_year ?? ""),
    parseKind(v.kind) ?? "",
  ].join("|");
}

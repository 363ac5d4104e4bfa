/**
 * Reading an anagrafe (ANPR) extract: CSV (`;`, `,` or tab separated, UTF-8 or Windows-1252, as
 * the registry offices' software exports it) or Excel (.xlsx, first sheet). Columns are found
 * by their usual names ("Codice fiscale", "COGNOME", "Data di nascita", "Codice famiglia"…),
 * whatever their order, case or accents. Pure apart from the parsers: no database.
 *
 * @module
 */

// @ts-types="./csv_parse.d.ts"
import { parse as parseCsv } from "csv-parse/sync";
// @ts-types="./exceljs.d.ts"
import ExcelJS, { type CellValue } from "exceljs";
import { RegistryError } from "./errors.ts";
import { fold } from "./search.ts";

export const IMPORT_COLUMNS = [
  "tax_code",
  "surname",
  "name",
  "sex",
  "birth_date",
  "birth_place_name",
  "birth_place_code",
  "citizenship",
  "residence_address",
  "house_number",
  "email",
  "mobile",
  "pec",
  "household_code",
  "household_role",
] as const;
export type ImportColumn = typeof IMPORT_COLUMNS[number];

/** One data row of the file: its line (the header is line 1) and the recognized columns. */
export interface ExtractRow {
  line: number;
  values: Partial<Record<ImportColumn, string>>;
}

export interface Extract {
  format: "csv" | "xlsx";
  /** Recognized columns, in file order. */
  columns: ImportColumn[];
  /** Headers that were not recognized (ignored). */
  ignored: string[];
  rows: ExtractRow[];
}

export const MAX_IMPORT_ROWS = 20_000;
export const REQUIRED_COLUMNS: ImportColumn[] = ["tax_code", "surname", "name"];

const ALIASES: Record<ImportColumn, string[]> = {
  tax_code: ["codice fiscale", "codicefiscale", "cf", "cod fiscale", "c f", "cod fisc"],
  surname: ["cognome"],
  name: ["nome"],
  sex: ["sesso", "genere"],
  birth_date: ["data nascita", "data di nascita", "nato il", "data nas"],
  birth_place_name: ["comune nascita", "comune di nascita", "luogo nascita", "luogo di nascita"],
  birth_place_code: [
    "codice catastale nascita",
    "codice catastale",
    "cod catastale nascita",
    "belfiore",
    "belfiore nascita",
    "codice belfiore nascita",
  ],
  citizenship: ["cittadinanza", "nazionalita"],
  residence_address: ["indirizzo", "indirizzo residenza", "indirizzo di residenza", "via"],
  house_number: ["civico", "numero civico", "n civico"],
  email: ["email", "e mail", "posta elettronica", "indirizzo email"],
  mobile: ["cellulare", "telefono", "tel", "cell", "telefono cellulare"],
  pec: ["pec", "posta elettronica certificata"],
  household_code: [
    "codice famiglia",
    "cod famiglia",
    "id famiglia",
    "numero famiglia",
    "famiglia",
    "scheda famiglia",
    "codice nucleo",
  ],
  household_role: [
    "ruolo nucleo",
    "ruolo nel nucleo",
    "relazione parentela",
    "rapporto parentela",
    "parentela",
    "relazione",
  ],
};

/** "Data di nascita", "DATA_NASCITA" and "data nascita" all become "datanascita". */
const headerKey = (h: string) =>
  fold(h).split(" ").filter((w) => !["di", "del", "della", "nel"].includes(w)).join("");

const LOOKUP = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((c) => ALIASES[c].map((a) => [headerKey(a), c] as const)),
);

function fileError(it: string, en: string): RegistryError {
  return new RegistryError("import_file", { it, en }, { field: "file" });
}

function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Registry offices' software often exports Windows-1252.
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

function csvTable(bytes: Uint8Array): string[][] {
  const text = decodeText(bytes);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [";", "\t", ","].map((d) => [d, firstLine.split(d).length] as const)
    .sort((a, b) => b[1] - a[1])[0][0];
  try {
    return parseCsv(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      bom: true,
    });
  } catch (e) {
    throw fileError(
      `Il file CSV non è leggibile: ${(e as Error).message}.`,
      `The CSV file cannot be read: ${(e as Error).message}.`,
    );
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    // Excel dates carry no time zone: read the calendar date as written.
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

async function xlsxTable(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch {
    throw fileError(
      "Il file Excel non è leggibile: salvalo di nuovo in formato .xlsx.",
      "The Excel file cannot be read: save it again as .xlsx.",
    );
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw fileError("Il file Excel non ha fogli.", "The Excel file has no sheets.");
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as CellValue[];
    out[n - 1] = values.slice(1).map(cellText);
  });
  return Array.from(out, (r) => r ?? []);
}

/**
 * Reads an extract: `await readExtract(bytes, "anagrafe.csv")`. Throws a RegistryError
 * (`import_file`) for an unreadable file, a missing required column or too many rows.
 */
export async function readExtract(bytes: Uint8Array, fileName: string): Promise<Extract> {
  const xlsx = /\.xlsx$/i.test(fileName) ||
    (bytes[0] === 0x50 && bytes[1] === 0x4b && !/\.csv$/i.test(fileName));
  if (/\.xls$/i.test(fileName)) {
    throw fileError(
      "Il formato .xls non è supportato: salva il file come .xlsx o .csv.",
      "The .xls format is not supported: save the file as .xlsx or .csv.",
    );
  }
  const table = xlsx ? await xlsxTable(bytes) : csvTable(bytes);
  const headerIndex = table.findIndex((r) => r.some((c) => c.trim() !== ""));
  if (headerIndex < 0) throw fileError("Il file è vuoto.", "The file is empty.");
  const header = table[headerIndex];
  const columns: (ImportColumn | null)[] = header.map((h) => LOOKUP.get(headerKey(h)) ?? null);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    const names: Record<string, string> = {
      tax_code: "Codice fiscale",
      surname: "Cognome",
      name: "Nome",
    };
    throw fileError(
      `Mancano le colonne obbligatorie: ${missing.map((m) => names[m]).join(", ")}.`,
      `Required columns are missing: ${missing.map((m) => names[m]).join(", ")}.`,
    );
  }
  const rows: ExtractRow[] = [];
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i];
    if (!cells.some((c) => c.trim() !== "")) continue;
    const values: ExtractRow["values"] = {};
    columns.forEach((col, j) => {
      const v = (cells[j] ?? "").trim();
      if (col && v && !values[col]) values[col] = v;
    });
    rows.push({ line: i + 1, values });
  }
  if (rows.length === 0) {
    throw fileError("Il file non contiene righe di dati.", "The file has no data rows.");
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw fileError(
      `Il file ha ${rows.length} righe: se ne possono importare al massimo ${MAX_IMPORT_ROWS} alla volta.`,
      `The file has ${rows.length} rows: at most ${MAX_IMPORT_ROWS} can be imported at a time.`,
    );
  }
  return {
    format: xlsx ? "xlsx" : "csv",
    columns: columns.filter((c): c is ImportColumn => c !== null),
    ignored: header.filter((h, j) => h.trim() && columns[j] === null),
    rows,
  };
}

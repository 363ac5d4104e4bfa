/**
 * Reading an uploaded CSV the way the office exports it (Excel in Italian writes `;`, others `,`;
 * a BOM; spaces around values) into a table and a header map, for imports that then check each
 * row themselves (attendance marks, treasury statements).
 *
 * @module
 */
// @ts-types="../registry/csv_parse.d.ts"
import { parse as parseCsv } from "csv-parse/sync";

/** A header or value folded for comparison: no accents, lower case, single spaces. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, " ").trim();
}

/** The separator of the header line: the one that splits it into more columns. */
export function detectDelimiter(text: string): ";" | "," {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (ch: string) => header.split(ch).length - 1;
  return count(";") >= count(",") && count(";") > 0 ? ";" : ",";
}

export type CsvTable =
  | { ok: true; delimiter: ";" | ","; table: string[][] }
  | { ok: false; error: { it: string; en: string } };

/** The whole file as rows of trimmed cells (empty lines kept, so line numbers stay true). */
export function readCsvTable(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  try {
    const table = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
    return { ok: true, delimiter, table };
  } catch (e) {
    return {
      ok: false,
      error: {
        it: `Il file non è un CSV leggibile: ${(e as Error).message}`,
        en: `The file is not a readable CSV: ${(e as Error).message}`,
      },
    };
  }
}

/** Which column holds each field, from the header and the accepted names (folded) of each. */
export function columnIndex<K extends string>(
  header: string[],
  aliases: Record<K, string[]>,
): Partial<Record<K, number>> {
  const folded = header.map(fold);
  const index = {} as Partial<Record<K, number>>;
  for (const [col, names] of Object.entries(aliases) as [K, string[]][]) {
    const i = folded.findIndex((h) => names.includes(h));
    if (i >= 0) index[col] = i;
  }
  return index;
}

import { HttpError } from "./define.ts";

/** At most this many rows in one file the office downloads (the filters narrow a list). */
export const EXPORT_MAX_ROWS = 100_000;

/**
 * Refuses a file that would be cut short: read `max + 1` rows and pass how many came. A list
 * silently truncated at the limit would look complete in a spreadsheet; the office narrows the
 * filters instead (422, in Italian, code `export_too_large`).
 */
export function refuseTruncated(
  rows: number,
  max: number,
  tr: (it: string, en: string) => string,
): void {
  if (rows <= max) return;
  const n = max.toLocaleString("it-IT");
  throw new HttpError(
    422,
    tr(
      `L'elenco supera ${n} righe: restringi i filtri (per esempio un periodo più breve) e scaricalo di nuovo.`,
      `The list has more than ${
        max.toLocaleString("en-GB")
      } rows: narrow the filters (for example a shorter period) and download it again.`,
    ),
    { code: "export_too_large" },
  );
}

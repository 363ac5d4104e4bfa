/**
 * The text format of `COPY … FROM STDIN`: one line per row, tab between values, `\N` for null,
 * backslash escapes for backslash, tab, newline and carriage return. Objects (jsonb columns) are
 * written as their JSON. Pure, so the escaping is tested without a server.
 *
 * @module
 */

const SPECIAL = /[\\\t\n\r]/;

function field(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  if (!SPECIAL.test(s)) return s;
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(
    /\r/g,
    "\\r",
  );
}

/** `rows` as COPY text (values in column order). */
export function copyText(rows: readonly unknown[][]): string {
  let out = "";
  for (const row of rows) {
    let line = "";
    for (let i = 0; i < row.length; i++) line += (i === 0 ? "" : "\t") + field(row[i]);
    out += line + "\n";
  }
  return out;
}

import { define } from "../../../../lib/http/define.ts";

const SAMPLE = [
  "codice_fiscale;servizio;data;stato;pasto",
  "RSSMRA18A41D612X;MENSA;23/11/2026;P;",
  "RSSMRA18A41D612X;MENSA;24/11/2026;P;B",
  "RSSMRA18A41D612X;MENSA;25/11/2026;A;",
  "RSSMRA18A41D612X;MENSA;26/11/2026;D;",
  "",
].join("\r\n");

/** A sample attendance file in the agreed layout (docs/attendance_csv.md). */
export const handler = define.handlers({
  GET(c) {
    return c.body("\uFEFF" + SAMPLE, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="esempio-presenze.csv"',
      "cache-control": "no-store",
    });
  },
});

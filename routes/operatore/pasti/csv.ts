import { boardCsv } from "../../../lib/attendance/meal_counts_http.ts";
import { define } from "../../../lib/http/define.ts";

/** The day's counts as CSV (`?servizio=&giorno=`). */
export const handler = define.handlers({
  GET: (c) => boardCsv(c),
});

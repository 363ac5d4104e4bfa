import { define } from "../../../lib/http/define.ts";
import { scanFromJson } from "../../operatore/presenze/(_components)/scan_page.tsx";

/** JSON endpoint of the scanner island (and of its offline queue when it syncs). */
export const handler = define.handlers({
  POST: (c) => scanFromJson(c),
});

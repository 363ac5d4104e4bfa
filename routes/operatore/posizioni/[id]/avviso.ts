import { define } from "../../../../lib/http/define.ts";
import { noticePdfResponse } from "../../../../lib/pagopa/notice_pdf_http.ts";

/** The Avviso pagoPA of a debt position, for the office (staff read positions of their Ente). */
export const handler = define.handlers({
  GET: (c) => noticePdfResponse(c),
});

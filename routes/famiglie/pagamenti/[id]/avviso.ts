import { define } from "../../../../lib/http/define.ts";
import { noticePdfResponse } from "../../../../lib/pagopa/notice_pdf_http.ts";

/** The Avviso pagoPA of one of the family's positions; another household's is a 404 (RLS). */
export const handler = define.handlers({
  GET: (c) => noticePdfResponse(c),
});

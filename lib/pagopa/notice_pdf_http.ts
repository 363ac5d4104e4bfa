/**
 * The notice PDF as an HTTP response, for the operators' and the families' download routes:
 * the position is read under the caller's RLS (a family member sees only their household's
 * payers' positions), so a position the caller may not see is a 404 exactly like one that does
 * not exist. Rendered on request: it always shows the position as it is now.
 *
 * @module
 */

import { type Ctx, HttpError } from "../http/define.ts";
import { assertSignedIn } from "../http/guards.ts";
import { pdfAttachment } from "../http/pdf_attachment.ts";
import { storageFor } from "../storage/mod.ts";
import { loadNoticeInput } from "./notice_data.ts";
import { noticePdf } from "./notice_pdf.ts";

/** `avviso-<NAV>.pdf`, the NAV of the single payment or else of the first instalment. */
export function noticeFileName(nav: string): string {
  return `avviso-${nav}.pdf`;
}

export async function noticePdfResponse(c: Ctx): Promise<Response> {
  const state = c.get("state");
  assertSignedIn(state);
  const id = c.req.param("id") ?? "";
  const storage = storageFor(state.config);
  const input = await state.db.asUser(
    state.claims,
    (tx) => loadNoticeInput(tx, id, { storage }),
  );
  if (!input) {
    throw new HttpError(
      404,
      state.tr("Avviso non trovato.", "Notice not found."),
      { code: "not_found" },
    );
  }
  if (input.status === "cancelled") {
    throw new HttpError(
      409,
      state.tr(
        "La posizione è stata annullata: il suo avviso non può più essere pagato.",
        "The position was cancelled: its notice can no longer be paid.",
      ),
      { code: "cancelled" },
    );
  }
  const first = input.single ?? input.instalments[0];
  if (!first) {
    throw new HttpError(
      409,
      state.tr("La posizione non ha avvisi da pagare.", "The position has no notices to pay."),
      { code: "no_notices" },
    );
  }
  const bytes = await noticePdf(input);
  return pdfAttachment(bytes, noticeFileName(first.nav));
}

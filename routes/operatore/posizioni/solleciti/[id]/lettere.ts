import { lettersFileName, lettersPdf } from "../../../../../lib/billing/reminder_letters_pdf.ts";
import {
  auditLetters,
  campaignLetterPositions,
  loadLetters,
} from "../../../../../lib/billing/reminder_letters_read.ts";
import { recordLetters } from "../../../../../lib/billing/reminder_letters_record.ts";
import { REMINDER_BATCH_MAX } from "../../../../../lib/billing/reminders.ts";
import { define, HttpError } from "../../../../../lib/http/define.ts";
import { pdfAttachment } from "../../../../../lib/http/pdf_attachment.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

/**
 * The paper letters of a reminder campaign, for its payers without contact: GET prints them (one
 * PDF, a letter per payer, only the positions still overdue now; an audited export), POST
 * ("Registra l'invio per posta", after the office mailed them) records a letter reminder for each
 * of those positions, skipping the ones reminded within the Ente's minimum days, and goes back to
 * the campaign saying how many (`?lettere=<recorded>-<skipped>`).
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const data = await state.db.asUser(state.claims!, async (tx) => {
      const ids = await campaignLetterPositions(tx, id);
      if (!ids) return null;
      const data = await loadLetters(tx, ids);
      if (data?.letters.length) await auditLetters(tx, "campaign", id, data);
      return data;
    });
    if (!data) throw new HttpError(404);
    if (!data.letters.length) {
      throw new HttpError(
        409,
        state.tr(
          "Nessuna lettera da stampare: le posizioni senza recapito di questa campagna non sono più scadute.",
          "No letter to print: the positions without contact of this campaign are no longer overdue.",
        ),
        { code: "no_letters" },
      );
    }
    const bytes = await lettersPdf(data.ente, data.letters, data.today);
    return pdfAttachment(bytes, lettersFileName(data.today));
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const counts = await state.db.asUser(state.claims!, async (tx) => {
      const ids = await campaignLetterPositions(tx, id);
      if (!ids) return null;
      const data = await loadLetters(tx, ids);
      const printed = data?.letters.flatMap((l) => l.position_ids) ?? [];
      let recorded = 0;
      for (let i = 0; i < printed.length; i += REMINDER_BATCH_MAX) {
        const r = await recordLetters(tx, printed.slice(i, i + REMINDER_BATCH_MAX));
        recorded += r.counts.recorded;
      }
      return { recorded, skipped: printed.length - recorded };
    });
    if (!counts) throw new HttpError(404);
    return c.redirect(
      `/operatore/posizioni/solleciti/${id}?lettere=${counts.recorded}-${counts.skipped}#lettere`,
      303,
    );
  },
});

import { lettersFileName, lettersPdf } from "../../../../lib/billing/reminder_letters_pdf.ts";
import { auditLetters, loadLetters } from "../../../../lib/billing/reminder_letters_read.ts";
import { recordLetters } from "../../../../lib/billing/reminder_letters_record.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { pdfAttachment } from "../../../../lib/http/pdf_attachment.ts";
import { LETTER_FLASHES } from "../(_components)/ReminderLetters.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/**
 * The paper reminder letter of one position, for a payer without contact: GET prints it (PDF, an
 * audited export; 409 when the position is not overdue), POST ("Registra l'invio per posta")
 * records it as a reminder by post and goes back to the position saying what happened
 * (`?lettera=registrata|recente|non-scaduta`).
 */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const read = await state.db.asUser(state.claims!, async (tx) => {
      const [p] = await tx.query<{ iupd: string }>(
        "select iupd from public.debt_positions where tenant_id = (select app.tenant_id()) and id = $1",
        [id],
      );
      if (!p) return null;
      const data = await loadLetters(tx, [id]);
      if (data?.letters.length) await auditLetters(tx, "position", id, data);
      return data && { data, iupd: p.iupd };
    });
    if (!read) throw new HttpError(404);
    const { data, iupd } = read;
    if (!data.letters.length) {
      throw new HttpError(
        409,
        state.tr(
          "La posizione non è scaduta: nessuna lettera di sollecito da stampare.",
          "The position is not overdue: no reminder letter to print.",
        ),
        { code: "not_overdue" },
      );
    }
    const bytes = await lettersPdf(data.ente, data.letters, data.today);
    return pdfAttachment(bytes, lettersFileName(data.today, iupd));
  },
  async POST(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const { outcomes } = await db.asUser(claims!, (tx) => recordLetters(tx, [id]));
    const outcome = outcomes[0].outcome;
    if (outcome === "not_found") throw new HttpError(404);
    return c.redirect(
      `/operatore/posizioni/${id}?lettera=${LETTER_FLASHES[outcome]}#solleciti`,
      303,
    );
  },
});

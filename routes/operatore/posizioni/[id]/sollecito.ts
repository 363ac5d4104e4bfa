import { sendReminders } from "../../../../lib/billing/reminders.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { REMINDER_FLASHES } from "../(_components)/Reminders.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/**
 * "Invia sollecito" of a position's page: reminds its payer in the office's transaction (found
 * overdue again there, skipped when reminded recently) and goes back to the position saying what
 * happened (`?sollecito=inviato|recente|non-scaduta|senza-recapito`).
 */
export const handler = define.handlers({
  GET(c) {
    return c.redirect(`/operatore/posizioni/${c.req.param("id")}`, 303);
  },
  async POST(c) {
    const { db, claims, config } = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const { outcomes } = await db.asUser(
      claims!,
      (tx) => sendReminders(tx, { positionIds: [id] }, { publicUrl: config.publicUrl }),
    );
    const outcome = outcomes[0].outcome;
    if (outcome === "not_found") throw new HttpError(404);
    return c.redirect(
      `/operatore/posizioni/${id}?sollecito=${REMINDER_FLASHES[outcome]}#solleciti`,
      303,
    );
  },
});

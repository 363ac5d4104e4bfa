import { cardChoices, cardHolders, renderCards } from "../../../lib/attendance/cards.ts";
import { romeDateOf } from "../../../lib/calendar/dates.ts";
import { define, HttpError } from "../../../lib/http/define.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

/** The PDF of the QR cards of a service, or of one of its classes. */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const serviceId = c.req.query("service_id") ?? "";
    const classId = c.req.query("class_id") || null;
    if (!isUuid(serviceId) || (classId && !isUuid(classId))) {
      throw new HttpError(
        400,
        state.tr("Scegli il servizio (e la classe).", "Choose the service (and class)."),
      );
    }
    const { ente, holders } = await state.db.asUser(state.claims!, async (tx) => {
      const { ente } = await cardChoices(tx);
      const holders = await cardHolders(tx, { serviceId, classId, day: romeDateOf() });
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'attendance_cards', $1, $2)",
        [serviceId, { class_id: classId, cards: holders.length }],
      );
      return { ente, holders };
    });
    if (!holders.length) {
      throw new HttpError(
        404,
        state.tr(
          "Nessun bambino iscritto al servizio (o alla classe) scelto.",
          "No child enrolled in the chosen service (or class).",
        ),
      );
    }
    const pdf = await renderCards(state.config.jwtSecret, ente, holders);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": 'attachment; filename="tessere-presenze.pdf"',
      "cache-control": "no-store",
    });
  },
});

import { getPosition } from "../../../../lib/billing/positions_read.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { gpdGateway } from "../../../../lib/pagopa/gpd_client.ts";
import { cancelAndInvalidate, GpdRequestError } from "../../../../lib/pagopa/publish_office.ts";
import {
  CANCEL_FIELD,
  CANCEL_NAME,
  type CancelForm,
  pagopaNoteOf,
} from "../(_components)/CancelPositionForm.tsx";
import PositionPage, { type Data } from "./index.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/**
 * "Annulla la posizione" of a position's page: cancels it with a reason through
 * `cancelAndInvalidate` (the office's transaction, RLS; pagoPA GPD told at once or by the job)
 * and goes back to the position saying what pagoPA knows; a refusal shows the position again
 * with the reason typed and the refusal in words.
 */
export const handler = define.handlers<Data>({
  GET(c) {
    return c.redirect(`/operatore/posizioni/${c.req.param("id")}`, 303);
  },
  async POST(c) {
    const { db, claims, config, tr } = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const reason = String(body[CANCEL_NAME] ?? "");
    try {
      const gw = await gpdGateway(config);
      const out = await cancelAndInvalidate(db, claims!, gw, id, reason);
      return c.redirect(
        `/operatore/posizioni/${id}?annullamento=fatto&pagopa=${pagopaNoteOf(out)}`,
        303,
      );
    } catch (e) {
      if (!(e instanceof GpdRequestError)) throw e;
      const position = await db.asUser(claims!, (tx) => getPosition(tx, id));
      if (!position) throw new HttpError(404);
      const message = tr(e.it, e.en);
      const cancel: CancelForm = e.code === "reason_required"
        ? { value: reason, errors: { [CANCEL_FIELD]: message } }
        : { value: reason, errors: {}, message };
      return page({ position, cancel }, { status: e.status });
    }
  },
});

export default PositionPage;

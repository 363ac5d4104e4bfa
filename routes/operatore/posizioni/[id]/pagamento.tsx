import { getPosition } from "../../../../lib/billing/positions_read.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import {
  type ManualMethod,
  ManualReceiptError,
  recordManualReceipt,
} from "../../../../lib/pagopa/receipts_manual.ts";
import { parseEuro } from "../../../../lib/tariffs/money.ts";
import { fieldId, MANUAL_FIELDS } from "../(_components)/ManualReceiptForm.tsx";
import PositionPage, { type Data } from "./index.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

const FIELD_OF: Record<NonNullable<ManualReceiptError["field"]>, string> = {
  amount: "importo",
  paidOn: "data",
  method: "metodo",
  reference: "riferimento",
  note: "nota",
};

/**
 * "Registra pagamento" of a position's page: records a payment received outside pagoPA through
 * `recordManualReceipt` (the office's transaction, RLS) and goes back to the position; a refusal
 * shows the position again with the form's values and the reason beside the field.
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
    const values: Record<string, string> = {};
    for (const k of MANUAL_FIELDS) values[k] = String(body[k] ?? "").trim();
    const noticeId = String(body.avviso ?? "");
    try {
      const res = await db.asUser(claims!, (tx) =>
        recordManualReceipt(
          tx,
          {
            noticeId,
            positionId: id,
            amountCents: parseEuro(values.importo) ?? 0,
            paidOn: values.data,
            method: values.metodo as ManualMethod,
            reference: values.riferimento,
            note: values.nota || null,
          },
          claims!.sub,
          { publicUrl: config.publicUrl },
        ));
      const done = res.duplicate ? "ripetuto" : "registrato";
      return c.redirect(`/operatore/posizioni/${id}?pagamento=${done}`, 303);
    } catch (e) {
      if (!(e instanceof ManualReceiptError)) throw e;
      const position = await db.asUser(claims!, (tx) => getPosition(tx, id));
      if (!position) throw new HttpError(404);
      const message = tr(e.it, e.en);
      const manual = e.field
        ? { noticeId, values, errors: { [fieldId(FIELD_OF[e.field], noticeId)]: message } }
        : { noticeId, values, errors: {}, message };
      return page({ position, manual }, { status: e.status });
    }
  },
});

export default PositionPage;

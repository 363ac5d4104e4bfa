import { define, HttpError, page } from "../../../../lib/http/define.ts";
import {
  SettlementError,
  type SettlementInput,
  settleReceipt,
} from "../../../../lib/pagopa/receipts_settlement.ts";
import { FIELD_OF, SETTLEMENT_FIELDS } from "../(_components)/SettlementForm.tsx";
import ReceiptPage, { type Data, loadReceipt } from "../[id].tsx";

/**
 * "Esito della verifica" of a receipt's page: records what the office did with a receipt that
 * paid nothing through `settleReceipt` (the office's transaction, RLS) and goes back to the
 * receipt; a refusal shows the receipt again with the form's values and the reason beside the
 * field.
 */
export const handler = define.handlers<Data>({
  GET(c) {
    return c.redirect(`/operatore/ricevute/${c.req.param("id")}`, 303);
  },
  async POST(c) {
    const { db, claims, tr } = c.get("state");
    const id = c.req.param("id")!;
    const body = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const k of SETTLEMENT_FIELDS) values[k] = String(body[k] ?? "").trim();
    const input = {
      kind: values.esito,
      refundedOn: values.data_rimborso,
      reference: values.riferimento,
      walletId: values.borsellino,
      note: values.nota || null,
    } as SettlementInput;
    try {
      const res = await db.asUser(claims!, (tx) => settleReceipt(tx, id, input, claims!.sub));
      const done = res.duplicate ? "ripetuto" : "registrato";
      return c.redirect(`/operatore/ricevute/${id}?esito=${done}`, 303);
    } catch (e) {
      if (!(e instanceof SettlementError)) throw e;
      if (e.code === "forbidden") throw new HttpError(403, e.en, { code: "forbidden" });
      const data = await db.asUser(claims!, (tx) => loadReceipt(tx, id));
      if (!data) throw new HttpError(404, "Receipt not found", { code: "not_found" });
      const message = tr(e.it, e.en);
      const form = e.field
        ? { values, errors: { [FIELD_OF[e.field]]: message } }
        : { values, errors: {}, message };
      return page({ ...data, form }, { status: e.status });
    }
  },
});

export default ReceiptPage;

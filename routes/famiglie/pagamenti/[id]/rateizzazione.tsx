import { readRequestForm, REQUEST_FIELDS } from "../../../../lib/billing/instalment_plan.ts";
import { PlanError } from "../../../../lib/billing/instalment_plan_record.ts";
import { requestPlan, withdrawRequest } from "../../../../lib/billing/instalment_plan_requests.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import {
  ACTION_FIELD,
  REQUEST_ID_FIELD,
  type RequestForm,
  type RequestFormState,
  WITHDRAW,
} from "../(_components)/InstalmentRequest.tsx";
import Position, { type Data, loadPosition } from "./index.tsx";

/**
 * "Vuoi pagare a rate?" of a family's position: POST asks the Ente to spread it
 * (`requestPlan`, under the family's RLS: the database decides whether it may) and goes back to
 * the position saying the request was sent; with `azione=ritira` it withdraws the pending
 * request `richiesta` instead. A bad field shows the position again with the errors beside the
 * fields and what was typed (422); a refusal of the database, in words, with its status.
 */
export const handler = define.handlers<Data>({
  GET(c) {
    return c.redirect(`/famiglie/pagamenti/${c.req.param("id")}`, 303);
  },
  async POST(c) {
    const { db, claims, tr } = c.get("state");
    const id = c.req.param("id")!;
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const form: RequestForm = {
      count: field(REQUEST_FIELDS.count),
      message: field(REQUEST_FIELDS.message),
    };
    // Not the family's position: 404, as the page.
    const loaded = await loadPosition(db, claims!, id);
    const again = (
      data: Omit<Data, "outcome" | "requestOutcome">,
      status: number,
      requestForm: RequestFormState,
    ) => page<Data>({ ...data, outcome: null, requestOutcome: null, requestForm }, { status });

    if (field(ACTION_FIELD) === WITHDRAW) {
      const requestId = field(REQUEST_ID_FIELD);
      if (!loaded.requests.some((r) => r.id === requestId)) {
        throw new HttpError(404, tr("Richiesta non trovata", "Request not found"), {
          code: "not_found",
        });
      }
      try {
        await db.asUser(claims!, (tx) => withdrawRequest(tx, requestId));
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        const now = await loadPosition(db, claims!, id);
        return again(now, e.status, {
          form: { count: "", message: "" },
          errors: {},
          message: tr(e.it, e.en),
        });
      }
      return c.redirect(`/famiglie/pagamenti/${id}?rateizzazione=ritirata`, 303);
    }

    const { input, errors } = readRequestForm(form, loaded.position.amount_cents, tr);
    if (!input) return again(loaded, 422, { form, errors });
    try {
      await db.asUser(claims!, (tx) => requestPlan(tx, id, input));
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      // What the database saw may differ from the page (paid meanwhile): read it again.
      const now = await loadPosition(db, claims!, id);
      return again(now, e.status, { form, errors: {}, message: tr(e.it, e.en) });
    }
    return c.redirect(`/famiglie/pagamenti/${id}?rateizzazione=richiesta`, 303);
  },
});

export default Position;

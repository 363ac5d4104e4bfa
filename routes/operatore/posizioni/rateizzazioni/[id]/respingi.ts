import { PlanError } from "../../../../../lib/billing/instalment_plan_record.ts";
import { refuseRequest } from "../../../../../lib/billing/instalment_plan_requests.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import { hasAnyRole } from "../../../../../lib/http/guards.ts";
import { pageNo } from "../../../fatturazione/(_components)/bits.tsx";
import {
  loadRequests,
  readStatus,
  REFUSE_NAME,
  type RequestsData,
  requestsHref,
} from "../../(_components)/InstalmentRequests.tsx";
import InstalmentRequests from "../../rateizzazioni.tsx";

/**
 * "Respingi" of a request in the office's queue: refuses it with the reason typed, as the
 * signed-in user (`refuseRequest`: the database decides who may, the payer is e-mailed), and goes
 * back to the list (`?respinta=1`, keeping its filter and page). A refusal shows the list again
 * with the reason typed beside that request's field (422) or why it cannot be refused (403, 404,
 * 409: decided meanwhile).
 */
export const handler = define.handlers<RequestsData>({
  GET(c) {
    return c.redirect(requestsHref(null), 303);
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims, tr } = state;
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const note = field(REFUSE_NAME);
    const status = readStatus(field("stato"));
    const n = pageNo(field("pagina"));
    try {
      await db.asUser(claims!, (tx) => refuseRequest(tx, id, note));
      return c.redirect(requestsHref(status, n, { respinta: "1" }), 303);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      const billing = hasAnyRole(state, ["admin", "operator"]);
      const data = await db.asUser(claims!, (tx) => loadRequests(tx, status, n, billing));
      const refusal = { id, note, message: tr(e.it, e.en), field: e.code === "note" };
      return page({ ...data, refusal }, { status: e.status });
    }
  },
});

export default InstalmentRequests;

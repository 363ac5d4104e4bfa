import { z } from "zod";
import { defineApi } from "../../../../../lib/api/define_api.ts";
import {
  MAX_PLAN_INSTALMENTS,
  MIN_PLAN_INSTALMENTS,
  REQUEST_STATUSES,
} from "../../../../../lib/billing/instalment_plan.ts";
import { PlanError } from "../../../../../lib/billing/instalment_plan_record.ts";
import {
  getRequest,
  type PlanRequest,
  requestPlan,
  requestsOf,
} from "../../../../../lib/billing/instalment_plan_requests.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import type { Tx } from "../../../../../lib/db/types.ts";

const Params = z.object({ id: z.string().min(1).max(100).describe("The position's id (UUID)") });

const MyRequestSchema = z.object({
  id: z.uuid(),
  debt_position_id: z.uuid(),
  instalments: z.number().int(),
  message: z.string().nullable(),
  requested_at: z.string().describe("ISO 8601"),
  status: z.enum(REQUEST_STATUSES).describe(
    "pending: waiting for the office; granted: a plan replaced the position (plan_position_id); " +
      "refused: see decision_note; withdrawn: taken back by the family",
  ),
  decided_at: z.string().nullable(),
  decision_note: z.string().nullable().describe("Why the office refused, in its words"),
  plan_position_id: z.uuid().nullable(),
});

const MyRequestList = z.object({ items: z.array(MyRequestSchema) });

const RequestBody = z.object({
  instalments: z.number().int().min(MIN_PLAN_INSTALMENTS).max(MAX_PLAN_INSTALMENTS).describe(
    "How many monthly instalments the family asks for (each at least 1,00 €)",
  ),
  message: z.string().max(1000).nullable().optional().describe("A word to the office"),
});

const mine = (r: PlanRequest) => ({
  id: r.id,
  debt_position_id: r.debt_position_id,
  instalments: r.instalments,
  message: r.message,
  requested_at: r.requested_at,
  status: r.status,
  decided_at: r.decided_at,
  decision_note: r.decision_note,
  plan_position_id: r.plan_position_id,
});

const notFound = () => new HttpError(404, "No such position among yours", { code: "not_found" });

/** The caller pays the position (the family read policy of debt_positions says so). */
async function isMine(tx: Tx, id: string): Promise<boolean> {
  const [r] = await tx.query<{ mine: boolean }>("select app.position_is_mine($1) as mine", [id]);
  return r?.mine === true;
}

export const handler = defineApi({
  GET: {
    summary: "The requests of rateizzazione of one of the caller's positions",
    description:
      "Newest first, whatever their outcome. 404 for a position the caller does not pay.",
    tags: ["billing"],
    access: { roles: ["family", "admin", "operator", "teacher", "provider"] },
    params: Params,
    errors: [404],
    response: MyRequestList,
    async run({ params, claims, state }) {
      if (!isUuid(params.id)) throw notFound();
      const items = await state.db.asUser(claims, async (tx) => {
        if (!await isMine(tx, params.id)) throw notFound();
        return await requestsOf(tx, params.id);
      });
      return { items: items.map(mine) };
    },
  },
  POST: {
    summary: "Ask the Ente to pay one of the caller's positions in instalments",
    description: "A request of rateizzazione the billing office grants (a new position with the " +
      "instalments replaces this one) or refuses with a reason; the position stays payable as it " +
      "is meanwhile. 404 for a position the caller does not pay; 409 `pending` when a request " +
      "of the position is already waiting, `not_payable` when it is paid (even in part), " +
      "cancelled or handed to enforced collection; 422 `count` when the amount does not allow " +
      "that many instalments of at least 1,00 € each. Staff are not payers: the office does not " +
      "ask on a family's behalf (404, as for any position the caller does not pay).",
    tags: ["billing"],
    // Whoever signs in may ask for a position they pay; staff pay none of their Ente's (404).
    access: { roles: ["family", "admin", "operator", "teacher", "provider"] },
    params: Params,
    body: RequestBody,
    status: 201,
    errors: [404, 409, 422],
    response: MyRequestSchema,
    async run({ params, body, claims, state }) {
      if (!isUuid(params.id)) throw notFound();
      try {
        const made = await state.db.asUser(claims, async (tx) => {
          if (!await isMine(tx, params.id)) throw notFound();
          const id = await requestPlan(tx, params.id, {
            count: body.instalments,
            message: body.message?.trim() || null,
          });
          return await getRequest(tx, id);
        });
        return mine(made!);
      } catch (e) {
        if (e instanceof PlanError) throw new HttpError(e.status, e.en, { code: e.code });
        throw e;
      }
    },
  },
});

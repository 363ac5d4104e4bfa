/**
 * Requests of rateizzazione made by families online, the writes and the reads: a family asks
 * (`app.request_instalment_plan`) or withdraws its pending request; the billing office refuses one
 * with a reason the family reads and gets by e-mail (`app.refuse_instalment_plan_request`), or
 * grants it with a plan (`instalment_plan_record.ts`: the plan closes the request). The database
 * decides who may do what; refusals come back as `PlanError` with Italian and English words.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { sqlState } from "../tenancy/errors.ts";
import {
  refusalMail,
  type RequestInput,
  requestRefusalOf,
  type RequestStatus,
} from "./instalment_plan.ts";
import { queuePlanPush } from "./instalment_plan_notify.ts";
import { PlanError } from "./instalment_plan_record.ts";

async function refused<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const state = sqlState(e);
    if (state !== "22023" && state !== "42501" && state !== "P0002") throw e;
    const r = requestRefusalOf(e instanceof Error ? e.message : String(e));
    if (!r) throw e;
    throw new PlanError(r.status, r.code, r.it, r.en);
  }
}

/** The family asks to pay position `positionId` in `input.count` instalments; the request's id. */
export function requestPlan(tx: Tx, positionId: string, input: RequestInput): Promise<string> {
  return refused(async () => {
    const [r] = await tx.query<{ id: string }>(
      "select app.request_instalment_plan($1, $2, $3) as id",
      [positionId, input.count, input.message],
    );
    return r.id;
  });
}

/** The family takes back its pending request `id`. */
export function withdrawRequest(tx: Tx, id: string): Promise<void> {
  return refused(async () => {
    await tx.query("select app.withdraw_instalment_plan_request($1)", [id]);
  });
}

/** The billing office refuses pending request `id` with `note`; the payer is told by e-mail. */
export function refuseRequest(tx: Tx, id: string, note: string): Promise<void> {
  return refused(async () => {
    const [p] = await tx.query<{ ente: string; payer: string | null; what: string }>(
      `select t.name as ente, d.debtor ->> 'full_name' as payer, d.description as what
         from public.instalment_plan_requests r
         join public.debt_positions d on d.tenant_id = r.tenant_id and d.id = r.debt_position_id
         join public.tenants t on t.id = r.tenant_id
        where r.id = $1`,
      [id],
    );
    const mail = p ? refusalMail({ ...p, note }) : { subject: null, text: null };
    await tx.query("select app.refuse_instalment_plan_request($1, $2, $3, $4)", [
      id,
      note,
      mail.subject,
      mail.text,
    ]);
    await queuePlanPush(tx, "refused", id);
  });
}

/** A request as the office's list and the position pages show it. */
export interface PlanRequest {
  id: string;
  debt_position_id: string;
  iupd: string;
  description: string;
  amount_cents: number;
  position_status: "open" | "partially_paid" | "paid" | "cancelled";
  payer_id: string;
  payer_name: string;
  instalments: number;
  message: string | null;
  /** ISO 8601 instants. */
  requested_at: string;
  status: RequestStatus;
  decided_at: string | null;
  decision_note: string | null;
  plan_position_id: string | null;
  /** Office readers only (null for families). */
  decided_by_name: string | null;
}

const REQUEST_SELECT = `
  select r.id, r.debt_position_id, d.iupd, d.description, d.amount_cents::bigint as amount_cents,
         d.status as position_status, r.payer_id,
         btrim(coalesce(pe.surname, '') || ' ' || coalesce(pe.name, '')) as payer_name,
         r.instalments, r.message, to_json(r.requested_at) #>> '{}' as requested_at, r.status,
         to_json(r.decided_at) #>> '{}' as decided_at, r.decision_note, r.plan_position_id,
         case when (select app.is_staff()) or (select app.can_configure())
              then u.full_name end as decided_by_name
    from public.instalment_plan_requests r
    join public.debt_positions d on d.tenant_id = r.tenant_id and d.id = r.debt_position_id
    left join public.people pe on pe.tenant_id = r.tenant_id and pe.id = r.payer_id
    left join public.users u on u.id = r.decided_by`;

const money = (r: PlanRequest): PlanRequest => ({ ...r, amount_cents: Number(r.amount_cents) });

/**
 * The Ente's requests, pending first (oldest first: the order they wait in), then decided ones,
 * newest first; with `status`, only those. Under the caller's RLS.
 */
export async function listRequests(
  tx: Tx,
  filter: { status?: RequestStatus | null },
  limit: number,
  offset: number,
): Promise<{ items: PlanRequest[]; total: number }> {
  const where = `r.tenant_id = (select app.tenant_id()) and ($1::text is null or r.status = $1)`;
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.instalment_plan_requests r where ${where}`,
    [filter.status ?? null],
  );
  const items = limit > 0
    ? await tx.query<PlanRequest>(
      `${REQUEST_SELECT} where ${where}
        order by (r.status = 'pending') desc,
                 case when r.status = 'pending' then r.requested_at end asc,
                 r.requested_at desc, r.id
        limit $2 offset $3`,
      [filter.status ?? null, limit, offset],
    )
    : [];
  return { items: items.map(money), total: n };
}

/** The requests of position `positionId`, newest first (office or family, under RLS). */
export async function requestsOf(tx: Tx, positionId: string): Promise<PlanRequest[]> {
  const rows = await tx.query<PlanRequest>(
    `${REQUEST_SELECT}
      where r.tenant_id = (select app.tenant_id()) and r.debt_position_id = $1
      order by r.requested_at desc, r.id`,
    [positionId],
  );
  return rows.map(money);
}

/** One request, or null (office or family, under RLS). */
export async function getRequest(tx: Tx, id: string): Promise<PlanRequest | null> {
  const [r] = await tx.query<PlanRequest>(
    `${REQUEST_SELECT} where r.tenant_id = (select app.tenant_id()) and r.id = $1`,
    [id],
  );
  return r ? money(r) : null;
}

/**
 * The family's push about its rateizzazione: granted, refused (its online request), lapsed, lapse
 * revoked (restored). The
 * office's write queues a `push.plan` event in the same transaction (`planPushEvent`, room
 * `push:<plan position or request id>`); `lib/push/events.ts` resolves it at delivery through
 * `planPushNotice`: the family users of the payer (`app.payer_family_users`), and only while it
 * is still true (a plan paid off meanwhile needs no "residual due" push).
 *
 * @module
 */
import type { Db, Tx } from "../db/types.ts";
import { formatDate } from "../i18n/mod.ts";
import { pushEvent, type PushNotice } from "../push/events.ts";
import { emit } from "../realtime/emit.ts";
import { formatEuro } from "../tariffs/money.ts";

export const PLAN_PUSH_KINDS = ["granted", "refused", "lapsed", "restored"] as const;
export type PlanPushKind = typeof PLAN_PUSH_KINDS[number];

/** Queues the push of `kind` about `subjectId` (the plan's position; the request when refused). */
export async function queuePlanPush(tx: Tx, kind: PlanPushKind, subjectId: string) {
  const e = pushEvent("push.plan", subjectId, { kind });
  await emit(tx, e.room, e.event, e.data);
}

export interface PlanPushFacts {
  positionId: string;
  description: string;
  instalments: number;
  firstDue: string;
  lastDue: string;
  /** What the unpaid instalments owe. */
  residualCents: number;
}

const itDay = (iso: string) => formatDate("it", iso, "short");

/** The words of each push, and the family's page of the position it opens. */
export function planPushText(
  kind: PlanPushKind,
  f: PlanPushFacts,
): { title: string; body: string; url: string } {
  const what = `"${f.description.trim()}"`;
  const url = `/famiglie/pagamenti/${f.positionId}`;
  if (kind === "granted") {
    return {
      title: "Rateizzazione concessa",
      body: `Puoi pagare ${what} in ${f.instalments} rate, dal ${itDay(f.firstDue)} al ${
        itDay(f.lastDue)
      }.`,
      url,
    };
  }
  if (kind === "refused") {
    return {
      title: "Rateizzazione non concessa",
      body: `La richiesta di pagare ${what} a rate non è stata accolta: leggi il motivo. ` +
        `L'avviso resta valido.`,
      url,
    };
  }
  if (kind === "restored") {
    return {
      title: "Decadenza revocata",
      body: `La rateizzazione di ${what} è di nuovo valida: le rate restano dovute alle loro ` +
        `scadenze, per un residuo di ${formatEuro(f.residualCents, "it")}.`,
      url,
    };
  }
  return {
    title: "Rateizzazione decaduta",
    body: `La rateizzazione di ${what} è decaduta: l'intero residuo di ${
      formatEuro(f.residualCents, "it")
    } è dovuto subito.`,
    url,
  };
}

/**
 * The push of `kind` about `subjectId`, or null when it is no longer true: the plan's position
 * settled or cancelled (granted, lapsed, restored), the plan not lapsed (or lapsed again), the
 * request not refused.
 */
export async function planPushNotice(
  db: Db,
  kind: PlanPushKind,
  subjectId: string,
): Promise<PushNotice | null> {
  const [row] = await db.asService((tx) =>
    tx.query<{
      tenant_id: string;
      position_id: string;
      description: string;
      instalments: number | null;
      first_due_on: string | null;
      last_due_on: string | null;
      residual_cents: number;
      users: string[];
    }>(
      `select d.tenant_id, d.id as position_id, d.description, ip.instalments,
              ip.first_due_on::text, ip.last_due_on::text,
              (select coalesce(sum(n.amount_cents), 0) from public.payment_notices n
                where n.tenant_id = d.tenant_id and n.debt_position_id = d.id
                  and n.instalment > 0 and n.status = 'unpaid')::bigint as residual_cents,
              app.payer_family_users(d.tenant_id, d.payer_id) as users
         from public.debt_positions d
         left join public.instalment_plans ip
           on ip.tenant_id = d.tenant_id and ip.position_id = d.id
        where case $1::text
                when 'refused' then d.id = (select r.debt_position_id
                                              from public.instalment_plan_requests r
                                             where r.id = $2 and r.status = 'refused')
                when 'lapsed' then d.id = $2 and ip.lapsed_at is not null
                  and d.status in ('open', 'partially_paid')
                when 'restored' then d.id = $2 and ip.lapsed_at is null
                  and ip.lapse_revoked_at is not null and d.status in ('open', 'partially_paid')
                else d.id = $2 and ip.position_id is not null
                  and d.status in ('open', 'partially_paid')
              end`,
      [kind, subjectId],
    )
  );
  if (!row) return null;
  const text = planPushText(kind, {
    positionId: row.position_id,
    description: row.description,
    instalments: row.instalments ?? 0,
    firstDue: row.first_due_on ?? "",
    lastDue: row.last_due_on ?? "",
    residualCents: Number(row.residual_cents),
  });
  return { tenantId: row.tenant_id, userIds: row.users, ...text, tag: `plan-${kind}-${subjectId}` };
}

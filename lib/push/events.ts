/**
 * Web push for things that happen inside a transaction (an absence recorded, an outcome
 * communicated): the writer queues a `push.*` event in the realtime outbox with the rest of its
 * work (`pushEvent` + `emit`/`emitMany`), so it exists only if the transaction commits; the
 * dispatcher (lib/realtime/dispatcher.ts) claims each row exactly once, after commit, and
 * `withPush` hands push events to `deliverPushEvent` instead of a socket room. A failing push
 * service never reaches the request that caused the notification.
 *
 * Room `push:<subject id>` (the enrollment, the application): no socket can join it
 * (lib/realtime/rooms.ts knows no such room), the recipients are resolved at delivery.
 *
 * @module
 */
import type { Db } from "../db/types.ts";
import type { OutboxEvent, Sink } from "../realtime/dispatcher.ts";
import { notify, type PushReport } from "./send.ts";

export type PushEventName =
  | "push.absence"
  | "push.outcome"
  | "push.payment"
  | "push.reminder"
  | "push.plan";

/** The outbox event that asks for a push about `subjectId`. */
export function pushEvent(event: PushEventName, subjectId: string, data: Record<string, unknown>) {
  return { room: `push:${subjectId}`, event, data: { ...data, subject: subjectId } };
}

/**
 * An absence is announced to the family when the school records it for today (teacher's roll
 * call, a scan, the office, an e-register): that is when a parent needs to know the child did not
 * arrive. Corrections of past days and file imports are not news; the family's own
 * cancellations are theirs.
 */
export function absenceToAnnounce(
  status: string,
  day: string,
  today: string,
  source: string,
): boolean {
  return status === "absent" && day === today &&
    ["teacher", "scan", "operator", "api"].includes(source);
}

export function isPushEvent(e: Pick<OutboxEvent, "room">): boolean {
  return e.room.startsWith("push:");
}

/** Wraps the dispatcher's socket sink: push events go to the devices, the rest to the rooms. */
export function withPush(db: Db, sink: Sink): Sink {
  return (e) => {
    if (!isPushEvent(e)) return sink(e);
    deliverPushEvent(db, e).catch((err) => console.error("push: delivery failed", err));
  };
}

/** What one push says, to whom (the family users of the Ente), and the page it opens. */
export interface PushNotice {
  tenantId: string;
  userIds: string[];
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** Sends the push an outbox event asks for; null when there is nothing (any more) to say. */
export async function deliverPushEvent(db: Db, e: OutboxEvent): Promise<PushReport | null> {
  const data = (e.data ?? {}) as { subject?: string; day?: string; kind?: string };
  if (!data.subject) return null;
  const notice = e.event === "push.absence"
    ? await absenceNotice(db, data.subject, data.day ?? "")
    : e.event === "push.outcome"
    ? await outcomeNotice(db, data.subject)
    : e.event === "push.payment"
    ? await (await import("../pagopa/receipts_notify.ts")).paymentPushNotice(db, data.subject)
    : e.event === "push.reminder"
    ? await (await import("../billing/reminders_notify.ts")).reminderPushNotice(db, data.subject)
    : e.event === "push.plan"
    ? await planNotice(db, data.kind, data.subject)
    : null;
  if (!notice || notice.userIds.length === 0) return null;
  return await notify(db, notice);
}

/** A rateizzazione's push (granted, refused, lapsed), when the event names a known kind. */
async function planNotice(db: Db, kind: string | undefined, subject: string) {
  const m = await import("../billing/instalment_plan_notify.ts");
  const k = m.PLAN_PUSH_KINDS.find((x) => x === kind);
  return k ? await m.planPushNotice(db, k, subject) : null;
}

const fmt = (d: string) => d.split("-").reverse().join("/");

/** The family of the child, if the day's mark is still an absence (not corrected meanwhile). */
async function absenceNotice(
  db: Db,
  enrollmentId: string,
  day: string,
): Promise<PushNotice | null> {
  const [row] = await db.asService((tx) =>
    tx.query<{ tenant_id: string; name: string; service: string; users: string[] }>(
      `select e.tenant_id, p.name, s.title as service,
              array(select distinct x.user_id from (
                      select pp.user_id from public.household_members hm
                        join public.people pp on pp.tenant_id = hm.tenant_id
                         and pp.id = hm.person_id
                       where hm.tenant_id = e.tenant_id and hm.household_id = e.household_id
                         and hm.role in ('parent', 'legal_guardian') and pp.merged_into is null
                      union all
                      select pay.user_id from public.people pay
                       where pay.tenant_id = e.tenant_id and pay.id = e.payer_id) x
                     join public.memberships m on m.tenant_id = e.tenant_id
                      and m.user_id = x.user_id and m.role = 'family'
                    where x.user_id is not null) as users
         from public.enrollments e
         join public.attendance_marks a on a.tenant_id = e.tenant_id
          and a.enrollment_id = e.id and a.day = $2::date
         join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
         join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
        where e.id = $1 and a.status = 'absent' and a.voided_at is null`,
      [enrollmentId, day],
    )
  );
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    userIds: row.users,
    title: `Assenza di ${row.name}`,
    body: `${row.name} risulta assente oggi, ${fmt(day)} (${row.service}).`,
    url: `/famiglie/presenze/${enrollmentId}`,
    tag: `absence-${enrollmentId}-${day}`,
  };
}

/** The parents of the applicant household, once outcomes of the application were communicated. */
async function outcomeNotice(db: Db, applicationId: string): Promise<PushNotice | null> {
  const [row] = await db.asService((tx) =>
    tx.query<{ tenant_id: string; protocol_number: string | null; users: string[] }>(
      `select a.tenant_id, a.protocol_number,
              array(select distinct pp.user_id from public.household_members hm
                      join public.people pp on pp.tenant_id = hm.tenant_id and pp.id = hm.person_id
                      join public.memberships m on m.tenant_id = hm.tenant_id
                       and m.user_id = pp.user_id and m.role = 'family'
                     where hm.tenant_id = a.tenant_id and hm.household_id = a.household_id
                       and hm.role in ('parent', 'legal_guardian') and pp.merged_into is null
                       and pp.user_id is not null) as users
         from public.applications a
        where a.id = $1
          and exists (select 1 from public.application_items i
                       where i.tenant_id = a.tenant_id and i.application_id = a.id
                         and i.communicated_at is not null)`,
      [applicationId],
    )
  );
  if (!row) return null;
  const which = row.protocol_number ? ` n. ${row.protocol_number}` : "";
  return {
    tenantId: row.tenant_id,
    userIds: row.users,
    title: "Esito della domanda",
    body: `È disponibile l'esito della domanda${which}: aprila per leggerlo.`,
    url: `/famiglie/domande/${applicationId}`,
    tag: `outcome-${applicationId}`,
  };
}

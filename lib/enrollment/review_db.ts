/**
 * The review (istruttoria) in the database: set outcomes item by item or in bulk, communicate
 * them (time, channel, the family's message and e-mail). Runs in the caller's transaction under
 * RLS: only staff who may configure reach these writes. The rules are in `review.ts`.
 *
 * @module
 */
import { z } from "zod";
import type { Tx } from "../db/types.ts";
import { pushEvent } from "../push/events.ts";
import { emit } from "../realtime/emit.ts";
import { EnrollmentError, type Problem } from "./errors.ts";
import {
  type CommunicableItem,
  COMMUNICATION_CHANNELS,
  type CommunicationChannel,
  type Decision,
  itemsToCommunicate,
  MAX_NOTES,
  MAX_REASON,
  outcomeMessage,
  pendingOnly,
  planReview,
  REVIEW_OUTCOMES,
  type ReviewChange,
} from "./review.ts";
import type { Outcome } from "./schemas.ts";

interface AppRow {
  id: string;
  status: "draft" | "submitted" | "withdrawn";
  protocol_number: string | null;
}

interface ItemRow extends CommunicableItem {
  application_id: string;
  review_notes: string | null;
}

const notFound = () =>
  new EnrollmentError("not_found", "Domanda non trovata.", "Application not found.");

async function lockApplication(tx: Tx, id: string): Promise<AppRow> {
  const [a] = await tx.query<AppRow>(
    `select id, status, protocol_number from public.applications
      where tenant_id = app.tenant_id() and id = $1 for update`,
    [id],
  );
  if (!a) throw notFound();
  return a;
}

async function itemsOf(tx: Tx, applicationIds: string[]): Promise<ItemRow[]> {
  return await tx.query<ItemRow>(
    `select i.id, i.application_id, i.outcome, i.outcome_reason, n.notes as review_notes,
            i.communicated_at::text as communicated_at,
            btrim(coalesce(i.child ->> 'name', '') || ' ' || coalesce(i.child ->> 'surname', ''))
              as child_name,
            s.title as service_title
       from public.application_items i
       join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
       left join public.application_review_notes n on n.tenant_id = i.tenant_id and n.item_id = i.id
      where i.tenant_id = app.tenant_id() and i.application_id = any ($1::uuid[])
      order by i.created_at, i.child ->> 'surname', i.child ->> 'name', i.id
      for update of i`,
    [applicationIds],
  );
}

async function writeOutcome(
  tx: Tx,
  itemId: string,
  c: { outcome: Outcome; outcome_reason: string | null; review_notes: string | null },
  resetCommunication: boolean,
  userId: string | null,
) {
  await tx.query(
    `update public.application_items
        set outcome = $2, outcome_reason = $3, reviewed_by = $4,
            reviewed_at = clock_timestamp(), updated_at = clock_timestamp(),
            communicated_at = case when $5 then null else communicated_at end,
            communicated_via = case when $5 then null else communicated_via end
      where tenant_id = app.tenant_id() and id = $1`,
    [itemId, c.outcome, c.outcome_reason, userId, resetCommunication],
  );
  // Internal notes live apart (staff-only table): families read their items, never the notes.
  if (c.review_notes) {
    await tx.query(
      `insert into public.application_review_notes (tenant_id, item_id, notes, updated_by)
       values (app.tenant_id(), $1, $2, $3)
       on conflict (tenant_id, item_id) do update
         set notes = excluded.notes, updated_by = excluded.updated_by, updated_at = now()
         where application_review_notes.notes is distinct from excluded.notes`,
      [itemId, c.review_notes, userId],
    );
  } else {
    await tx.query(
      "delete from public.application_review_notes where tenant_id = app.tenant_id() and item_id = $1",
      [itemId],
    );
  }
}

export interface ItemDecision extends Decision {
  item_id: string;
}

/**
 * Applies the decisions on the items of one application, all or none: any refused decision throws
 * `EnrollmentError("invalid")` listing each one (path `items.<item_id>.<field>`).
 * Returns how many items changed.
 */
export async function reviewItems(
  tx: Tx,
  applicationId: string,
  decisions: ItemDecision[],
  userId: string | null,
): Promise<number> {
  const app = await lockApplication(tx, applicationId);
  const items = new Map((await itemsOf(tx, [app.id])).map((i) => [i.id, i]));
  const problems: Problem[] = [];
  const plans: { id: string; change: ReviewChange }[] = [];
  for (const d of decisions) {
    const item = items.get(d.item_id);
    if (!item) {
      problems.push({
        path: `items.${d.item_id}`,
        it: "Questa richiesta non fa parte della domanda.",
        en: "This request is not part of the application.",
      });
      continue;
    }
    const plan = planReview(item, app.status, d);
    if (!plan.ok) {
      const who = `${item.child_name} – ${item.service_title}`;
      problems.push({
        path: `items.${d.item_id}.${plan.refusal.field}`,
        it: `${who}: ${plan.refusal.it}`,
        en: `${who}: ${plan.refusal.en}`,
      });
    } else plans.push({ id: d.item_id, change: plan.change });
  }
  if (problems.length) {
    throw new EnrollmentError(
      "invalid",
      "L'esito non è stato registrato: correggi gli errori.",
      "The outcome was not recorded: correct the errors.",
      problems,
    );
  }
  let changed = 0;
  for (const p of plans) {
    if (p.change.unchanged) continue;
    await writeOutcome(tx, p.id, p.change, p.change.resetCommunication, userId);
    changed++;
  }
  return changed;
}

export interface Communicated {
  items: number;
  mailId: string | null;
}

/**
 * Tells the family the outcomes decided and not yet communicated: records the time (the server's)
 * and the channel on each item, writes the message in the application's thread and, for e-mail,
 * queues it to the applicant's address. Throws when there is nothing to communicate.
 */
export async function communicateOutcomes(
  tx: Tx,
  applicationId: string,
  channel: CommunicationChannel,
  userId: string | null,
): Promise<Communicated> {
  const app = await lockApplication(tx, applicationId);
  if (app.status !== "submitted") {
    throw new EnrollmentError(
      "not_submitted",
      "Si possono comunicare solo gli esiti di una domanda inviata.",
      "Only the outcomes of a submitted application can be communicated.",
    );
  }
  const todo = itemsToCommunicate(await itemsOf(tx, [app.id]));
  if (todo.length === 0) {
    throw new EnrollmentError(
      "invalid",
      "Non ci sono esiti da comunicare: registra prima l'esito delle richieste.",
      "There are no outcomes to communicate: record the outcomes first.",
      [{
        path: "channel",
        it: "Non ci sono esiti da comunicare.",
        en: "There are no outcomes to communicate.",
      }],
    );
  }
  await tx.query(
    `update public.application_items
        set communicated_at = clock_timestamp(), communicated_via = $2,
            updated_at = clock_timestamp()
      where tenant_id = app.tenant_id() and id = any ($1::uuid[])`,
    [todo.map((i) => i.id), channel],
  );
  const msg = outcomeMessage(app.protocol_number, todo);
  await tx.query(
    `insert into public.application_messages (tenant_id, application_id, direction, subject, body,
       channel, author_id)
     values (app.tenant_id(), $1, 'to_family', $2, $3, $4, $5)`,
    [app.id, msg.subject, msg.body, channel, userId],
  );
  // The family's devices hear of it after commit (lib/push/events.ts).
  const push = pushEvent("push.outcome", app.id, {});
  await emit(tx, push.room, push.event, push.data);
  let mailId: string | null = null;
  if (channel === "email") {
    const [r] = await tx.query<{ id: string | null }>(
      "select app.queue_application_mail($1, $2, $3) as id",
      [app.id, msg.subject, msg.body],
    );
    mailId = r.id;
    if (!mailId) {
      throw new EnrollmentError(
        "invalid",
        "La domanda non indica l'e-mail del richiedente: scegli un altro canale.",
        "The application has no e-mail address for the applicant: choose another channel.",
        [{ path: "channel", it: "Manca l'e-mail del richiedente.", en: "No applicant e-mail." }],
      );
    }
  }
  return { items: todo.length, mailId };
}

export interface BulkResult {
  applications: number;
  items: number;
  skipped: number;
  /** Protocol numbers (or ids) of applications that could not be processed, with the reason. */
  refused: { application: string; it: string; en: string }[];
}

/**
 * Sets `decision` on the pending items of each chosen application (submitted ones only); items
 * already reviewed are skipped. The decision is checked once (a rejection needs its reason).
 */
export async function bulkSetOutcome(
  tx: Tx,
  applicationIds: string[],
  decision: Decision,
  userId: string | null,
): Promise<BulkResult> {
  const probe = planReview(
    { outcome: "pending", outcome_reason: null, review_notes: null, communicated_at: null },
    "submitted",
    { ...decision, notes: undefined },
  );
  if (!probe.ok) {
    throw new EnrollmentError("invalid", probe.refusal.it, probe.refusal.en, [{
      path: probe.refusal.field,
      it: probe.refusal.it,
      en: probe.refusal.en,
    }]);
  }
  const result: BulkResult = { applications: 0, items: 0, skipped: 0, refused: [] };
  for (const id of [...new Set(applicationIds)]) {
    const [a] = await tx.query<AppRow>(
      `select id, status, protocol_number from public.applications
        where tenant_id = app.tenant_id() and id = $1 for update`,
      [id],
    );
    if (!a) continue;
    if (a.status !== "submitted") {
      result.refused.push({
        application: a.protocol_number ?? a.id,
        it: "non è una domanda inviata",
        en: "not a submitted application",
      });
      continue;
    }
    const { change, skipped } = pendingOnly(await itemsOf(tx, [a.id]));
    result.skipped += skipped;
    for (const item of change) {
      await writeOutcome(
        tx,
        item.id,
        {
          outcome: decision.outcome,
          outcome_reason: probe.change.outcome_reason,
          review_notes: item.review_notes,
        },
        true,
        userId,
      );
    }
    if (change.length) result.applications++;
    result.items += change.length;
  }
  return result;
}

/** Communicates the outcomes of each chosen application that has some to tell. */
export async function bulkCommunicate(
  tx: Tx,
  applicationIds: string[],
  channel: CommunicationChannel,
  userId: string | null,
): Promise<BulkResult> {
  const result: BulkResult = { applications: 0, items: 0, skipped: 0, refused: [] };
  for (const id of [...new Set(applicationIds)]) {
    try {
      const r = await tx.savepoint((sp) => communicateOutcomes(sp, id, channel, userId));
      result.applications++;
      result.items += r.items;
    } catch (e) {
      if (!(e instanceof EnrollmentError)) throw e;
      if (e.code === "not_found") continue;
      const [a] = await tx.query<{ p: string | null }>(
        "select protocol_number as p from public.applications where id = $1",
        [id],
      );
      result.refused.push({ application: a?.p ?? id, it: e.it, en: e.en });
    }
  }
  return result;
}

/** Body of `POST /api/v1/applications/{id}/review`. */
export const ReviewBody = z.strictObject({
  items: z.array(z.strictObject({
    item_id: z.uuid(),
    outcome: z.enum(REVIEW_OUTCOMES),
    reason: z.string().max(MAX_REASON).nullable().optional().describe(
      "Told to the family: required for `rejected` (why) and `needs_integration` (what is missing)",
    ),
    notes: z.string().max(MAX_NOTES).nullable().optional().describe(
      "Internal notes of the office, never shown to the family",
    ),
  })).max(20).default([]),
  communicate_via: z.enum(COMMUNICATION_CHANNELS).optional().describe(
    "Then communicate the outcomes not yet communicated through this channel",
  ),
});

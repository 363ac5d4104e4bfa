/**
 * The message thread of an application: the office writes to the family (on the portal, and by
 * e-mail to the applicant when asked), the family answers on the portal, the system notes the
 * submission and the outcomes. Under RLS: a family reaches only its household's applications.
 *
 * @module
 */
import { z } from "zod";
import type { Tx } from "../db/types.ts";
import { EnrollmentError } from "./errors.ts";
import { COMMUNICATION_CHANNELS, type CommunicationChannel } from "./review.ts";

export const MessageSchema = z.object({
  id: z.uuid(),
  application_id: z.uuid(),
  direction: z.enum(["to_family", "from_family", "system"]),
  subject: z.string(),
  body: z.string(),
  channel: z.enum(COMMUNICATION_CHANNELS),
  author_name: z.string().nullable(),
  created_at: z.string(),
  read_at: z.string().nullable(),
});
export type Message = z.infer<typeof MessageSchema>;

export const MessageInput = z.strictObject({
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10000),
  /** Staff only: also send it by e-mail to the applicant (default: portal only). */
  email: z.boolean().default(false),
});
export type MessageInput = z.output<typeof MessageInput>;

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();

/** The thread, oldest first; empty when the application is not visible. */
export async function listMessages(tx: Tx, applicationId: string): Promise<Message[]> {
  const rows = await tx.query<Message>(
    `select m.id, m.application_id, m.direction, m.subject, m.body, m.channel,
            u.full_name as author_name, m.created_at, m.read_at
       from public.application_messages m
       left join public.users u on u.id = m.author_id
      where m.tenant_id = app.tenant_id() and m.application_id = $1
      order by m.created_at, m.id`,
    [applicationId],
  );
  return rows.map((m) => ({ ...m, created_at: iso(m.created_at)!, read_at: iso(m.read_at) }));
}

/** Field-by-field refusal of a message, in both languages. */
export function messageProblems(input: { subject: string; body: string }) {
  const problems = [];
  if (!input.subject.trim()) {
    problems.push({ path: "subject", it: "Scrivi l'oggetto.", en: "Write the subject." });
  } else if (input.subject.trim().length > 200) {
    problems.push({
      path: "subject",
      it: "L'oggetto può essere lungo al massimo 200 caratteri.",
      en: "The subject can be at most 200 characters.",
    });
  }
  if (!input.body.trim()) {
    problems.push({ path: "body", it: "Scrivi il messaggio.", en: "Write the message." });
  } else if (input.body.trim().length > 10000) {
    problems.push({
      path: "body",
      it: "Il messaggio può essere lungo al massimo 10.000 caratteri.",
      en: "The message can be at most 10,000 characters.",
    });
  }
  return problems;
}

/**
 * Writes a message: staff write to the family (channel e-mail when `email`, which queues it to the
 * applicant), a family member writes to the office. Returns the new message's id.
 */
export async function postMessage(
  tx: Tx,
  applicationId: string,
  input: MessageInput,
  userId: string,
): Promise<string> {
  const problems = messageProblems(input);
  if (problems.length) {
    throw new EnrollmentError(
      "invalid",
      "Il messaggio non è stato inviato: correggi gli errori.",
      "The message was not sent: correct the errors.",
      problems,
    );
  }
  const [me] = await tx.query<{ staff: boolean; visible: boolean }>(
    `select app.can_configure() as staff,
            exists (select 1 from public.applications a
                     where a.tenant_id = app.tenant_id() and a.id = $1) as visible`,
    [applicationId],
  );
  if (!me.visible) {
    throw new EnrollmentError("not_found", "Domanda non trovata.", "Application not found.");
  }
  const channel: CommunicationChannel = me.staff && input.email ? "email" : "portal";
  const [{ id }] = await tx.query<{ id: string }>(
    `insert into public.application_messages (tenant_id, application_id, direction, subject, body,
       channel, author_id)
     values (app.tenant_id(), $1, $2, $3, $4, $5, $6) returning id`,
    [
      applicationId,
      me.staff ? "to_family" : "from_family",
      input.subject.trim(),
      input.body.trim(),
      channel,
      userId,
    ],
  );
  if (channel === "email") {
    const [r] = await tx.query<{ id: string | null }>(
      "select app.queue_application_mail($1, $2, $3) as id",
      [applicationId, input.subject.trim(), input.body.trim()],
    );
    if (!r.id) {
      throw new EnrollmentError(
        "invalid",
        "La domanda non indica l'e-mail del richiedente: il messaggio resta solo sul portale.",
        "The application has no applicant e-mail: send the message on the portal only.",
        [{ path: "email", it: "Manca l'e-mail del richiedente.", en: "No applicant e-mail." }],
      );
    }
  }
  return id;
}

/**
 * Communications to families: who they would reach (preview), sending them (recipients, e-mail to
 * every parent with an address, a `notice.sent` live hint to each child's room), the history with
 * read counts, and the families' own list with receipts. The database decides who may send and
 * refuses when the service has communications disabled (`app.send_communication`).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { emit, rooms } from "../realtime/emit.ts";

export interface Audience {
  service_id: string;
  site_id: string | null;
  class_id: string | null;
}

export interface AudiencePreview {
  /** Children enrolled in the audience today. */
  children: number;
  /** Adults reached: both parents or guardians and the payer of each child. */
  recipients: number;
  with_email: number;
  with_account: number;
}

export interface Communication {
  id: string;
  service_id: string;
  service_title: string;
  site_id: string | null;
  site_name: string | null;
  class_id: string | null;
  class_name: string | null;
  sender_kind: "office" | "provider";
  author_name: string;
  subject: string;
  body: string;
  sent_at: string;
  recipient_count: number;
  read_count: number;
  /** For a family member: when they read it (null: not yet). Absent for senders. */
  read_at?: string | null;
}

/** How many people a communication to `a` would reach; 42501 when the caller may not send. */
export async function previewAudience(tx: Tx, a: Audience): Promise<AudiencePreview> {
  const [row] = await tx.query<AudiencePreview>(
    "select * from app.communication_preview($1, $2, $3)",
    [a.service_id, a.site_id, a.class_id],
  );
  return row;
}

/** Sends a communication; returns it. Database refusals (`notices_disabled`…) propagate. */
export async function sendCommunication(
  tx: Tx,
  a: Audience,
  text: { subject: string; body: string },
): Promise<Communication> {
  const [{ id }] = await tx.query<{ id: string }>(
    "select app.send_communication($1, $2, $3, $4, $5) as id",
    [a.service_id, a.site_id, a.class_id, text.subject, text.body],
  );
  const children = await tx.query<{ enrollment_id: string }>(
    `select distinct e.id as enrollment_id from public.enrollments e
      where e.tenant_id = app.tenant_id() and e.service_id = $1
        and ($2::uuid is null or e.site_id = $2) and ($3::uuid is null or e.class_id = $3)
        and coalesce(e.withdrawn_on, e.ends_on) >= (now() at time zone 'Europe/Rome')::date`,
    [a.service_id, a.site_id, a.class_id],
  );
  const [c] = await listCommunications(tx, { id, limit: 1, offset: 0 });
  const data = { communication_id: id, subject: c.subject, sent_at: c.sent_at };
  // Providers read no enrollments: their notices reach the families by mail and on reload.
  for (const ch of children) await emit(tx, rooms.child(ch.enrollment_id), "notice.sent", data);
  return c;
}

const SELECT = `select m.id, m.service_id, s.title as service_title, m.site_id, pl.site_name,
         m.class_id, pl.class_name, m.sender_kind, m.author_name, m.subject, m.body,
         m.sent_at, m.recipient_count, m.read_count,
         (select r.read_at from public.communication_recipients r
           where r.tenant_id = m.tenant_id and r.communication_id = m.id
             and r.user_id = app.user_id() limit 1) as read_at,
         exists (select 1 from public.communication_recipients r
                  where r.tenant_id = m.tenant_id and r.communication_id = m.id
                    and r.user_id = app.user_id()) as is_recipient
    from public.communications m
    left join public.services s on s.tenant_id = m.tenant_id and s.id = m.service_id
    -- Providers and families read no sites or classes: the names come from the database.
    left join lateral app.communication_place(m.id) pl on true`;

/** The communications the caller may read (sent by their office or company, or received). */
export async function listCommunications(
  tx: Tx,
  q: { id?: string | null; service_id?: string | null; limit: number; offset: number },
): Promise<Communication[]> {
  const rows = await tx.query<Record<string, unknown>>(
    `${SELECT}
      where m.tenant_id = app.tenant_id() and ($1::uuid is null or m.id = $1)
        and ($2::uuid is null or m.service_id = $2)
      order by m.sent_at desc, m.id desc limit $3 offset $4`,
    [q.id ?? null, q.service_id ?? null, q.limit, q.offset],
  );
  return rows.map((r) => ({
    id: r.id as string,
    service_id: r.service_id as string,
    // Families read only published services; a notice still names its service.
    service_title: (r.service_title as string | null) ?? "",
    site_id: r.site_id as string | null,
    site_name: r.site_name as string | null,
    class_id: r.class_id as string | null,
    class_name: r.class_name as string | null,
    sender_kind: r.sender_kind as "office" | "provider",
    author_name: r.author_name as string,
    subject: r.subject as string,
    body: r.body as string,
    sent_at: new Date(r.sent_at as string).toISOString(),
    recipient_count: r.recipient_count as number,
    read_count: r.read_count as number,
    ...(r.is_recipient
      ? { read_at: r.read_at ? new Date(r.read_at as string).toISOString() : null }
      : {}),
  }));
}

/** The caller opened communication `id`: stamps their receipt once. */
export async function markCommunicationRead(tx: Tx, id: string): Promise<boolean> {
  const [{ fresh }] = await tx.query<{ fresh: boolean }>(
    "select app.communication_mark_read($1) as fresh",
    [id],
  );
  return fresh;
}

/** Services the caller may write to the families of: all (office) or the provider's own. */
export async function sendableServices(
  tx: Tx,
): Promise<{ id: string; title: string; notices_enabled: boolean }[]> {
  return await tx.query(
    `select id, title, notices_enabled from public.services
      where tenant_id = app.tenant_id()
        and (app.has_any_role(array['admin', 'operator', 'api_write'])
             or id = any (app.notice_provider_service_ids()))
      order by title`,
  );
}

/** One place a provider may narrow a communication to (children enrolled there today). */
export interface ProviderTarget {
  service_id: string;
  site_id: string;
  site_name: string;
  class_id: string | null;
  class_name: string | null;
}

/**
 * The sites and classes where the caller, as a provider, may write to the families: only those
 * with children enrolled today in one of its services (providers read no sites or classes, so the
 * database offers them by name). Empty for anyone else or a provider without an organization.
 */
export async function providerTargets(tx: Tx): Promise<ProviderTarget[]> {
  return await tx.query<ProviderTarget>(
    `select service_id, site_id, site_name, class_id, class_name
       from app.notice_provider_targets() order by site_name, class_name nulls first`,
  );
}

/** Is (service, site, class) among `targets`? Site and class null: the whole service. */
export function isProviderTarget(
  targets: ProviderTarget[],
  a: Audience,
): boolean {
  if (!a.site_id && !a.class_id) return true;
  return targets.some((t) =>
    t.service_id === a.service_id && (!a.site_id || t.site_id === a.site_id) &&
    (!a.class_id || t.class_id === a.class_id)
  );
}

import type { Tx } from "../db/types.ts";
import { isUuid } from "../codes/uuid.ts";

/** One row of the Ente's audit log, with the actor's name resolved where the caller may see it. */
export interface AuditEntry {
  id: number;
  at: Date;
  actor_kind: "user" | "api_key" | "system";
  actor_id: string | null;
  /** A person's full name or an API key's name; null for the system or an actor not visible. */
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

export interface AuditFilters {
  entity?: string;
  action?: string;
  /** Exactly this person or API key. */
  actorId?: string;
  /** Part of a person's name or e-mail, or of an API key's name (case-insensitive). */
  actor?: string;
  /** Calendar days in Europe/Rome, both included: 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `%`, `_` and `\` match themselves in an ILIKE pattern built from user input. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The caller's Ente's audit log, newest first, one page at a time. Keyset pagination on (at, id):
 * the cursor is the last row's id, so a page costs the same however deep it is. Platform events
 * (no Ente) never appear. RLS decides who reads it (admins, and API keys with the read scope).
 * `await listAuditEntries(tx, { entity: "api_keys", from: "2026-11-01" }, { limit: 50 })`
 */
export async function listAuditEntries(
  tx: Tx,
  filters: AuditFilters,
  page: { limit: number; cursor?: string | null },
): Promise<AuditPage> {
  const where = ["a.tenant_id = app.tenant_id()"];
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filters.entity) where.push(`a.entity = ${param(filters.entity)}`);
  if (filters.action) where.push(`a.action = ${param(filters.action)}`);
  if (filters.actorId) {
    where.push(
      isUuid(filters.actorId) ? `a.actor_id = ${param(filters.actorId)}::uuid` : "false",
    );
  }
  if (filters.actor) {
    const p = param(likePattern(filters.actor));
    where.push(`(a.actor_id in (select u.id from public.users u
                                 where u.full_name ilike ${p} or u.email ilike ${p})
                 or a.actor_id in (select k.id from public.api_keys k where k.name ilike ${p}))`);
  }
  if (filters.from && DATE.test(filters.from)) {
    where.push(`a.at >= (${param(filters.from)}::date)::timestamp at time zone 'Europe/Rome'`);
  }
  if (filters.to && DATE.test(filters.to)) {
    where.push(`a.at < (${param(filters.to)}::date + 1)::timestamp at time zone 'Europe/Rome'`);
  }
  if (page.cursor && /^\d{1,18}$/.test(page.cursor)) {
    where.push(`(a.at, a.id) < (select c.at, c.id from public.audit_log c
                                 where c.id = ${param(page.cursor)}::bigint)`);
  }
  const limit = param(page.limit + 1);
  const rows = await tx.query<AuditEntry>(
    `select a.id, a.at, a.actor_kind, a.actor_id,
            case a.actor_kind when 'user' then u.full_name when 'api_key' then k.name end
              as actor_name,
            a.action, a.entity, a.entity_id, a.before, a.after, a.details
       from public.audit_log a
       left join public.users u on a.actor_kind = 'user' and u.id = a.actor_id
       left join public.api_keys k on a.actor_kind = 'api_key' and k.id = a.actor_id
      where ${where.join(" and ")}
      order by a.at desc, a.id desc
      limit ${limit}`,
    params,
  );
  const more = rows.length > page.limit;
  const entries = more ? rows.slice(0, page.limit) : rows;
  return { entries, nextCursor: more ? String(entries.at(-1)!.id) : null };
}

/** One field that differs between the row before and after the change. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields a change touched: for an update only those that differ, for an insert every field of
 * the new row, for a delete every field of the old one. Timestamps of the bookkeeping kind
 * (`updated_at`) are left out: they change with everything.
 */
export function changedFields(entry: Pick<AuditEntry, "before" | "after">): FieldChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((f) => f !== "updated_at");
  return fields
    .filter((f) =>
      !(entry.before && entry.after) || JSON.stringify(before[f]) !== JSON.stringify(after[f])
    )
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

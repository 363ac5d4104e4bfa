/**
 * The people of the caller's Ente and their roles. Every function runs in the caller's
 * transaction (`db.asUser`), so RLS decides what is visible: staff see the members of their own
 * Ente only, and only administrators can remove a role.
 *
 * @module
 */

import type { MemberRole, Tx } from "../db/types.ts";
import { sqlState, TenancyError } from "./errors.ts";
import { isUuid } from "../codes/uuid.ts";

/** One role a member holds, with the membership that grants it. */
export interface MemberRoleEntry {
  membership_id: string;
  role: MemberRole;
  /** ISO 8601 instant the role was granted. */
  since: string;
}

/** A person with at least one role in the caller's Ente. */
export interface Member {
  id: string;
  email: string;
  full_name: string;
  tax_code: string | null;
  /** ISO 8601 instant the account was created. */
  created_at: string;
  roles: MemberRoleEntry[];
}

export interface MemberQuery {
  /** Part of the name, e-mail or codice fiscale (case-insensitive). */
  q?: string | null;
  role?: MemberRole | null;
  limit: number;
  offset: number;
}

const ROLE_ORDER = "array['admin', 'operator', 'teacher', 'family', 'provider']";

/** Members of the caller's Ente, one row per person with the roles aggregated. */
const MEMBERS_CTE = `
  with members as (
    select u.id, u.email, u.full_name, u.tax_code, u.created_at,
           jsonb_agg(jsonb_build_object('membership_id', ms.id, 'role', ms.role, 'since', ms.created_at)
                     order by array_position(${ROLE_ORDER}, ms.role)) as roles
      from public.users u
      join public.memberships ms
        on ms.user_id = u.id and ms.tenant_id = coalesce($1::uuid, app.tenant_id())
     where ($2::text is null or u.full_name ilike $2 escape '\\' or u.email ilike $2 escape '\\'
            or u.tax_code ilike $2 escape '\\')
       and ($3::uuid is null or u.id = $3)
     group by u.id
    having ($4::text is null or bool_or(ms.role = $4))
  )`;

interface MemberRow {
  id: string;
  email: string;
  full_name: string;
  tax_code: string | null;
  created_at: Date | string;
  roles: { membership_id: string; role: MemberRole; since: string }[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    email: r.email,
    full_name: r.full_name,
    tax_code: r.tax_code,
    created_at: iso(r.created_at),
    roles: r.roles.map((x) => ({
      membership_id: x.membership_id,
      role: x.role,
      since: iso(x.since),
    })),
  };
}

/** `%text%` for ILIKE, with the pattern characters of `text` escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A page of the caller's Ente's members, by name, with the total for the pager.
 * `await listMembers(tx, { q: "rossi", role: null, limit: 25, offset: 0 }) // { items, total }`
 */
export async function listMembers(
  tx: Tx,
  query: MemberQuery,
): Promise<{ items: Member[]; total: number }> {
  const q = query.q?.trim() ? likePattern(query.q.trim()) : null;
  const params = [null, q, null, query.role ?? null];
  const [{ total }] = await tx.query<{ total: number }>(
    `${MEMBERS_CTE} select count(*)::int as total from members`,
    params,
  );
  const rows = await tx.query<MemberRow>(
    `${MEMBERS_CTE} select * from members order by lower(full_name), lower(email), id
      limit $5 offset $6`,
    [...params, query.limit, query.offset],
  );
  return { items: rows.map(toMember), total };
}

/**
 * One member of the caller's Ente, or null (also for people of other Enti: RLS hides them).
 * The superadmin, who has no Ente, names one with `tenantId`.
 */
export async function getMember(
  tx: Tx,
  userId: string,
  tenantId: string | null = null,
): Promise<Member | null> {
  if (!isUuid(userId)) return null;
  const [row] = await tx.query<MemberRow>(`${MEMBERS_CTE} select * from members`, [
    tenantId,
    null,
    userId,
    null,
  ]);
  return row ? toMember(row) : null;
}

/** One membership of the caller's Ente: `{ id, user_id, role }`, or null. */
export async function getMembership(
  tx: Tx,
  id: string,
): Promise<{ id: string; user_id: string; role: MemberRole } | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<{ id: string; user_id: string; role: MemberRole }>(
    `select id, user_id, role from public.memberships where id = $1 and tenant_id = app.tenant_id()`,
    [id],
  );
  return row ?? null;
}

/**
 * Removes one role of a member of the caller's Ente (administrators only). Refused for the
 * caller's own roles and for the Ente's last administrator; the member's sessions in the Ente
 * are revoked by a trigger. `await removeMembership(tx, membershipId, claims.sub)`
 */
export async function removeMembership(
  tx: Tx,
  membershipId: string,
  actorId: string,
): Promise<{ user_id: string; role: MemberRole }> {
  const m = await getMembership(tx, membershipId);
  if (!m) {
    throw new TenancyError("not_found", {
      it: "Il profilo indicato non esiste in questo Ente.",
      en: "No such membership in your Ente.",
    });
  }
  if (m.user_id === actorId) {
    throw new TenancyError("self", {
      it: "Non puoi togliere un profilo a te stesso: chiedilo a un altro amministratore.",
      en: "You cannot remove your own role: ask another administrator.",
    });
  }
  const lastAdmin = new TenancyError("last_admin", {
    it: "È l'unico amministratore dell'Ente: nomina prima un altro amministratore.",
    en: "This is the Ente's only administrator: appoint another administrator first.",
  });
  if (m.role === "admin") {
    const [{ n }] = await tx.query<{ n: number }>(
      `select count(*)::int as n from public.memberships
        where tenant_id = app.tenant_id() and role = 'admin'`,
    );
    if (n <= 1) throw lastAdmin;
  }
  let deleted: unknown[];
  try {
    deleted = await tx.query("delete from public.memberships where id = $1 returning id", [m.id]);
  } catch (e) {
    if (sqlState(e) === "23514") throw lastAdmin;
    throw e;
  }
  if (deleted.length === 0) {
    throw new TenancyError("forbidden", {
      it: "Solo un amministratore dell'Ente può togliere un profilo.",
      en: "Only an administrator of the Ente can remove a role.",
    });
  }
  return { user_id: m.user_id, role: m.role };
}

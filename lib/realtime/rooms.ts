/**
 * Who may join which room. Each answer is a query run as the user (`db.asUser`), so row-level
 * security and the same helper functions the tables' policies use decide it:
 *
 * | room                  | who                                                               |
 * | --------------------- | ----------------------------------------------------------------- |
 * | `class:<id>`          | teachers of the class, staff                                      |
 * | `child:<enrollment>`  | the child's family (`app.enrollment_is_mine`), its class teachers, staff |
 * | `site:<id>:meals`     | providers of a service delivered at the site, staff               |
 * | `service:<id>:meals`  | the service's provider (`app.is_my_provided_service`), staff      |
 * | `tenant:<id>:ops`     | staff of that Ente                                                |
 * | `billing_run:<id>`    | whoever reads the billing run under RLS (staff of its Ente)       |
 * | `reminder_campaign:<id>` | whoever reads the reminder campaign under RLS (staff of its Ente) |
 * | `payer:<person>`      | the payer's family (`app.is_my_payer`), staff                      |
 *
 * Providers are linked to their organization by `memberships.organization_id` (see the meals
 * migration), and that organization to services by `services.provider_id`.
 *
 * @module
 */
import { UUID_PATTERN } from "../codes/uuid.ts";
import type { Claims, Db } from "../db/types.ts";

const ROOM = new RegExp(
  `^(class|child|site|service|tenant|billing_run|reminder_campaign|payer):(${UUID_PATTERN})(?::(meals|ops))?$`,
);

export type RoomKind =
  | "class"
  | "child"
  | "site_meals"
  | "service_meals"
  | "tenant_ops"
  | "billing_run"
  | "reminder_campaign"
  | "payer";

/** `class:<id>` → `{ kind: "class", id }`; null for anything that is not a known room name. */
export function parseRoom(room: unknown): { kind: RoomKind; id: string } | null {
  if (typeof room !== "string" || room.length > 100) return null;
  const m = ROOM.exec(room);
  if (!m) return null;
  const [, prefix, id, suffix] = m;
  if ((prefix === "class" || prefix === "child") && !suffix) return { kind: prefix, id };
  if (prefix === "billing_run" && !suffix) return { kind: "billing_run", id };
  if (prefix === "reminder_campaign" && !suffix) return { kind: "reminder_campaign", id };
  if (prefix === "payer" && !suffix) return { kind: "payer", id };
  if ((prefix === "site" || prefix === "service") && suffix === "meals") {
    return { kind: `${prefix}_meals`, id };
  }
  if (prefix === "tenant" && suffix === "ops") return { kind: "tenant_ops", id };
  return null;
}

const CHECKS: Record<RoomKind, string> = {
  class: `select exists (select 1 from public.classes c where c.id = $1
            and ((select app.is_staff()) or c.id = any (app.my_class_ids()))) as ok`,
  child: `select ((select app.is_staff())
                  and exists (select 1 from public.enrollments e where e.id = $1))
              or app.enrollment_is_mine($1) or app.enrollment_in_my_classes($1) as ok`,
  site_meals: `select ((select app.is_staff())
                       and exists (select 1 from public.sites s where s.id = $1))
                   or app.is_my_provided_site($1) as ok`,
  service_meals: `select ((select app.is_staff())
                          and exists (select 1 from public.services s where s.id = $1))
                      or app.is_my_provided_service($1) as ok`,
  tenant_ops:
    `select coalesce((select app.is_staff()) and $1::uuid = app.tenant_id(), false) as ok`,
  billing_run: `select exists (select 1 from public.billing_runs r where r.id = $1) as ok`,
  reminder_campaign:
    `select exists (select 1 from public.reminder_campaigns c where c.id = $1) as ok`,
  payer: `select ((select app.is_staff())
                  and exists (select 1 from public.people p where p.id = $1))
              or app.is_my_payer($1) as ok`,
};

export type JoinRefusal = "invalid_room" | "forbidden";

/** Null when `claims` may join `room`, else why not. */
export async function joinRefusal(
  db: Db,
  claims: Claims,
  room: unknown,
): Promise<JoinRefusal | null> {
  const parsed = parseRoom(room);
  if (!parsed) return "invalid_room";
  if (!claims.app_metadata.tenant_id) return "forbidden";
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query<{ ok: boolean | null }>(CHECKS[parsed.kind], [parsed.id]),
  );
  return row?.ok ? null : "forbidden";
}

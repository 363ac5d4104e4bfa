/**
 * Data access for transport routes (tragitti). Every function runs inside the caller's
 * transaction (`db.asUser`), so row-level security decides what is visible and writable.
 * Stops live in `stops.ts`.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";

export interface TransportService {
  id: string;
  code: string;
  title: string;
  status: "draft" | "published" | "archived";
}

export interface TransportRoute {
  id: string;
  service_id: string;
  service_code: string;
  service_title: string;
  service_status: TransportService["status"];
  code: string;
  name: string;
  direction_notes: string | null;
  color: string;
  vehicle: string | null;
  capacity: number | null;
  active: boolean;
  stop_count: number;
  created_at: Date;
  updated_at: Date;
}

/** What a form or the API may set on a route. */
export interface RouteInput {
  service_id: string;
  code: string;
  name: string;
  direction_notes: string | null;
  color: string;
  vehicle: string | null;
  capacity: number | null;
  active: boolean;
}

const ROUTE_COLUMNS = `r.id, r.service_id, s.code as service_code, s.title as service_title,
  s.status as service_status, r.code, r.name, r.direction_notes, r.color, r.vehicle, r.capacity,
  r.active, (select count(*)::int from public.transport_stops t
              where t.tenant_id = r.tenant_id and t.route_id = r.id) as stop_count,
  r.created_at, r.updated_at`;

const ROUTE_FROM = `public.transport_routes r
  join public.services s on s.tenant_id = r.tenant_id and s.id = r.service_id`;

/** Transport services the caller can see, by title: `listTransportServices(tx)`. */
export async function listTransportServices(tx: Tx): Promise<TransportService[]> {
  return await tx.query<TransportService>(
    `select id, code, title, status from public.services
      where kind = 'transport' and tenant_id = (select app.tenant_id())
      order by title, code`,
  );
}

/** Routes the caller can see, by service then code; optionally of one service or activity. */
export async function listRoutes(
  tx: Tx,
  filter: { serviceId?: string | null; active?: boolean | null } = {},
): Promise<TransportRoute[]> {
  return await tx.query<TransportRoute>(
    `select ${ROUTE_COLUMNS} from ${ROUTE_FROM}
      where r.tenant_id = (select app.tenant_id())
        and ($1::uuid is null or r.service_id = $1)
        and ($2::boolean is null or r.active = $2)
      order by s.title, s.code, r.code`,
    [filter.serviceId ?? null, filter.active ?? null],
  );
}

/** One route, or null when it does not exist or is not visible: `getRoute(tx, id)`. */
export async function getRoute(tx: Tx, id: string): Promise<TransportRoute | null> {
  const [row] = await tx.query<TransportRoute>(
    `select ${ROUTE_COLUMNS} from ${ROUTE_FROM} where r.id = $1`,
    [id],
  );
  return row ?? null;
}

/** Whether `serviceId` is a transport service the caller can see. */
export async function isTransportService(tx: Tx, serviceId: string): Promise<boolean> {
  const rows = await tx.query(
    "select 1 from public.services where id = $1 and kind = 'transport'",
    [serviceId],
  );
  return rows.length > 0;
}

/** Whether the code is already used by another route of the same service. */
export async function routeCodeTaken(
  tx: Tx,
  serviceId: string,
  code: string,
  exceptId: string | null = null,
): Promise<boolean> {
  const rows = await tx.query(
    `select 1 from public.transport_routes
      where service_id = $1 and code = $2 and ($3::uuid is null or id <> $3)`,
    [serviceId, code, exceptId],
  );
  return rows.length > 0;
}

/** Creates a route in `tenantId` and returns its id. */
export async function createRoute(tx: Tx, tenantId: string, r: RouteInput): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into public.transport_routes
       (tenant_id, service_id, code, name, direction_notes, color, vehicle, capacity, active)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      tenantId,
      r.service_id,
      r.code,
      r.name,
      r.direction_notes,
      r.color,
      r.vehicle,
      r.capacity,
      r.active,
    ],
  );
  return row.id;
}

const PATCHABLE = [
  "service_id",
  "code",
  "name",
  "direction_notes",
  "color",
  "vehicle",
  "capacity",
  "active",
] as const;

/** Changes the given fields; false when the route is not there (or not writable). */
export async function updateRoute(
  tx: Tx,
  id: string,
  patch: Partial<RouteInput>,
): Promise<boolean> {
  const fields = PATCHABLE.filter((k) => patch[k] !== undefined);
  const sets = fields.map((k, i) => `${k} = $${i + 2}`);
  const rows = await tx.query(
    `update public.transport_routes set ${[...sets, "updated_at = now()"].join(", ")}
      where id = $1 returning id`,
    [id, ...fields.map((k) => patch[k])],
  );
  return rows.length > 0;
}

/** Deletes a route with its stops; false when it is not there (or not writable). */
export async function deleteRoute(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.query("delete from public.transport_routes where id = $1 returning id", [
    id,
  ]);
  return rows.length > 0;
}

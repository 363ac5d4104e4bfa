/**
 * Data access for the ordered stops (fermate) of a route. Positions are 1..n without gaps; every
 * change locks the route row first, so two operators editing the same route take turns instead
 * of colliding on a position.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";

export interface TransportStop {
  id: string;
  route_id: string;
  position: number;
  name: string;
  latitude: number;
  longitude: number;
  /** Andata, `HH:MM`. */
  time_there: string | null;
  /** Ritorno, `HH:MM`. */
  time_back: string | null;
  notes: string | null;
}

/** What a form or the API may set on a stop (its position comes from where it is put). */
export interface StopInput {
  name: string;
  latitude: number;
  longitude: number;
  time_there: string | null;
  time_back: string | null;
  notes: string | null;
}

const STOP_COLUMNS = `id, route_id, position, name, latitude, longitude,
  to_char(time_there, 'HH24:MI') as time_there, to_char(time_back, 'HH24:MI') as time_back, notes`;

/** The stops of the given routes, in route order then position: `listStops(tx, [id])`. */
export async function listStops(tx: Tx, routeIds: string[]): Promise<TransportStop[]> {
  if (routeIds.length === 0) return [];
  return await tx.query<TransportStop>(
    `select ${STOP_COLUMNS} from public.transport_stops
      where route_id = any($1::uuid[]) order by route_id, position`,
    [routeIds],
  );
}

/** One stop of a route, or null: `getStop(tx, routeId, stopId)`. */
export async function getStop(
  tx: Tx,
  routeId: string,
  stopId: string,
): Promise<TransportStop | null> {
  const [row] = await tx.query<TransportStop>(
    `select ${STOP_COLUMNS} from public.transport_stops where route_id = $1 and id = $2`,
    [routeId, stopId],
  );
  return row ?? null;
}

/**
 * Locks the route for a change of its stops; false when the caller cannot change it (not there,
 * another Ente's, or not staff).
 */
async function lockRoute(tx: Tx, routeId: string): Promise<boolean> {
  const rows = await tx.query(
    "select id from public.transport_routes where id = $1 for update",
    [routeId],
  );
  return rows.length > 0;
}

/** Appends a stop at the end of the route; its id, or null when the route is not writable. */
export async function addStop(tx: Tx, routeId: string, s: StopInput): Promise<string | null> {
  if (!await lockRoute(tx, routeId)) return null;
  const [row] = await tx.query<{ id: string }>(
    `insert into public.transport_stops
       (tenant_id, route_id, position, name, latitude, longitude, time_there, time_back, notes)
     select r.tenant_id, r.id,
            coalesce((select max(position) from public.transport_stops where route_id = r.id), 0) + 1,
            $2, $3, $4, $5::time, $6::time, $7
       from public.transport_routes r where r.id = $1
     returning id`,
    [routeId, s.name, s.latitude, s.longitude, s.time_there, s.time_back, s.notes],
  );
  return row?.id ?? null;
}

/** Changes a stop's fields (not its position); false when it is not on that route. */
export async function updateStop(
  tx: Tx,
  routeId: string,
  stopId: string,
  s: StopInput,
): Promise<boolean> {
  const rows = await tx.query(
    `update public.transport_stops
        set name = $3, latitude = $4, longitude = $5, time_there = $6::time,
            time_back = $7::time, notes = $8, updated_at = now()
      where route_id = $1 and id = $2 returning id`,
    [routeId, stopId, s.name, s.latitude, s.longitude, s.time_there, s.time_back, s.notes],
  );
  return rows.length > 0;
}

/** Moves a stop only on the map: latitude and longitude. */
export async function moveStopTo(
  tx: Tx,
  routeId: string,
  stopId: string,
  latitude: number,
  longitude: number,
): Promise<boolean> {
  const rows = await tx.query(
    `update public.transport_stops set latitude = $3, longitude = $4, updated_at = now()
      where route_id = $1 and id = $2 returning id`,
    [routeId, stopId, latitude, longitude],
  );
  return rows.length > 0;
}

/**
 * Swaps a stop with the one before (`up`) or after (`down`) it. Returns false when the stop is
 * not on the route; true (and nothing changes) when it is already first or last.
 */
export async function moveStop(
  tx: Tx,
  routeId: string,
  stopId: string,
  direction: "up" | "down",
): Promise<boolean> {
  if (!await lockRoute(tx, routeId)) return false;
  const [stop] = await tx.query<{ position: number }>(
    "select position from public.transport_stops where route_id = $1 and id = $2",
    [routeId, stopId],
  );
  if (!stop) return false;
  const other = stop.position + (direction === "up" ? -1 : 1);
  // One statement: the deferrable unique position is checked after both rows changed.
  await tx.query(
    `update public.transport_stops
        set position = case when position = $2 then $3 else $2 end, updated_at = now()
      where route_id = $1 and position in ($2, $3)
        and exists (select 1 from public.transport_stops
                     where route_id = $1 and position = $3)`,
    [routeId, stop.position, other],
  );
  return true;
}

/** Deletes a stop and closes the gap in the positions; false when it is not on the route. */
export async function deleteStop(tx: Tx, routeId: string, stopId: string): Promise<boolean> {
  if (!await lockRoute(tx, routeId)) return false;
  const [gone] = await tx.query<{ position: number }>(
    "delete from public.transport_stops where route_id = $1 and id = $2 returning position",
    [routeId, stopId],
  );
  if (!gone) return false;
  await tx.query(
    `update public.transport_stops set position = position - 1, updated_at = now()
      where route_id = $1 and position > $2`,
    [routeId, gone.position],
  );
  return true;
}

export type ReplaceResult =
  | { ok: true }
  | { ok: false; reason: "not_found" }
  /** `items[index].id` is not a stop of the route, or is listed twice. */
  | { ok: false; reason: "unknown_stop"; index: number };

/**
 * Replaces the route's stops with `items`, in that order. An item with the `id` of one of the
 * route's stops updates it (so whatever refers to the stop keeps pointing at it), an item
 * without one is a new stop, and stops left out are deleted.
 */
export async function replaceStops(
  tx: Tx,
  routeId: string,
  items: (StopInput & { id?: string | null })[],
): Promise<ReplaceResult> {
  if (!await lockRoute(tx, routeId)) return { ok: false, reason: "not_found" };
  const existing = new Set(
    (await tx.query<{ id: string }>(
      "select id from public.transport_stops where route_id = $1",
      [routeId],
    )).map((r) => r.id),
  );
  const seen = new Set<string>();
  const index = items.findIndex((s) => {
    if (!s.id) return false;
    const bad = !existing.has(s.id) || seen.has(s.id);
    seen.add(s.id);
    return bad;
  });
  if (index >= 0) return { ok: false, reason: "unknown_stop", index };
  const kept = items.flatMap((s) => s.id ? [s.id] : []);
  await tx.query("set constraints public.transport_stops_position_key deferred");
  await tx.query(
    "delete from public.transport_stops where route_id = $1 and id <> all($2::uuid[])",
    [routeId, kept],
  );
  for (const [i, s] of items.entries()) {
    const values = [s.name, s.latitude, s.longitude, s.time_there, s.time_back, s.notes, i + 1];
    if (s.id) {
      await tx.query(
        `update public.transport_stops
            set name = $3, latitude = $4, longitude = $5, time_there = $6::time,
                time_back = $7::time, notes = $8, position = $9, updated_at = now()
          where route_id = $1 and id = $2`,
        [routeId, s.id, ...values],
      );
    } else {
      await tx.query(
        `insert into public.transport_stops
           (tenant_id, route_id, name, latitude, longitude, time_there, time_back, notes, position)
         select r.tenant_id, r.id, $2, $3, $4, $5::time, $6::time, $7, $8
           from public.transport_routes r where r.id = $1`,
        [routeId, ...values],
      );
    }
  }
  await tx.query("set constraints public.transport_stops_position_key immediate");
  return { ok: true };
}

/**
 * Where the Ente's stops are, on average (`[longitude, latitude]`), to centre the map of a route
 * that has none yet; null when the Ente has no stop at all.
 */
export async function stopsCentre(tx: Tx): Promise<[number, number] | null> {
  const [row] = await tx.query<{ lon: number | null; lat: number | null }>(
    `select avg(longitude)::float8 as lon, avg(latitude)::float8 as lat
       from public.transport_stops where tenant_id = (select app.tenant_id())`,
  );
  return row?.lon == null || row.lat == null ? null : [row.lon, row.lat];
}

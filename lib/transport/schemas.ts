/**
 * Zod schemas of `/api/v1/transport-routes`: requests are checked by the same rules as the
 * back-office forms (`rules.ts`), responses are described exactly for the OpenAPI document.
 *
 * @module
 */

import { z } from "zod";
import type { TransportRoute } from "./db.ts";
import type { RouteCollection } from "./geojson.ts";
import {
  checkCapacity,
  checkColor,
  type Checked,
  checkLatitude,
  checkLongitude,
  checkName,
  checkNotes,
  checkPosition,
  checkRouteCode,
  checkTime,
  DEFAULT_COLOR,
  MAX_CAPACITY,
  MAX_STOPS,
} from "./rules.ts";
import type { StopInput, TransportStop } from "./stops.ts";

/** A value checked (and normalized) by one of the shared rules; the English message on failure. */
function rule<I, T>(base: z.ZodType<I>, check: (v: I) => Checked<T>) {
  return base.transform((v, ctx) => {
    const r = check(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem.en, params: { reason: r.problem.code } });
    return z.NEVER;
  });
}

const Instant = z.iso.datetime().describe("ISO 8601 instant (UTC)");
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable();
const text = (max: number) =>
  rule(z.string().max(max * 2), (s) => checkNotes(s, max)).nullable().optional();

export const StopSchema = z.strictObject({
  id: z.uuid().describe("The stop's id; it stays the same when the stop is moved or renamed"),
  position: z.int().min(1).describe("Order along the route on the way to school, from 1"),
  name: z.string().describe("Name of the stop, e.g. 'Piazza Dalmazia'"),
  latitude: z.number().min(-90).max(90).describe("WGS 84 latitude, decimal degrees"),
  longitude: z.number().min(-180).max(180).describe("WGS 84 longitude, decimal degrees"),
  time_there: Time.describe("Andata: when the bus passes on the way to school (HH:MM)"),
  time_back: Time.describe("Ritorno: when the bus passes on the way back (HH:MM)"),
  notes: z.string().nullable().describe("Notes for families, e.g. where exactly to wait"),
}).describe("A stop (fermata) of a transport route");

export const RouteSchema = z.strictObject({
  id: z.uuid(),
  service_id: z.uuid().describe("The transport service the route belongs to"),
  service_code: z.string(),
  service_title: z.string(),
  code: z.string().describe("Short code, unique within the service, e.g. 'A'"),
  name: z.string(),
  direction_notes: z.string().nullable().describe("How the bus goes, shown to families"),
  color: z.string().regex(/^#[0-9a-f]{6}$/).describe("Line colour on the map"),
  vehicle: z.string().nullable().describe("Vehicle, e.g. 'Scuolabus 28 posti, targa …'"),
  capacity: z.int().nullable().describe("Seats"),
  active: z.boolean().describe("Inactive routes are hidden from families"),
  stop_count: z.int().min(0),
  created_at: Instant,
  updated_at: Instant,
}).describe("A transport route (tragitto)");

export const RouteWithStopsSchema = RouteSchema.extend({
  stops: z.array(StopSchema).describe("The stops in order"),
});

export const RoutePage = z.strictObject({
  items: z.array(RouteSchema).describe("Routes, by service then code"),
  total: z.int().min(0),
});

/** One stop as sent in a request: `id` keeps an existing stop, no `id` adds one. */
export const StopBody = z.strictObject({
  id: z.uuid().nullable().optional().describe("An existing stop of this route, to keep it"),
  name: rule(z.string().max(400), (s) => checkName(s, "stop")).describe(
    "Name (2–200 characters)",
  ),
  latitude: rule(z.number(), checkLatitude).describe("WGS 84 latitude, −90…90"),
  longitude: rule(z.number(), checkLongitude).describe("WGS 84 longitude, −180…180"),
  time_there: rule(z.string().max(10), (s) => checkTime(s, "there")).nullable().optional()
    .describe("Andata, HH:MM"),
  time_back: rule(z.string().max(10), (s) => checkTime(s, "back")).nullable().optional()
    .describe("Ritorno, HH:MM"),
  notes: text(2000).describe("Notes for families (up to 2000 characters)"),
}).superRefine((s, ctx) => {
  const r = checkPosition(s.latitude, s.longitude);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.problem.en, path: ["latitude"] });
});

export const StopsBody = z.strictObject({
  stops: z.array(StopBody).max(MAX_STOPS).describe(
    `The route's stops in order (at most ${MAX_STOPS}); stops of the route left out are deleted`,
  ),
}).superRefine((b, ctx) => {
  const seen = new Map<string, number>();
  b.stops.forEach((s, i) => {
    if (!s.id) return;
    if (seen.has(s.id)) {
      ctx.addIssue({
        code: "custom",
        message: `The same stop is listed twice (also at ${seen.get(s.id)})`,
        path: ["stops", i, "id"],
      });
    }
    seen.set(s.id, i);
  });
});

const routeFields = {
  service_id: z.uuid().describe("A transport service of the caller's Ente"),
  code: rule(z.string().max(40), checkRouteCode).describe("Short code (1–20: A–Z, 0–9, - _)"),
  name: rule(z.string().max(400), (s) => checkName(s, "route")).describe("Name (2–200 chars)"),
  direction_notes: text(2000).describe("How the bus goes, shown to families"),
  color: rule(z.string().max(20), checkColor).describe("#rrggbb"),
  vehicle: text(200).describe("Vehicle description"),
  capacity: rule(z.int().nullable(), checkCapacity).optional().describe(
    `Seats, 1–${MAX_CAPACITY}`,
  ),
  active: z.boolean().describe("Inactive routes are hidden from families"),
};

export const NewRouteBody = z.strictObject({
  ...routeFields,
  color: routeFields.color.optional().describe(`#rrggbb; default ${DEFAULT_COLOR}`),
  active: routeFields.active.optional().describe("Default true"),
  stops: StopsBody.shape.stops.optional(),
}).describe("A new route, optionally with its stops");

export const RoutePatchBody = z.strictObject({
  service_id: routeFields.service_id.optional(),
  code: routeFields.code.optional(),
  name: routeFields.name.optional(),
  direction_notes: routeFields.direction_notes,
  color: routeFields.color.optional(),
  vehicle: routeFields.vehicle,
  capacity: routeFields.capacity,
  active: routeFields.active.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: "Send at least one field to change" })
  .describe("Fields to change; the stops are changed with PUT …/stops");

export const RoutesQuery = z.object({
  service_id: z.uuid().optional().describe("Only the routes of this service"),
  active: z.enum(["true", "false"]).optional().describe("Only active (or inactive) routes"),
});

export const RouteQuery = z.object({
  format: z.enum(["json", "geojson"]).optional().describe(
    "`geojson`: the route as an RFC 7946 FeatureCollection (application/geo+json); the same " +
      "as asking for `{id}.geojson`",
  ),
});

const Position = z.tuple([z.number(), z.number()]).describe("[longitude, latitude]");
export const FeatureCollectionSchema = z.strictObject({
  type: z.literal("FeatureCollection"),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  features: z.array(z.object({
    type: z.literal("Feature"),
    id: z.string(),
    geometry: z.union([
      z.object({ type: z.literal("LineString"), coordinates: z.array(Position).min(2) }),
      z.object({ type: z.literal("Point"), coordinates: Position }),
    ]),
    properties: z.record(z.string(), z.unknown()),
  })),
}).describe("RFC 7946 FeatureCollection: the route's LineString, then a Point per stop");

/** A route as the API sends it (instants as ISO strings). */
export function routeJson(r: TransportRoute): z.infer<typeof RouteSchema> {
  return {
    id: r.id,
    service_id: r.service_id,
    service_code: r.service_code,
    service_title: r.service_title,
    code: r.code,
    name: r.name,
    direction_notes: r.direction_notes,
    color: r.color,
    vehicle: r.vehicle,
    capacity: r.capacity,
    active: r.active,
    stop_count: r.stop_count,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

export function stopJson(s: TransportStop): z.infer<typeof StopSchema> {
  return {
    id: s.id,
    position: s.position,
    name: s.name,
    latitude: s.latitude,
    longitude: s.longitude,
    time_there: s.time_there,
    time_back: s.time_back,
    notes: s.notes,
  };
}

/** The stops of a request body as the data layer takes them (`id` null for new stops). */
export function stopInputs(
  items: z.output<typeof StopBody>[],
): (StopInput & { id: string | null })[] {
  return items.map((s) => ({
    id: s.id ?? null,
    name: s.name,
    latitude: s.latitude,
    longitude: s.longitude,
    time_there: s.time_there ?? null,
    time_back: s.time_back ?? null,
    notes: s.notes ?? null,
  }));
}

export type { RouteCollection };

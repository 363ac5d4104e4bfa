/**
 * Trasporto scolastico: routes (tragitti) with ordered stops (fermate) on a map.
 *
 * - `db.ts`, `stops.ts`: data access under the caller's row-level security;
 * - `rules.ts`: validation shared by forms and API, messages in Italian and English;
 * - `geojson.ts`, `map_style.ts`: pure, also bundled by the `RouteMap` island;
 * - `schemas.ts`: the `/api/v1/transport-routes` schemas; `seed.ts`: the demo routes.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { getRoute, type TransportRoute } from "./db.ts";
import { type GeoRoute, type RouteCollection, routesToGeoJson } from "./geojson.ts";
import { listStops, type TransportStop } from "./stops.ts";

export * from "./db.ts";
export * from "./stops.ts";

export interface RouteDetail {
  route: TransportRoute;
  stops: TransportStop[];
}

/** A route with its stops, or null when not visible: `getRouteDetail(tx, id)`. */
export async function getRouteDetail(tx: Tx, id: string): Promise<RouteDetail | null> {
  const route = await getRoute(tx, id);
  if (!route) return null;
  return { route, stops: await listStops(tx, [id]) };
}

/** What the map and the GeoJSON export need of a route. */
export function geoRoute(route: TransportRoute, stops: TransportStop[]): GeoRoute {
  return {
    id: route.id,
    code: route.code,
    name: route.name,
    color: route.color,
    service_code: route.service_code,
    direction_notes: route.direction_notes,
    stops: stops.filter((s) => s.route_id === route.id),
  };
}

/** The route as an RFC 7946 FeatureCollection. */
export function routeGeoJson(d: RouteDetail): RouteCollection {
  return routesToGeoJson([geoRoute(d.route, d.stops)]);
}

/** RFC 7946 §12. */
export const GEOJSON_TYPE = "application/geo+json; charset=utf-8";

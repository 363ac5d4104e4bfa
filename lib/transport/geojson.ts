/**
 * Routes as GeoJSON (RFC 7946): one LineString per route through its stops in order, and one
 * Point per stop. Pure and free of server imports: the map island uses it too.
 *
 * Coordinates are `[longitude, latitude]` in WGS 84, as the RFC requires.
 *
 * @module
 */

export interface GeoStop {
  id: string;
  position: number;
  name: string;
  latitude: number;
  longitude: number;
  time_there?: string | null;
  time_back?: string | null;
  notes?: string | null;
}

export interface GeoRoute {
  id: string;
  code: string;
  name: string;
  color: string;
  stops: GeoStop[];
  service_code?: string;
  direction_notes?: string | null;
}

export type Position = [number, number];
export interface LineFeature {
  type: "Feature";
  id: string;
  geometry: { type: "LineString"; coordinates: Position[] };
  properties: {
    kind: "route";
    route_id: string;
    code: string;
    name: string;
    color: string;
    service_code: string | null;
    direction_notes: string | null;
    stop_count: number;
  };
}
export interface PointFeature {
  type: "Feature";
  id: string;
  geometry: { type: "Point"; coordinates: Position };
  properties: {
    kind: "stop";
    route_id: string;
    route_code: string;
    color: string;
    position: number;
    name: string;
    time_there: string | null;
    time_back: string | null;
    notes: string | null;
  };
}
export interface RouteCollection {
  type: "FeatureCollection";
  bbox?: [number, number, number, number];
  features: (LineFeature | PointFeature)[];
}

const at = (s: GeoStop): Position => [s.longitude, s.latitude];

/** `[west, south, east, north]` around every stop, or null when there are none. */
export function boundsOf(routes: GeoRoute[]): [number, number, number, number] | null {
  const all = routes.flatMap((r) => r.stops);
  if (all.length === 0) return null;
  return [
    Math.min(...all.map((s) => s.longitude)),
    Math.min(...all.map((s) => s.latitude)),
    Math.max(...all.map((s) => s.longitude)),
    Math.max(...all.map((s) => s.latitude)),
  ];
}

/**
 * The FeatureCollection of `routes`: a LineString for each route with two or more stops (the RFC
 * requires two positions), then a Point for every stop.
 */
export function routesToGeoJson(routes: GeoRoute[]): RouteCollection {
  const lines: LineFeature[] = [];
  const points: PointFeature[] = [];
  for (const r of routes) {
    const stops = [...r.stops].sort((a, b) => a.position - b.position);
    if (stops.length >= 2) {
      lines.push({
        type: "Feature",
        id: r.id,
        geometry: { type: "LineString", coordinates: stops.map(at) },
        properties: {
          kind: "route",
          route_id: r.id,
          code: r.code,
          name: r.name,
          color: r.color,
          service_code: r.service_code ?? null,
          direction_notes: r.direction_notes ?? null,
          stop_count: stops.length,
        },
      });
    }
    for (const s of stops) {
      points.push({
        type: "Feature",
        id: s.id,
        geometry: { type: "Point", coordinates: at(s) },
        properties: {
          kind: "stop",
          route_id: r.id,
          route_code: r.code,
          color: r.color,
          position: s.position,
          name: s.name,
          time_there: s.time_there ?? null,
          time_back: s.time_back ?? null,
          notes: s.notes ?? null,
        },
      });
    }
  }
  const bbox = boundsOf(routes);
  return {
    type: "FeatureCollection",
    ...(bbox ? { bbox } : {}),
    features: [...lines, ...points],
  };
}

const GEOMETRIES = [
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "Polygon",
  "MultiPolygon",
  "GeometryCollection",
];

function positionProblems(p: unknown, at: string): string[] {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3) {
    return [`${at}: a position is an array of 2 or 3 numbers`];
  }
  if (!p.every((n) => typeof n === "number" && Number.isFinite(n))) {
    return [`${at}: position members must be finite numbers`];
  }
  const [lon, lat] = p as number[];
  const out: string[] = [];
  if (lon < -180 || lon > 180) out.push(`${at}: longitude ${lon} out of range (−180…180)`);
  if (lat < -90 || lat > 90) out.push(`${at}: latitude ${lat} out of range (−90…90)`);
  return out;
}

function geometryProblems(g: unknown, at: string): string[] {
  const geom = g as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null;
  if (geom === null) return [];
  if (typeof geom !== "object" || !GEOMETRIES.includes(String(geom.type))) {
    return [`${at}: not a GeoJSON geometry`];
  }
  const c = geom.coordinates;
  const list = (v: unknown, min: number, what: string) =>
    Array.isArray(v) && v.length >= min ? null : `${at}: ${what}`;
  switch (geom.type) {
    case "Point":
      return positionProblems(c, `${at}.coordinates`);
    case "LineString": {
      const bad = list(c, 2, "a LineString has two or more positions");
      return bad ? [bad] : (c as unknown[]).flatMap((p, i) => positionProblems(p, `${at}[${i}]`));
    }
    case "MultiPoint": {
      const bad = list(c, 0, "MultiPoint coordinates must be an array");
      return bad ? [bad] : (c as unknown[]).flatMap((p, i) => positionProblems(p, `${at}[${i}]`));
    }
    case "GeometryCollection":
      return Array.isArray(geom.geometries)
        ? geom.geometries.flatMap((x, i) => geometryProblems(x, `${at}.geometries[${i}]`))
        : [`${at}: a GeometryCollection has "geometries"`];
    default:
      return Array.isArray(c) ? [] : [`${at}: coordinates must be an array`];
  }
}

/**
 * What keeps `doc` from being a valid RFC 7946 FeatureCollection (empty when valid): the type
 * members, geometries, positions in range as [longitude, latitude], LineStrings of two or more
 * positions, a 4-number bbox with south ≤ north, and no `crs` (removed by the RFC).
 */
export function featureCollectionProblems(doc: unknown): string[] {
  const d = doc as { type?: unknown; features?: unknown; bbox?: unknown; crs?: unknown } | null;
  if (!d || typeof d !== "object" || d.type !== "FeatureCollection") {
    return ['the document is not an object with type "FeatureCollection"'];
  }
  const out: string[] = [];
  if ("crs" in d) out.push("crs is not part of RFC 7946 (coordinates are always WGS 84)");
  if (d.bbox !== undefined) {
    const b = d.bbox as number[];
    if (!Array.isArray(b) || b.length !== 4 || !b.every((n) => typeof n === "number")) {
      out.push("bbox must be [west, south, east, north]");
    } else if (b[1] > b[3]) out.push("bbox: south must not exceed north");
  }
  if (!Array.isArray(d.features)) return [...out, "features must be an array"];
  d.features.forEach((f, i) => {
    const at = `features[${i}]`;
    const feat = f as { type?: unknown; geometry?: unknown; properties?: unknown; id?: unknown };
    if (!feat || feat.type !== "Feature") return out.push(`${at}: type must be "Feature"`);
    if (!("geometry" in feat)) out.push(`${at}: a Feature has a "geometry" member`);
    if (!("properties" in feat)) out.push(`${at}: a Feature has a "properties" member`);
    else if (feat.properties !== null && typeof feat.properties !== "object") {
      out.push(`${at}: properties must be an object or null`);
    }
    if (feat.id !== undefined && typeof feat.id !== "string" && typeof feat.id !== "number") {
      out.push(`${at}: id must be a string or a number`);
    }
    out.push(...geometryProblems(feat.geometry, `${at}.geometry`));
  });
  return out;
}

import { z } from "zod";
import { type Access, authorize, defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { type Claims, MEMBER_ROLES } from "../../../../lib/db/types.ts";
import { type Ctx, HttpError, type State } from "../../../../lib/http/define.ts";
import {
  deleteRoute,
  GEOJSON_TYPE,
  getRoute,
  getRouteDetail,
  isTransportService,
  routeCodeTaken,
  routeGeoJson,
  updateRoute,
} from "../../../../lib/transport/mod.ts";
import {
  FeatureCollectionSchema,
  routeJson,
  RoutePatchBody,
  RouteQuery,
  RouteWithStopsSchema,
  stopJson,
} from "../../../../lib/transport/schemas.ts";
import { fieldProblem } from "./index.ts";

export const notFound = () =>
  new HttpError(404, "No such transport route in your Ente", { code: "not_found" });

const READ: Access = { roles: [...MEMBER_ROLES], apiKey: "read" };
const WRITE: Access = { roles: ["admin", "operator"], apiKey: "write" };

/** The route with its stops as JSON, or as GeoJSON; 404 when the caller cannot see it. */
async function readRoute(state: State, claims: Claims, id: string, geojson: boolean) {
  const d = await state.db.asUser(claims, (tx) => getRouteDetail(tx, id));
  if (!d) throw notFound();
  return geojson ? routeGeoJson(d) : { ...routeJson(d.route), stops: d.stops.map(stopJson) };
}

const api = defineApi({
  GET: {
    summary: "One transport route with its stops in order",
    description:
      "With `?format=geojson` (or the path `/transport-routes/{id}.geojson`) the route " +
      "is an RFC 7946 FeatureCollection, `application/geo+json`: a LineString through the stops " +
      "(when there are two or more) and a Point per stop, coordinates [longitude, latitude].",
    tags: ["transport"],
    access: READ,
    params: IdParams,
    query: RouteQuery,
    response: z.union([RouteWithStopsSchema, FeatureCollectionSchema]),
    async run({ params, query, claims, state }) {
      return await readRoute(state, claims, params.id, query.format === "geojson");
    },
  },
  PATCH: {
    summary: "Change a transport route's details",
    tags: ["transport"],
    access: WRITE,
    params: IdParams,
    body: RoutePatchBody,
    response: RouteWithStopsSchema,
    errors: [409],
    async run({ params, body, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        const route = await getRoute(tx, params.id);
        if (!route) throw notFound();
        const serviceId = body.service_id ?? route.service_id;
        if (body.service_id && !await isTransportService(tx, body.service_id)) {
          throw fieldProblem("service_id", "No transport service with this id in your Ente");
        }
        const code = body.code ?? route.code;
        if (await routeCodeTaken(tx, serviceId, code, route.id)) {
          throw new HttpError(409, `The service already has a route with code ${code}`, {
            code: "conflict",
          });
        }
        if (!await updateRoute(tx, params.id, body)) throw notFound();
        const d = (await getRouteDetail(tx, params.id))!;
        return { ...routeJson(d.route), stops: d.stops.map(stopJson) };
      });
    },
  },
  DELETE: {
    summary: "Delete a transport route and its stops",
    tags: ["transport"],
    access: WRITE,
    params: IdParams,
    status: 204,
    response: z.null(),
    async run({ params, claims, state }) {
      const done = await state.db.asUser(claims, (tx) => deleteRoute(tx, params.id));
      if (!done) throw notFound();
      return null;
    },
  },
});

const SUFFIX = ".geojson";
const getJson = api.GET!;

/**
 * GeoJSON gets its own media type; `GET /transport-routes/{id}.geojson` reaches this file with
 * the suffix in `{id}` (the router's parameters stop only at `/`).
 */
async function getWithSuffix(c: Ctx) {
  const raw = c.req.param("id") ?? "";
  if (!raw.endsWith(SUFFIX)) {
    const res = await getJson(c);
    if (res instanceof Response && res.ok && c.req.query("format") === "geojson") {
      res.headers.set("content-type", GEOJSON_TYPE);
    }
    return res;
  }
  const state = c.get("state");
  const claims = authorize(state, READ);
  const id = raw.slice(0, -SUFFIX.length);
  if (!IdParams.safeParse({ id }).success) throw notFound();
  const body = await readRoute(state, claims, id, true);
  return new Response(JSON.stringify(body), { headers: { "content-type": GEOJSON_TYPE } });
}

export const handler = Object.assign(api, { GET: getWithSuffix });

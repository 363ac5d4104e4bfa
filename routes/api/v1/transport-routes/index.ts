import { defineApi } from "../../../../lib/api/define_api.ts";
import { MEMBER_ROLES } from "../../../../lib/db/types.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import {
  createRoute,
  getRouteDetail,
  isTransportService,
  listRoutes,
  replaceStops,
  routeCodeTaken,
} from "../../../../lib/transport/mod.ts";
import { DEFAULT_COLOR } from "../../../../lib/transport/rules.ts";
import {
  NewRouteBody,
  routeJson,
  RoutePage,
  RoutesQuery,
  RouteWithStopsSchema,
  stopInputs,
  stopJson,
} from "../../../../lib/transport/schemas.ts";

/** 422 about one field of the body, in the shape `defineApi` uses for validation failures. */
export function fieldProblem(path: string, message: string, code = "custom"): HttpError {
  return new HttpError(422, "The body is not valid", {
    code: "validation_failed",
    errors: [{ path: `body.${path}`, message, code }],
  });
}

export const handler = defineApi({
  GET: {
    summary: "Transport routes (tragitti) of the caller's Ente",
    description: "Staff and API keys see every route; families, teachers and providers only the " +
      "active routes of published services. Without stops: GET one route for them.",
    tags: ["transport"],
    access: { roles: [...MEMBER_ROLES], apiKey: "read" },
    query: RoutesQuery,
    response: RoutePage,
    async run({ query, claims, state }) {
      const routes = await state.db.asUser(claims, (tx) =>
        listRoutes(tx, {
          serviceId: query.service_id ?? null,
          active: query.active === undefined ? null : query.active === "true",
        }));
      return { items: routes.map(routeJson), total: routes.length };
    },
  },
  POST: {
    summary: "Create a transport route, optionally with its stops",
    description: "The service must be a transport service of the Ente; the code is unique " +
      "within the service (409 otherwise).",
    tags: ["transport"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: NewRouteBody,
    response: RouteWithStopsSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        if (!await isTransportService(tx, body.service_id)) {
          throw fieldProblem("service_id", "No transport service with this id in your Ente");
        }
        if (await routeCodeTaken(tx, body.service_id, body.code)) {
          throw new HttpError(409, `The service already has a route with code ${body.code}`, {
            code: "conflict",
          });
        }
        const id = await createRoute(tx, claims.app_metadata.tenant_id!, {
          service_id: body.service_id,
          code: body.code,
          name: body.name,
          direction_notes: body.direction_notes ?? null,
          color: body.color ?? DEFAULT_COLOR,
          vehicle: body.vehicle ?? null,
          capacity: body.capacity ?? null,
          active: body.active ?? true,
        });
        if (body.stops?.length) {
          // A new route has no stops yet: ids sent along cannot name one.
          const stops = stopInputs(body.stops).map((s) => ({ ...s, id: null }));
          await replaceStops(tx, id, stops);
        }
        const d = (await getRouteDetail(tx, id))!;
        return { ...routeJson(d.route), stops: d.stops.map(stopJson) };
      });
    },
  },
});

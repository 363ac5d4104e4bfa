import { z } from "zod";
import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { MEMBER_ROLES } from "../../../../../lib/db/types.ts";
import { getRouteDetail, replaceStops } from "../../../../../lib/transport/mod.ts";
import {
  routeJson,
  RouteWithStopsSchema,
  stopInputs,
  stopJson,
  StopsBody,
  StopSchema,
} from "../../../../../lib/transport/schemas.ts";
import { notFound } from "../[id].ts";
import { fieldProblem } from "../index.ts";

export const handler = defineApi({
  GET: {
    summary: "The stops of a transport route, in order",
    tags: ["transport"],
    access: { roles: [...MEMBER_ROLES], apiKey: "read" },
    params: IdParams,
    response: z.strictObject({ items: z.array(StopSchema) }),
    async run({ params, claims, state }) {
      const d = await state.db.asUser(claims, (tx) => getRouteDetail(tx, params.id));
      if (!d) throw notFound();
      return { items: d.stops.map(stopJson) };
    },
  },
  PUT: {
    summary: "Replace the ordered list of a route's stops",
    description: "The order of `stops` is the order on the way to school. A stop sent with its " +
      "`id` is kept (renamed, moved or reordered: what refers to it still does), a stop without " +
      "`id` is added, and the route's stops left out are deleted. All or nothing.",
    tags: ["transport"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: StopsBody,
    response: RouteWithStopsSchema,
    async run({ params, body, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        const r = await replaceStops(tx, params.id, stopInputs(body.stops));
        if (!r.ok && r.reason === "not_found") throw notFound();
        if (!r.ok && r.reason === "unknown_stop") {
          throw fieldProblem(`stops.${r.index}.id`, "Not a stop of this route");
        }
        const d = (await getRouteDetail(tx, params.id))!;
        return { ...routeJson(d.route), stops: d.stops.map(stopJson) };
      });
    },
  },
});

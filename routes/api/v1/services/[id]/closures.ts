import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { READ_MEMBERS, withService, WRITE_STAFF } from "../../../../../lib/services/api.ts";
import {
  addClosure,
  listClosures,
  replaceClosures,
} from "../../../../../lib/services/calendar_db.ts";
import {
  ClosureIn,
  ClosureList,
  ClosureSchema,
  ClosuresPut,
} from "../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Ad-hoc closures of a service",
    description: "Strikes, snow, elections…: days the service does not run, with the reason.",
    tags: ["services"],
    access: READ_MEMBERS,
    params: IdParams,
    response: ClosureList,
    run({ params, claims, state }) {
      return withService(state, claims, params.id, async (tx) => ({
        items: await listClosures(tx, params.id),
      }));
    },
  },
  POST: {
    summary: "Add a closure",
    tags: ["services"],
    access: WRITE_STAFF,
    params: IdParams,
    body: ClosureIn,
    response: ClosureSchema,
    status: 201,
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, (tx) =>
        addClosure(tx, params.id, {
          kind: body.kind,
          reason: body.reason,
          starts_on: body.starts_on,
          ends_on: body.ends_on ?? body.starts_on,
        }));
    },
  },
  PUT: {
    summary: "Replace every closure of a service",
    description: "Send the whole list: closures not in it are removed.",
    tags: ["services"],
    access: WRITE_STAFF,
    params: IdParams,
    body: ClosuresPut,
    response: ClosureList,
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => ({
        items: await replaceClosures(
          tx,
          params.id,
          body.items.map((c: { starts_on: string; ends_on?: string }) => ({
            ...c,
            ends_on: c.ends_on ?? c.starts_on,
          })),
        ),
      }));
    },
  },
});

import { z } from "zod";
import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { apiEnrollmentError } from "../../../../../lib/enrollment/errors.ts";
import {
  listMessages,
  MessageInput,
  MessageSchema,
  postMessage,
} from "../../../../../lib/enrollment/messages.ts";
import { getApplication } from "../../../../../lib/enrollment/applications.ts";
import { notFound } from "../[id].ts";

const Thread = z.object({ items: z.array(MessageSchema) });

export const handler = defineApi({
  GET: {
    summary: "The messages of an application, oldest first",
    description: "Between the office and the family, and the system's notes (submission, " +
      "outcomes). 404 when the application is not visible to the caller.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    params: IdParams,
    response: Thread,
    async run({ params, claims, state }) {
      const items = await state.db.asUser(
        claims,
        async (tx) =>
          await getApplication(tx, params.id) ? await listMessages(tx, params.id) : null,
      );
      if (!items) throw notFound();
      return { items };
    },
  },
  POST: {
    summary: "Write a message about an application",
    description: "A family member writes to the office (portal); staff write to the family, and " +
      "with `email: true` the message is also mailed to the applicant's declared address.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "write" },
    params: IdParams,
    body: MessageInput,
    response: MessageSchema,
    status: 201,
    errors: [404],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, async (tx) => {
          const id = await postMessage(tx, params.id, body, claims.sub);
          return (await listMessages(tx, params.id)).find((m) => m.id === id)!;
        });
      } catch (e) {
        throw apiEnrollmentError(e);
      }
    },
  },
});

import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { MEMBER_ROLES } from "../../../../lib/db/types.ts";
import {
  deleteSubscription,
  listSubscriptions,
  PushSubscriptionBody,
  PushSubscriptionJson,
  saveSubscription,
} from "../../../../lib/push/subscriptions.ts";
import { vapidKeys } from "../../../../lib/push/vapid.ts";

export const handler = defineApi({
  GET: {
    summary: "The caller's devices enabled for push notifications",
    description:
      "Only the signed-in user's own devices in this Ente; `vapid_public_key` is the key a " +
      "browser subscribes with (`applicationServerKey`).",
    tags: ["push"],
    access: { roles: MEMBER_ROLES },
    response: z.object({
      items: z.array(PushSubscriptionJson),
      vapid_public_key: z.string(),
    }),
    async run({ claims, state }) {
      const items = await state.db.asUser(claims, (tx) => listSubscriptions(tx));
      return { items, vapid_public_key: (await vapidKeys(state.db)).publicKey };
    },
  },
  POST: {
    summary: "Enable push notifications on this device",
    description:
      "Body: the browser's `PushSubscription.toJSON()`. Idempotent per device: sending the same " +
      "endpoint again refreshes its keys. A device belongs to the last user who enabled it: the " +
      "endpoint is removed from any other user first.",
    tags: ["push"],
    access: { roles: MEMBER_ROLES },
    body: PushSubscriptionBody,
    response: PushSubscriptionJson,
    status: 201,
    async run({ body, claims, state, c }) {
      const ua = c.req.header("user-agent")?.slice(0, 500) ?? null;
      return await state.db.asUser(claims, (tx) => saveSubscription(tx, body, ua));
    },
  },
  DELETE: {
    summary: "Disable push notifications on this device, by its endpoint",
    description:
      "For the browser that unsubscribes itself (it knows its endpoint, not the record's id). " +
      "Idempotent: 204 whether or not the device was enabled.",
    tags: ["push"],
    access: { roles: MEMBER_ROLES },
    query: z.object({ endpoint: z.url().max(2000) }),
    status: 204,
    response: z.null(),
    async run({ query, claims, state }) {
      await state.db.asUser(claims, (tx) => deleteSubscription(tx, { endpoint: query.endpoint }));
      return null;
    },
  },
});

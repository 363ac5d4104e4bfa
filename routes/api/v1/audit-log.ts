import { z } from "zod";
import { defineApi } from "../../../lib/api/define_api.ts";
import { listAuditEntries } from "../../../lib/audit/db.ts";

const Json = z.record(z.string(), z.unknown());

const AuditEntryJson = z.object({
  id: z.int().describe("Increasing with time of recording"),
  at: z.iso.datetime({ offset: true }),
  actor: z.object({
    kind: z.enum(["user", "api_key", "system"]),
    id: z.uuid().nullable().describe("The user's or API key's id; null for the system"),
    name: z.string().nullable()
      .describe("The person's name or the key's name, when visible to the caller"),
  }),
  action: z.string().describe("`insert`, `update`, `delete` for row changes; events by name"),
  entity: z.string().describe("What was changed: a table name such as `api_keys`"),
  entity_id: z.string().nullable(),
  before: Json.nullable().describe("The row before the change (secrets are never recorded)"),
  after: Json.nullable().describe("The row after the change"),
  details: Json.nullable().describe("Event details (e.g. the client address of a sign-in)"),
});

const Query = z.object({
  entity: z.string().min(1).max(100).optional().describe("Exactly this entity, e.g. `api_keys`"),
  action: z.string().min(1).max(100).optional().describe("Exactly this action, e.g. `update`"),
  actor_id: z.uuid().optional().describe("Only what this person or API key did"),
  actor: z.string().trim().min(1).max(100).optional()
    .describe("Part of the actor's name or e-mail, or of the API key's name"),
  from: z.iso.date().optional().describe("First day included (Europe/Rome), YYYY-MM-DD"),
  to: z.iso.date().optional().describe("Last day included (Europe/Rome), YYYY-MM-DD"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d{1,18}$/, { error: "must be a next_cursor value" }).optional()
    .describe("`next_cursor` of the previous page"),
});

export const handler = defineApi({
  GET: {
    summary: "The Ente's audit log, newest first",
    description: "Who changed what and when, with the row before and after. Keyset pagination: " +
      "pass `next_cursor` back as `cursor` until it is null. Platform events are not included.",
    tags: ["audit"],
    access: { roles: ["admin"], apiKey: "read" },
    query: Query,
    response: z.object({
      items: z.array(AuditEntryJson),
      next_cursor: z.string().nullable(),
    }),
    async run({ query, claims, state }) {
      const page = await state.db.asUser(claims, (tx) =>
        listAuditEntries(tx, {
          entity: query.entity,
          action: query.action,
          actorId: query.actor_id,
          actor: query.actor,
          from: query.from,
          to: query.to,
        }, { limit: query.limit, cursor: query.cursor }));
      return {
        items: page.entries.map((e) => ({
          id: e.id,
          at: new Date(e.at).toISOString(),
          actor: { kind: e.actor_kind, id: e.actor_id, name: e.actor_name },
          action: e.action,
          entity: e.entity,
          entity_id: e.entity_id,
          before: e.before,
          after: e.after,
          details: e.details,
        })),
        next_cursor: page.nextCursor,
      };
    },
  },
});

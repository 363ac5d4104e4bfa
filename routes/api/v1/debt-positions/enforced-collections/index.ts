import { defineApi } from "../../../../../lib/api/define_api.ts";
import { COLLECTION_MAX_POSITIONS } from "../../../../../lib/billing/enforced_collection.ts";
import {
  getCollection,
  listCollections,
} from "../../../../../lib/billing/enforced_collection_read.ts";
import {
  createCollection,
  previewCollection,
} from "../../../../../lib/billing/enforced_collection_record.ts";
import {
  CollectionBody,
  collectionInputOf,
  CollectionOutcomeSchema,
  CollectionPage,
  CollectionsQuery,
  refusal,
  selectionOf,
} from "./_schemas.ts";

/** Who reads and makes the lists, as the database allows it (`app.can_bill()`). */
const OFFICE = { roles: ["admin", "operator"] } as const;

export const handler = defineApi({
  GET: {
    summary: "Lists handed to enforced collection (riscossione coattiva)",
    description:
      "The Ente's hand-over lists («liste di carico») of overdue positions, newest first, with " +
      "the rule each was made with, its totals at hand-over and how many positions were " +
      "withdrawn since. Office sessions only (admins and operators): the database lets only " +
      "the billing office read them, so API keys are refused, as in the office's pages.",
    tags: ["billing"],
    access: OFFICE,
    query: CollectionsQuery,
    response: CollectionPage,
    async run({ query, claims, state }) {
      const page = await state.db.asUser(
        claims,
        (tx) => listCollections(tx, query.limit, query.offset),
      );
      return { ...page, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Hand overdue positions to enforced collection (a new list)",
    description:
      "Takes the overdue positions (of `run_id` when given) reminded at least once, the last " +
      "reminder at least `min_days` ago, not on another list that has not withdrawn them, of " +
      "the payers whose positions so taken add up to at least `min_payer_cents`; the rule of " +
      "the office's «Nuovo elenco per la riscossione coattiva», with the same bounds. " +
      "`dry_run: true` writes nothing and answers what the list would take and what it would " +
      "leave out, by reason (`collection` null). Otherwise the positions are locked, judged " +
      "again and handed over: answered 201 with the new list (`Location` is its page in the " +
      "API); from then on they get no more reminders, and their pagoPA notices stay payable. " +
      "409 `empty` when nothing qualifies (nothing written; the problem carries the counts, " +
      `\`excluded\` by reason), 409 \`too_many\` past ${COLLECTION_MAX_POSITIONS} positions (narrow it with ` +
      "`run_id`). Office sessions only (admins and operators): API keys do not hand families " +
      "over to enforced collection, as they send no reminders, and the database refuses them.",
    tags: ["billing"],
    access: OFFICE,
    body: CollectionBody,
    response: CollectionOutcomeSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state, c }) {
      const input = collectionInputOf(body);
      if (body.dry_run) {
        const selection = await state.db.asUser(claims, (tx) => previewCollection(tx, input));
        return { collection: null, selection: selectionOf(selection) };
      }
      const out = await state.db.asUser(claims, async (tx) => {
        const result = await createCollection(tx, input);
        if (!("id" in result)) return result;
        const read = await getCollection(tx, result.id);
        return { collection: read!.collection, selection: result.selection };
      });
      if ("error" in out) throw refusal(out.error, out.selection);
      c.header("Location", `/api/v1/debt-positions/enforced-collections/${out.collection.id}`);
      return { collection: out.collection, selection: selectionOf(out.selection) };
    },
  },
});

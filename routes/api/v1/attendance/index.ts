import {
  AttendanceQuery,
  BatchResponse,
  batchResponse,
  listMarks,
  MarkBatch,
  MarkPage,
  recorderOf,
  sourceFor,
} from "../../../../lib/attendance/api_marks.ts";
import { recordMarks } from "../../../../lib/attendance/marks.ts";
import { defineApi } from "../../../../lib/api/define_api.ts";

export const handler = defineApi({
  GET: {
    summary: "Attendance marks (presenze) of a day or a period",
    description: "For school e-registers and reports: the marks of one `day`, or `from`–`to`, " +
      "filtered by service, class, site or enrollment, in day order. Staff and API keys with " +
      "the read scope see the Ente's marks, a teacher those of their classes. `voided` marks " +
      "belong to a day the Ente closed afterwards and are never billed.",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "read" },
    query: AttendanceQuery,
    response: MarkPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) => listMarks(tx, query));
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Record a batch of attendance marks",
    description: "Up to 1,000 marks `{enrollment_id, day, status, meal?, marked_at?}` from a " +
      "provider's system, an e-register or a teacher. Idempotent on enrollment and day (the " +
      "enrollment implies the service): sending the same facts again answers `unchanged`; a " +
      "mark made (`marked_at`) before the one stored answers `stale` with the one kept. Each " +
      "mark is checked on its own — enrolled that day, a service day, not in the future, in " +
      "the caller's reach (an enrollment of another Ente or class is `not_found`) — and a " +
      "rejected mark does not stop the others: the answer is 200 with a result per mark, in " +
      "order, and totals. 422 only when the batch itself is malformed (nothing is recorded).",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "write" },
    body: MarkBatch,
    response: BatchResponse,
    async run({ body, claims, state }) {
      const results = await state.db.asUser(claims, (tx) =>
        recordMarks(tx, body.marks, {
          source: sourceFor(claims, "api"),
          userId: recorderOf(claims, state.auth),
        }));
      return batchResponse(results);
    },
  },
});

import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  AbsenceBody,
  AbsenceList,
  AbsenceQuery,
  AbsenceSchema,
  createAbsence,
  listAbsences,
} from "../../../../lib/attendance/absences_api.ts";
import { recorderOf } from "../../../../lib/attendance/api_marks.ts";

export const handler = defineApi({
  GET: {
    summary: "Planned absence periods (assenze programmate)",
    description: "The periods of the children of a class (`class_id`) or of one enrollment " +
      "(`enrollment_id`), optionally those overlapping `from`–`to`, by first day. Staff and " +
      "API keys see the Ente's, a teacher those of their classes, a family its own children's; " +
      "anything else is simply not listed.",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "teacher", "family"], apiKey: "read" },
    query: AbsenceQuery,
    response: AbsenceList,
    async run({ query, claims, state }) {
      return { items: await state.db.asUser(claims, (tx) => listAbsences(tx, query)) };
    },
  },
  POST: {
    summary: "Plan an absence period for a child",
    description: "`{enrollment_id, from_day, to_day, reason}`: the roster shows the child " +
      "absent on those days. Checked like the teachers' register: the days within the " +
      "enrollment, at most a year, no overlap with another planned period, a reason of 3–500 " +
      "characters. Teachers plan for the children of their classes, the office for the Ente. " +
      "422 with `errors[]` (Italian in `message_it`) and nothing stored otherwise.",
    tags: ["attendance"],
    access: { roles: ["admin", "operator", "teacher"], apiKey: "write" },
    body: AbsenceBody,
    response: AbsenceSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      return await state.db.asUser(
        claims,
        (tx) => createAbsence(tx, body, recorderOf(claims, state.auth)),
      );
    },
  },
});

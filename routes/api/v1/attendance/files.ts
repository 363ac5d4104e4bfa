import { z } from "zod";
import { recorderOf } from "../../../../lib/attendance/api_marks.ts";
import { importAttendanceCsv } from "../../../../lib/attendance/csv_import.ts";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";

const Message = z.object({ it: z.string(), en: z.string() });
const Outcome = z.enum(["recorded", "unchanged", "stale", "rejected"]);

const ImportReport = z.object({
  delimiter: z.enum([";", ","]),
  rows: z.int().describe("Data rows read (blank lines skipped)"),
  totals: z.record(Outcome, z.int()),
  lines: z.array(z.object({
    line: z.int().describe("Line of the file (the header is line 1)"),
    outcome: Outcome,
    enrollment_id: z.uuid().nullable(),
    day: z.iso.date().nullable(),
    reason: Message.nullable().describe("Why the row was rejected or kept out"),
  })),
});

export const handler = defineApi({
  POST: {
    summary: "Import attendance from a CSV file",
    description: "The file itself as the body (`text/csv`, UTF-8, with or without BOM) in the " +
      "layout of docs/attendance_csv.md: a header row naming the columns `codice_fiscale` (or " +
      "`iscrizione`, the enrollment id), `servizio`, `data` (dd/mm/yyyy or yyyy-mm-dd), `stato` " +
      "(P present, A absent, D cancelled) and optionally `pasto` (B = pasto in bianco), " +
      "separated by `;` or `,`. Rows are independent: every good row is recorded (idempotent, " +
      "as in POST /api/v1/attendance) and every other one is reported with its line and reason. " +
      "422 `invalid_file` when the file cannot be read at all (no header, missing columns).",
    tags: ["attendance"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    bodyType: "csv",
    body: z.string().max(10 * 1024 * 1024).describe("The CSV file"),
    response: ImportReport,
    async run({ body, claims, state }) {
      const report = await state.db.asUser(
        claims,
        (tx) => importAttendanceCsv(tx, body, { userId: recorderOf(claims, state.auth) }),
      );
      if (!report.ok) {
        throw new HttpError(422, report.error.en, {
          code: "invalid_file",
          errors: [{ path: "body", message: report.error.it, code: "invalid_file" }],
        });
      }
      const { ok: _ok, ...out } = report;
      return out;
    },
  },
});

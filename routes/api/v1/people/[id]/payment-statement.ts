import { z } from "zod";
import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { exportStatement } from "../../../../../lib/billing/payment_statement_read.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { romeDate } from "../../../../../lib/i18n/mod.ts";
import { getPerson } from "../../../../../lib/registry/people.ts";

const Day = z.iso.date().describe("calendar date (Europe/Rome)");
const Cents = z.number().int().describe("integer cents");

const Entry = z.object({
  receipt_id: z.uuid(),
  paid_on: Day.describe("the day of the payment (Europe/Rome)"),
  amount_cents: Cents.describe("this payment's share for this child and service"),
  period_start: Day.nullable(),
  period_end: Day.nullable(),
  notice_number: z.string().nullable(),
  iuv: z.string(),
  instalment: z.number().int().describe("0 = single payment, 1..n = instalment"),
  method: z.string().describe("how it was paid, in Italian"),
});

const Service = z.object({
  service: z.string(),
  entries: z.array(Entry),
  total_cents: Cents,
});

const StatementJson = z.object({
  year: z.number().int(),
  payers: z.array(z.object({ id: z.uuid(), name: z.string(), tax_code: z.string().nullable() })),
  children: z.array(z.object({
    beneficiary_id: z.uuid().nullable()
      .describe("null: amounts about no child («Altri importi»)"),
    name: z.string(),
    tax_code: z.string().nullable(),
    services: z.array(Service),
    total_cents: Cents,
  })),
  top_ups: z.array(Service).describe("prepaid wallet top-ups, per service"),
  top_ups_cents: Cents,
  total_cents: Cents.describe("the sum of the receipts: the children's totals plus top-ups"),
  receipts: z.number().int(),
});

export const handler = defineApi({
  GET: {
    summary: "A payer's yearly statement of payments",
    description: "What the payer paid in the calendar year (Europe/Rome), for tax deductions and " +
      "bonus nido: every receipt that credited one of their positions, shared among the " +
      "position's children and services in proportion to its lines (largest remainder, so each " +
      "payment's cents add up), with subtotals per child and service and wallet top-ups apart; " +
      "`total_cents` equals the receipts. The data of the PDF the office downloads from the " +
      "person's page; a year without payments is an empty statement (`receipts` 0). Each read " +
      "of a statement with payments is written to the audit log as an export.",
    tags: ["billing"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    query: z.object({
      year: z.coerce.number().int().min(2000).max(Number(romeDate().slice(0, 4))).optional()
        .describe("the calendar year, up to the current one; the current one when omitted"),
    }),
    response: StatementJson,
    errors: [404],
    async run({ params, query, claims, state }) {
      const year = query.year ?? Number(romeDate().slice(0, 4));
      const { person, data } = await state.db.asUser(claims, async (tx) => {
        const person = await getPerson(tx, params.id);
        if (!person) throw new HttpError(404, "No such person in this Ente", { code: "not_found" });
        return { person, data: await exportStatement(tx, year, person.id) };
      });
      if (data) return { ...data.statement, payers: data.payers };
      return {
        year,
        payers: [{
          id: person.id,
          name: `${person.name} ${person.surname}`.trim(),
          tax_code: person.tax_code,
        }],
        children: [],
        top_ups: [],
        top_ups_cents: 0,
        total_cents: 0,
        receipts: 0,
      };
    },
  },
});

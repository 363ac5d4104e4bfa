/**
 * Importing an attendance file: each parsed row is matched to an enrollment (by codice fiscale
 * and service code, or by enrollment id) under the caller's row-level security, then recorded
 * through `recordMarks` (source `csv`). Rows are independent: a bad row is reported with its line
 * and reason, the good ones are recorded, and importing the same file again changes nothing.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { type CsvMark, type Message, parseAttendanceCsv } from "./csv.ts";
import { type MarkInput, recordMarks } from "./marks.ts";

export type LineOutcome = "recorded" | "unchanged" | "stale" | "rejected";

export interface LineResult {
  line: number;
  outcome: LineOutcome;
  enrollment_id: string | null;
  day: string | null;
  reason: Message | null;
}

export interface ImportReport {
  ok: true;
  delimiter: ";" | ",";
  /** Data rows read (blank lines skipped). */
  rows: number;
  totals: Record<LineOutcome, number>;
  /** Every row, in file order. */
  lines: LineResult[];
}

export type ImportResult = ImportReport | { ok: false; error: Message };

interface Match {
  i: number;
  enrollment_id: string | null;
  service_ok: boolean;
  known_service: boolean;
}

/**
 * Which enrollment each row means: for a codice fiscale, the child's enrollment in that service
 * covering the day (else the latest one, so the rules can say "not enrolled that day").
 */
async function matchRows(tx: Tx, rows: CsvMark[]): Promise<Match[]> {
  if (!rows.length) return [];
  const input = rows.map((r, i) => ({
    i,
    cf: r.tax_code,
    id: r.enrollment_id,
    svc: r.service_code,
    day: r.day,
  }));
  return await tx.query<Match>(
    `select r.i,
            coalesce(byid.id, bycf.id) as enrollment_id,
            (r.svc is null or byid.id is null or byid.code = r.svc) as service_ok,
            (r.svc is null or exists (select 1 from public.services s
               where s.tenant_id = app.tenant_id() and s.code = r.svc)) as known_service
       from jsonb_to_recordset($1::jsonb) as r (i int, cf text, id uuid, svc text, day date)
       left join lateral (
         select e.id, s.code from public.enrollments e
           join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
          where e.tenant_id = app.tenant_id() and e.id = r.id) byid on r.id is not null
       left join lateral (
         select e.id from public.enrollments e
           join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
           join public.people p on p.tenant_id = e.tenant_id and p.id = e.beneficiary_id
          where e.tenant_id = app.tenant_id() and r.id is null and p.tax_code = r.cf
            and s.code = r.svc
          order by (r.day between e.starts_on and coalesce(e.withdrawn_on, e.ends_on)) desc,
                   e.starts_on desc
          limit 1) bycf on r.cf is not null
      order by r.i`,
    [input],
  );
}

/** Parses `text` and records its good rows as the caller; the report lists every row. */
export async function importAttendanceCsv(
  tx: Tx,
  text: string,
  opts: { userId: string | null; now?: Date },
): Promise<ImportResult> {
  const parsed = parseAttendanceCsv(text);
  if (!parsed.ok) return parsed;
  const lines: LineResult[] = parsed.errors.map((e) => ({
    line: e.line,
    outcome: "rejected" as const,
    enrollment_id: null,
    day: null,
    reason: e.reason,
  }));
  const matches = await matchRows(tx, parsed.rows);
  const toRecord: { row: CsvMark; mark: MarkInput }[] = [];
  for (const m of matches) {
    const row = parsed.rows[m.i];
    const reject = (reason: Message) =>
      lines.push({
        line: row.line,
        outcome: "rejected",
        enrollment_id: null,
        day: row.day,
        reason,
      });
    if (!m.known_service) {
      reject({
        it: `Servizio «${row.service_code}» sconosciuto.`,
        en: `Unknown service «${row.service_code}».`,
      });
    } else if (!m.enrollment_id) {
      reject(
        row.tax_code
          ? {
            it:
              `Nessuna iscrizione al servizio ${row.service_code} per il codice fiscale ${row.tax_code}.`,
            en: `No enrollment in service ${row.service_code} for codice fiscale ${row.tax_code}.`,
          }
          : {
            it: "Iscrizione non trovata o non di tua competenza.",
            en: "Enrollment not found or not yours to mark.",
          },
      );
    } else if (!m.service_ok) {
      reject({
        it: `L'iscrizione indicata non è del servizio ${row.service_code}.`,
        en: `The enrollment given is not of service ${row.service_code}.`,
      });
    } else {
      toRecord.push({
        row,
        mark: { enrollment_id: m.enrollment_id, day: row.day, status: row.status, meal: row.meal },
      });
    }
  }
  const results = await recordMarks(tx, toRecord.map((r) => r.mark), {
    source: "csv",
    userId: opts.userId,
    now: opts.now,
  });
  results.forEach((r, k) => {
    const line = toRecord[k].row.line;
    const base = { line, enrollment_id: r.enrollment_id, day: r.day };
    if (r.outcome === "rejected") {
      lines.push({ ...base, outcome: "rejected", reason: { it: r.reason.it, en: r.reason.en } });
    } else if (r.outcome === "stale") {
      lines.push({
        ...base,
        outcome: "stale",
        reason: {
          it: "Esiste già una registrazione più recente per questo giorno: tenuta quella.",
          en: "A more recent mark exists for this day: that one is kept.",
        },
      });
    } else lines.push({ ...base, outcome: r.outcome, reason: null });
  });
  lines.sort((a, b) => a.line - b.line);
  const totals = { recorded: 0, unchanged: 0, stale: 0, rejected: 0 };
  for (const l of lines) totals[l.outcome]++;
  return { ok: true, delimiter: parsed.delimiter, rows: lines.length, totals, lines };
}

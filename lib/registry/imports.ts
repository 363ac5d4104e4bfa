/**
 * Bulk import of an anagrafe extract, in three steps: the uploaded file's rows are stored
 * (`createImport`), the operator sees what would happen to each row (`previewImport`), then
 * `runImport` writes every acceptable row — each row in its own subtransaction, so a row is
 * either wholly imported (person and household membership) or not at all — and keeps a report naming
 * every refused row with its reasons. Importing the same file again reports its rows as already
 * present: nothing is created twice.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { RegistryError } from "./errors.ts";
import type { Extract, ExtractRow } from "./import_parse.ts";
import { type ImportReason, planImport, type PlannedRow } from "./import_rows.ts";
import type { HouseholdRole } from "./labels.ts";
import { personLabel } from "./people.ts";
import { isUuid } from "../codes/uuid.ts";

export interface ImportReportRow {
  line: number;
  label: string;
  tax_code: string | null;
  /** `ready` in a preview; `imported` or `rejected` in the report. */
  outcome: "ready" | "imported" | "rejected";
  reasons: ImportReason[];
  /** The person created, or the one already in the registry for a duplicate. */
  person_id: string | null;
  household: { code: string; role: HouseholdRole } | null;
}

export interface PersonImport {
  id: string;
  file_name: string;
  format: "csv" | "xlsx";
  resident: boolean;
  row_count: number;
  status: "preview" | "imported";
  created_at: string;
  imported_at: string | null;
  /** Rows waiting for the import (cleared once imported). */
  rows: ExtractRow[] | null;
  report: ImportReportRow[] | null;
}

const iso = (d: Date | string | null) => d === null ? null : new Date(d).toISOString();

export function importNotFound(): RegistryError {
  return new RegistryError("not_found", {
    it: "L'importazione indicata non esiste.",
    en: "No such import.",
  });
}

/** Stores an uploaded extract for preview; returns its id. */
export async function createImport(
  tx: Tx,
  input: { fileName: string; extract: Extract; resident: boolean; createdBy: string | null },
): Promise<string> {
  const [{ id }] = await tx.query<{ id: string }>(
    `insert into public.person_imports (tenant_id, file_name, format, resident, row_count, rows,
                                        created_by)
     values ((select app.tenant_id()), $1, $2, $3, $4, $5::text::jsonb, $6) returning id`,
    [
      input.fileName.slice(0, 255) || "anagrafe",
      input.extract.format,
      input.resident,
      input.extract.rows.length,
      JSON.stringify(input.extract.rows),
      input.createdBy,
    ],
  );
  return id;
}

type ImportRow = Omit<PersonImport, "created_at" | "imported_at"> & {
  created_at: Date | string;
  imported_at: Date | string | null;
};

/** One import of the caller's Ente, or null. */
export async function getImport(tx: Tx, id: string, lock = false): Promise<PersonImport | null> {
  if (!isUuid(id)) return null;
  const [r] = await tx.query<ImportRow>(
    `select id, file_name, format, resident, row_count, status, created_at, imported_at, rows, report
       from public.person_imports where tenant_id = (select app.tenant_id()) and id = $1
       ${lock ? "for update" : ""}`,
    [id],
  );
  return r ? { ...r, created_at: iso(r.created_at)!, imported_at: iso(r.imported_at) } : null;
}

/** The latest imports, newest first, with how many rows each imported and refused. */
export async function listImports(tx: Tx, limit = 20) {
  const rows = await tx.query<{
    id: string;
    file_name: string;
    status: "preview" | "imported";
    row_count: number;
    imported: number | null;
    rejected: number | null;
    created_at: Date | string;
  }>(
    `select id, file_name, status, row_count, created_at,
            (select count(*)::int from jsonb_array_elements(report) e
              where e ->> 'outcome' = 'imported') as imported,
            (select count(*)::int from jsonb_array_elements(report) e
              where e ->> 'outcome' = 'rejected') as rejected
       from public.person_imports where tenant_id = (select app.tenant_id())
      order by created_at desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at)! }));
}

/** Rows whose codice fiscale is already in the registry get a reason naming the record. */
async function markDuplicates(tx: Tx, plan: PlannedRow[]): Promise<Map<number, string>> {
  const keys = [...new Set(plan.filter((r) => r.values && r.key).map((r) => r.key!))];
  const existing = new Map<number, string>();
  if (keys.length === 0) return existing;
  const found = await tx.query<{ key: string; id: string; surname: string; name: string }>(
    `select p.tax_code_key as key, s.id, s.surname, s.name
       from public.people p
       join public.people s on s.tenant_id = p.tenant_id and s.id = coalesce(p.merged_into, p.id)
      where p.tenant_id = (select app.tenant_id()) and p.tax_code_key = any($1::text[])`,
    [keys],
  );
  const byKey = new Map(found.map((f) => [f.key, f]));
  for (const r of plan) {
    const f = r.values && r.key ? byKey.get(r.key) : undefined;
    if (!f) continue;
    r.reasons.push({
      code: "duplicate_in_registry",
      it: `Codice fiscale già presente in anagrafe: ${personLabel(f)}.`,
      en: `Codice fiscale already in the registry: ${personLabel(f)}.`,
    });
    r.values = null;
    existing.set(r.line, f.id);
  }
  return existing;
}

const reportRow = (
  r: PlannedRow,
  outcome: ImportReportRow["outcome"],
  personId: string | null,
): ImportReportRow => ({
  line: r.line,
  label: r.label,
  tax_code: r.tax_code,
  outcome,
  reasons: r.reasons,
  person_id: personId,
  household: r.household,
});

/** What importing would do to each row, without writing anything. */
export async function previewImport(tx: Tx, imp: PersonImport): Promise<ImportReportRow[]> {
  const plan = planImport(imp.rows ?? [], { resident: imp.resident });
  const existing = await markDuplicates(tx, plan);
  return plan.map((r) =>
    reportRow(r, r.values ? "ready" : "rejected", existing.get(r.line) ?? null)
  );
}

interface RowResult {
  person_id?: string;
  error?: string;
  constraint?: string | null;
  message?: string;
}

/** Why the database refused a row, for people. */
function failure(r: RowResult): ImportReason {
  if (r.error === "23505" && r.constraint === "people_tax_code_key") {
    return {
      code: "duplicate_in_registry",
      it: "Codice fiscale già presente in anagrafe.",
      en: "Codice fiscale already in the registry.",
    };
  }
  if (r.error === "23514" && /household_parents/.test(r.message ?? "")) {
    return {
      code: "household_parents",
      it: "Il nucleo ha già due genitori.",
      en: "The household already has two parents.",
    };
  }
  return {
    code: `database.${r.error}`,
    it: "La riga non è stata accettata dal database.",
    en: "The database did not accept the row.",
  };
}

/**
 * Imports every acceptable row of a previewed import and stores the report (the parsed rows are
 * dropped). Refused when the import was already run. Returns the report.
 */
export async function runImport(tx: Tx, id: string): Promise<ImportReportRow[]> {
  const imp = await getImport(tx, id, true);
  if (!imp) throw importNotFound();
  if (imp.status !== "preview") {
    throw new RegistryError("import_done", {
      it: "Questa importazione è già stata eseguita: il resoconto è qui sotto.",
      en: "This import was already run: its report is below.",
    });
  }
  const plan = planImport(imp.rows ?? [], { resident: imp.resident });
  const existing = await markDuplicates(tx, plan);
  const report: ImportReportRow[] = [];
  for (const r of plan) {
    if (!r.values) {
      report.push(reportRow(r, "rejected", existing.get(r.line) ?? null));
      continue;
    }
    // Each row in its own subtransaction (app.import_person_row): a refusal leaves nothing of it.
    const household = r.household
      ? {
        code: r.household.code,
        role: r.household.role,
        name: `Famiglia ${r.values.surname}`,
        address: r.values.residence_address,
      }
      : null;
    const [{ result }] = await tx.query<{ result: RowResult }>(
      "select app.import_person_row($1::text::jsonb, $2::text::jsonb) as result",
      [JSON.stringify(r.values), household ? JSON.stringify(household) : null],
    );
    if (result.error) {
      r.reasons.push(failure(result));
      report.push(reportRow(r, "rejected", null));
    } else report.push(reportRow(r, "imported", result.person_id!));
  }
  await tx.query(
    `update public.person_imports set status = 'imported', rows = null, report = $2::text::jsonb,
            imported_at = now()
      where tenant_id = (select app.tenant_id()) and id = $1`,
    [id, JSON.stringify(report)],
  );
  const imported = report.filter((r) => r.outcome === "imported").length;
  await tx.query(
    "select app.audit_event((select app.tenant_id()), 'import', 'person_imports', $1, $2)",
    [id, { file_name: imp.file_name, imported, rejected: report.length - imported }],
  );
  return report;
}

import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import { RegistryError } from "../../../../lib/registry/errors.ts";
import {
  getImport,
  type ImportReportRow,
  type PersonImport,
  previewImport,
  runImport,
} from "../../../../lib/registry/imports.ts";
import { householdRoleLabel } from "../../../../lib/registry/labels.ts";

const BASE = "/operatore/anagrafiche/importa";
/** Accepted rows listed in full up to this many; refused rows are always listed in full. */
const SHOWN_ACCEPTED = 200;

interface Data {
  imp: Omit<PersonImport, "rows" | "report">;
  rows: ImportReportRow[];
  error: string | null;
}

const notFound = () => new HttpError(404, "No such import", { code: "not_found" });

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const data = await state.db.asUser(state.claims!, async (tx) => {
      const imp = await getImport(tx, c.req.param("id") ?? "");
      if (!imp) throw notFound();
      const rows = imp.status === "preview" ? await previewImport(tx, imp) : imp.report ?? [];
      return { imp: { ...imp, rows: undefined, report: undefined }, rows };
    });
    return page({ ...data, error: null });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    try {
      await state.db.asUser(state.claims!, (tx) => runImport(tx, id));
      return c.redirect(`${BASE}/${id}`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError) || e.code === "not_found") {
        if (e instanceof RegistryError) throw notFound();
        throw e;
      }
      const imp = await state.db.asUser(state.claims!, (tx) => getImport(tx, id));
      if (!imp) throw notFound();
      return page({
        imp: { ...imp, rows: undefined, report: undefined },
        rows: imp.report ?? [],
        error: e.text[state.lang],
      }, { status: e.status });
    }
  },
});

function RowsTable(
  { state, rows, caption, reasons }: {
    state: State;
    rows: ImportReportRow[];
    caption: string;
    reasons: boolean;
  },
) {
  const { tr } = state;
  return (
    <div class="table-responsive">
      <table class="table table-sm">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Riga", "Line")}</th>
            <th scope="col">{tr("Persona", "Person")}</th>
            <th scope="col">{tr("Codice fiscale", "Tax code")}</th>
            <th scope="col">{reasons ? tr("Motivo", "Reason") : tr("Nucleo", "Household")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.line}>
              <th scope="row">{r.line}</th>
              <td>
                {r.person_id
                  ? <a href={`/operatore/anagrafiche/persone/${r.person_id}`}>{r.label}</a>
                  : r.label}
              </td>
              <td>{r.tax_code ?? "—"}</td>
              <td>
                {reasons
                  ? (
                    <ul class="mb-0 ps-3">
                      {r.reasons.map((x, i) => <li key={i}>{x[state.lang]}</li>)}
                    </ul>
                  )
                  : r.household
                  ? `${r.household.code} — ${householdRoleLabel(r.household.role, state.lang)}`
                  : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The preview of an upload (what each row will become) or, once imported, its report. */
export default define.page<Data>(function ImportReport({ data, state }) {
  const { tr } = state;
  const { imp, rows } = data;
  const preview = imp.status === "preview";
  const accepted = rows.filter((r) => r.outcome !== "rejected");
  const rejected = rows.filter((r) => r.outcome === "rejected");
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"],
          [tr("Importa da anagrafe", "Import from the anagrafe"), BASE],
          [imp.file_name],
        ]}
      />
      <h1>
        {preview
          ? tr(`Controllo di ${imp.file_name}`, `Check of ${imp.file_name}`)
          : tr(`Esito dell'importazione di ${imp.file_name}`, `Report of ${imp.file_name}`)}
      </h1>
      {data.error && <Alert kind="danger">{data.error}</Alert>}
      <div role="status" class="alert alert-info">
        <p class="mb-0">
          {preview
            ? tr(
              `${imp.row_count} righe lette: ${accepted.length} da importare, ${rejected.length} scartate.`,
              `${imp.row_count} rows read: ${accepted.length} to import, ${rejected.length} refused.`,
            )
            : tr(
              `Importazione del ${
                formatDateTime(state.lang, imp.imported_at!)
              }: ${accepted.length} righe importate, ${rejected.length} scartate.`,
              `Imported on ${
                formatDateTime(state.lang, imp.imported_at!)
              }: ${accepted.length} rows imported, ${rejected.length} refused.`,
            )}
        </p>
      </div>
      {preview && (
        <form method="post" action={`${BASE}/${imp.id}`} class="mb-4">
          <CsrfField state={state} />
          <p>
            {imp.resident
              ? tr("Le persone saranno registrate come residenti.", "People will be residents.")
              : tr(
                "Le persone saranno registrate come non residenti.",
                "People will be non-residents.",
              )}
          </p>
          <button type="submit" class="btn btn-primary" disabled={accepted.length === 0}>
            {tr(`Importa ${accepted.length} righe`, `Import ${accepted.length} rows`)}
          </button>
          <a class="btn btn-outline-primary ms-2" href={BASE}>{tr("Annulla", "Cancel")}</a>
        </form>
      )}
      {rejected.length > 0 && (
        <RowsTable
          state={state}
          rows={rejected}
          reasons
          caption={tr(`Righe scartate (${rejected.length})`, `Refused rows (${rejected.length})`)}
        />
      )}
      {accepted.length > 0 && (
        <RowsTable
          state={state}
          rows={accepted.slice(0, SHOWN_ACCEPTED)}
          reasons={false}
          caption={preview
            ? tr(`Righe da importare (${accepted.length})`, `Rows to import (${accepted.length})`)
            : tr(`Righe importate (${accepted.length})`, `Imported rows (${accepted.length})`)}
        />
      )}
      {accepted.length > SHOWN_ACCEPTED && (
        <p>
          {tr(
            `Sono mostrate le prime ${SHOWN_ACCEPTED} righe.`,
            `The first ${SHOWN_ACCEPTED} rows are shown.`,
          )}
        </p>
      )}
    </>
  );
});

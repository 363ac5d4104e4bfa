import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { MAX_CSV_ROWS } from "../../../../lib/attendance/csv.ts";
import {
  importAttendanceCsv,
  type ImportReport,
  type ImportResult,
} from "../../../../lib/attendance/csv_import.ts";
import { define, page, type State } from "../../../../lib/http/define.ts";
import { UPLOAD_BODY_BYTES } from "../../../../lib/storage/images.ts";

const BASE = "/operatore/presenze/importa";

interface Data {
  errors: FieldErrors;
  report: ImportReport | null;
  /** The file's text, carried from the preview to the import. */
  content: string | null;
  imported: boolean;
}

/** Thrown to roll the preview's transaction back after computing its report. */
class Preview {
  constructor(readonly result: ImportResult) {}
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ errors: {}, report: null, content: null, imported: false });
  },
  async POST(c) {
    const state = c.get("state");
    const claims = state.claims!;
    const body = await c.req.parseBody();
    const refuse = (message: string) =>
      page({ errors: { file: message }, report: null, content: null, imported: false }, {
        status: 422,
      });
    let content: string;
    if (body.action === "import" && typeof body.content === "string") {
      content = body.content;
    } else {
      const file = body.file;
      if (!(file instanceof File) || file.size === 0) {
        return refuse(
          state.tr("Scegli il file CSV da importare.", "Choose the CSV file to import."),
        );
      }
      content = await file.text();
    }
    if (body.action === "import") {
      const report = await state.db.asUser(
        claims,
        (tx) => importAttendanceCsv(tx, content, { userId: claims.sub }),
      );
      if (!report.ok) return refuse(state.tr(report.error.it, report.error.en));
      return page({ errors: {}, report, content: null, imported: true });
    }
    // Preview: the same import, rolled back, so the report says exactly what importing will do.
    let result: ImportResult;
    try {
      await state.db.asUser(claims, async (tx) => {
        throw new Preview(await importAttendanceCsv(tx, content, { userId: claims.sub }));
      });
      throw new Error("unreachable: the preview always rolls back");
    } catch (e) {
      if (!(e instanceof Preview)) throw e;
      result = e.result;
    }
    if (!result.ok) return refuse(state.tr(result.error.it, result.error.en));
    const report = result;
    return page({ errors: {}, report, content, imported: false });
  },
});

const OUTCOME: Record<string, [string, string, string]> = {
  recorded: ["Registrata", "Recorded", "success"],
  unchanged: ["Già presente, invariata", "Already there, unchanged", "secondary"],
  stale: ["Superata da una più recente", "Superseded by a newer mark", "warning"],
  rejected: ["Scartata", "Rejected", "danger"],
};

function Report(
  { state, report, imported, content }: {
    state: State;
    report: ImportReport;
    imported: boolean;
    content: string | null;
  },
) {
  const { tr } = state;
  const t = report.totals;
  const good = t.recorded + t.unchanged;
  const rejected = report.lines.filter((l) =>
    l.outcome !== "recorded" && l.outcome !== "unchanged"
  );
  return (
    <section aria-labelledby="report-title" class="mb-5">
      <h2 id="report-title" class="h4">
        {imported ? tr("Esito dell'importazione", "Import result") : tr("Anteprima", "Preview")}
      </h2>
      {imported
        ? (
          <Alert kind={t.rejected || t.stale ? "warning" : "success"}>
            {tr(
              `Su ${report.rows} righe: ${t.recorded} registrate, ${t.unchanged} già presenti e invariate, ${t.stale} superate da registrazioni più recenti, ${t.rejected} scartate.`,
              `Of ${report.rows} rows: ${t.recorded} recorded, ${t.unchanged} already there and unchanged, ${t.stale} superseded by newer marks, ${t.rejected} rejected.`,
            )}
          </Alert>
        )
        : (
          <Alert kind={t.rejected ? "warning" : "info"}>
            {tr(
              `Su ${report.rows} righe: ${t.recorded} da registrare, ${t.unchanged} già presenti e invariate, ${t.stale} superate da registrazioni più recenti, ${t.rejected} da scartare. Non è ancora stato registrato nulla.`,
              `Of ${report.rows} rows: ${t.recorded} to record, ${t.unchanged} already there and unchanged, ${t.stale} superseded by newer marks, ${t.rejected} to reject. Nothing has been recorded yet.`,
            )}
          </Alert>
        )}
      {rejected.length > 0 && (
        <div class="table-responsive">
          <table class="table" id="rejected-rows">
            <caption>
              {tr("Righe non registrate e motivo", "Rows not recorded and why")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr("Riga", "Line")}</th>
                <th scope="col">{tr("Esito", "Outcome")}</th>
                <th scope="col">{tr("Motivo", "Reason")}</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((l) => (
                <tr key={l.line}>
                  <th scope="row">{l.line}</th>
                  <td>
                    <span class={`badge bg-${OUTCOME[l.outcome][2]}`}>
                      {tr(OUTCOME[l.outcome][0], OUTCOME[l.outcome][1])}
                    </span>
                  </td>
                  <td>{l.reason ? tr(l.reason.it, l.reason.en) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!imported && content !== null && t.recorded > 0 && (
        <form method="post" action={BASE}>
          <CsrfField state={state} />
          <input type="hidden" name="action" value="import" />
          {/* A textarea keeps the file's line breaks exactly (a hidden input may not). */}
          <textarea name="content" hidden>{content}</textarea>
          <button type="submit" class="btn btn-primary">
            {tr(`Registra le ${good} righe valide`, `Record the ${good} valid rows`)}
          </button>
        </form>
      )}
    </section>
  );
}

/** Upload of an attendance file: preview with a row-by-row report, then import. */
export default define.page<Data>(function ImportAttendance({ data, state }) {
  const { tr } = state;
  const mib = Math.floor(UPLOAD_BODY_BYTES / 1024 / 1024);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Presenze", "Attendance"), "/operatore/presenze"], [
          tr("Importa da CSV", "Import from CSV"),
        ]]}
      />
      <h1>{tr("Importa presenze da file CSV", "Import attendance from a CSV file")}</h1>
      <p>
        {tr(
          "Per le presenze rilevate dal gestore della ristorazione, dal registro elettronico o su carta: una riga per bambino e giorno. Le righe sono indipendenti: quelle corrette vengono registrate, quelle con problemi sono elencate con il numero di riga e il motivo, e si possono correggere e ricaricare. Ricaricare lo stesso file non duplica nulla.",
          "For attendance taken by the caterer, the school e-register or on paper: one row per child and day. Rows are independent: the correct ones are recorded, the others are listed with their line and reason, and can be corrected and uploaded again. Uploading the same file again duplicates nothing.",
        )}
      </p>
      <details class="mb-4">
        <summary>{tr("Formato del file", "File layout")}</summary>
        <ul>
          <li>
            {tr(
              "Prima riga di intestazione con i nomi delle colonne, in qualsiasi ordine; separatore punto e virgola (;) o virgola (,); UTF-8.",
              "A header row with the column names, in any order; semicolon (;) or comma (,) separated; UTF-8.",
            )}
          </li>
          <li>
            <code>codice_fiscale</code> {tr("del bambino e", "of the child and")}{" "}
            <code>servizio</code> {tr(
              "(codice del servizio, es. MENSA), oppure",
              "(service code, e.g. MENSA), or",
            )} <code>iscrizione</code> {tr("(codice dell'iscrizione)", "(enrollment id)")}
          </li>
          <li>
            <code>data</code> {tr("gg/mm/aaaa (o aaaa-mm-gg)", "dd/mm/yyyy (or yyyy-mm-dd)")}
          </li>
          <li>
            <code>stato</code>{" "}
            {tr("P presente, A assente, D pasto disdetto", "P present, A absent, D meal cancelled")}
          </li>
          <li>
            <code>pasto</code> {tr(
              "facoltativo: B pasto in bianco, vuoto o N normale",
              "optional: B plain meal (pasto in bianco), empty or N standard",
            )}
          </li>
        </ul>
        <p class="mb-0">
          <a href={`${BASE}/modello`}>
            {tr("Scarica un esempio (.csv)", "Download a sample (.csv)")}
          </a>
        </p>
      </details>
      {data.report && (
        <Report
          state={state}
          report={data.report}
          imported={data.imported}
          content={data.content}
        />
      )}
      <ErrorSummary state={state} errors={data.errors} />
      <form method="post" action={BASE} enctype="multipart/form-data" class="mb-5">
        <CsrfField state={state} />
        <input type="hidden" name="action" value="preview" />
        <div class="form-group">
          <label for="file" class="active">{tr("File CSV", "CSV file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            class={`form-control${data.errors.file ? " is-invalid" : ""}`}
            accept=".csv,text/csv,text/plain"
            aria-describedby={data.errors.file ? "file-hint file-error" : "file-hint"}
            aria-invalid={data.errors.file ? "true" : undefined}
          />
          <small id="file-hint" class="form-text">
            {tr(
              `CSV fino a ${mib} MB e ${MAX_CSV_ROWS} righe. Prima vedrai l'anteprima: nulla viene registrato finché non confermi.`,
              `CSV up to ${mib} MB and ${MAX_CSV_ROWS} rows. You will see a preview first: nothing is recorded until you confirm.`,
            )}
          </small>
          {data.errors.file && (
            <div class="invalid-feedback d-block" id="file-error">{data.errors.file}</div>
          )}
        </div>
        <button type="submit" class="btn btn-primary mt-3">
          {tr("Controlla il file", "Check the file")}
        </button>
      </form>
    </>
  );
});

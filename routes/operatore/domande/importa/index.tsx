import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { UPLOAD_BODY_BYTES } from "../../../../lib/storage/images.ts";
import { EnrollmentError } from "../../../../lib/enrollment/errors.ts";
import { importApplications, type ImportReport } from "../../../../lib/enrollment/import.ts";
import { MAX_ROWS, readSheet } from "../../../../lib/enrollment/import_parse.ts";
import { define, page, type State } from "../../../../lib/http/define.ts";

const BASE = "/operatore/domande/importa";

interface Data {
  errors: FieldErrors;
  report: ImportReport | null;
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ errors: {}, report: null });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody();
    const file = body.file;
    const refuse = (it: string, en: string) =>
      page({ errors: { file: state.tr(it, en) }, report: null }, { status: 422 });
    if (!(file instanceof File) || file.size === 0) {
      return refuse("Scegli il file Excel da importare.", "Choose the Excel file to import.");
    }
    if (!/\.xlsx$/i.test(file.name)) {
      return refuse(
        "Il file deve essere in formato Excel .xlsx: usa il modello scaricato da questa pagina.",
        "The file must be an Excel .xlsx workbook: use the template from this page.",
      );
    }
    try {
      const rows = await readSheet(new Uint8Array(await file.arrayBuffer()));
      const report = await state.db.asUser(
        state.claims!,
        (tx) => importApplications(tx, rows, state.claims!.sub),
      );
      return page({ errors: {}, report }, { status: report.rejected.length ? 422 : 200 });
    } catch (e) {
      if (!(e instanceof EnrollmentError)) throw e;
      return refuse(e.it, e.en);
    }
  },
});

function Report({ state, report }: { state: State; report: ImportReport }) {
  const { tr } = state;
  if (report.rejected.length) {
    return (
      <>
        <div class="alert alert-danger" role="alert">
          <h2 class="h5">
            {tr(
              `Nessuna domanda importata: ${report.rejected.length} righe su ${report.rows} contengono errori.`,
              `No application imported: ${report.rejected.length} of ${report.rows} rows have errors.`,
            )}
          </h2>
          <p class="mb-0">
            {tr(
              "Correggi le righe elencate e carica di nuovo l'intero file.",
              "Correct the rows listed and upload the whole file again.",
            )}
          </p>
        </div>
        <div class="table-responsive">
          <table class="table">
            <caption>{tr("Righe scartate e motivi", "Refused rows and reasons")}</caption>
            <thead>
              <tr>
                <th scope="col">{tr("Riga", "Line")}</th>
                <th scope="col">{tr("Motivi", "Reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((r) => (
                <tr key={r.line}>
                  <th scope="row">{r.line}</th>
                  <td>
                    <ul class="mb-0">
                      {r.reasons.map((x, i) => (
                        <li key={i}>{state.lang === "it" ? x.it : x.en}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  return (
    <>
      <Alert kind="success">
        {tr(
          `Importate ${report.imported.length} domande da ${report.rows} righe, protocollate e inviate.`,
          `Imported ${report.imported.length} applications from ${report.rows} rows, numbered and submitted.`,
        )}
      </Alert>
      <div class="table-responsive">
        <table class="table">
          <caption>{tr("Domande importate", "Imported applications")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Protocollo", "Protocol")}</th>
              <th scope="col">{tr("Richiedente", "Applicant")}</th>
              <th scope="col">{tr("Righe del file", "File lines")}</th>
            </tr>
          </thead>
          <tbody>
            {report.imported.map((a) => (
              <tr key={a.protocol_number}>
                <th scope="row">
                  <a href={`/operatore/domande?q=${encodeURIComponent(a.protocol_number)}`}>
                    {a.protocol_number}
                  </a>
                </th>
                <td>{a.applicant}</td>
                <td>{a.lines.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Upload of a spreadsheet of applications: all rows valid, or nothing imported. */
export default define.page<Data>(function ImportApplications({ data, state }) {
  const { tr } = state;
  const mib = Math.floor(UPLOAD_BODY_BYTES / 1024 / 1024);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Domande", "Applications"), "/operatore/domande"], [
          tr("Importa da Excel", "Import from Excel"),
        ]]}
      />
      <h1>{tr("Importa domande da Excel", "Import applications from Excel")}</h1>
      <p>
        {tr(
          "Per le domande raccolte su carta o da un altro gestionale: una riga per ogni bambino e servizio. Le righe dello stesso richiedente e anno scolastico diventano una sola domanda, protocollata e inviata dall'ufficio (anche fuori dal periodo di iscrizione).",
          "For applications collected on paper or from another system: one row per child and service. Rows of the same applicant and school year become one application, numbered and submitted by the office (also outside the enrollment window).",
        )}
      </p>
      <p>
        <a class="btn btn-outline-primary" href={`${BASE}/modello`}>
          {tr("Scarica il modello (.xlsx)", "Download the template (.xlsx)")}
        </a>
      </p>
      {data.report && <Report state={state} report={data.report} />}
      <ErrorSummary state={state} errors={data.errors} />
      <form method="post" action={BASE} enctype="multipart/form-data" class="mb-5">
        <CsrfField state={state} />
        <div class="form-group">
          <label for="file" class="active">{tr("File da importare", "File to import")}</label>
          <input
            id="file"
            name="file"
            type="file"
            class="form-control"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={data.errors.file ? "file-hint file-error" : "file-hint"}
            aria-invalid={data.errors.file ? "true" : undefined}
          />
          <small id="file-hint" class="form-text">
            {tr(
              `Excel .xlsx, fino a ${mib} MB e ${MAX_ROWS} righe. Se anche una sola riga ha errori non viene importato nulla.`,
              `Excel .xlsx, up to ${mib} MB and ${MAX_ROWS} rows. If any row has errors nothing is imported.`,
            )}
          </small>
          {data.errors.file && (
            <div class="invalid-feedback d-block" id="file-error">{data.errors.file}</div>
          )}
        </div>
        <button type="submit" class="btn btn-primary mt-3">
          {tr("Controlla e importa", "Check and import")}
        </button>
      </form>
    </>
  );
});

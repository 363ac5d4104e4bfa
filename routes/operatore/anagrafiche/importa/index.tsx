import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { MAX_BODY_BYTES } from "../../../../lib/app.ts";
import { define, page } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import { RegistryError } from "../../../../lib/registry/errors.ts";
import { readExtract } from "../../../../lib/registry/import_parse.ts";
import { createImport, listImports } from "../../../../lib/registry/imports.ts";
import { RegistryTabs } from "../(_components)/RegistryTabs.tsx";
import { CheckField, type FormBody } from "../(_components)/fields.tsx";

const BASE = "/operatore/anagrafiche/importa";

interface Data {
  imports: Awaited<ReturnType<typeof listImports>>;
  errors: FieldErrors;
  resident: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const imports = await db.asUser(claims!, (tx) => listImports(tx));
    return page({ imports, errors: {}, resident: true });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody() as FormBody;
    const file = body.file;
    const resident = body.resident === "1";
    const refuse = async (message: string) => {
      const imports = await state.db.asUser(state.claims!, (tx) => listImports(tx));
      return page({ imports, errors: { file: message }, resident }, { status: 422 });
    };
    if (!(file instanceof File) || file.size === 0) {
      return await refuse(state.tr("Scegli il file da importare.", "Choose the file to import."));
    }
    try {
      const extract = await readExtract(new Uint8Array(await file.arrayBuffer()), file.name);
      const id = await state.db.asUser(state.claims!, (tx) =>
        createImport(tx, {
          fileName: file.name,
          extract,
          resident,
          createdBy: state.claims!.sub,
        }));
      return c.redirect(`${BASE}/${id}`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return await refuse(e.text[state.lang]);
    }
  },
});

/** Upload of an anagrafe extract (CSV or Excel), then a preview before anything is written. */
export default define.page<Data>(function ImportPage({ data, state }) {
  const { tr } = state;
  const mib = Math.floor(MAX_BODY_BYTES / 1024 / 1024);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"], [
          tr("Importa da anagrafe", "Import from the anagrafe"),
        ]]}
      />
      <h1>{tr("Importa da anagrafe", "Import from the anagrafe")}</h1>
      <RegistryTabs state={state} current={BASE} />
      <p>
        {tr(
          "Carica un estratto dell'anagrafe (ANPR o gestionale demografico) in formato CSV o Excel (.xlsx). Colonne obbligatorie: Codice fiscale, Cognome, Nome; facoltative: Sesso, Data di nascita, Comune di nascita, Codice catastale, Cittadinanza, Indirizzo, Civico, E-mail, Cellulare, PEC, Codice famiglia, Relazione di parentela.",
          "Upload an extract of the anagrafe (ANPR or the registry office's software) as CSV or Excel (.xlsx). Required columns: Codice fiscale, Cognome, Nome; optional: Sesso, Data di nascita, Comune di nascita, Codice catastale, Cittadinanza, Indirizzo, Civico, E-mail, Cellulare, PEC, Codice famiglia, Relazione di parentela.",
        )}
      </p>
      <p>
        {tr(
          "Prima dell'importazione vedrai che cosa succederà a ogni riga; le righe con errori o già presenti non vengono importate e sono elencate con il motivo.",
          "Before importing you will see what happens to each row; rows with errors or already present are not imported and are listed with the reason.",
        )}
      </p>
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
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={data.errors.file ? "file-hint file-error" : "file-hint"}
            aria-invalid={data.errors.file ? "true" : undefined}
          />
          <small id="file-hint" class="form-text">
            {tr(`CSV o .xlsx, fino a ${mib} MB.`, `CSV or .xlsx, up to ${mib} MB.`)}
          </small>
          {data.errors.file && (
            <div class="invalid-feedback d-block" id="file-error">{data.errors.file}</div>
          )}
        </div>
        <CheckField
          id="resident"
          label={tr(
            "Le persone sono residenti nel Comune",
            "The people are residents of the Comune",
          )}
          checked={data.resident}
        />
        <button type="submit" class="btn btn-primary mt-3">
          {tr("Carica e controlla", "Upload and check")}
        </button>
      </form>
      {data.imports.length > 0 && (
        <div class="table-responsive">
          <table class="table">
            <caption>{tr("Importazioni recenti", "Recent imports")}</caption>
            <thead>
              <tr>
                <th scope="col">{tr("File", "File")}</th>
                <th scope="col">{tr("Caricato", "Uploaded")}</th>
                <th scope="col">{tr("Righe", "Rows")}</th>
                <th scope="col">{tr("Esito", "Outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {data.imports.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <a href={`${BASE}/${i.id}`}>{i.file_name}</a>
                  </th>
                  <td>{formatDateTime(state.lang, i.created_at)}</td>
                  <td>{i.row_count}</td>
                  <td>
                    {i.status === "preview" ? tr("Da confermare", "To be confirmed") : tr(
                      `${i.imported} importate, ${i.rejected} scartate`,
                      `${i.imported} imported, ${i.rejected} refused`,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
});

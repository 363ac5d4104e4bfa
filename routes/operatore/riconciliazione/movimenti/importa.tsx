import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FileField } from "../../../../components/FileField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { importTreasury, type TreasuryImport } from "../../../../lib/reconciliation/store.ts";
import {
  parseTreasuryCsv,
  type TreasuryRowError,
} from "../../../../lib/reconciliation/treasury_csv.ts";
import { BASE } from "../(_components)/parts.tsx";

const MAX_BYTES = 900 * 1024;

interface Data {
  errors: FieldErrors;
  result: TreasuryImport | null;
  rejected: TreasuryRowError[];
  file: string | null;
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ errors: {}, result: null, rejected: [], file: null });
  },
  async POST(c) {
    const state = c.get("state");
    const tr = state.tr;
    const body = await c.req.parseBody();
    const file = body.estratto instanceof File ? body.estratto : null;
    const refuse = (message: string) =>
      page({ errors: { estratto: message }, result: null, rejected: [], file: null }, {
        status: 422,
      });
    if (!file || file.size === 0) {
      return refuse(
        tr("Scegli il file CSV dell'estratto conto.", "Choose the statement's CSV file."),
      );
    }
    if (file.size > MAX_BYTES) {
      return refuse(tr(
        "Il file supera i 900 KB: dividilo per periodo.",
        "The file exceeds 900 KB: split it by period.",
      ));
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return refuse(tr(
        "Il file non è un testo UTF-8: salvalo come «CSV UTF-8».",
        "The file is not UTF-8 text: save it as “CSV UTF-8”.",
      ));
    }
    const parsed = parseTreasuryCsv(text);
    if (!parsed.ok) return refuse(parsed.error[state.lang]);
    if (!parsed.rows.length) {
      return page({
        errors: {
          estratto: tr(
            "Nessuna riga valida nel file: correggi le righe indicate e riprova.",
            "No valid row in the file: fix the rows listed and try again.",
          ),
        },
        result: null,
        rejected: parsed.errors,
        file: file.name,
      }, { status: 422 });
    }
    const result = await state.db.asUser(
      state.claims!,
      (tx) => importTreasury(tx, parsed.rows, file.name.slice(0, 255)),
    );
    return page({ errors: {}, result, rejected: parsed.errors, file: file.name });
  },
});

/** Uploads the treasury statement (CSV, docs/treasury_csv.md) and shows what was matched. */
export default define.page<Data>(function ImportStatement({ data, state }) {
  const tr = state.tr;
  const r = data.result;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Riconciliazione", "Reconciliation"), BASE],
          [tr("Movimenti di tesoreria", "Treasury movements"), `${BASE}/movimenti`],
          [tr("Importa l'estratto conto", "Import the statement")],
        ]}
      />
      <h1>{tr("Importa l'estratto conto di tesoreria", "Import the treasury statement")}</h1>
      {r && (
        <Alert kind={data.rejected.length ? "warning" : "success"}>
          {tr(
            `${data.file}: ${r.inserted} movimenti registrati, ${r.matched} abbinati a un flusso o a una ricevuta, ${r.already} già presenti, ${data.rejected.length} righe scartate.`,
            `${data.file}: ${r.inserted} movements stored, ${r.matched} matched to a flow or a receipt, ${r.already} already present, ${data.rejected.length} rows rejected.`,
          )}
        </Alert>
      )}
      <ErrorSummary state={state} errors={data.errors} />
      {data.rejected.length > 0 && (
        <div class="table-responsive">
          <table class="table table-sm">
            <caption>
              {tr(
                `Righe scartate: ${data.rejected.length}`,
                `Rejected rows: ${data.rejected.length}`,
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr("Riga", "Line")}</th>
                <th scope="col">{tr("Motivo", "Reason")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rejected.map((e) => (
                <tr key={e.line}>
                  <th scope="row">{e.line}</th>
                  <td>{e.reason[state.lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {tr(
          "Una riga per movimento con le colonne «data», «importo» (o «entrate»/«uscite») e «causale»; facoltative «data valuta» e «riferimento». Separatore punto e virgola o virgola. Lo stesso estratto importato due volte non duplica i movimenti.",
          "One row per movement with the columns «data», «importo» (or «entrate»/«uscite») and «causale»; «data valuta» and «riferimento» optional. Semicolon or comma separated. The same statement imported twice does not duplicate movements.",
        )}
      </p>
      <form
        method="post"
        action={`${BASE}/movimenti/importa`}
        enctype="multipart/form-data"
        noValidate
      >
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <FileField
          state={state}
          id="estratto"
          label={tr("File dell'estratto conto (CSV)", "Statement file (CSV)")}
          errors={data.errors}
          accept=".csv,text/csv,text/plain"
          required
          hint={tr("CSV UTF-8, al massimo 900 KB.", "UTF-8 CSV, at most 900 KB.")}
        />
        <button type="submit" class="btn btn-primary">{tr("Importa", "Import")}</button>
        <a class="btn btn-outline-primary ms-2" href={`${BASE}/movimenti`}>
          {tr("Torna ai movimenti", "Back to the movements")}
        </a>
      </form>
    </>
  );
});

import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { FileField } from "../../../components/FileField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../components/TextField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { MAX_FLOW_BYTES, parseFlowXml } from "../../../lib/reconciliation/fdr_xml.ts";
import { importFlow } from "../../../lib/reconciliation/store.ts";
import { BASE } from "./(_components)/parts.tsx";

interface Data {
  errors: FieldErrors;
  /** xmllint's messages beyond the first, listed under the summary. */
  details: string[];
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ errors: {}, details: [] });
  },
  async POST(c) {
    const state = c.get("state");
    const tr = state.tr;
    const body = await c.req.parseBody();
    const file = body.flusso instanceof File ? body.flusso : null;
    const refuse = (message: string, details: string[] = []) =>
      page({ errors: { flusso: message }, details }, { status: 422 });
    if (!file || file.size === 0) {
      return refuse(tr("Scegli il file XML del flusso.", "Choose the flow's XML file."));
    }
    if (file.size > MAX_FLOW_BYTES) {
      return refuse(tr(
        "Il file supera i 5 MB: scarica i flussi grandi con il collegamento a pagoPA.",
        "The file exceeds 5 MB: fetch large flows through the pagoPA connection.",
      ));
    }
    let xml: string;
    try {
      xml = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return refuse(tr("Il file non è un testo UTF-8.", "The file is not UTF-8 text."));
    }
    const parsed = await parseFlowXml(xml);
    if (!parsed.ok) {
      const [first, ...rest] = parsed.errors.map((e) => e[state.lang]);
      return refuse(first, rest);
    }
    const r = await state.db.asUser(
      state.claims!,
      (tx) => importFlow(tx, { flow: parsed.flow, raw: xml, source: "xml" }),
    );
    if (!r.ok) return refuse(r.error[state.lang]);
    return c.redirect(`${BASE}/flussi/${r.id}?${r.created ? "importato" : "gia"}=1`, 303);
  },
});

/** Uploads a reporting flow (FlussoRiversamento XML) received from a PSP or the Nodo. */
export default define.page<Data>(function ImportFlow({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Riconciliazione", "Reconciliation"), BASE], [
          tr("Importa un flusso", "Import a flow"),
        ]]}
      />
      <h1>{tr("Importa un flusso di rendicontazione", "Import a reporting flow")}</h1>
      <p class="lead">
        {tr(
          "Il file XML FlussoRiversamento (versione 1.0.4) è controllato sullo schema pagoPA; ogni pagamento è abbinato alla sua ricevuta. Lo stesso flusso importato due volte è registrato una volta sola.",
          "The FlussoRiversamento XML file (version 1.0.4) is checked against the pagoPA schema; each payment is matched to its receipt. The same flow imported twice is stored once.",
        )}
      </p>
      <ErrorSummary state={state} errors={data.errors} />
      {data.details.length > 0 && (
        <details class="mb-3">
          <summary>{tr("Altri errori dello schema", "More schema errors")}</summary>
          <ul>{data.details.map((d, i) => <li key={i}>{d}</li>)}</ul>
        </details>
      )}
      <form
        method="post"
        action={`${BASE}/importa-flusso`}
        enctype="multipart/form-data"
        class="mt-4"
        noValidate
      >
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <FileField
          state={state}
          id="flusso"
          label={tr("File del flusso (XML)", "Flow file (XML)")}
          errors={data.errors}
          accept=".xml,application/xml,text/xml"
          required
          hint={tr(
            "XML FlussoRiversamento, al massimo 5 MB.",
            "FlussoRiversamento XML, at most 5 MB.",
          )}
        />
        <button type="submit" class="btn btn-primary">{tr("Importa", "Import")}</button>
        <a class="btn btn-outline-primary ms-2" href={BASE}>{tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
});

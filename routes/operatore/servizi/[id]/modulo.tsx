import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import {
  type BuilderInput,
  moveField,
  removeField,
  saveField,
} from "../../../../lib/forms/builder.ts";
import { type FormDefinition, parseDefinition } from "../../../../lib/forms/definition.ts";
import { controlId, FormFields, readControls } from "../../../../lib/forms/render.tsx";
import {
  type FormValue,
  type RawValues,
  type UploadedFile,
  validateSubmission,
} from "../../../../lib/forms/validate.ts";
import { define, page, type State } from "../../../../lib/http/define.ts";
import {
  getFormDefinition,
  saveFormDefinition,
  type Service,
} from "../../../../lib/services/db.ts";
import { type Body, field, fields, pageService, readBody } from "../(_components)/load.ts";
import { FieldBuilder, FieldsTable } from "../(_components)/FormBuilder.tsx";
import { ServiceHeader } from "../(_components)/ServiceHeader.tsx";

interface Data {
  service: Service;
  def: FormDefinition;
  /** The builder's inputs (editing a field, or after an error). */
  input: BuilderInput;
  /** The field being edited, if any. */
  editing: string | null;
  builderErrors: FieldErrors;
  preview: {
    values: Record<string, string>;
    errors: FieldErrors;
    valid: Record<string, FormValue> | null;
  };
}

const B = (k: string) => `b_${k}`;

async function loadDef(state: State, id: string) {
  return parseDefinition(await state.db.asUser(state.claims!, (tx) => getFormDefinition(tx, id)));
}

function builderInput(body: Body): BuilderInput {
  const keys = [
    "type",
    "name",
    "label",
    "help",
    "required",
    "options",
    "min",
    "max",
    "min_length",
    "max_length",
    "integer",
    "max_size_mb",
    "show_if_field",
    "show_if_equals",
  ];
  const out: BuilderInput = Object.fromEntries(keys.map((k) => [k, field(body, B(k))]));
  out.accept = fields(body, B("accept"));
  return out;
}

/** A preview submission: text values as typed, files with their first bytes. */
async function previewValues(def: FormDefinition, body: Body) {
  const raw: RawValues = {};
  const shown: Record<string, string> = {};
  for (const [name, v] of Object.entries(readControls(def, body))) {
    const one = Array.isArray(v) ? v[0] : v;
    if (one instanceof File) {
      const head = new Uint8Array(await one.slice(0, 16).arrayBuffer());
      raw[name] = { name: one.name, type: one.type, size: one.size, head } satisfies UploadedFile;
    } else if (typeof one === "string") {
      raw[name] = one;
      shown[name] = one;
    }
  }
  return { raw, shown };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { state, service } = await pageService(c);
    const def = await loadDef(state, service.id);
    const editing = def.fields.find((f) => f.name === c.req.query("campo"))?.name ?? null;
    return page({
      service,
      def,
      input: {},
      editing,
      builderErrors: {},
      preview: { values: {}, errors: {}, valid: null },
    });
  },
  async POST(c) {
    const { state, service } = await pageService(c);
    const body = await readBody(c);
    const def = await loadDef(state, service.id);
    const action = field(body, "action");
    const base = `/operatore/servizi/${service.id}/modulo`;
    const empty = { values: {}, errors: {}, valid: null };
    if (action === "preview") {
      const { raw, shown } = await previewValues(def, body);
      const r = validateSubmission(def, raw);
      const errors = r.ok ? {} : Object.fromEntries(
        Object.entries(r.errors).map(([k, m]) => [controlId(k), m[state.lang]]),
      );
      return page(
        {
          service,
          def,
          input: {},
          editing: null,
          builderErrors: {},
          preview: { values: shown, errors, valid: r.ok ? r.values : null },
        },
        { status: r.ok ? 200 : 422 },
      );
    }
    const name = field(body, "field");
    const replacing = field(body, "replacing") || undefined;
    const result = action === "save_field"
      ? saveField(def, builderInput(body), replacing)
      : action === "remove_field"
      ? removeField(def, name)
      : action === "move_field"
      ? moveField(def, name, field(body, "dir") === "up" ? -1 : 1)
      : null;
    if (!result) return c.redirect(base, 303);
    if (!result.ok) {
      const builderErrors = Object.fromEntries(
        Object.entries(result.errors).map((
          [k, m],
        ) => [k === "fields" ? "fields-table" : B(k), m[state.lang]]),
      );
      return page(
        {
          service,
          def,
          input: action === "save_field" ? builderInput(body) : {},
          editing: replacing ?? null,
          builderErrors,
          preview: empty,
        },
        { status: 422 },
      );
    }
    await state.db.asUser(state.claims!, (tx) => saveFormDefinition(tx, service.id, result.def));
    const done = action === "save_field"
      ? "campo"
      : action === "remove_field"
      ? "tolto"
      : "spostato";
    return c.redirect(`${base}?salvato=${done}#campi`, 303);
  },
});

const SAVED: Record<string, [string, string]> = {
  campo: [
    "Campo salvato: l'anteprima qui sotto lo mostra.",
    "Field saved: the preview below shows it.",
  ],
  tolto: ["Campo tolto dal modulo.", "Field removed from the form."],
  spostato: ["Ordine dei campi aggiornato.", "Field order updated."],
};

/** The online form builder with a live, server-rendered preview that validates like the real one. */
export default define.page<Data>(function FormBuilderPage({ data, state, url }) {
  const { service, def, preview } = data;
  const saved = SAVED[url.searchParams.get("salvato") ?? ""];
  const action = `/operatore/servizi/${service.id}/modulo`;
  const editing = data.editing ? def.fields.find((f) => f.name === data.editing) ?? null : null;
  return (
    <>
      <ServiceHeader state={state} service={service} tab="form" />
      {saved && <Alert kind="success">{state.tr(...saved)}</Alert>}
      <p>
        {state.tr(
          "Le domande in più che le famiglie compilano iscrivendosi al servizio. Lo stesso modulo viene mostrato alle famiglie e controllato dal sistema quando lo inviano.",
          "The extra questions families answer when applying. The same form is shown to families and checked by the system when they send it.",
        )}
      </p>
      <ErrorSummary state={state} errors={data.builderErrors} />
      <FieldsTable state={state} action={action} def={def} errors={data.builderErrors} />
      <FieldBuilder
        state={state}
        action={action}
        def={def}
        editing={editing}
        input={data.input}
        errors={data.builderErrors}
      />
      <section aria-labelledby="preview-title" class="mt-5">
        <h2 id="preview-title" class="h4">{state.tr("Anteprima del modulo", "Form preview")}</h2>
        <p>
          {state.tr(
            "Così lo vedono le famiglie. Compilalo e premi «Prova il controllo» per vedere i messaggi che riceverebbero: non viene salvato nulla.",
            "This is what families see. Fill it in and press “Try the check” to see the messages they would get: nothing is saved.",
          )}
        </p>
        {preview.valid && (
          <Alert kind="success">
            {state.tr(
              "Le risposte sono valide: la domanda verrebbe accettata.",
              "The answers are valid: the application would be accepted.",
            )}
          </Alert>
        )}
        <ErrorSummary state={state} errors={preview.errors} level={3} />
        {def.fields.length === 0
          ? (
            <p role="status">
              {state.tr("Il modulo non ha ancora campi.", "The form has no fields yet.")}
            </p>
          )
          : (
            <form
              id="anteprima"
              method="post"
              action={action}
              encType="multipart/form-data"
              class="border rounded p-3"
              noValidate
            >
              <CsrfField state={state} />
              <input type="hidden" name="action" value="preview" />
              <FormFields
                def={def}
                values={preview.values}
                errors={Object.fromEntries(
                  Object.entries(preview.errors).map(([k, v]) => [k.slice(2), v]),
                )}
                lang={state.lang}
                formId="anteprima"
              />
              <button type="submit" class="btn btn-outline-primary">
                {state.tr("Prova il controllo", "Try the check")}
              </button>
            </form>
          )}
      </section>
    </>
  );
});

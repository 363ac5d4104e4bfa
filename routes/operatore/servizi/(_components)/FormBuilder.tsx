import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import {
  type BuilderInput,
  FIELD_TYPE_LABELS,
  inputOfField,
} from "../../../../lib/forms/builder.ts";
import {
  allowedValues,
  type Field,
  FIELD_TYPES,
  FILE_TYPES,
  type FormDefinition,
} from "../../../../lib/forms/definition.ts";
import type { State } from "../../../../lib/http/define.ts";
import { Check, Choices, Input, Select, Textarea } from "./fields.tsx";

function ActionButton(
  { state, action, name, verb, dir, text, disabled }: {
    state: State;
    action: string;
    name: string;
    verb: "move_field" | "remove_field";
    dir?: "up" | "down";
    text: string;
    disabled?: boolean;
  },
) {
  return (
    <form method="post" action={action} class="d-inline">
      <CsrfField state={state} />
      <input type="hidden" name="action" value={verb} />
      <input type="hidden" name="field" value={name} />
      {dir && <input type="hidden" name="dir" value={dir} />}
      <button
        type="submit"
        class={`btn btn-sm me-1 ${
          verb === "remove_field" ? "btn-outline-danger" : "btn-outline-primary"
        }`}
        disabled={disabled}
      >
        {text}
      </button>
    </form>
  );
}

function condition(state: State, def: FormDefinition, f: Field): string {
  if (!f.show_if) return "—";
  const parent = def.fields.find((p) => p.name === f.show_if!.field);
  const option = parent && (parent.type === "select" || parent.type === "radio")
    ? parent.options.find((o) => o.value === f.show_if!.equals)?.label
    : f.show_if.equals === "true"
    ? state.tr("selezionata", "ticked")
    : state.tr("non selezionata", "not ticked");
  return `${parent?.label ?? f.show_if.field} = ${option ?? f.show_if.equals}`;
}

/** The fields of the form in order, with edit, move and remove. */
export function FieldsTable(
  { state, action, def, errors }: {
    state: State;
    action: string;
    def: FormDefinition;
    errors: FieldErrors;
  },
) {
  return (
    <section aria-labelledby="campi" class="mb-5">
      <h2 id="campi" class="h4" tabIndex={-1}>{state.tr("Campi del modulo", "Form fields")}</h2>
      <div id="fields-table" tabIndex={-1}>
        <FieldError field="fields-table" errors={errors} />
      </div>
      {def.fields.length === 0
        ? <p>{state.tr("Nessun campo: aggiungine uno qui sotto.", "No fields: add one below.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr(
                  `${def.fields.length} campi, nell'ordine in cui compaiono`,
                  `${def.fields.length} fields, in order`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Domanda", "Question")}</th>
                  <th scope="col">{state.tr("Tipo", "Type")}</th>
                  <th scope="col">{state.tr("Obbligatorio", "Required")}</th>
                  <th scope="col">{state.tr("Mostrato se", "Shown if")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{state.tr("Azioni", "Actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {def.fields.map((f, i) => (
                  <tr key={f.name}>
                    <th scope="row">
                      {f.label}
                      <div class="small text-secondary">
                        <code>{f.name}</code>
                      </div>
                    </th>
                    <td>{FIELD_TYPE_LABELS[f.type][state.lang]}</td>
                    <td>{f.required ? state.tr("Sì", "Yes") : state.tr("No", "No")}</td>
                    <td>{condition(state, def, f)}</td>
                    <td class="text-nowrap">
                      <a
                        class="btn btn-sm btn-outline-primary me-1"
                        href={`${action}?campo=${f.name}#builder`}
                      >
                        {state.tr("Modifica", "Edit")}
                        <span class="visually-hidden">«{f.label}»</span>
                      </a>
                      <ActionButton
                        state={state}
                        action={action}
                        name={f.name}
                        verb="move_field"
                        dir="up"
                        disabled={i === 0}
                        text={state.tr("Su", "Up")}
                      />
                      <ActionButton
                        state={state}
                        action={action}
                        name={f.name}
                        verb="move_field"
                        dir="down"
                        disabled={i === def.fields.length - 1}
                        text={state.tr("Giù", "Down")}
                      />
                      <ActionButton
                        state={state}
                        action={action}
                        name={f.name}
                        verb="remove_field"
                        text={state.tr("Togli", "Remove")}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

/** Add a field, or edit one (`editing`): every option is a plain input, no script needed. */
export function FieldBuilder(
  { state, action, def, editing, input, errors }: {
    state: State;
    action: string;
    def: FormDefinition;
    editing: Field | null;
    input: BuilderInput;
    errors: FieldErrors;
  },
) {
  const posted = Object.keys(input).length > 0;
  const v0 = posted ? input : editing ? inputOfField(editing) : { type: "text" };
  const v = (k: string) => {
    const x = v0[k];
    return Array.isArray(x) ? x[0] ?? "" : x ?? "";
  };
  const list = (k: string) => {
    const x = v0[k];
    return Array.isArray(x) ? x : x ? [x] : [];
  };
  const earlier = editing
    ? def.fields.slice(0, def.fields.findIndex((f) => f.name === editing.name))
    : def.fields;
  const conditions = earlier.filter((f) => allowedValues(f));
  const p = { state, errors };
  return (
    <section aria-labelledby="builder" class="mb-5">
      <h2 id="builder" class="h4" tabIndex={-1}>
        {editing
          ? state.tr(`Modifica il campo «${editing.label}»`, `Edit the field “${editing.label}”`)
          : state.tr("Aggiungi un campo", "Add a field")}
      </h2>
      <form method="post" action={action} noValidate>
        <CsrfField state={state} />
        <input type="hidden" name="action" value="save_field" />
        {editing && <input type="hidden" name="replacing" value={editing.name} />}
        <Select
          {...p}
          id="b_type"
          label={state.tr("Tipo di campo", "Type of field")}
          value={v("type")}
          options={FIELD_TYPES.map((t) => [t, FIELD_TYPE_LABELS[t][state.lang]])}
          required
        />
        <Input
          {...p}
          id="b_label"
          label={state.tr("Domanda", "Question")}
          value={v("label")}
          maxLength={200}
          required
        />
        <Input
          {...p}
          id="b_name"
          label={state.tr("Nome tecnico", "Technical name")}
          value={v("name")}
          maxLength={40}
          hint={state.tr(
            "Chiave del dato nelle esportazioni e nell'API; vuoto per ricavarlo dalla domanda.",
            "Key of the value in exports and the API; leave empty to derive it from the question.",
          )}
        />
        <Input
          {...p}
          id="b_help"
          label={state.tr("Testo di aiuto (facoltativo)", "Help text (optional)")}
          value={v("help")}
          maxLength={500}
        />
        <Check
          {...p}
          id="b_required"
          label={state.tr("Risposta obbligatoria", "Answer required")}
          checked={v("required") !== ""}
        />
        <fieldset class="mb-4">
          <legend class="h6">
            {state.tr("Per «Scelta da un elenco» e «Scelta singola»", "For choices")}
          </legend>
          <Textarea
            {...p}
            id="b_options"
            label={state.tr("Opzioni, una per riga", "Options, one per line")}
            value={v("options")}
            rows={4}
            hint={state.tr(
              "Nella forma «valore = Etichetta», ad esempio «si = Sì»; basta l'etichetta per ricavare il valore.",
              "As “value = Label”, e.g. “yes = Yes”; a label alone derives the value.",
            )}
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h6">{state.tr("Per «Numero» e «Data»", "For numbers and dates")}</legend>
          <div class="row">
            <div class="col-md-6">
              <Input
                {...p}
                id="b_min"
                label={state.tr("Minimo", "Minimum")}
                value={v("min")}
                hint={state.tr("Per le date: aaaa-mm-gg.", "For dates: yyyy-mm-dd.")}
              />
            </div>
            <div class="col-md-6">
              <Input {...p} id="b_max" label={state.tr("Massimo", "Maximum")} value={v("max")} />
            </div>
          </div>
          <Check
            {...p}
            id="b_integer"
            label={state.tr("Solo numeri interi", "Whole numbers only")}
            checked={v("integer") !== ""}
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h6">{state.tr("Per i testi", "For texts")}</legend>
          <div class="row">
            <div class="col-md-6">
              <Input
                {...p}
                id="b_min_length"
                label={state.tr("Lunghezza minima", "Minimum length")}
                value={v("min_length")}
                inputMode="numeric"
              />
            </div>
            <div class="col-md-6">
              <Input
                {...p}
                id="b_max_length"
                label={state.tr("Lunghezza massima", "Maximum length")}
                value={v("max_length")}
                inputMode="numeric"
              />
            </div>
          </div>
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h6">{state.tr("Per gli allegati", "For attachments")}</legend>
          <Choices
            {...p}
            id="b_accept"
            type="checkbox"
            label={state.tr("Formati ammessi", "Allowed types")}
            values={list("accept")}
            options={Object.entries(FILE_TYPES).map(([t, f]) => [t, f.label])}
            inline
          />
          <Input
            {...p}
            id="b_max_size_mb"
            label={state.tr("Dimensione massima (MB, fino a 10)", "Maximum size (MB, up to 10)")}
            value={v("max_size_mb")}
            inputMode="decimal"
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h6">{state.tr("Condizione (facoltativa)", "Condition (optional)")}</legend>
          <Select
            {...p}
            id="b_show_if_field"
            label={state.tr(
              "Mostra il campo solo se la risposta a",
              "Show the field only if the answer to",
            )}
            value={v("show_if_field")}
            options={conditions.map((f) => [f.name, f.label])}
            empty={state.tr("Sempre visibile", "Always shown")}
          />
          <Input
            {...p}
            id="b_show_if_equals"
            label={state.tr("è uguale al valore", "equals the value")}
            value={v("show_if_equals")}
            maxLength={40}
            hint={conditions.length
              ? state.tr(
                `Valori possibili: ${
                  conditions.map((f) => `${f.label}: ${allowedValues(f)!.join(", ")}`).join("; ")
                }.`,
                `Possible values: ${
                  conditions.map((f) => `${f.label}: ${allowedValues(f)!.join(", ")}`).join("; ")
                }.`,
              )
              : undefined}
          />
        </fieldset>
        <button type="submit" class="btn btn-primary">
          {editing
            ? state.tr("Salva il campo", "Save the field")
            : state.tr("Aggiungi il campo", "Add the field")}
        </button>
        {editing && (
          <a class="btn btn-outline-primary ms-2" href={action}>{state.tr("Annulla", "Cancel")}</a>
        )}
      </form>
    </section>
  );
}

import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { Common } from "./CommonFields.tsx";
import { Amount, AmountCell } from "./Inputs.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { type Editor, type RulesForm } from "../../../../lib/tariffs/form.ts";
import { ROUNDING_MODES } from "../../../../lib/tariffs/money.ts";
import type { VersionForm } from "./save.ts";

/** Tabs (plain links: no script needed) choosing the editor. */
export function EditorTabs(
  { state, current, href }: { state: State; current: Editor; href: (e: Editor) => string },
) {
  const tabs: [Editor, string][] = [
    ["brackets", state.tr("Fasce ISEE", "ISEE brackets")],
    ["linear", state.tr("Formula lineare", "Linear formula")],
    ["json", state.tr("Regole avanzate (JSON)", "Advanced rules (JSON)")],
  ];
  return (
    <nav aria-label={state.tr("Modo di compilazione delle regole", "How to enter the rules")}>
      <ul class="nav nav-tabs mb-3">
        {tabs.map(([e, label]) => (
          <li class="nav-item" key={e}>
            <a
              class={`nav-link${e === current ? " active" : ""}`}
              href={href(e)}
              aria-current={e === current ? "page" : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Brackets({ state, f, errors }: { state: State; f: RulesForm; errors: FieldErrors }) {
  return (
    <fieldset class="mb-4" id="brackets">
      <legend class="h5">{state.tr("Fasce ISEE", "ISEE brackets")}</legend>
      <p class="small" id="brackets-hint">
        {state.tr(
          "Una riga per fascia, in ordine: ISEE da, ISEE a (compresi, in euro, ad esempio 6.000,00 e 6.000,01) e importo. Lascia vuoto «ISEE a» nell'ultima fascia. Le righe vuote sono ignorate.",
          "One row per bracket, in order: ISEE from, ISEE to (inclusive, in euro, e.g. 6000.00 and 6000.01) and amount. Leave “ISEE to” empty in the last bracket. Empty rows are ignored.",
        )}
      </p>
      <table class="table table-sm align-middle">
        <caption class="visually-hidden">
          {state.tr("Fasce ISEE e importi", "ISEE brackets and amounts")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{state.tr("Fascia", "Bracket")}</th>
            <th scope="col">{state.tr("ISEE da (€)", "ISEE from (€)")}</th>
            <th scope="col">{state.tr("ISEE a (€)", "ISEE to (€)")}</th>
            <th scope="col">{state.tr("Importo (€)", "Amount (€)")}</th>
          </tr>
        </thead>
        <tbody>
          {f.brackets.map((b, i) => (
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              {(["from", "to", "amount"] as const).map((col) => {
                const id = `b-${i}-${col}`;
                const colLabel = col === "from"
                  ? state.tr("ISEE da", "ISEE from")
                  : col === "to"
                  ? state.tr("ISEE a", "ISEE to")
                  : state.tr("importo", "amount");
                return (
                  <td key={col}>
                    <AmountCell
                      id={id}
                      label={`${state.tr("Fascia", "Bracket")} ${i + 1}: ${colLabel}`}
                      value={b[col]}
                      errors={errors}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

function Linear({ state, f, errors }: { state: State; f: RulesForm; errors: FieldErrors }) {
  return (
    <fieldset class="mb-4" id="linear">
      <legend class="h5">
        {state.tr("Formula lineare sull'ISEE", "Linear formula on the ISEE")}
      </legend>
      <p class="small mb-5">
        {state.tr(
          "Importo = minimo + (ISEE − ISEE minimo) × (massimo − minimo) ÷ (ISEE massimo − ISEE minimo); sotto l'ISEE minimo si paga il minimo, oltre il massimo il massimo.",
          "Amount = minimum + (ISEE − minimum ISEE) × (maximum − minimum) ÷ (maximum ISEE − minimum ISEE); below the minimum ISEE the minimum applies, above the maximum the maximum.",
        )}
      </p>
      <div class="row">
        <div class="col-md-6">
          <Amount
            state={state}
            id="iseeMin"
            label={state.tr("ISEE minimo (€)", "Minimum ISEE (€)")}
            value={f.iseeMin}
            errors={errors}
          />
        </div>
        <div class="col-md-6">
          <Amount
            state={state}
            id="amountMin"
            label={state.tr("Tariffa minima (€)", "Minimum amount (€)")}
            value={f.amountMin}
            errors={errors}
          />
        </div>
        <div class="col-md-6">
          <Amount
            state={state}
            id="iseeMax"
            label={state.tr("ISEE massimo (€)", "Maximum ISEE (€)")}
            value={f.iseeMax}
            errors={errors}
          />
        </div>
        <div class="col-md-6">
          <Amount
            state={state}
            id="amountMax"
            label={state.tr("Tariffa massima (€)", "Maximum amount (€)")}
            value={f.amountMax}
            errors={errors}
          />
        </div>
        <div class="col-md-6">
          <Amount
            state={state}
            id="exemptUpTo"
            label={state.tr(
              "Esenzione fino a ISEE (€, facoltativo)",
              "Exempt up to ISEE (€, optional)",
            )}
            value={f.exemptUpTo}
            errors={errors}
          />
        </div>
      </div>
    </fieldset>
  );
}

/** The version's date and rounding, then the rules in the chosen editor. */
export function RulesFields(
  { state, v, errors }: { state: State; v: VersionForm; errors: FieldErrors },
) {
  const f = v.rules;
  return (
    <>
      <input type="hidden" name="editor" value={f.editor} />
      <div class="row pt-4">
        <div class="col-md-6">
          <TextField
            state={state}
            id="valid_from"
            type="date"
            label={state.tr("In vigore dal", "In force from")}
            value={v.validFrom}
            errors={errors}
            hint={state.tr(
              "Le versioni precedenti restano valide fino al giorno prima: i mesi già calcolati non cambiano.",
              "Earlier versions stay valid until the day before: months already computed do not change.",
            )}
          />
        </div>
        <div class="col-md-6">
          <SelectField
            state={state}
            id="rounding"
            label={state.tr("Arrotondamento al centesimo", "Rounding to the cent")}
            value={v.rounding}
            errors={errors}
            options={ROUNDING_MODES.map((m) => [
              m,
              {
                half_up: state.tr("Per eccesso da mezzo centesimo", "Halves up"),
                half_even: state.tr("Metà al pari (bancario)", "Halves to even (banker's)"),
                down: state.tr("Per difetto", "Down"),
                up: state.tr("Per eccesso", "Up"),
              }[m],
            ])}
          />
        </div>
      </div>
      {f.editor === "json"
        ? (
          <div class="form-group" id="rules">
            <label for="json" class="active">{state.tr("Regole (JSON)", "Rules (JSON)")}</label>
            <textarea
              id="json"
              name="json"
              rows={18}
              class={`form-control font-monospace${errors.json ? " is-invalid" : ""}`}
              aria-invalid={errors.json ? "true" : undefined}
              aria-describedby={describedBy("json", errors, "json-hint")}
              spellcheck={false}
            >
              {f.json}
            </textarea>
            <small id="json-hint" class="form-text">
              {state.tr(
                "Ogni tipo di tariffa (a consumo, mensile, per periodo, una tantum, quota fissa più giornaliera), ogni determinante e ogni riduzione. Importi in centesimi, percentuali in punti base (3000 = 30 %). Gli errori sono elencati in cima alla pagina.",
                "Every kind of tariff (per use, monthly, per period, one-off, fixed plus daily), determinant and reduction. Amounts in cents, percentages in basis points (3000 = 30%). Errors are listed at the top of the page.",
              )}
            </small>
            <FieldError field="json" errors={errors} />
          </div>
        )
        : (
          <>
            <div class="row">
              <div class="col-md-4">
                <SelectField
                  state={state}
                  id="kind"
                  label={state.tr("Tipo di tariffa", "Kind of tariff")}
                  value={f.kind}
                  errors={errors}
                  options={[
                    [
                      "per_use",
                      state.tr("A consumo (pasto, corsa, giorno)", "Per use (meal, ride, day)"),
                    ],
                    ["monthly", state.tr("Mensile", "Monthly")],
                    ["per_period", state.tr("Per periodo o anno", "Per term or year")],
                    ["one_off", state.tr("Una tantum (iscrizione)", "One-off (enrolment)")],
                  ]}
                />
              </div>
              <div class="col-md-4">
                <SelectField
                  state={state}
                  id="unit"
                  label={state.tr("Unità (tariffe a consumo)", "Unit (per-use tariffs)")}
                  value={f.unit}
                  errors={errors}
                  options={[
                    ["meal", state.tr("Pasto", "Meal")],
                    ["ride", state.tr("Corsa", "Ride")],
                    ["day", state.tr("Giorno di presenza", "Day of attendance")],
                    ["use", state.tr("Utilizzo", "Use")],
                  ]}
                />
              </div>
              <div class="col-md-4">
                <SelectField
                  state={state}
                  id="period"
                  label={state.tr("Periodo (tariffe per periodo)", "Period (per-period tariffs)")}
                  value={f.period}
                  errors={errors}
                  options={[
                    ["year", state.tr("Anno scolastico", "School year")],
                    ["term", state.tr("Periodo (trimestre, quadrimestre)", "Term")],
                  ]}
                />
              </div>
            </div>
            {f.editor === "brackets"
              ? <Brackets state={state} f={f} errors={errors} />
              : <Linear state={state} f={f} errors={errors} />}
            <Common state={state} f={f} errors={errors} />
          </>
        )}
    </>
  );
}

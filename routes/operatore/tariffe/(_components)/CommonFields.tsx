import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { RulesForm } from "../../../../lib/tariffs/form.ts";
import { Amount } from "./Inputs.tsx";

/** What both guided editors share: sibling reductions, non-residents, the missing-ISEE rule. */
export function Common({ state, f, errors }: { state: State; f: RulesForm; errors: FieldErrors }) {
  return (
    <>
      <fieldset class="mb-4">
        <legend class="h5">{state.tr("Fratelli", "Siblings")}</legend>
        <p class="small mb-5">
          {state.tr(
            "Riduzioni per il secondo figlio e dal terzo figlio iscritti allo stesso servizio (percentuali; vuoto = nessuna).",
            "Reductions for the second child and from the third child enrolled in the same service (percentages; empty = none).",
          )}
        </p>
        <div class="row">
          <div class="col-md-6">
            <Amount
              state={state}
              id="sibling2"
              label={state.tr("Secondo figlio: riduzione (%)", "Second child: reduction (%)")}
              value={f.sibling2}
              errors={errors}
            />
          </div>
          <div class="col-md-6">
            <Amount
              state={state}
              id="sibling3"
              label={state.tr(
                "Dal terzo figlio: riduzione (%)",
                "Third child onwards: reduction (%)",
              )}
              value={f.sibling3}
              errors={errors}
            />
          </div>
        </div>
      </fieldset>
      <fieldset class="mb-4">
        <legend class="h5 mb-5">
          {state.tr("Residenza e ISEE mancante", "Residency and missing ISEE")}
        </legend>
        <div class="row">
          <div class="col-md-6">
            <SelectField
              state={state}
              id="nonResident"
              label={state.tr("Non residenti", "Non-residents")}
              value={f.nonResident}
              errors={errors}
              options={[
                ["same", state.tr("Come i residenti", "As residents")],
                ["surcharge", state.tr("Maggiorazione in percentuale", "Percentage surcharge")],
                ["highest", state.tr("Tariffa massima", "Highest amount")],
                ["fixed", state.tr("Importo fisso", "Fixed amount")],
              ]}
            />
          </div>
          <div class="col-md-6">
            <Amount
              state={state}
              id="nonResidentValue"
              label={state.tr(
                "Maggiorazione (%) o importo (€) per i non residenti",
                "Surcharge (%) or amount (€) for non-residents",
              )}
              value={f.nonResidentValue}
              errors={errors}
            />
          </div>
          <div class="col-md-6">
            <SelectField
              state={state}
              id="missingIsee"
              label={state.tr(
                "Senza ISEE o con ISEE scaduto",
                "Without an ISEE or with an expired one",
              )}
              value={f.missingIsee}
              errors={errors}
              options={[
                ["highest", state.tr("Tariffa massima", "Highest amount")],
                ["bracket", state.tr("Una fascia indicata", "A chosen bracket")],
              ]}
            />
          </div>
          <div class="col-md-6">
            <Amount
              state={state}
              id="missingIseeBracket"
              label={state.tr(
                "Fascia da applicare senza ISEE (numero)",
                "Bracket without an ISEE (number)",
              )}
              value={f.missingIseeBracket}
              errors={errors}
              inputMode="numeric"
            />
          </div>
        </div>
      </fieldset>
    </>
  );
}

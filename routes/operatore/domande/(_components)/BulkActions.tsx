import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import type { State } from "../../../../lib/http/define.ts";
import {
  channelLabel,
  COMMUNICATION_CHANNELS,
  outcomeLabel,
  REVIEW_OUTCOMES,
} from "../../../../lib/enrollment/review.ts";

/** The bulk actions under the list: outcome for the pending items, or communicate outcomes. */
export function BulkActions(
  { state, errors, values }: {
    state: State;
    errors: FieldErrors;
    values: { esito: string; motivo: string; canale: string };
  },
) {
  const { tr } = state;
  return (
    <div class="row g-4 mt-2">
      <fieldset class="col-lg-7">
        <legend class="h5">
          {tr("Esito per le richieste da istruire", "Outcome for the pending requests")}
        </legend>
        <p class="small text-secondary">
          {tr(
            "Si applica solo alle richieste ancora da istruire delle domande selezionate; le richieste già istruite mantengono il loro esito.",
            "Applies only to the pending requests of the selected applications; requests already reviewed keep their outcome.",
          )}
        </p>
        <div class="select-wrapper mb-4">
          <label for="bulk-esito">{tr("Esito", "Outcome")}</label>
          <select
            id="bulk-esito"
            name="esito"
            aria-invalid={errors["bulk-esito"] ? "true" : undefined}
            aria-describedby={describedBy("bulk-esito", errors)}
          >
            {REVIEW_OUTCOMES.map((o) => (
              <option value={o} key={o} selected={values.esito === o}>
                {outcomeLabel(o, state.lang)}
              </option>
            ))}
          </select>
          <FieldError field="bulk-esito" errors={errors} />
        </div>
        <div class="form-group">
          <label for="bulk-motivo" class="active">
            {tr("Motivo o integrazione richiesta", "Reason or integration requested")}
          </label>
          <textarea
            id="bulk-motivo"
            name="motivo"
            rows={3}
            maxLength={2000}
            class={`form-control${errors["bulk-motivo"] ? " is-invalid" : ""}`}
            aria-invalid={errors["bulk-motivo"] ? "true" : undefined}
            aria-describedby={describedBy("bulk-motivo", errors, "bulk-motivo-hint")}
          >
            {values.motivo}
          </textarea>
          <small id="bulk-motivo-hint" class="form-text">
            {tr(
              "Obbligatorio per «Respinta» e «Da integrare»: sarà comunicato alla famiglia.",
              "Required for “Rejected” and “Needs integration”: the family will be told.",
            )}
          </small>
          <FieldError field="bulk-motivo" errors={errors} />
        </div>
        <button type="submit" name="_action" value="outcome" class="btn btn-primary">
          {tr("Registra l'esito", "Record the outcome")}
        </button>
      </fieldset>
      <fieldset class="col-lg-5">
        <legend class="h5">{tr("Comunica gli esiti", "Communicate the outcomes")}</legend>
        <p class="small text-secondary">
          {tr(
            "Comunica alle famiglie gli esiti decisi e non ancora comunicati: si registrano data, ora e canale.",
            "Tells the families the outcomes decided and not yet communicated: date, time and channel are recorded.",
          )}
        </p>
        <div class="select-wrapper mb-4">
          <label for="bulk-canale">{tr("Canale", "Channel")}</label>
          <select
            id="bulk-canale"
            name="canale"
            aria-invalid={errors["bulk-canale"] ? "true" : undefined}
            aria-describedby={describedBy("bulk-canale", errors)}
          >
            {COMMUNICATION_CHANNELS.map((c) => (
              <option value={c} key={c} selected={values.canale === c}>
                {channelLabel(c, state.lang)}
              </option>
            ))}
          </select>
          <FieldError field="bulk-canale" errors={errors} />
        </div>
        <button type="submit" name="_action" value="communicate" class="btn btn-outline-primary">
          {tr("Comunica gli esiti", "Communicate the outcomes")}
        </button>
      </fieldset>
    </div>
  );
}

import { CheckboxField, ChoicesField } from "../../../../components/CheckboxField.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { describedBy, FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredMark, RequiredNote, TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { EMPTY_CRITERIA_ROWS, type SiteForm as Form } from "../../../../lib/sites/forms.ts";
import { SITE_KIND_LABELS } from "../../../../lib/sites/labels.ts";
import { LIMITS, SITE_KINDS } from "../../../../lib/sites/rules.ts";

export interface ServiceChoice {
  id: string;
  title: string;
  status: string;
}

/** A legend with the asterisk of required groups. */
function Legend({ state, text, required }: { state: State; text: string; required?: boolean }) {
  return (
    <legend class="h6">
      {text}
      {required && <RequiredMark state={state} />}
    </legend>
  );
}

function Kind({ state, form, errors }: { state: State; form: Form; errors: FieldErrors }) {
  return (
    <ChoicesField
      state={state}
      id="kind"
      type="radio"
      label={state.tr("Tipo di plesso", "Kind of site")}
      values={[form.kind]}
      options={SITE_KINDS.map((k) => [k, state.tr(SITE_KIND_LABELS[k].it, SITE_KIND_LABELS[k].en)])}
      errors={errors}
      required
      inline
    />
  );
}

function Criteria({ state, form, errors }: { state: State; form: Form; errors: FieldErrors }) {
  const rows = [
    ...form.criteria,
    ...Array.from({ length: EMPTY_CRITERIA_ROWS }, () => ({ code: "", label: "", points: "" })),
  ].slice(0, LIMITS.criteria + EMPTY_CRITERIA_ROWS);
  return (
    <fieldset
      id="criteria"
      class="mb-4"
      tabIndex={-1}
      aria-describedby={describedBy("criteria", errors, "criteria-hint")}
    >
      <Legend
        state={state}
        text={state.tr("Altri criteri per le graduatorie", "Other ranking criteria")}
      />
      <p id="criteria-hint" class="form-text mb-5">
        {state.tr(
          "Ogni criterio vale un punteggio da 0 a 100 nelle graduatorie. Per togliere un criterio svuota la sua descrizione.",
          "Each criterion is worth 0 to 100 points in rankings. To remove a criterion, empty its description.",
        )}
      </p>
      {rows.map((r, i) => (
        <div class="row g-3" key={i}>
          <input type="hidden" name={`criterion_code_${i}`} value={r.code} />
          <div class="col-md-9">
            <TextField
              state={state}
              id={`criterion_label_${i}`}
              label={state.tr(`Criterio ${i + 1}: descrizione`, `Criterion ${i + 1}: description`)}
              value={r.label}
              errors={{}}
              maxLength={200}
            />
          </div>
          <div class="col-md-3">
            <TextField
              state={state}
              id={`criterion_points_${i}`}
              label={state.tr(`Criterio ${i + 1}: punti`, `Criterion ${i + 1}: points`)}
              value={r.points}
              errors={{}}
              inputMode="numeric"
              maxLength={3}
            />
          </div>
        </div>
      ))}
      <FieldError field="criteria" errors={errors} />
    </fieldset>
  );
}

function Services(
  { state, form, errors, services }: {
    state: State;
    form: Form;
    errors: FieldErrors;
    services: ServiceChoice[];
  },
) {
  return (
    <fieldset
      id="service_ids"
      class="mb-4"
      tabIndex={-1}
      aria-describedby={describedBy("service_ids", errors)}
    >
      <legend class="h4 mt-4">
        {state.tr("Servizi erogati nel plesso", "Services delivered here")}
      </legend>
      {services.length === 0 && (
        <p class="form-text">
          {state.tr(
            "Non ci sono ancora servizi configurati: potrai indicarli qui dopo averli creati.",
            "No services are configured yet: you can tick them here once they exist.",
          )}
        </p>
      )}
      {services.map((s) => (
        <CheckboxField
          key={s.id}
          id={`service-${s.id}`}
          name="service_ids"
          value={s.id}
          checked={form.service_ids.includes(s.id)}
          label={
            <>
              {s.title}
              {s.status !== "published" && (
                <span class="text-secondary">
                  {` (${
                    s.status === "draft"
                      ? state.tr("bozza", "draft")
                      : state.tr("archiviato", "archived")
                  })`}
                </span>
              )}
            </>
          }
        />
      ))}
      <FieldError field="service_ids" errors={errors} />
    </fieldset>
  );
}

/** The site form of the create and edit pages: one page, no script, every field labelled. */
export function SiteForm(
  { state, form, errors, services, action, submit }: {
    state: State;
    form: Form;
    errors: FieldErrors;
    services: ServiceChoice[];
    action: string;
    submit: string;
  },
) {
  const tr = state.tr;
  return (
    <form method="post" action={action} class="mt-4" noValidate>
      <CsrfField state={state} />
      <RequiredNote state={state} />
      <h2 class="h4 mb-5">{tr("Dati del plesso", "The site")}</h2>
      <TextField
        state={state}
        id="name"
        label={tr("Nome", "Name")}
        value={form.name}
        errors={errors}
        required
        maxLength={200}
        hint={tr(
          "Come lo conoscono le famiglie, ad esempio «Scuola primaria Giovanni Pascoli».",
          "As families know it, e.g. “Scuola primaria Giovanni Pascoli”.",
        )}
      />
      <Kind state={state} form={form} errors={errors} />
      <TextField
        state={state}
        id="school_code"
        label={tr("Codice meccanografico (facoltativo)", "Codice meccanografico (optional)")}
        value={form.school_code}
        errors={errors}
        maxLength={12}
        autocomplete="off"
        hint={tr(
          "Il codice del Ministero dell'Istruzione, 10 caratteri, ad esempio FIEE83202C. Gli asili nido comunali di solito non lo hanno.",
          "The Ministry of Education's code, 10 characters, e.g. FIEE83202C. Municipal nurseries usually have none.",
        )}
      />

      <h2 class="h4 mt-4 mb-5">{tr("Indirizzo e posizione", "Address and position")}</h2>
      <TextField
        state={state}
        id="address"
        label={tr("Via e numero civico", "Street and number")}
        value={form.address}
        errors={errors}
        required
        maxLength={300}
      />
      <div class="row">
        <div class="col-md-4">
          <TextField
            state={state}
            id="postal_code"
            label="CAP"
            value={form.postal_code}
            errors={errors}
            required
            inputMode="numeric"
            maxLength={5}
            autocomplete="off"
          />
        </div>
        <div class="col-md-8">
          <TextField
            state={state}
            id="municipality"
            label={tr("Comune", "Municipality")}
            value={form.municipality}
            errors={errors}
            required
            maxLength={100}
          />
        </div>
      </div>
      <p class="form-text mb-5">
        {tr(
          "Latitudine e longitudine in gradi decimali (le trovi su qualsiasi mappa): servono a disegnare i plessi e le fermate sulla mappa.",
          "Latitude and longitude in decimal degrees (any map shows them): they place sites and stops on the map.",
        )}
      </p>
      <div class="row">
        <div class="col-md-6">
          <TextField
            state={state}
            id="latitude"
            label={tr("Latitudine (facoltativa)", "Latitude (optional)")}
            value={form.latitude}
            errors={errors}
            maxLength={12}
            hint={tr("Ad esempio 43,7874", "E.g. 43.7874")}
          />
        </div>
        <div class="col-md-6">
          <TextField
            state={state}
            id="longitude"
            label={tr("Longitudine (facoltativa)", "Longitude (optional)")}
            value={form.longitude}
            errors={errors}
            maxLength={12}
            hint={tr("Ad esempio 11,2163", "E.g. 11.2163")}
          />
        </div>
      </div>

      <h2 class="h4 mt-4 mb-5">{tr("Criteri di accesso", "Acceptance criteria")}</h2>
      <div class="row">
        <div class="col-md-4">
          <TextField
            state={state}
            id="capacity"
            label={tr("Posti disponibili", "Places available")}
            value={form.capacity}
            errors={errors}
            inputMode="numeric"
            maxLength={4}
          />
        </div>
        <div class="col-md-4">
          <TextField
            state={state}
            id="min_age_months"
            label={tr("Età minima (mesi)", "Minimum age (months)")}
            value={form.min_age_months}
            errors={errors}
            inputMode="numeric"
            maxLength={3}
            hint={tr("Ad esempio 3 per un nido", "E.g. 3 for a nursery")}
          />
        </div>
        <div class="col-md-4">
          <TextField
            state={state}
            id="max_age_months"
            label={tr("Età massima (mesi)", "Maximum age (months)")}
            value={form.max_age_months}
            errors={errors}
            inputMode="numeric"
            maxLength={3}
            hint={tr("Ad esempio 36 per un nido", "E.g. 36 for a nursery")}
          />
        </div>
      </div>
      <CheckboxField
        id="residency_priority"
        label={tr("Precedenza ai residenti nel Comune", "Residents of the Comune come first")}
        checked={form.residency_priority}
        spacing="mb-4"
        hint={tr(
          "Nelle graduatorie le domande dei residenti precedono le altre.",
          "In rankings, residents' applications come before the others.",
        )}
      />
      <Criteria state={state} form={form} errors={errors} />

      <Services state={state} form={form} errors={errors} services={services} />

      <button type="submit" class="btn btn-primary">{submit}</button>
      <a class="btn btn-outline-primary ms-2" href="/operatore/plessi">
        {tr("Annulla", "Cancel")}
      </a>
    </form>
  );
}

import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FieldError, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import { type Contacts, parseContacts } from "../../../../lib/enrollment/portal.ts";
import type { CatalogService, Household, Member } from "../../../../lib/enrollment/portal_db.ts";
import type { State } from "../../../../lib/http/define.ts";

export interface Step1Values {
  services: string[];
  kind: string;
  applicant_id: string;
  email: string;
  mobile: string;
  address: string;
}

export type Step1 =
  | {
    ok: true;
    values: Step1Values;
    chosen: CatalogService[];
    applicant: Member;
    contacts: Contacts;
  }
  | { ok: false; values: Step1Values; errors: FieldErrors };

/**
 * Reads step 1 (services, new or renewal, the parent who applies and pays, contacts) against the
 * services open now; with `yearId`, the services must run in that year (an existing draft's).
 */
export function readStep1(
  state: State,
  household: Household,
  open: CatalogService[],
  body: Record<string, unknown>,
  yearId?: string,
): Step1 {
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
  const str = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
  const values: Step1Values = {
    services: list(body.services),
    kind: str("kind"),
    applicant_id: str("applicant_id"),
    email: str("email"),
    mobile: str("mobile"),
    address: str("address"),
  };
  const errors: FieldErrors = {};
  const chosen = open.filter((s) => values.services.includes(s.id));
  const years = new Set(chosen.map((s) => yearId ?? s.years[0]?.id ?? ""));
  if (chosen.length === 0 || chosen.length !== values.services.length) {
    errors.services = state.tr(
      "Scegli almeno un servizio tra quelli con le iscrizioni aperte.",
      "Choose at least one service open for enrollment.",
    );
  } else if (
    years.size !== 1 || years.has("") ||
    (yearId && !chosen.every((s) => s.years.some((y) => y.id === yearId)))
  ) {
    errors.services = state.tr(
      "Scegli servizi dello stesso anno scolastico: per anni diversi presenta domande separate.",
      "Choose services of the same school year: apply separately for different years.",
    );
  }
  if (values.kind !== "new" && values.kind !== "renewal") {
    errors.kind = state.tr("Indica il tipo di domanda.", "Choose the type of application.");
  }
  const applicant = household.parents.find((p) => p.id === values.applicant_id);
  if (!applicant) {
    errors.applicant_id = state.tr(
      "Indica quale genitore presenta la domanda e paga il servizio.",
      "Choose which parent applies and pays for the service.",
    );
  } else if (!applicant.tax_code) {
    errors.applicant_id = state.tr(
      "In anagrafe manca il codice fiscale del genitore scelto: contatta l'ufficio.",
      "The registry has no codice fiscale for the chosen parent: contact the office.",
    );
  }
  const contacts = parseContacts(body);
  if (!contacts.ok) {
    for (const [k, m] of Object.entries(contacts.errors)) errors[k] = m[state.lang];
  }
  if (Object.keys(errors).length || !contacts.ok || !applicant) {
    return { ok: false, values, errors };
  }
  return { ok: true, values, chosen, applicant, contacts: contacts.value };
}

/** The applicant as the application stores it. */
export function applicantOf(step: Extract<Step1, { ok: true }>) {
  const p = step.applicant;
  return {
    surname: p.surname,
    name: p.name,
    tax_code: p.tax_code!,
    ...step.contacts,
    resident: p.resident,
  };
}

/** The form of step 1, for a new application and for a draft being changed. */
export function Step1Form(
  { state, action, household, open, values, errors }: {
    state: State;
    action: string;
    household: Household;
    open: CatalogService[];
    values: Step1Values;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  return (
    <form method="post" action={action} noValidate>
      <CsrfField state={state} />
      <RequiredNote state={state} />
      <fieldset class="mb-4" aria-describedby={errors.services ? "services-error" : undefined}>
        <legend class="h5">{tr("Servizi richiesti *", "Services *")}</legend>
        {open.map((s, i) => (
          <div class="form-check" key={s.id}>
            <input
              type="checkbox"
              id={i === 0 ? "services" : `services-${s.id}`}
              name="services"
              value={s.id}
              checked={values.services.includes(s.id)}
              aria-invalid={errors.services ? "true" : undefined}
            />
            <label for={i === 0 ? "services" : `services-${s.id}`}>
              {s.title} ({tr("anno", "year")} {s.years.map((y) => y.label).join(", ")})
            </label>
          </div>
        ))}
        <FieldError field="services" errors={errors} />
      </fieldset>
      <fieldset class="mb-4" aria-describedby={errors.kind ? "kind-error" : undefined}>
        <legend class="h5">{tr("Tipo di domanda *", "Type of application *")}</legend>
        {[["new", tr("Nuova iscrizione", "New enrollment")], [
          "renewal",
          tr("Rinnovo (riconferma di chi era già iscritto)", "Renewal (already enrolled)"),
        ]].map(([v, label], i) => (
          <div class="form-check" key={v}>
            <input
              type="radio"
              id={i === 0 ? "kind" : `kind-${v}`}
              name="kind"
              value={v}
              checked={values.kind === v}
            />
            <label for={i === 0 ? "kind" : `kind-${v}`}>{label}</label>
          </div>
        ))}
        <FieldError field="kind" errors={errors} />
      </fieldset>
      <fieldset
        class="mb-4"
        aria-describedby={errors.applicant_id
          ? "applicant-hint applicant_id-error"
          : "applicant-hint"}
      >
        <legend class="h5">
          {tr("Chi presenta la domanda e paga *", "Who applies and pays *")}
        </legend>
        <p class="small" id="applicant-hint">
          {tr(
            "Il genitore intestatario riceve gli avvisi di pagamento e la dichiarazione per le detrazioni.",
            "The paying parent receives the payment notices and the statement for tax deductions.",
          )}
        </p>
        {household.parents.map((p, i) => (
          <div class="form-check" key={p.id}>
            <input
              type="radio"
              id={i === 0 ? "applicant_id" : `applicant_id-${p.id}`}
              name="applicant_id"
              value={p.id}
              checked={values.applicant_id === p.id}
            />
            <label for={i === 0 ? "applicant_id" : `applicant_id-${p.id}`}>
              {p.name} {p.surname} {p.tax_code && `(${p.tax_code})`}
            </label>
          </div>
        ))}
        <FieldError field="applicant_id" errors={errors} />
      </fieldset>
      <TextField
        state={state}
        id="email"
        type="email"
        label={tr("E-mail per le comunicazioni", "E-mail for communications")}
        value={values.email}
        errors={errors}
        required
        autocomplete="email"
      />
      <TextField
        state={state}
        id="mobile"
        type="tel"
        label={tr("Cellulare", "Mobile")}
        value={values.mobile}
        errors={errors}
        autocomplete="tel"
      />
      <TextField
        state={state}
        id="address"
        label={tr("Indirizzo di residenza", "Home address")}
        value={values.address}
        errors={errors}
        autocomplete="street-address"
      />
      <button type="submit" class="btn btn-primary">
        {tr("Salva e continua", "Save and continue")}
      </button>
    </form>
  );
}

import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { ExistingRecord } from "../../../../lib/registry/errors.ts";
import { PERSON_KINDS, personKindLabel } from "../../../../lib/registry/labels.ts";
import type { Person } from "../../../../lib/registry/people.ts";
import type { PersonDraft } from "../../../../lib/registry/rules.ts";
import { DuplicateAlert } from "./DuplicateAlert.tsx";
import {
  CheckField,
  DateField,
  type FormBody,
  list,
  SelectField,
  text,
  TextArea,
} from "./fields.tsx";

/** What the person form shows: text as typed, kinds checked, residency ticked. */
export interface PersonForm {
  tax_code: string;
  surname: string;
  name: string;
  sex: string;
  birth_date: string;
  birth_place_code: string;
  birth_place_name: string;
  citizenship: string;
  resident: boolean;
  residence_address: string;
  email: string;
  mobile: string;
  pec: string;
  postal_address: string;
  kinds: string[];
  notes: string;
}

const TEXT_FIELDS = [
  "tax_code",
  "surname",
  "name",
  "sex",
  "birth_date",
  "birth_place_code",
  "birth_place_name",
  "citizenship",
  "residence_address",
  "email",
  "mobile",
  "pec",
  "postal_address",
  "notes",
] as const;

export const EMPTY_PERSON_FORM: PersonForm = {
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, ""])) as Omit<PersonForm, "resident" | "kinds">,
  citizenship: "IT",
  resident: true,
  kinds: [],
};

export function personFormFromBody(body: FormBody): PersonForm {
  const out = Object.fromEntries(TEXT_FIELDS.map((f) => [f, text(body, f)]));
  return {
    ...out,
    resident: text(body, "resident") === "1",
    kinds: list(body, "kinds"),
  } as PersonForm;
}

export function personFormFromRecord(p: Person): PersonForm {
  const out = Object.fromEntries(TEXT_FIELDS.map((f) => [f, p[f] ?? ""]));
  return { ...out, resident: p.resident, kinds: [...p.kinds] } as PersonForm;
}

export function draftOf(f: PersonForm): PersonDraft {
  return { ...f };
}

/** The create/edit form of a person. */
export function PersonFormView(
  { state, form, errors, action, submit, cancel, duplicate }: {
    state: State;
    form: PersonForm;
    errors: FieldErrors;
    action: string;
    submit: string;
    cancel: string;
    duplicate: ExistingRecord | null;
  },
) {
  const { tr } = state;
  return (
    <>
      {duplicate && <DuplicateAlert state={state} existing={duplicate} />}
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action={action} class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <fieldset class="mb-4">
          <legend class="h5">{tr("Dati anagrafici", "Personal data")}</legend>
          <TextField
            state={state}
            id="tax_code"
            label={tr("Codice fiscale", "Codice fiscale (tax code)")}
            value={form.tax_code}
            errors={errors}
            hint={tr(
              "16 caratteri. Se non indichi sesso, data e luogo di nascita, vengono letti dal codice; se li indichi, devono corrispondere.",
              "16 characters. Sex, birth date and place of birth are read from the code when left empty; when given, they must match it.",
            )}
            autocomplete="off"
            maxLength={20}
          />
          <div class="row">
            <div class="col-md-6">
              <TextField
                state={state}
                id="surname"
                label={tr("Cognome", "Surname")}
                value={form.surname}
                errors={errors}
                required
                autocomplete="off"
                maxLength={100}
              />
            </div>
            <div class="col-md-6">
              <TextField
                state={state}
                id="name"
                label={tr("Nome", "Name")}
                value={form.name}
                errors={errors}
                required
                autocomplete="off"
                maxLength={100}
              />
            </div>
          </div>
          <div class="row">
            <div class="col-md-4">
              <SelectField
                state={state}
                id="sex"
                label={tr("Sesso", "Sex")}
                value={form.sex}
                errors={errors}
                options={[
                  ["", tr("Dal codice fiscale", "From the tax code")],
                  ["F", tr("Femmina", "Female")],
                  ["M", tr("Maschio", "Male")],
                ]}
              />
            </div>
            <div class="col-md-4">
              <DateField
                state={state}
                id="birth_date"
                label={tr("Data di nascita", "Birth date")}
                value={form.birth_date}
                errors={errors}
              />
            </div>
            <div class="col-md-4">
              <TextField
                state={state}
                id="citizenship"
                label={tr("Cittadinanza", "Citizenship")}
                value={form.citizenship}
                errors={errors}
                hint={tr("Codice del paese, ad esempio IT.", "Country code, e.g. IT.")}
                maxLength={2}
              />
            </div>
          </div>
          <div class="row">
            <div class="col-md-4">
              <TextField
                state={state}
                id="birth_place_code"
                label={tr("Codice catastale del luogo di nascita", "Cadastral code of birthplace")}
                value={form.birth_place_code}
                errors={errors}
                hint={tr("Ad esempio D612 (Firenze), Z129 (Romania).", "E.g. D612, Z129.")}
                maxLength={4}
              />
            </div>
            <div class="col-md-8">
              <TextField
                state={state}
                id="birth_place_name"
                label={tr("Comune o stato di nascita", "Comune or state of birth")}
                value={form.birth_place_name}
                errors={errors}
                maxLength={100}
              />
            </div>
          </div>
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">{tr("Residenza e recapiti", "Residence and contacts")}</legend>
          <CheckField
            id="resident"
            label={tr("Residente nel Comune", "Resident in the Comune")}
            checked={form.resident}
            hint={tr("La residenza determina le tariffe.", "Residency determines tariffs.")}
          />
          <TextField
            state={state}
            id="residence_address"
            label={tr("Indirizzo di residenza", "Address of residence")}
            value={form.residence_address}
            errors={errors}
            maxLength={300}
          />
          <div class="row">
            <div class="col-md-6">
              <TextField
                state={state}
                id="email"
                type="email"
                label={tr("E-mail", "E-mail")}
                value={form.email}
                errors={errors}
                maxLength={254}
              />
            </div>
            <div class="col-md-6">
              <TextField
                state={state}
                id="mobile"
                type="tel"
                label={tr("Cellulare", "Mobile")}
                value={form.mobile}
                errors={errors}
                maxLength={30}
              />
            </div>
          </div>
          <TextField
            state={state}
            id="pec"
            type="email"
            label={tr("PEC", "PEC (certified e-mail)")}
            value={form.pec}
            errors={errors}
            maxLength={254}
          />
          <TextField
            state={state}
            id="postal_address"
            label={tr("Indirizzo per la corrispondenza", "Postal address")}
            value={form.postal_address}
            errors={errors}
            hint={tr("Solo se diverso dalla residenza.", "Only when not the residence.")}
            maxLength={300}
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">{tr("Tipo di soggetto", "Kind of subject")}</legend>
          {PERSON_KINDS.map((k) => (
            <CheckField
              key={k}
              id={`kinds-${k}`}
              name="kinds"
              value={k}
              label={personKindLabel(k, state.lang)}
              checked={form.kinds.includes(k)}
            />
          ))}
        </fieldset>
        <TextArea
          state={state}
          id="notes"
          label={tr("Note per l'ufficio", "Notes for the office")}
          value={form.notes}
          errors={errors}
          maxLength={2000}
        />
        <button type="submit" class="btn btn-primary">{submit}</button>
        <a class="btn btn-outline-primary ms-2" href={cancel}>{tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
}

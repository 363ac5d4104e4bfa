import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { ExistingRecord } from "../../../../lib/registry/errors.ts";
import {
  ORGANIZATION_KINDS,
  organizationKindLabel,
  PROVIDER_KINDS,
  providerKindLabel,
} from "../../../../lib/registry/labels.ts";
import {
  ORGANIZATION_FIELDS,
  type OrganizationDraft,
} from "../../../../lib/registry/organization_rules.ts";
import type { Organization } from "../../../../lib/registry/organizations.ts";
import { DuplicateAlert } from "./DuplicateAlert.tsx";
import { type FormBody, SelectField, text, TextArea } from "./fields.tsx";

export type OrganizationForm = Record<(typeof ORGANIZATION_FIELDS)[number], string>;

export const EMPTY_ORGANIZATION_FORM = Object.fromEntries(
  ORGANIZATION_FIELDS.map((f) => [f, ""]),
) as OrganizationForm;

export function organizationFormFromBody(body: FormBody): OrganizationForm {
  return Object.fromEntries(ORGANIZATION_FIELDS.map((f) => [f, text(body, f)])) as OrganizationForm;
}

export function organizationFormFromRecord(o: Organization): OrganizationForm {
  return Object.fromEntries(ORGANIZATION_FIELDS.map((f) => [f, o[f] ?? ""])) as OrganizationForm;
}

export const organizationDraft = (f: OrganizationForm): OrganizationDraft => ({ ...f });

/** The create/edit form of a legal person. */
export function OrganizationFormView(
  { state, form, errors, action, submit, cancel, duplicate }: {
    state: State;
    form: OrganizationForm;
    errors: FieldErrors;
    action: string;
    submit: string;
    cancel: string;
    duplicate: ExistingRecord | null;
  },
) {
  const { tr } = state;
  const field = (
    id: keyof OrganizationForm,
    label: string,
    opts: {
      hint?: string;
      maxLength?: number;
      type?: "text" | "email" | "tel";
      required?: boolean;
    } = {},
  ) => (
    <TextField
      state={state}
      id={id}
      label={label}
      value={form[id]}
      errors={errors}
      hint={opts.hint}
      type={opts.type}
      required={opts.required}
      maxLength={opts.maxLength ?? 300}
      autocomplete="off"
    />
  );
  return (
    <>
      {duplicate && <DuplicateAlert state={state} existing={duplicate} />}
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action={action} class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        {field("name", tr("Denominazione", "Name"), { required: true, maxLength: 200 })}
        <div class="row">
          <div class="col-md-6">
            <SelectField
              state={state}
              id="kind"
              label={tr("Tipo di soggetto", "Kind of subject")}
              value={form.kind}
              errors={errors}
              required
              options={[
                ["", tr("Scegli…", "Choose…")],
                ...ORGANIZATION_KINDS.map((k): [string, string] => [
                  k,
                  organizationKindLabel(k, state.lang),
                ]),
              ]}
            />
          </div>
          <div class="col-md-6">
            <SelectField
              state={state}
              id="provider_kind"
              label={tr("Che cosa fornisce (erogatori)", "What it supplies (providers)")}
              value={form.provider_kind}
              errors={errors}
              options={[
                ["", tr("Non è un erogatore", "Not a provider")],
                ...PROVIDER_KINDS.map((k): [string, string] => [
                  k,
                  providerKindLabel(k, state.lang),
                ]),
              ]}
            />
          </div>
        </div>
        <div class="row">
          <div class="col-md-6">
            {field("vat_number", tr("Partita IVA", "VAT number (partita IVA)"), {
              hint: tr("11 cifre; serve la partita IVA o il codice fiscale.", "11 digits."),
              maxLength: 20,
            })}
          </div>
          <div class="col-md-6">
            {field("tax_code", tr("Codice fiscale", "Tax code"), {
              hint: tr(
                "11 cifre (16 caratteri per una ditta individuale).",
                "11 digits (16 characters for a sole trader).",
              ),
              maxLength: 20,
            })}
          </div>
        </div>
        {field("school_code", tr("Codice meccanografico (scuole)", "School code"), {
          maxLength: 10,
        })}
        <div class="row">
          <div class="col-md-6">
            {field("email", tr("E-mail", "E-mail"), { type: "email", maxLength: 254 })}
          </div>
          <div class="col-md-6">
            {field("phone", tr("Telefono", "Phone"), { type: "tel", maxLength: 30 })}
          </div>
        </div>
        {field("pec", "PEC", { type: "email", maxLength: 254 })}
        {field("postal_address", tr("Sede (indirizzo)", "Address"))}
        {field("iban", "IBAN", {
          hint: tr("Per i pagamenti ai fornitori.", "For payments to providers."),
          maxLength: 42,
        })}
        <TextArea
          state={state}
          id="notes"
          label={tr("Note", "Notes")}
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

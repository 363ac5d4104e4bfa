import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CheckboxField } from "../../../components/CheckboxField.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import {
  checkSettings,
  getSettings,
  type InvoiceSettings,
  saveSettings,
  TAX_REGIMES,
} from "../../../lib/fatturapa/settings.ts";
import { DEFAULT_VAT_REFERENCES } from "../../../lib/fatturapa/xml.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { hasAnyRole } from "../../../lib/http/guards.ts";

const TEXT_FIELDS = [
  "vat_number",
  "tax_code",
  "name",
  "address",
  "street_number",
  "postal_code",
  "municipality",
  "province",
  "tax_regime",
  "rea_office",
  "rea_number",
  "number_prefix",
  "transmitter_code",
] as const;
/** Nature whose legal reference the office usually writes (services of a Comune). */
const REF_NATURES = ["N1", "N2.2", "N4"] as const;

type Form = Record<typeof TEXT_FIELDS[number], string> & {
  stamp_duty: boolean;
  refs: Record<string, string>;
};

interface Data {
  form: Form;
  errors: FieldErrors;
  saved: boolean;
  configured: boolean;
  canEdit: boolean;
}

function formOf(s: InvoiceSettings | null): Form {
  const f = Object.fromEntries(
    TEXT_FIELDS.map((k) => [k, s ? String(s[k] ?? "") : k === "tax_regime" ? "RF01" : ""]),
  ) as unknown as Form;
  f.stamp_duty = s?.stamp_duty ?? true;
  f.refs = { ...(s?.vat_references ?? {}) };
  return f;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const tenantId = state.claims!.app_metadata.tenant_id!;
    const s = await state.db.asUser(state.claims!, (tx) => getSettings(tx, tenantId));
    return page({
      form: formOf(s),
      errors: {},
      saved: c.req.query("salvato") === "1",
      configured: s !== null,
      canEdit: hasAnyRole(state, ["admin", "operator"]),
    });
  },
  async POST(c) {
    const state = c.get("state");
    if (!hasAnyRole(state, ["admin", "operator"])) {
      throw new HttpError(403, "Only the office changes the invoice data", { code: "forbidden" });
    }
    const body = await c.req.parseBody();
    const str = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const form = Object.fromEntries(TEXT_FIELDS.map((k) => [k, str(k)])) as unknown as Form;
    form.stamp_duty = str("stamp_duty") === "on";
    form.refs = Object.fromEntries(REF_NATURES.map((n) => [n, str(`ref_${n}`)]));
    const r = checkSettings({ ...form, vat_references: form.refs, stamp_duty: form.stamp_duty });
    if (!r.ok) {
      const errors: FieldErrors = {};
      for (const p of r.problems) {
        const id = p.field === "vat_references" ? "ref_N4" : p.field;
        errors[id] ??= state.tr(p.it, p.en);
      }
      return page({ form, errors, saved: false, configured: false, canEdit: true }, {
        status: 422,
      });
    }
    await state.db.asUser(
      state.claims!,
      (tx) => saveSettings(tx, state.claims!.app_metadata.tenant_id!, r.value, state.claims!.sub),
    );
    return c.redirect("/operatore/fatture/impostazioni?salvato=1", 303);
  },
});

/** The Ente as cedente/prestatore of its electronic invoices. */
export default define.page<Data>(function InvoiceSettingsPage({ data, state }) {
  const tr = state.tr;
  const f = data.form;
  const e = data.errors;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatture", "Invoices"), "/operatore/fatture"], [
          tr("Dati per la fatturazione", "Invoicing data"),
        ]]}
      />
      <h1>{tr("Dati dell'Ente per la fatturazione", "The Ente's invoicing data")}</h1>
      {data.saved && <Alert kind="success">{tr("Dati salvati.", "Data saved.")}</Alert>}
      <p class="lead">
        {tr(
          "L'Ente come cedente/prestatore nelle fatture elettroniche (FatturaPA) dei servizi fatturati: sono stampati su ogni fattura e sulla copia di cortesia.",
          "The Ente as supplier (cedente/prestatore) in the electronic invoices (FatturaPA) of the services billed by invoice: printed on each invoice and courtesy copy.",
        )}
      </p>
      <ErrorSummary state={state} errors={e} />
      <form method="post" action="/operatore/fatture/impostazioni" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <fieldset class="mb-4">
          <legend class="h5">{tr("Identificazione", "Identification")}</legend>
          <div class="row">
            <div class="col-md-6">
              <TextField
                state={state}
                id="name"
                label={tr("Denominazione", "Name")}
                value={f.name}
                errors={e}
                required
                maxLength={80}
              />
            </div>
            <div class="col-md-3">
              <TextField
                state={state}
                id="vat_number"
                label={tr("Partita IVA", "VAT number")}
                value={f.vat_number}
                errors={e}
                required
                inputMode="numeric"
                maxLength={13}
              />
            </div>
            <div class="col-md-3">
              <TextField
                state={state}
                id="tax_code"
                label={tr("Codice fiscale", "Tax code")}
                value={f.tax_code}
                errors={e}
                required
                inputMode="numeric"
                maxLength={11}
              />
            </div>
          </div>
          <div class="row">
            <div class="col-md-6">
              <SelectField
                state={state}
                id="tax_regime"
                label={tr("Regime fiscale", "Tax regime")}
                value={f.tax_regime}
                options={TAX_REGIMES.map((
                  r,
                ) => [r, r === "RF01" ? tr("RF01 – ordinario", "RF01 – ordinary") : r])}
                errors={e}
                required
              />
            </div>
            <div class="col-md-3">
              <TextField
                state={state}
                id="rea_office"
                label={tr("Ufficio REA (provincia)", "REA office (province)")}
                value={f.rea_office}
                errors={e}
                maxLength={2}
                hint={tr(
                  "Solo se l'Ente è iscritto al REA.",
                  "Only if the Ente is registered with the REA.",
                )}
              />
            </div>
            <div class="col-md-3">
              <TextField
                state={state}
                id="rea_number"
                label={tr("Numero REA", "REA number")}
                value={f.rea_number}
                errors={e}
                maxLength={20}
              />
            </div>
          </div>
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">{tr("Sede", "Seat")}</legend>
          <div class="row">
            <div class="col-md-8">
              <TextField
                state={state}
                id="address"
                label={tr("Indirizzo", "Street")}
                value={f.address}
                errors={e}
                required
                maxLength={60}
                autocomplete="address-line1"
              />
            </div>
            <div class="col-md-4">
              <TextField
                state={state}
                id="street_number"
                label={tr("Numero civico", "Number")}
                value={f.street_number}
                errors={e}
                maxLength={8}
              />
            </div>
          </div>
          <div class="row">
            <div class="col-md-3">
              <TextField
                state={state}
                id="postal_code"
                label="CAP"
                value={f.postal_code}
                errors={e}
                required
                inputMode="numeric"
                maxLength={5}
                autocomplete="postal-code"
              />
            </div>
            <div class="col-md-6">
              <TextField
                state={state}
                id="municipality"
                label={tr("Comune", "Municipality")}
                value={f.municipality}
                errors={e}
                required
                maxLength={60}
              />
            </div>
            <div class="col-md-3">
              <TextField
                state={state}
                id="province"
                label={tr("Provincia (sigla)", "Province (code)")}
                value={f.province}
                errors={e}
                maxLength={2}
              />
            </div>
          </div>
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">
            {tr("Numerazione e trasmissione", "Numbering and transmission")}
          </legend>
          <div class="row">
            <div class="col-md-6">
              <TextField
                state={state}
                id="number_prefix"
                label={tr("Prefisso del numero", "Number prefix")}
                value={f.number_prefix}
                errors={e}
                maxLength={6}
                hint={tr(
                  "Facoltativo: con «FE» le fatture sono FE-1/2026, FE-2/2026…; la numerazione riparte ogni anno.",
                  "Optional: with «FE» invoices are FE-1/2026, FE-2/2026…; numbering restarts every year.",
                )}
              />
            </div>
            <div class="col-md-6">
              <TextField
                state={state}
                id="transmitter_code"
                label={tr("Codice fiscale del trasmittente", "Transmitter's tax code")}
                value={f.transmitter_code}
                errors={e}
                maxLength={16}
                hint={tr(
                  "Solo se un intermediario trasmette allo SdI per l'Ente; altrimenti si usa la partita IVA.",
                  "Only if an intermediary transmits to the SdI for the Ente; otherwise the VAT number is used.",
                )}
              />
            </div>
          </div>
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h5">{tr("Operazioni senza IVA", "Operations without VAT")}</legend>
          <p class="small">
            {tr(
              "Riferimento normativo stampato per ogni natura (per esempio asilo nido esente art. 10). Se vuoto si usa il testo predefinito.",
              "Legal reference printed for each natura (e.g. nursery exempt under art. 10). When empty the default text is used.",
            )}
          </p>
          {REF_NATURES.map((n) => (
            <TextField
              key={n}
              state={state}
              id={`ref_${n}`}
              label={tr(`Riferimento normativo per ${n}`, `Legal reference for ${n}`)}
              value={f.refs[n] ?? ""}
              errors={e}
              maxLength={100}
              hint={tr(
                `Predefinito: ${DEFAULT_VAT_REFERENCES[n]}`,
                `Default: ${DEFAULT_VAT_REFERENCES[n]}`,
              )}
            />
          ))}
          <CheckboxField
            id="stamp_duty"
            value="on"
            label={tr(
              "Applicare il bollo virtuale (2 €) sulle fatture con importi esenti oltre 77,47 €",
              "Apply the virtual stamp duty (€2) on invoices with exempt amounts above €77.47",
            )}
            checked={f.stamp_duty}
            errors={e}
          />
        </fieldset>
        {data.canEdit && (
          <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
        )}
      </form>
    </>
  );
});

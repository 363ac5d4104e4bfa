import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import {
  BILLING_MODES,
  checkServiceBilling,
  getServiceBilling,
  MODE_LABELS,
  saveServiceBilling,
  serviceBillingForm,
  type ServiceBillingRow,
} from "../../../../lib/billing/settings.ts";
import { defaultTaxonomy, TAXONOMY_CODES } from "../../../../lib/billing/taxonomy.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  service: ServiceBillingRow;
  form: Record<string, string>;
  errors: FieldErrors;
}

const FIELDS = ["mode", "taxonomy_code", "instalments", "min_notice", "vat_nature", "vat_rate"];

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("serviceId")!;
    if (!isUuid(id)) throw new HttpError(404);
    const service = await db.asUser(claims!, (tx) => getServiceBilling(tx, id));
    if (!service) throw new HttpError(404);
    const form = serviceBillingForm({
      ...service,
      taxonomy_code: service.taxonomy_code ?? defaultTaxonomy(service.service_kind),
    });
    return page({ service, form, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("serviceId")!;
    if (!isUuid(id)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const form = Object.fromEntries(
      FIELDS.map((k) => [k, typeof body[k] === "string" ? (body[k] as string) : ""]),
    );
    const { values, issues } = checkServiceBilling(form);
    const service = await state.db.asUser(state.claims!, async (tx) => {
      const s = await getServiceBilling(tx, id);
      if (s && !issues.length) await saveServiceBilling(tx, id, values);
      return s;
    });
    if (!service) throw new HttpError(404);
    if (issues.length) {
      const errors: FieldErrors = {};
      for (const i of issues) errors[i.field] ??= state.lang === "en" ? i.en : i.it;
      return page({ service, form, errors }, { status: 422 });
    }
    return c.redirect("/operatore/fatturazione/impostazioni?salvate=1", 303);
  },
});

/** How one service is billed: notice, invoice or prepaid, taxonomy, instalments, VAT. */
export default define.page<Data>(function ServiceBillingPage({ data, state }) {
  const tr = state.tr;
  const { service: s, form: f, errors: e } = data;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Impostazioni pagoPA", "pagoPA settings"), "/operatore/fatturazione/impostazioni"],
          [s.service_title],
        ]}
      />
      <h1>{tr(`Fatturazione: ${s.service_title}`, `Billing: ${s.service_title}`)}</h1>
      <ErrorSummary state={state} errors={e} />
      <form
        method="post"
        action={`/operatore/fatturazione/impostazioni/${s.service_id}`}
        novalidate
      >
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <SelectField
          state={state}
          id="mode"
          label={tr("Come si paga", "How it is paid")}
          value={f.mode}
          required
          options={BILLING_MODES.map((m) => [m, tr(MODE_LABELS[m].it, MODE_LABELS[m].en)])}
          errors={e}
        />
        <SelectField
          state={state}
          id="taxonomy_code"
          label={tr("Tassonomia pagoPA (dati specifici di incasso)", "pagoPA taxonomy code")}
          value={f.taxonomy_code}
          required
          options={TAXONOMY_CODES.map((t) => [t.code, `${t.code} — ${tr(t.it, t.en)}`])}
          errors={e}
        />
        <TextField
          state={state}
          id="instalments"
          type="number"
          label={tr("Numero di rate", "Number of instalments")}
          value={f.instalments}
          required
          min="1"
          max="12"
          hint={tr(
            "1 = pagamento unico; con più rate resta possibile pagare tutto in una volta.",
            "1 = single payment; with instalments paying all at once stays possible.",
          )}
          errors={e}
        />
        <TextField
          state={state}
          id="min_notice"
          label={tr(
            "Importo minimo per emettere un avviso (euro)",
            "Minimum amount for a notice (euro)",
          )}
          value={f.min_notice}
          inputMode="decimal"
          hint={tr(
            "Importi più bassi passano al periodo successivo. Vuoto = sempre.",
            "Lower amounts are carried to the next period. Empty = always.",
          )}
          errors={e}
        />
        <fieldset class="mb-4">
          <legend class="h5">{tr("IVA (solo per la fattura)", "VAT (invoices only)")}</legend>
          <TextField
            state={state}
            id="vat_rate"
            label={tr("Aliquota IVA (%)", "VAT rate (%)")}
            value={f.vat_rate}
            inputMode="decimal"
            errors={e}
          />
          <TextField
            state={state}
            id="vat_nature"
            label={tr("Oppure natura dell'esenzione (N1…N7)", "Or nature of the exemption (N1…N7)")}
            value={f.vat_nature}
            maxLength={4}
            errors={e}
          />
        </fieldset>
        <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
      </form>
    </>
  );
});

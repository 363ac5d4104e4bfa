import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CheckboxField, ChoicesField } from "../../../../components/CheckboxField.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import {
  type LapseRule,
  lapseRuleOf,
  lapseRuleText,
} from "../../../../lib/billing/instalment_plan_lapse.ts";
import {
  type BillingSettings,
  checkSettings,
  getSettings,
  listServiceBilling,
  MODE_LABELS,
  saveSettings,
  type ServiceBillingRow,
} from "../../../../lib/billing/settings.ts";
import { taxonomyOf } from "../../../../lib/billing/taxonomy.ts";
import { formatIban } from "../../../../lib/codes/iban.ts";
import { define, page } from "../../../../lib/http/define.ts";
import { euro } from "../(_components)/bits.tsx";

type Form = Record<keyof BillingSettings, string>;

interface Data {
  form: Form;
  errors: FieldErrors;
  saved: boolean;
  /** The rule of decadenza as saved (the law's while never saved), not as typed. */
  rule: LapseRule;
  services: ServiceBillingRow[];
  done: boolean;
}

const formOf = (s: BillingSettings): Form => ({
  segregation_code: s.segregation_code,
  iban: s.iban ? formatIban(s.iban) : "",
  postal_account: s.postal_account ?? "",
  postal_iban: s.postal_iban ? formatIban(s.postal_iban) : "",
  postal_account_holder: s.postal_account_holder ?? "",
  postal_authorization: s.postal_authorization ?? "",
  cbill: s.cbill ?? "",
  office_name: s.office_name ?? "",
  office_contact: s.office_contact ?? "",
  position_grouping: s.position_grouping,
  due_days: String(s.due_days),
  gpd_enabled: s.gpd_enabled ? "on" : "",
  reminder_min_days: String(s.reminder_min_days),
  lapse_missed_instalments: String(s.lapse_missed_instalments),
  lapse_consecutive: String(s.lapse_consecutive),
  lapse_window_months: s.lapse_window_months === null ? "" : String(s.lapse_window_months),
  lapse_after_reminder: String(s.lapse_after_reminder),
});

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => {
        const { settings, saved } = await getSettings(tx);
        return {
          form: formOf(settings),
          errors: {},
          saved,
          rule: lapseRuleOf(settings),
          services: await listServiceBilling(tx),
          done: c.req.query("salvate") === "1",
        };
      }),
    );
  },
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody();
    const form = Object.fromEntries(
      Object.keys(formOf(checkSettings({}).values)).map((k) => [
        k,
        typeof body[k] === "string" ? (body[k] as string) : "",
      ]),
    ) as Form;
    const { values, issues } = checkSettings(form);
    if (issues.length) {
      const errors: FieldErrors = {};
      for (const i of issues) errors[i.field] ??= state.lang === "en" ? i.en : i.it;
      return page(
        await state.db.asUser(state.claims!, async (tx) => {
          const { settings, saved } = await getSettings(tx);
          return {
            form,
            errors,
            saved,
            rule: lapseRuleOf(settings),
            services: await listServiceBilling(tx),
            done: false,
          };
        }),
        { status: 422 },
      );
    }
    await state.db.asUser(state.claims!, (tx) => saveSettings(tx, values));
    return c.redirect("/operatore/fatturazione/impostazioni?salvate=1", 303);
  },
});

/** The Ente's pagoPA settings and how each service is billed. */
export default define.page<Data>(function BillingSettingsPage({ data, state }) {
  const tr = state.tr;
  const f = data.form;
  const e = data.errors;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatturazione", "Billing"), "/operatore/fatturazione"], [
          tr("Impostazioni pagoPA", "pagoPA settings"),
        ]]}
      />
      <h1>{tr("Impostazioni pagoPA e fatturazione", "pagoPA and billing settings")}</h1>
      {data.done && <Alert kind="success">{tr("Impostazioni salvate.", "Settings saved.")}</Alert>}
      {!data.saved && !data.done && (
        <Alert kind="warning">
          {tr(
            "Le impostazioni non sono ancora state salvate: senza IBAN gli avvisi non si possono emettere.",
            "The settings were never saved: without an IBAN no notice can be issued.",
          )}
        </Alert>
      )}
      <ErrorSummary state={state} errors={e} />
      <form method="post" action="/operatore/fatturazione/impostazioni" novalidate class="mb-5">
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <fieldset class="mb-4">
          <legend class="h4">{tr("Ente creditore", "Creditor")}</legend>
          <TextField
            state={state}
            id="segregation_code"
            label={tr("Codice di segregazione", "Segregation code")}
            value={f.segregation_code}
            required
            inputMode="numeric"
            maxLength={2}
            hint={tr(
              "2 cifre assegnate da PagoPA (numero avviso: 3 + codice di segregazione + IUV).",
              "2 digits assigned by PagoPA (notice number: 3 + segregation code + IUV).",
            )}
            errors={e}
          />
          <TextField
            state={state}
            id="iban"
            label={tr("IBAN di accredito", "IBAN to credit")}
            value={f.iban}
            autocomplete="off"
            errors={e}
          />
          <TextField
            state={state}
            id="cbill"
            label={tr("Codice CBILL (facoltativo)", "CBILL code (optional)")}
            value={f.cbill}
            maxLength={5}
            errors={e}
          />
          <TextField
            state={state}
            id="office_name"
            label={tr("Ufficio indicato sull'avviso", "Office printed on the notice")}
            value={f.office_name}
            maxLength={140}
            errors={e}
          />
          <TextField
            state={state}
            id="office_contact"
            label={tr("Contatti dell'ufficio", "Office contacts")}
            value={f.office_contact}
            maxLength={300}
            errors={e}
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h4">{tr("Conto corrente postale", "Postal account")}</legend>
          <p class="small">
            {tr(
              "Se l'Ente ha un conto postale, l'avviso riporta il bollettino con il Data Matrix di Poste.",
              "If the Ente has a postal account, the notice carries the postal slip with the Poste Data Matrix.",
            )}
          </p>
          <TextField
            state={state}
            id="postal_account"
            label={tr("Numero di conto corrente postale", "Postal account number")}
            value={f.postal_account}
            inputMode="numeric"
            maxLength={12}
            errors={e}
          />
          <TextField
            state={state}
            id="postal_iban"
            label={tr("IBAN del conto postale", "Postal account IBAN")}
            value={f.postal_iban}
            errors={e}
          />
          <TextField
            state={state}
            id="postal_account_holder"
            label={tr("Intestatario del conto postale", "Postal account holder")}
            value={f.postal_account_holder}
            maxLength={140}
            errors={e}
          />
          <TextField
            state={state}
            id="postal_authorization"
            label={tr("Autorizzazione Poste (AUT.)", "Poste authorization (AUT.)")}
            value={f.postal_authorization}
            maxLength={140}
            errors={e}
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h4">{tr("Posizioni debitorie", "Debt positions")}</legend>
          <SelectField
            state={state}
            id="position_grouping"
            label={tr("Una posizione per pagatore e periodo", "One position per payer and period")}
            value={f.position_grouping}
            required
            options={[
              ["per_service", tr("per ogni servizio", "for each service")],
              ["aggregated", tr("per tutti i servizi insieme", "for all services together")],
            ]}
            errors={e}
          />
          <TextField
            state={state}
            id="due_days"
            type="number"
            label={tr("Giorni per pagare dall'emissione", "Days to pay from issue")}
            value={f.due_days}
            required
            min="1"
            max="365"
            errors={e}
          />
          <CheckboxField
            id="gpd_enabled"
            label={tr(
              "Pubblica le posizioni su GPD (Gestione Posizioni Debitorie di pagoPA)",
              "Publish positions on GPD (pagoPA debt positions)",
            )}
            checked={f.gpd_enabled === "on"}
            spacing="mb-3"
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h4">{tr("Solleciti di pagamento", "Payment reminders")}</legend>
          <TextField
            state={state}
            id="reminder_min_days"
            type="number"
            label={tr(
              "Giorni minimi tra due solleciti della stessa posizione",
              "Minimum days between two reminders of the same position",
            )}
            hint={tr(
              "Da 1 a 90: una posizione sollecitata di recente viene saltata.",
              "1 to 90: a position reminded recently is skipped.",
            )}
            value={f.reminder_min_days}
            required
            min="1"
            max="90"
            errors={e}
          />
        </fieldset>
        <fieldset class="mb-4">
          <legend class="h4">
            {tr("Rateizzazioni: regola di decadenza", "Instalment plans: rule of lapse")}
          </legend>
          <p class="small">
            {tr(
              "Se il regolamento dell'Ente non dice altro vale la legge: due rate consecutive non pagate, dopo un sollecito espresso (L. 160/2019, art. 1 c. 800).",
              "Unless the Ente's regulation says otherwise the law applies: two consecutive instalments unpaid, after an express reminder (L. 160/2019, art. 1 c. 800).",
            )}
          </p>
          <p>{tr("Regola in uso: ", "Rule in use: ")}{lapseRuleText(data.rule, state.lang)}</p>
          <TextField
            state={state}
            id="lapse_missed_instalments"
            type="number"
            label={tr(
              "Rate non pagate che portano alla decadenza",
              "Instalments unpaid that make a plan lapse",
            )}
            hint={tr("Da 1 a 12.", "1 to 12.")}
            value={f.lapse_missed_instalments}
            required
            min="1"
            max="12"
            errors={e}
          />
          <ChoicesField
            state={state}
            id="lapse_consecutive"
            type="radio"
            label={tr("Le rate non pagate devono essere", "The unpaid instalments must be")}
            values={[f.lapse_consecutive]}
            options={[
              ["true", tr("Consecutive", "Consecutive")],
              ["false", tr("Anche non consecutive", "Consecutive or not")],
            ]}
            errors={e}
          />
          <TextField
            state={state}
            id="lapse_window_months"
            type="number"
            label={tr(
              "Entro quanti mesi (solo per rate anche non consecutive; vuoto: in qualunque momento)",
              "Within how many months (only for instalments consecutive or not; empty: at any time)",
            )}
            hint={tr(
              "Da 1 a 24, contando le scadenze delle rate non pagate.",
              "1 to 24, counting the due dates of the unpaid instalments.",
            )}
            value={f.lapse_window_months}
            min="1"
            max="24"
            errors={e}
          />
          <ChoicesField
            state={state}
            id="lapse_after_reminder"
            type="radio"
            label={tr(
              "Serve un sollecito dopo le rate non pagate",
              "A reminder is needed after the unpaid instalments",
            )}
            values={[f.lapse_after_reminder]}
            options={[
              ["true", tr("Sì, dopo un sollecito espresso", "Yes, after an express reminder")],
              ["false", tr("No", "No")],
            ]}
            errors={e}
          />
        </fieldset>
        <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
      </form>
      <h2 class="h3">{tr("Servizi", "Services")}</h2>
      <div class="table-responsive">
        <table class="table">
          <caption>{tr("Come si paga ogni servizio", "How each service is billed")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Modalità", "Mode")}</th>
              <th scope="col">{tr("Tassonomia pagoPA", "pagoPA taxonomy")}</th>
              <th scope="col" class="text-end">{tr("Rate", "Instalments")}</th>
              <th scope="col" class="text-end">{tr("Importo minimo", "Minimum amount")}</th>
            </tr>
          </thead>
          <tbody>
            {data.services.map((s) => {
              const t = s.taxonomy_code ? taxonomyOf(s.taxonomy_code) : undefined;
              return (
                <tr key={s.service_id}>
                  <th scope="row">
                    <a href={`/operatore/fatturazione/impostazioni/${s.service_id}`}>
                      {s.service_title}
                    </a>
                  </th>
                  <td>
                    {s.configured
                      ? tr(MODE_LABELS[s.mode].it, MODE_LABELS[s.mode].en)
                      : (
                        <span class="badge bg-warning">
                          {tr("Da configurare", "To configure")}
                        </span>
                      )}
                  </td>
                  <td>{s.taxonomy_code ? `${s.taxonomy_code} ${t ? tr(t.it, t.en) : ""}` : "—"}</td>
                  <td class="text-end">{s.instalments}</td>
                  <td class="text-end">{euro(state, s.min_notice_cents)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
});

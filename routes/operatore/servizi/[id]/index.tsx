import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import { romeLocalOf } from "../../../../lib/calendar/dates.ts";
import { define, page, type State } from "../../../../lib/http/define.ts";
import { isProvider, problemFrom } from "../../../../lib/services/api.ts";
import {
  listProviders,
  listSchoolYears,
  readiness,
  type SchoolYear,
  type Service,
  setServiceSchoolYears,
  updateService,
} from "../../../../lib/services/db.ts";
import { BILLING_LABELS, BILLING_MODES, label } from "../../../../lib/services/labels.ts";
import {
  checkBillingMode,
  checkLongText,
  checkRomeDateTime,
  checkServiceCode,
  checkTitle,
  checkWindow,
} from "../../../../lib/services/rules.ts";
import { collect } from "../../../../lib/tenancy/rules.ts";
import { Check, Choices, Input, Select, Textarea } from "../(_components)/fields.tsx";
import { field, fields, pageService, readBody } from "../(_components)/load.ts";
import { ServiceHeader } from "../(_components)/ServiceHeader.tsx";
import { Publication } from "../(_components)/Publication.tsx";

type Form =
  & Record<
    | "code"
    | "title"
    | "description"
    | "provider_id"
    | "billing_mode"
    | "opens"
    | "closes"
    | "citizen_info"
    | "diary"
    | "notices",
    string
  >
  & { years: string[] };

interface Data {
  service: Service;
  form: Form;
  errors: FieldErrors;
  years: SchoolYear[];
  providers: { id: string; name: string }[];
  problems: { code: string; it: string; en: string }[];
}

function formOf(s: Service): Form {
  return {
    code: s.code,
    title: s.title,
    description: s.description ?? "",
    provider_id: s.provider_id ?? "",
    billing_mode: s.billing_mode,
    opens: s.enrollment_opens_at ? romeLocalOf(new Date(s.enrollment_opens_at)) : "",
    closes: s.enrollment_closes_at ? romeLocalOf(new Date(s.enrollment_closes_at)) : "",
    citizen_info: s.citizen_info ?? "",
    diary: s.diary_enabled ? "on" : "",
    notices: s.notices_enabled ? "on" : "",
    years: s.school_year_ids,
  };
}

async function load(state: State, service: Service, form: Form, errors: FieldErrors) {
  return await state.db.asUser(state.claims!, async (tx) => ({
    service,
    form,
    errors,
    years: await listSchoolYears(tx),
    providers: await listProviders(tx),
    problems: await readiness(tx, service.id),
  }));
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { state, service } = await pageService(c);
    return page(await load(state, service, formOf(service), {}));
  },
  async POST(c) {
    const { state, service } = await pageService(c);
    const body = await readBody(c);
    const text = (k: keyof Omit<Form, "years">) => field(body, k);
    const form: Form = {
      code: text("code"),
      title: text("title"),
      description: text("description"),
      provider_id: text("provider_id"),
      billing_mode: text("billing_mode"),
      opens: text("opens"),
      closes: text("closes"),
      citizen_info: text("citizen_info"),
      diary: text("diary"),
      notices: text("notices"),
      years: fields(body, "years"),
    };
    const { values, errors } = collect(state.lang, {
      code: checkServiceCode(form.code),
      title: checkTitle(form.title),
      description: checkLongText(form.description, 2000),
      billing_mode: checkBillingMode(form.billing_mode),
      opens: checkRomeDateTime(form.opens),
      closes: checkRomeDateTime(form.closes),
      citizen_info: checkLongText(form.citizen_info, 5000),
    });
    if (!errors.opens && !errors.closes) {
      const w = checkWindow(values.opens, values.closes);
      if (!w.ok) errors.closes = w.problem[state.lang];
    }
    try {
      await state.db.asUser(state.claims!, async (tx) => {
        if (form.provider_id && !(await isProvider(tx, form.provider_id))) {
          errors.provider_id = state.tr(
            "Scegli un soggetto erogatore dell'elenco.",
            "Choose a provider from the list.",
          );
        }
        if (Object.keys(errors).length) return;
        await updateService(tx, service.id, {
          ...values,
          provider_id: form.provider_id || null,
          enrollment_opens_at: values.opens,
          enrollment_closes_at: values.closes,
          diary_enabled: form.diary !== "",
          notices_enabled: form.notices !== "",
        });
        await setServiceSchoolYears(tx, service.id, form.years);
      });
    } catch (e) {
      if (problemFrom(e)?.status !== 409) throw e;
      errors.code = state.tr(
        "Un altro servizio dell'Ente ha già questo codice: scegline un altro.",
        "Another service of the Ente already has this code.",
      );
    }
    if (Object.keys(errors).length) {
      return page(await load(state, service, form, errors), { status: 422 });
    }
    return c.redirect(`/operatore/servizi/${service.id}?salvato=1`, 303);
  },
});

const NOTICES: Record<string, [string, string]> = {
  creato: [
    "Servizio creato in bozza. Completa i dati e il calendario, poi pubblicalo.",
    "Service created as a draft. Complete it and its calendar, then publish it.",
  ],
  salvato: ["Dati del servizio salvati.", "Service saved."],
  pubblicato: [
    "Servizio pubblicato: le famiglie lo vedono.",
    "Service published: families can see it.",
  ],
  bozza: [
    "Il servizio è tornato in bozza: le famiglie non lo vedono più.",
    "The service is a draft again: families no longer see it.",
  ],
};

/** General data of a service: name, provider, school years, payment, enrollment, switches. */
export default define.page<Data>(function General({ data, state, url }) {
  const { service, form, errors } = data;
  const notice = Object.keys(NOTICES).find((k) => url.searchParams.get(k) === "1");
  const action = `/operatore/servizi/${service.id}`;
  return (
    <>
      <ServiceHeader state={state} service={service} tab="general" />
      {notice && <Alert kind="success">{state.tr(...NOTICES[notice])}</Alert>}
      <Publication
        state={state}
        service={service}
        problems={data.problems}
        failed={url.searchParams.get("errore") === "pubblicazione"}
      />
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action={action} noValidate>
        <CsrfField state={state} />
        <h2 class="h4 mt-4">{state.tr("Dati generali", "General data")}</h2>
        <RequiredNote state={state} />
        <TextField
          state={state}
          id="title"
          label={state.tr("Nome del servizio", "Service name")}
          value={form.title}
          errors={errors}
          required
          maxLength={200}
          autocomplete="off"
        />
        <TextField
          state={state}
          id="code"
          label={state.tr("Codice", "Code")}
          value={form.code}
          errors={errors}
          required
          maxLength={20}
          autocomplete="off"
        />
        <Textarea
          state={state}
          id="description"
          label={state.tr("Descrizione", "Description")}
          value={form.description}
          errors={errors}
          maxLength={2000}
          rows={3}
        />
        <Select
          state={state}
          id="provider_id"
          label={state.tr("Soggetto erogatore", "Provider")}
          value={form.provider_id}
          options={data.providers.map((p) => [p.id, p.name])}
          empty={state.tr("Gestione diretta dell'Ente", "Run by the Ente itself")}
          hint={state.tr(
            "Ditta di ristorazione, azienda di trasporto o cooperativa, dall'anagrafica.",
            "Caterer, bus company or cooperative, from the registry.",
          )}
          errors={errors}
        />
        <Choices
          state={state}
          id="years"
          type="checkbox"
          label={state.tr(
            "Anni scolastici in cui il servizio è attivo",
            "School years the service runs in",
          )}
          values={form.years}
          options={data.years.map((y) => [y.id, y.label])}
          hint={data.years.length
            ? undefined
            : state.tr("Crea prima un anno scolastico.", "Create a school year first.")}
          errors={errors}
          inline
        />
        <Choices
          state={state}
          id="billing_mode"
          type="radio"
          label={state.tr("Modalità di pagamento", "How it is paid")}
          values={[form.billing_mode]}
          options={BILLING_MODES.map((m) => [m, label(BILLING_LABELS, m, state.lang)])}
          errors={errors}
          required
        />
        <h2 class="h4 mt-4">{state.tr("Iscrizioni online", "Online enrollment")}</h2>
        <div class="row">
          <div class="col-md-6">
            <Input
              state={state}
              id="opens"
              type="datetime-local"
              label={state.tr("Apertura (ora italiana)", "Opens (Italian time)")}
              value={form.opens}
              errors={errors}
            />
          </div>
          <div class="col-md-6">
            <Input
              state={state}
              id="closes"
              type="datetime-local"
              label={state.tr("Chiusura (ora italiana)", "Closes (Italian time)")}
              value={form.closes}
              errors={errors}
            />
          </div>
        </div>
        <Textarea
          state={state}
          id="citizen_info"
          label={state.tr("Informazioni per i cittadini", "Information for citizens")}
          value={form.citizen_info}
          errors={errors}
          maxLength={5000}
          rows={5}
          hint={state.tr(
            "Testo libero mostrato alle famiglie nella pagina del servizio.",
            "Free text shown to families on the service page.",
          )}
        />
        <h2 class="h4 mt-4">{state.tr("Funzioni attive", "Features")}</h2>
        <Check
          state={state}
          id="diary"
          label={state.tr("Diario", "Diary")}
          checked={form.diary !== ""}
          errors={errors}
          hint={state.tr(
            "I docenti scrivono il diario della classe o del bambino, le famiglie lo leggono.",
            "Teachers write the class or child diary, families read it.",
          )}
        />
        <Check
          state={state}
          id="notices"
          label={state.tr("Comunicazioni all'utenza", "Notices to families")}
          checked={form.notices !== ""}
          errors={errors}
          hint={state.tr(
            "L'ufficio può inviare comunicazioni alle famiglie iscritte.",
            "The office can send notices to enrolled families.",
          )}
        />
        <button type="submit" class="btn btn-primary">{state.tr("Salva", "Save")}</button>
      </form>
    </>
  );
});

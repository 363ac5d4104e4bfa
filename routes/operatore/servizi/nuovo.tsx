import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { problemFrom } from "../../../lib/services/api.ts";
import { createService } from "../../../lib/services/db.ts";
import { KIND_LABELS, label, SERVICE_KINDS } from "../../../lib/services/labels.ts";
import {
  checkKind,
  checkLongText,
  checkServiceCode,
  checkTitle,
} from "../../../lib/services/rules.ts";
import { collect } from "../../../lib/tenancy/rules.ts";
import { Choices, Textarea } from "./(_components)/fields.tsx";
import { field, readBody } from "./(_components)/load.ts";

interface Form {
  kind: string;
  code: string;
  title: string;
  description: string;
}
interface Data {
  form: Form;
  errors: FieldErrors;
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ form: { kind: "", code: "", title: "", description: "" }, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await readBody(c);
    const form: Form = {
      kind: field(body, "kind"),
      code: field(body, "code"),
      title: field(body, "title"),
      description: field(body, "description"),
    };
    const { values, errors } = collect(state.lang, {
      kind: checkKind(form.kind),
      code: checkServiceCode(form.code),
      title: checkTitle(form.title),
      description: checkLongText(form.description, 2000),
    });
    if (Object.keys(errors).length) return page({ form, errors }, { status: 422 });
    try {
      const id = await state.db.asUser(state.claims!, (tx) => createService(tx, values));
      return c.redirect(`/operatore/servizi/${id}?creato=1`, 303);
    } catch (e) {
      if (problemFrom(e)?.status !== 409) throw e;
      const taken = state.tr(
        "Un altro servizio dell'Ente ha già questo codice: scegline un altro.",
        "Another service of the Ente already has this code: choose another.",
      );
      return page({ form, errors: { code: taken } }, { status: 409 });
    }
  },
});

/** A new service starts as a draft with its kind, code and name; the rest comes after. */
export default define.page<Data>(function NewService({ data, state }) {
  const { form, errors } = data;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Servizi", "Services"), "/operatore/servizi"], [
          state.tr("Nuovo", "New"),
        ]]}
      />
      <h1>{state.tr("Nuovo servizio", "New service")}</h1>
      <p class="lead">
        {state.tr(
          "Il servizio nasce in bozza: dopo averlo creato ne configuri calendario, modulo online e pagamento, poi lo pubblichi.",
          "The service starts as a draft: once created, set up its calendar, online form and payment, then publish it.",
        )}
      </p>
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action="/operatore/servizi/nuovo" class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <Choices
          state={state}
          id="kind"
          type="radio"
          label={state.tr("Tipo di servizio", "Kind of service")}
          values={[form.kind]}
          options={SERVICE_KINDS.map((k) => [k, label(KIND_LABELS, k, state.lang)])}
          errors={errors}
          required
        />
        <TextField
          state={state}
          id="code"
          label={state.tr("Codice", "Code")}
          value={form.code}
          errors={errors}
          hint={state.tr(
            "Breve e unico nell'Ente, ad esempio MENSA o TRASPORTO.",
            "Short and unique in the Ente, e.g. MENSA.",
          )}
          required
          maxLength={20}
          autocomplete="off"
        />
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
        <Textarea
          state={state}
          id="description"
          label={state.tr("Descrizione (facoltativa)", "Description (optional)")}
          value={form.description}
          errors={errors}
          maxLength={2000}
        />
        <button type="submit" class="btn btn-primary">
          {state.tr("Crea il servizio", "Create the service")}
        </button>
        <a class="btn btn-outline-primary ms-2" href="/operatore/servizi">
          {state.tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

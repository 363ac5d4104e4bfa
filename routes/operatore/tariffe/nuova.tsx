import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import {
  createTariff,
  TariffConflict,
  TariffInvalid,
  tariffServices,
} from "../../../lib/tariffs/db.ts";
import { type Editor, EDITORS, emptyForm } from "../../../lib/tariffs/form.ts";
import { EditorTabs, RulesFields } from "./(_components)/RulesFields.tsx";
import {
  addIssues,
  checkVersionForm,
  readVersionForm,
  type VersionForm,
} from "./(_components)/save.ts";

interface Fields {
  service: string;
  code: string;
  title: string;
  description: string;
}

interface Data {
  services: { id: string; code: string; title: string }[];
  fields: Fields;
  version: VersionForm;
  errors: FieldErrors;
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,19}$/;

function checkFields(state: State, f: Fields, services: Data["services"]): FieldErrors {
  const errors: FieldErrors = {};
  if (!services.some((s) => s.id === f.service)) {
    errors.service = state.tr("Scegli il servizio della tariffa.", "Choose the tariff's service.");
  }
  if (!CODE.test(f.code)) {
    errors.code = state.tr(
      "Il codice ha da 2 a 20 caratteri: lettere maiuscole, cifre, «-» o «_».",
      "The code has 2 to 20 characters: capital letters, digits, “-” or “_”.",
    );
  }
  if (f.title.length < 2 || f.title.length > 200) {
    errors.title = state.tr(
      "Inserisci un titolo da 2 a 200 caratteri.",
      "Enter a title of 2 to 200 characters.",
    );
  }
  return errors;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const editor = (EDITORS as readonly string[]).includes(c.req.query("editor") ?? "")
      ? c.req.query("editor") as Editor
      : "brackets";
    const services = await db.asUser(claims!, tariffServices);
    return page({
      services,
      fields: { service: c.req.query("servizio") ?? "", code: "", title: "", description: "" },
      version: { rules: emptyForm(editor), validFrom: "", rounding: "half_up" },
      errors: {},
    });
  },
  async POST(c) {
    const state = c.get("state");
    const claims = state.claims!;
    const body = await c.req.parseBody();
    const fields: Fields = {
      service: String(body.service ?? ""),
      code: String(body.code ?? "").trim().toUpperCase(),
      title: String(body.title ?? "").trim(),
      description: String(body.description ?? "").trim(),
    };
    const services = await state.db.asUser(claims, tariffServices);
    const version = readVersionForm(body);
    const checked = checkVersionForm(state, version);
    const errors = { ...checkFields(state, fields, services), ...checked.errors };
    const again = (status: number) => page({ services, fields, version, errors }, { status });
    if (Object.keys(errors).length || !checked.rules) return again(422);
    try {
      const id = await state.db.asUser(claims, (tx) =>
        createTariff(tx, {
          tenantId: claims.app_metadata.tenant_id!,
          serviceId: fields.service,
          code: fields.code,
          title: fields.title,
          description: fields.description || null,
          createdBy: claims.sub,
          version: {
            validFrom: version.validFrom,
            rounding: version.rounding,
            rules: checked.rules,
          },
        }));
      return c.redirect(`/operatore/tariffe/${id}?creata=1`, 303);
    } catch (e) {
      if (e instanceof TariffInvalid) addIssues(state, errors, version.rules, e.issues);
      else if (e instanceof TariffConflict) {
        errors.code = state.lang === "it" ? e.message : e.messageEn;
      } else throw e;
      return again(e instanceof TariffConflict ? 409 : 422);
    }
  },
});

/** A new tariff: its service and name, then the rules of its first version. */
export default define.page<Data>(function NewTariff({ data, state }) {
  const { fields, errors } = data;
  const title = state.tr("Nuova tariffa", "New tariff");
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Tariffe", "Tariffs"), "/operatore/tariffe"], [title]]}
      />
      <h1>{title}</h1>
      <ErrorSummary state={state} errors={errors} />
      <EditorTabs
        state={state}
        current={data.version.rules.editor}
        href={(e) => `/operatore/tariffe/nuova?editor=${e}`}
      />
      <form method="post" action="/operatore/tariffe/nuova" class="mt-3" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <SelectField
          state={state}
          id="service"
          label={state.tr("Servizio", "Service")}
          value={fields.service}
          options={data.services.map((s) => [s.id, s.title])}
          errors={errors}
          required
          empty={state.tr("Scegli un servizio", "Choose a service")}
        />
        <TextField
          state={state}
          id="code"
          label={state.tr("Codice", "Code")}
          value={fields.code}
          errors={errors}
          required
          maxLength={20}
          hint={state.tr(
            "Ad esempio MENSA-PASTO: compare nei documenti contabili.",
            "E.g. MENSA-PASTO: it appears in accounting documents.",
          )}
        />
        <TextField
          state={state}
          id="title"
          label={state.tr("Titolo", "Title")}
          value={fields.title}
          errors={errors}
          required
          maxLength={200}
        />
        <TextField
          state={state}
          id="description"
          label={state.tr(
            "Descrizione per le famiglie (facoltativa)",
            "Description for families (optional)",
          )}
          value={fields.description}
          errors={errors}
          maxLength={2000}
        />
        <h2 class="h4 mt-5">
          {state.tr("Regole della prima versione", "Rules of the first version")}
        </h2>
        <RulesFields state={state} v={data.version} errors={errors} />
        <button type="submit" class="btn btn-primary">
          {state.tr("Salva la tariffa in bozza", "Save the tariff as a draft")}
        </button>
        <a class="btn btn-outline-primary ms-2" href="/operatore/tariffe">
          {state.tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

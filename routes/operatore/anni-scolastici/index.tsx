import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../components/TextField.tsx";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { problemFrom } from "../../../lib/services/api.ts";
import { createSchoolYear, listSchoolYears, type SchoolYear } from "../../../lib/services/db.ts";
import { checkDate, checkSchoolYearLabel } from "../../../lib/services/rules.ts";
import { collect } from "../../../lib/tenancy/rules.ts";
import { Input } from "../servizi/(_components)/fields.tsx";
import { field, readBody } from "../servizi/(_components)/load.ts";

interface Form {
  label: string;
  starts_on: string;
  ends_on: string;
}
interface Data {
  years: SchoolYear[];
  form: Form;
  errors: FieldErrors;
}

/** The next school year after the latest one (1 September – 31 August), as a suggestion. */
function suggestion(years: SchoolYear[]): Form {
  const last = years[0] ? Number(years[0].label.slice(0, 4)) : new Date().getFullYear() - 1;
  const y = last + 1;
  return {
    label: `${y}/${String((y + 1) % 100).padStart(2, "0")}`,
    starts_on: `${y}-09-01`,
    ends_on: `${y + 1}-08-31`,
  };
}

async function years(state: State) {
  return await state.db.asUser(state.claims!, listSchoolYears);
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const list = await years(state);
    return page({ years: list, form: suggestion(list), errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await readBody(c);
    const form: Form = {
      label: field(body, "label"),
      starts_on: field(body, "starts_on"),
      ends_on: field(body, "ends_on"),
    };
    const { values, errors } = collect(state.lang, {
      label: checkSchoolYearLabel(form.label),
      starts_on: checkDate(form.starts_on),
      ends_on: checkDate(form.ends_on),
    });
    if (!errors.starts_on && !errors.ends_on && values.ends_on <= values.starts_on) {
      errors.ends_on = state.tr(
        "La fine dell'anno deve seguire l'inizio.",
        "The year must end after it starts.",
      );
    }
    if (!Object.keys(errors).length) {
      try {
        await state.db.asUser(state.claims!, (tx) => createSchoolYear(tx, values));
        return c.redirect("/operatore/anni-scolastici?creato=1", 303);
      } catch (e) {
        const p = problemFrom(e);
        if (p?.extra.code === "overlap") {
          errors.starts_on = state.tr(
            "Le date si sovrappongono a un altro anno scolastico.",
            "The dates overlap another school year.",
          );
        } else if (p?.extra.code === "duplicate") {
          errors.label = state.tr("Questo anno scolastico esiste già.", "This school year exists.");
        } else throw e;
      }
    }
    return page({ years: await years(state), form, errors }, { status: 422 });
  },
});

/** School years of the Ente: services and classes refer to them. */
export default define.page<Data>(function SchoolYears({ data, state, url }) {
  const { form, errors } = data;
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Anni scolastici", "School years")]]} />
      <h1>{state.tr("Anni scolastici", "School years")}</h1>
      <p class="lead">
        {state.tr(
          "Ogni servizio e ogni classe appartiene a un anno scolastico (o educativo, per il nido). Gli anni non possono sovrapporsi.",
          "Every service and class belongs to a school (or educational) year. Years cannot overlap.",
        )}
      </p>
      {url.searchParams.get("creato") === "1" && (
        <Alert kind="success">
          {state.tr("Anno scolastico creato.", "School year created.")}
        </Alert>
      )}
      {data.years.length === 0
        ? <p role="status">{state.tr("Nessun anno scolastico.", "No school years yet.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>{state.tr("Anni scolastici dell'Ente", "The Ente's school years")}</caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Anno", "Year")}</th>
                  <th scope="col">{state.tr("Inizio", "Start")}</th>
                  <th scope="col">{state.tr("Fine", "End")}</th>
                </tr>
              </thead>
              <tbody>
                {data.years.map((y) => (
                  <tr key={y.id}>
                    <th scope="row">{y.label}</th>
                    <td>{formatDate(state.lang, y.starts_on)}</td>
                    <td>{formatDate(state.lang, y.ends_on)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <h2 class="h4 mt-4">{state.tr("Nuovo anno scolastico", "New school year")}</h2>
      <ErrorSummary state={state} errors={errors} level={3} />
      <form method="post" action="/operatore/anni-scolastici" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <TextField
          state={state}
          id="label"
          label={state.tr("Anno", "Year")}
          value={form.label}
          errors={errors}
          hint={state.tr("Ad esempio 2027/28.", "E.g. 2027/28.")}
          required
          maxLength={9}
          autocomplete="off"
        />
        <div class="row">
          <div class="col-md-6">
            <Input
              state={state}
              id="starts_on"
              type="date"
              label={state.tr("Inizio", "Start")}
              value={form.starts_on}
              errors={errors}
              required
            />
          </div>
          <div class="col-md-6">
            <Input
              state={state}
              id="ends_on"
              type="date"
              label={state.tr("Fine", "End")}
              value={form.ends_on}
              errors={errors}
              required
            />
          </div>
        </div>
        <button type="submit" class="btn btn-primary">
          {state.tr("Crea l'anno scolastico", "Create the school year")}
        </button>
      </form>
    </>
  );
});

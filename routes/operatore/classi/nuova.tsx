import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import { classFormChoices, createClass, currentSchoolYear } from "../../../lib/sites/classes.ts";
import { SitesError } from "../../../lib/sites/errors.ts";
import {
  type Body,
  checkClassForm,
  type ClassForm as Form,
  classFormOf,
  readClassForm,
} from "../../../lib/sites/forms.ts";
import { type Choices, ClassForm } from "./(_components)/ClassForm.tsx";

interface Data {
  form: Form;
  errors: FieldErrors;
  choices: Choices;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const choices = await db.asUser(claims!, classFormChoices);
    const year = choices.years.find((y) => y.id === c.req.query("anno")) ??
      currentSchoolYear(choices.years, romeDate());
    return page({ form: classFormOf(null, year?.id ?? ""), errors: {}, choices });
  },
  async POST(c) {
    const state = c.get("state");
    const form = readClassForm(await c.req.parseBody({ all: true }) as Body);
    const { values, teacherIds, errors } = checkClassForm(form, state.lang);
    const again = async (errors: FieldErrors, status: number) =>
      page({ form, errors, choices: await state.db.asUser(state.claims!, classFormChoices) }, {
        status,
      });
    if (Object.keys(errors).length) return await again(errors, 422);
    try {
      const created = await state.db.asUser(
        state.claims!,
        (tx) => createClass(tx, values, teacherIds),
      );
      return c.redirect(`/operatore/classi?anno=${created.school_year_id}&creata=1`, 303);
    } catch (e) {
      if (!(e instanceof SitesError)) throw e;
      return await again({ [e.field ?? "name"]: e.text[state.lang] }, e.status);
    }
  },
});

/** A new class or section, with its teachers. */
export default define.page<Data>(function NewClass({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Classi", "Classes"), "/operatore/classi"], [tr("Nuova", "New")]]}
      />
      <h1>{tr("Nuova classe", "New class")}</h1>
      <ErrorSummary state={state} errors={data.errors} />
      <ClassForm
        state={state}
        form={data.form}
        errors={data.errors}
        choices={data.choices}
        action="/operatore/classi/nuova"
        submit={tr("Crea la classe", "Create the class")}
        cancel="/operatore/classi"
      />
    </>
  );
});

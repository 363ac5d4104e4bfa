import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import {
  classFormChoices,
  getClass,
  type SchoolClass,
  updateClass,
} from "../../../../lib/sites/classes.ts";
import { SitesError } from "../../../../lib/sites/errors.ts";
import {
  type Body,
  checkClassForm,
  type ClassForm as Form,
  classFormOf,
  readClassForm,
} from "../../../../lib/sites/forms.ts";
import { type Choices, ClassForm } from "../(_components)/ClassForm.tsx";

interface Data {
  current: SchoolClass;
  form: Form;
  errors: FieldErrors;
  choices: Choices;
}

const notFound = () => new HttpError(404, "No such class", { code: "not_found" });

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const [current, choices] = await db.asUser(claims!, async (tx) =>
      [
        await getClass(tx, c.req.param("id")!),
        await classFormChoices(tx),
      ] as const);
    if (!current) throw notFound();
    return page({ current, form: classFormOf(current), errors: {}, choices });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const form = readClassForm(await c.req.parseBody({ all: true }) as Body);
    const { values, teacherIds, errors } = checkClassForm(form, state.lang);
    const again = async (errors: FieldErrors, status: number) => {
      const [current, choices] = await state.db.asUser(state.claims!, async (tx) =>
        [
          await getClass(tx, id),
          await classFormChoices(tx),
        ] as const);
      if (!current) throw notFound();
      return page({ current, form, errors, choices }, { status });
    };
    if (Object.keys(errors).length) return await again(errors, 422);
    try {
      const updated = await state.db.asUser(
        state.claims!,
        (tx) => updateClass(tx, id, values, teacherIds),
      );
      if (!updated) throw notFound();
      return c.redirect(`/operatore/classi?anno=${updated.school_year_id}&salvata=1`, 303);
    } catch (e) {
      if (!(e instanceof SitesError)) throw e;
      return await again({ [e.field ?? "name"]: e.text[state.lang] }, e.status);
    }
  },
});

/** One class: where and when it is held, its level and grade, its teachers. */
export default define.page<Data>(function EditClass({ data, state }) {
  const tr = state.tr;
  const { current } = data;
  const title = tr(
    `Classe ${current.name} — ${current.site_name}, ${current.school_year_label}`,
    `Class ${current.name} — ${current.site_name}, ${current.school_year_label}`,
  );
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Classi", "Classes"), `/operatore/classi?anno=${current.school_year_id}`],
          [current.name],
        ]}
      />
      <h1>{title}</h1>
      <ErrorSummary state={state} errors={data.errors} />
      <ClassForm
        state={state}
        form={data.form}
        errors={data.errors}
        choices={data.choices}
        action={`/operatore/classi/${current.id}`}
        submit={tr("Salva le modifiche", "Save changes")}
        cancel={`/operatore/classi?anno=${current.school_year_id}`}
      />
      <section aria-labelledby="delete-title" class="mt-5">
        <h2 id="delete-title" class="h4">{tr("Elimina la classe", "Delete the class")}</h2>
        <p>
          {tr(
            "Si può eliminare una classe a cui non fanno riferimento domande né iscrizioni.",
            "A class can be deleted when no application or enrollment refers to it.",
          )}
        </p>
        <a class="btn btn-outline-danger" href={`/operatore/classi/${current.id}/elimina`}>
          {tr("Elimina la classe…", "Delete the class…")}
        </a>
      </section>
    </>
  );
});

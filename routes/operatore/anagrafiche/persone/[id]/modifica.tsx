import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../../../components/FormErrors.tsx";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import { type ExistingRecord, RegistryError } from "../../../../../lib/registry/errors.ts";
import {
  auditView,
  getPerson,
  personLabel,
  updatePerson,
} from "../../../../../lib/registry/people.ts";
import { checkPerson, fieldMessages } from "../../../../../lib/registry/rules.ts";
import {
  draftOf,
  type PersonForm,
  personFormFromBody,
  personFormFromRecord,
  PersonFormView,
} from "../../(_components)/PersonForm.tsx";
import type { FormBody } from "../../(_components)/fields.tsx";

interface Data {
  id: string;
  label: string;
  form: PersonForm;
  errors: FieldErrors;
  duplicate: ExistingRecord | null;
}

const notFound = () => new HttpError(404, "No such person in this Ente", { code: "not_found" });

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id") ?? "";
    const person = await db.asUser(claims!, async (tx) => {
      const p = await getPerson(tx, id);
      if (p && !p.merged_into) await auditView(tx, id);
      return p;
    });
    if (!person) throw notFound();
    if (person.merged_into) {
      return c.redirect(`/operatore/anagrafiche/persone/${person.merged_into}`, 303);
    }
    return page({
      id,
      label: personLabel(person),
      form: personFormFromRecord(person),
      errors: {},
      duplicate: null,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    const current = await state.db.asUser(state.claims!, (tx) => getPerson(tx, id));
    if (!current) throw notFound();
    const form = personFormFromBody(await c.req.parseBody({ all: true }) as FormBody);
    const base = { id, label: personLabel(current), form };
    const checked = checkPerson(draftOf(form));
    if (!checked.ok) {
      return page(
        { ...base, errors: fieldMessages(checked.problems, state.lang), duplicate: null },
        {
          status: 422,
        },
      );
    }
    try {
      await state.db.asUser(state.claims!, (tx) => updatePerson(tx, id, checked.value));
      return c.redirect(`/operatore/anagrafiche/persone/${id}?modificata=1`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return page({
        ...base,
        errors: { [e.field ?? "tax_code"]: e.text[state.lang] },
        duplicate: e.code === "duplicate_tax_code" ? e.existing ?? null : null,
      }, { status: e.status });
    }
  },
});

/** Changing a person's data, with the same checks as on creation. */
export default define.page<Data>(function EditPerson({ data, state }) {
  const { tr } = state;
  const href = `/operatore/anagrafiche/persone/${data.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"],
          [data.label, href],
          [tr("Modifica", "Edit")],
        ]}
      />
      <h1>{tr(`Modifica ${data.label}`, `Edit ${data.label}`)}</h1>
      <PersonFormView
        state={state}
        form={data.form}
        errors={data.errors}
        duplicate={data.duplicate}
        action={`${href}/modifica`}
        submit={tr("Salva le modifiche", "Save changes")}
        cancel={href}
      />
    </>
  );
});

import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { type ExistingRecord, RegistryError } from "../../../../lib/registry/errors.ts";
import { createPerson } from "../../../../lib/registry/people.ts";
import { checkPerson, fieldMessages } from "../../../../lib/registry/rules.ts";
import {
  draftOf,
  EMPTY_PERSON_FORM,
  type PersonForm,
  personFormFromBody,
  PersonFormView,
} from "../(_components)/PersonForm.tsx";
import type { FormBody } from "../(_components)/fields.tsx";

interface Data {
  form: PersonForm;
  errors: FieldErrors;
  duplicate: ExistingRecord | null;
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ form: EMPTY_PERSON_FORM, errors: {}, duplicate: null });
  },
  async POST(c) {
    const state = c.get("state");
    const form = personFormFromBody(await c.req.parseBody({ all: true }) as FormBody);
    const checked = checkPerson(draftOf(form));
    if (!checked.ok) {
      return page({ form, errors: fieldMessages(checked.problems, state.lang), duplicate: null }, {
        status: 422,
      });
    }
    try {
      const person = await state.db.asUser(state.claims!, (tx) => createPerson(tx, checked.value));
      return c.redirect(`/operatore/anagrafiche/persone/${person.id}?creata=1`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return page({
        form,
        errors: { [e.field ?? "tax_code"]: e.text[state.lang] },
        duplicate: e.existing ?? null,
      }, { status: e.status });
    }
  },
});

/** A new natural person: codice fiscale checked, duplicates refused with a link. */
export default define.page<Data>(function NewPerson({ data, state }) {
  const { tr } = state;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"], [
          tr("Nuova persona", "New person"),
        ]]}
      />
      <h1>{tr("Nuova persona", "New person")}</h1>
      <PersonFormView
        state={state}
        form={data.form}
        errors={data.errors}
        duplicate={data.duplicate}
        action="/operatore/anagrafiche/persone/nuova"
        submit={tr("Salva la persona", "Save the person")}
        cancel="/operatore/anagrafiche"
      />
    </>
  );
});

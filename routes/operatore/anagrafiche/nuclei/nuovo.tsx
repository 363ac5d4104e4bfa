import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { RegistryError } from "../../../../lib/registry/errors.ts";
import { addMember, checkHousehold, createHousehold } from "../../../../lib/registry/households.ts";
import {
  HOUSEHOLD_ROLES,
  type HouseholdRole,
  householdRoleLabel,
} from "../../../../lib/registry/labels.ts";
import { getPerson, type Person, personLabel } from "../../../../lib/registry/people.ts";
import { ageOn, fieldMessages } from "../../../../lib/registry/rules.ts";
import { type FormBody, SelectField, text } from "../(_components)/fields.tsx";

const BASE = "/operatore/anagrafiche/nuclei";

interface Form {
  name: string;
  external_code: string;
  address: string;
  role: string;
}

interface Data {
  form: Form;
  errors: FieldErrors;
  /** The person who founds the household, when coming from their record. */
  person: Person | null;
}

function suggestedRole(p: Person | null): HouseholdRole {
  return p?.birth_date && ageOn(p.birth_date, romeDate()) < 18 ? "minor" : "parent";
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const person = await state.db.asUser(
      state.claims!,
      (tx) => getPerson(tx, c.req.query("persona") ?? ""),
    );
    const usable = person && !person.merged_into && !person.household ? person : null;
    return page({
      form: {
        name: usable ? `Famiglia ${usable.surname}` : "",
        external_code: "",
        address: usable?.residence_address ?? "",
        role: suggestedRole(usable),
      },
      errors: {},
      person: usable,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody() as FormBody;
    const form: Form = {
      name: text(body, "name"),
      external_code: text(body, "external_code"),
      address: text(body, "address"),
      role: text(body, "role"),
    };
    const personId = text(body, "persona");
    const person = personId
      ? await state.db.asUser(state.claims!, (tx) => getPerson(tx, personId))
      : null;
    const checked = checkHousehold(form);
    if (!checked.ok) {
      const errors = fieldMessages(checked.problems, state.lang);
      return page({ form, errors, person }, { status: 422 });
    }
    const role = HOUSEHOLD_ROLES.find((r) => r === form.role) ?? suggestedRole(person);
    try {
      const id = await state.db.asUser(state.claims!, async (tx) => {
        const id = await createHousehold(tx, checked.value);
        if (person) await addMember(tx, id, person.id, role);
        return id;
      });
      return c.redirect(`${BASE}/${id}?creato=1`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      const errors = e.opts.problems
        ? fieldMessages(e.opts.problems, state.lang)
        : { [e.field === "person_id" ? "role" : e.field ?? "name"]: e.text[state.lang] };
      return page({ form, errors, person }, { status: e.status });
    }
  },
});

/** A new household, optionally founded by the person whose record the operator came from. */
export default define.page<Data>(function NewHousehold({ data, state }) {
  const { tr } = state;
  const { form, errors, person } = data;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"],
          [tr("Nuclei familiari", "Households"), BASE],
          [tr("Nuovo nucleo", "New household")],
        ]}
      />
      <h1>{tr("Nuovo nucleo familiare", "New household")}</h1>
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action={`${BASE}/nuovo`} class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <TextField
          state={state}
          id="name"
          label={tr("Nome del nucleo", "Household name")}
          value={form.name}
          errors={errors}
          hint={tr("Ad esempio Famiglia Rossi.", "E.g. Famiglia Rossi.")}
          required
          maxLength={200}
        />
        <TextField
          state={state}
          id="external_code"
          label={tr("Codice famiglia dell'anagrafe", "Anagrafe household code")}
          value={form.external_code}
          errors={errors}
          maxLength={50}
        />
        <TextField
          state={state}
          id="address"
          label={tr("Indirizzo", "Address")}
          value={form.address}
          errors={errors}
          maxLength={300}
        />
        {person && (
          <>
            <input type="hidden" name="persona" value={person.id} />
            <SelectField
              state={state}
              id="role"
              label={tr(`Ruolo di ${personLabel(person)}`, `Role of ${personLabel(person)}`)}
              value={form.role}
              errors={errors}
              options={HOUSEHOLD_ROLES.map((r) => [r, householdRoleLabel(r, state.lang)])}
            />
          </>
        )}
        <button type="submit" class="btn btn-primary">{tr("Crea il nucleo", "Create")}</button>
        <a
          class="btn btn-outline-primary ms-2"
          href={person ? `/operatore/anagrafiche/persone/${person.id}` : BASE}
        >
          {tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

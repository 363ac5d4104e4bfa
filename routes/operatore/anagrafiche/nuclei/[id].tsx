import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { type ExistingRecord, RegistryError } from "../../../../lib/registry/errors.ts";
import {
  addMember,
  checkHousehold,
  deleteHousehold,
  getHousehold,
  type Household,
  removeMember,
  updateHousehold,
} from "../../../../lib/registry/households.ts";
import { HOUSEHOLD_ROLES, householdRoleLabel } from "../../../../lib/registry/labels.ts";
import { findByTaxCode } from "../../../../lib/registry/people.ts";
import { fieldMessages } from "../../../../lib/registry/rules.ts";
import { DuplicateAlert } from "../(_components)/DuplicateAlert.tsx";
import { type FormBody, SelectField, text } from "../(_components)/fields.tsx";

const BASE = "/operatore/anagrafiche/nuclei";

interface Data {
  household: Household;
  /** The details form (as typed when refused). */
  details: { name: string; external_code: string; address: string };
  add: { tax_code: string; role: string };
  errors: FieldErrors;
  existing: ExistingRecord | null;
  notice: string | null;
}

const notFound = () => new HttpError(404, "No such household", { code: "not_found" });

const NOTICES: Record<string, [string, string]> = {
  creato: ["Il nucleo è stato creato.", "The household was created."],
  modificato: ["I dati del nucleo sono stati salvati.", "The household was saved."],
  aggiunto: ["La persona è stata aggiunta al nucleo.", "The person was added."],
  tolto: ["La persona è stata tolta dal nucleo.", "The person was removed."],
};

function base(h: Household, state: State, q?: URLSearchParams): Data {
  const key = q ? Object.keys(NOTICES).find((k) => q.get(k)) : undefined;
  return {
    household: h,
    details: { name: h.name, external_code: h.external_code ?? "", address: h.address ?? "" },
    add: { tax_code: "", role: "" },
    errors: {},
    existing: null,
    notice: key ? state.tr(...NOTICES[key]) : null,
  };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const h = await state.db.asUser(
      state.claims!,
      (tx) => getHousehold(tx, c.req.param("id") ?? ""),
    );
    if (!h) throw notFound();
    return page(base(h, state, new URL(c.req.url).searchParams));
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    const body = await c.req.parseBody() as FormBody;
    const action = text(body, "azione");
    const here = `${BASE}/${id}`;
    const details = {
      name: text(body, "name"),
      external_code: text(body, "external_code"),
      address: text(body, "address"),
    };
    const add = { tax_code: text(body, "tax_code"), role: text(body, "role") };
    try {
      const done = await state.db.asUser(state.claims!, async (tx) => {
        if (!await getHousehold(tx, id)) throw notFound();
        if (action === "modifica") {
          const checked = checkHousehold(details);
          if (!checked.ok) return { problems: checked.problems };
          await updateHousehold(tx, id, checked.value);
          return { go: `${here}?modificato=1` };
        }
        if (action === "togli") {
          await removeMember(tx, id, text(body, "persona"));
          return { go: `${here}?tolto=1` };
        }
        if (action === "elimina") {
          await deleteHousehold(tx, id);
          return { go: BASE };
        }
        const role = HOUSEHOLD_ROLES.find((r) => r === add.role);
        const person = add.tax_code.trim() ? await findByTaxCode(tx, add.tax_code) : null;
        const problems = [];
        if (!person) {
          problems.push({
            field: "tax_code",
            code: "tax_code.unknown",
            it: "Nessuna persona in anagrafe con questo codice fiscale: registrala prima.",
            en: "Nobody in the registry has this tax code: add the person first.",
          });
        }
        if (!role) {
          problems.push({
            field: "role",
            code: "role",
            it: "Scegli il ruolo.",
            en: "Choose the role.",
          });
        }
        if (problems.length) return { problems };
        await addMember(tx, id, person!.id, role!);
        return { go: `${here}?aggiunto=1` };
      });
      if ("go" in done) return c.redirect(done.go!, 303);
      const h = (await state.db.asUser(state.claims!, (tx) => getHousehold(tx, id)))!;
      return page({
        ...base(h, state),
        details: action === "modifica" ? details : base(h, state).details,
        add,
        errors: fieldMessages(done.problems!, state.lang),
      }, { status: 422 });
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      const h = await state.db.asUser(state.claims!, (tx) => getHousehold(tx, id));
      if (!h) throw notFound();
      const field = e.field === "person_id" ? "tax_code" : e.field ?? "tax_code";
      return page({
        ...base(h, state),
        details: action === "modifica" ? details : base(h, state).details,
        add,
        errors: e.opts.problems
          ? fieldMessages(e.opts.problems, state.lang)
          : { [field]: e.text[state.lang] },
        existing: e.code === "already_in_household" ? e.existing ?? null : null,
      }, { status: e.status });
    }
  },
});

/** One household: members with their roles, adding and removing them, the household's data. */
export default define.page<Data>(function HouseholdPage({ data, state }) {
  const { tr } = state;
  const h = data.household;
  const here = `${BASE}/${h.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"],
          [tr("Nuclei familiari", "Households"), BASE],
          [h.name],
        ]}
      />
      <h1>{h.name}</h1>
      {data.notice && <Alert kind="success">{data.notice}</Alert>}
      {data.existing && <DuplicateAlert state={state} existing={data.existing} />}
      <ErrorSummary state={state} errors={data.errors} />
      {h.members.length === 0
        ? <p>{tr("Il nucleo non ha componenti.", "The household has no members.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>{tr("Componenti del nucleo", "Household members")}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Persona", "Person")}</th>
                  <th scope="col">{tr("Ruolo", "Role")}</th>
                  <th scope="col">{tr("Codice fiscale", "Tax code")}</th>
                  <th scope="col">{tr("Nascita", "Born")}</th>
                  <th scope="col">{tr("Azioni", "Actions")}</th>
                </tr>
              </thead>
              <tbody>
                {h.members.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <a href={`/operatore/anagrafiche/persone/${m.person_id}`}>
                        {m.surname} {m.name}
                      </a>
                    </th>
                    <td>{householdRoleLabel(m.role, state.lang)}</td>
                    <td>{m.tax_code ?? "—"}</td>
                    <td>{m.birth_date ? formatDate(state.lang, m.birth_date, "short") : "—"}</td>
                    <td>
                      <form method="post" action={here} class="d-inline">
                        <CsrfField state={state} />
                        <input type="hidden" name="azione" value="togli" />
                        <input type="hidden" name="persona" value={m.person_id} />
                        <button type="submit" class="btn btn-outline-danger btn-sm">
                          {tr("Togli", "Remove")}
                          <span class="visually-hidden">{` ${m.surname} ${m.name}`}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <p>
        <a href={`/operatore/anagrafiche?nucleo=${h.id}`}>
          {tr("Vedi i componenti nell'elenco delle persone", "See the members in the people list")}
        </a>
      </p>
      <h2 class="h4 mt-4">{tr("Aggiungi una persona", "Add a person")}</h2>
      <form method="post" action={here} class="row g-3 align-items-end" noValidate>
        <CsrfField state={state} />
        <input type="hidden" name="azione" value="aggiungi" />
        <div class="col-md-6">
          <TextField
            state={state}
            id="tax_code"
            label={tr("Codice fiscale della persona", "The person's tax code")}
            value={data.add.tax_code}
            errors={data.errors}
            maxLength={20}
            autocomplete="off"
          />
        </div>
        <div class="col-md-3">
          <SelectField
            state={state}
            id="role"
            label={tr("Ruolo", "Role")}
            value={data.add.role}
            errors={data.errors}
            options={[
              ["", tr("Scegli…", "Choose…")],
              ...HOUSEHOLD_ROLES.map((
                r,
              ): [string, string] => [r, householdRoleLabel(r, state.lang)]),
            ]}
          />
        </div>
        <div class="col-md-3 mb-4">
          <button type="submit" class="btn btn-primary w-100">{tr("Aggiungi", "Add")}</button>
        </div>
      </form>
      <p class="small">
        {tr(
          "Due genitori hanno gli stessi diritti; un nucleo ne ha al massimo due. Una persona fa parte di un solo nucleo.",
          "Two parents have equal rights; a household has at most two. A person belongs to one household.",
        )}
      </p>
      <h2 class="h4 mt-4">{tr("Dati del nucleo", "Household details")}</h2>
      <form method="post" action={here} noValidate>
        <CsrfField state={state} />
        <input type="hidden" name="azione" value="modifica" />
        <TextField
          state={state}
          id="name"
          label={tr("Nome del nucleo", "Household name")}
          value={data.details.name}
          errors={data.errors}
          required
          maxLength={200}
        />
        <TextField
          state={state}
          id="external_code"
          label={tr("Codice famiglia dell'anagrafe", "Anagrafe household code")}
          value={data.details.external_code}
          errors={data.errors}
          maxLength={50}
        />
        <TextField
          state={state}
          id="address"
          label={tr("Indirizzo", "Address")}
          value={data.details.address}
          errors={data.errors}
          maxLength={300}
        />
        <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
      </form>
      {h.members.length === 0 && (
        <form method="post" action={here} class="mt-4">
          <CsrfField state={state} />
          <input type="hidden" name="azione" value="elimina" />
          <button type="submit" class="btn btn-outline-danger">
            {tr("Elimina il nucleo", "Delete the household")}
          </button>
        </form>
      )}
    </>
  );
});

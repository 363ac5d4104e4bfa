import type { ComponentChildren } from "preact";
import { Alert } from "../../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import { statementYears } from "../../../../../lib/billing/payment_statement_read.ts";
import { define, HttpError, page, type State } from "../../../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../../../lib/i18n/mod.ts";
import { householdRoleLabel, sexLabel } from "../../../../../lib/registry/labels.ts";
import {
  getPerson,
  type PersonDetail,
  personLabel,
  viewPerson,
} from "../../../../../lib/registry/people.ts";
import { ageOn } from "../../../../../lib/registry/rules.ts";
import { kindsText } from "../../index.tsx";

interface Data {
  person: PersonDetail;
  survivor: { id: string; label: string } | null;
  notice: string | null;
  /** Years with payments received from this person as payer: a statement (PDF) each. */
  statements: number[];
}

const BASE = "/operatore/anagrafiche";

function noticeFor(state: State, q: URLSearchParams): string | null {
  if (q.get("creata")) return state.tr("La persona è stata registrata.", "The person was saved.");
  if (q.get("modificata")) return state.tr("Le modifiche sono state salvate.", "Changes saved.");
  if (q.get("unita")) {
    return state.tr(
      "I due record sono stati uniti: questo è il record che resta.",
      "The two records were merged: this is the one that stays.",
    );
  }
  return null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    // Opening the record is audited (viewPerson): it may hold a minor's data.
    const found = await state.db.asUser(state.claims!, async (tx) => {
      const person = await viewPerson(tx, id);
      const survivor = person?.merged_into ? await getPerson(tx, person.merged_into) : null;
      const statements = person ? await statementYears(tx, { payerId: person.id }) : [];
      return { person, survivor, statements };
    });
    if (!found.person) {
      throw new HttpError(404, "No such person in this Ente", { code: "not_found" });
    }
    return page({
      person: found.person,
      survivor: found.survivor
        ? { id: found.survivor.id, label: personLabel(found.survivor) }
        : null,
      notice: noticeFor(state, new URL(c.req.url).searchParams),
      statements: found.statements,
    });
  },
});

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt class="col-sm-4">{label}</dt>
      <dd class="col-sm-8">{children}</dd>
    </>
  );
}

/** One person's record: data, household and relations, merges; actions to edit and merge. */
export default define.page<Data>(function PersonPage({ data, state }) {
  const { tr } = state;
  const p = data.person;
  const none = tr("Non indicato", "Not given");
  const age = p.birth_date ? ageOn(p.birth_date, romeDate()) : null;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Anagrafiche", "Registry"), BASE], [personLabel(p)]]}
      />
      <h1>{personLabel(p)}</h1>
      {data.notice && <Alert kind="success">{data.notice}</Alert>}
      {data.survivor && (
        <Alert kind="warning">
          {tr("Questo record è stato unito a quello di", "This record was merged into")}{" "}
          <a href={`${BASE}/persone/${data.survivor.id}`}>{data.survivor.label}</a>
          {tr(": è conservato solo come storico.", ": it is kept for history only.")}
        </Alert>
      )}
      {!p.merged_into && (
        <p>
          <a class="btn btn-primary" href={`${BASE}/persone/${p.id}/modifica`}>
            {tr("Modifica", "Edit")}
          </a>
          <a class="btn btn-outline-primary ms-2" href={`${BASE}/persone/${p.id}/unisci`}>
            {tr("Unisci un duplicato", "Merge a duplicate")}
          </a>
        </p>
      )}
      <h2 class="h4">{tr("Dati anagrafici", "Personal data")}</h2>
      <dl class="row">
        <Row label={tr("Codice fiscale", "Tax code")}>
          {p.tax_code ?? none}
          {p.tax_code && p.tax_code_key !== p.tax_code && (
            <span class="d-block small">
              {tr("Codice omocodico; forma base", "Omocodic code; base form")} {p.tax_code_key}
            </span>
          )}
        </Row>
        <Row label={tr("Sesso", "Sex")}>{p.sex ? sexLabel(p.sex, state.lang) : none}</Row>
        <Row label={tr("Data di nascita", "Birth date")}>
          {p.birth_date
            ? `${formatDate(state.lang, p.birth_date)} (${tr(`${age} anni`, `${age} years old`)})`
            : none}
        </Row>
        <Row label={tr("Luogo di nascita", "Place of birth")}>
          {[p.birth_place_name, p.birth_place_code && `(${p.birth_place_code})`].filter(Boolean)
            .join(" ") || none}
        </Row>
        <Row label={tr("Cittadinanza", "Citizenship")}>{p.citizenship ?? none}</Row>
        <Row label={tr("Residente nel Comune", "Resident in the Comune")}>
          {p.resident ? tr("Sì", "Yes") : tr("No", "No")}
        </Row>
        <Row label={tr("Indirizzo di residenza", "Address of residence")}>
          {p.residence_address ?? none}
        </Row>
        <Row label={tr("Tipo di soggetto", "Kind of subject")}>
          {kindsText(state, p.kinds) || none}
        </Row>
        <Row label={tr("Accesso ai servizi online", "Online access")}>
          {p.user_id
            ? tr("Collegato a un account: può accedere", "Linked to an account: can sign in")
            : tr("Nessun account collegato", "No linked account")}
        </Row>
      </dl>
      <h2 class="h4">{tr("Recapiti", "Contacts")}</h2>
      <dl class="row">
        <Row label={tr("E-mail", "E-mail")}>{p.email ?? none}</Row>
        <Row label={tr("Cellulare", "Mobile")}>{p.mobile ?? none}</Row>
        <Row label="PEC">{p.pec ?? none}</Row>
        <Row label={tr("Indirizzo per la corrispondenza", "Postal address")}>
          {p.postal_address ?? none}
        </Row>
        {p.notes && <Row label={tr("Note", "Notes")}>{p.notes}</Row>}
      </dl>
      <h2 class="h4">{tr("Nucleo familiare", "Household")}</h2>
      {p.household
        ? (
          <>
            <p>
              <a href={`${BASE}/nuclei/${p.household.id}`}>{p.household.name}</a>
              {" — "}
              {householdRoleLabel(p.household.role, state.lang)}
            </p>
            {p.relations.length > 0 && (
              <div class="table-responsive">
                <table class="table">
                  <caption>{tr("Altri componenti del nucleo", "Other household members")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr("Persona", "Person")}</th>
                      <th scope="col">{tr("Ruolo", "Role")}</th>
                      <th scope="col">{tr("Codice fiscale", "Tax code")}</th>
                      <th scope="col">{tr("Nascita", "Born")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.relations.map((r) => (
                      <tr key={r.person_id}>
                        <th scope="row">
                          <a href={`${BASE}/persone/${r.person_id}`}>{r.surname} {r.name}</a>
                        </th>
                        <td>{householdRoleLabel(r.role, state.lang)}</td>
                        <td>{r.tax_code ?? "—"}</td>
                        <td>
                          {r.birth_date ? formatDate(state.lang, r.birth_date, "short") : "—"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )
        : (
          <p>
            {tr("Non fa parte di un nucleo familiare.", "Not in a household.")}{" "}
            {!p.merged_into && (
              <a href={`${BASE}/nuclei/nuovo?persona=${p.id}`}>
                {tr("Crea un nucleo con questa persona", "Create a household with this person")}
              </a>
            )}
          </p>
        )}
      {data.statements.length > 0 && (
        <>
          <h2 class="h4">{tr("Pagamenti", "Payments")}</h2>
          <p>
            {tr(
              "Attestazioni dei pagamenti ricevuti da questa persona come intestataria, da rilasciare su richiesta (il download è registrato nel registro attività).",
              "Statements of the payments received from this person as payer, issued on request (each download is recorded in the activity log).",
            )}
          </p>
          <ul>
            {data.statements.map((y) => (
              <li key={y}>
                <a href={`${BASE}/persone/${p.id}/attestazione?anno=${y}`}>
                  {tr(`Attestazione dei pagamenti ${y} (PDF)`, `Statement of payments ${y} (PDF)`)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.merged_from.length > 0 && (
        <>
          <h2 class="h4">{tr("Record uniti in questo", "Records merged into this one")}</h2>
          <ul>
            {p.merged_from.map((m) => (
              <li key={m.id}>
                <a href={`${BASE}/persone/${m.id}`}>{m.surname} {m.name}</a>
                {m.tax_code ? ` (${m.tax_code})` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
});

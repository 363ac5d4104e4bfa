import { Alert } from "../../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../../components/CsrfField.tsx";
import { define, HttpError, page, type State } from "../../../../../lib/http/define.ts";
import { formatDate } from "../../../../../lib/i18n/mod.ts";
import { RegistryError } from "../../../../../lib/registry/errors.ts";
import { personKindLabel, sexLabel } from "../../../../../lib/registry/labels.ts";
import { MERGE_FIELDS, type MergeField, mergePeople } from "../../../../../lib/registry/merge.ts";
import {
  getPerson,
  type Person,
  personLabel,
  viewPerson,
} from "../../../../../lib/registry/people.ts";
import { listPeople } from "../../../../../lib/registry/search.ts";
import { type FormBody, text } from "../../(_components)/fields.tsx";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

const BASE = "/operatore/anagrafiche";

interface Data {
  target: Person;
  source: Person | null;
  q: string;
  candidates: Person[];
  /** Per field: which record's value is chosen. */
  choices: Partial<Record<MergeField, "questo" | "altro">>;
  error: string | null;
}

const notFound = () => new HttpError(404, "No such person in this Ente", { code: "not_found" });

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const empty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);

/** By default the target keeps its values and fills its empty fields from the source. */
function defaultChoices(target: Person, source: Person): Data["choices"] {
  const out: Data["choices"] = {};
  for (const f of MERGE_FIELDS) {
    if (f === "kinds" || same(target[f], source[f])) continue;
    out[f] = empty(target[f]) ? "altro" : "questo";
  }
  return out;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    const origin = c.req.query("origine") ?? "";
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const data = await state.db.asUser(state.claims!, async (tx) => {
      const target = await viewPerson(tx, id);
      if (!target) throw notFound();
      if (target.merged_into) return { target, redirect: target.merged_into };
      const source = isUuid(origin) && origin !== id ? await viewPerson(tx, origin) : null;
      const found = source ? null : await listPeople(tx, { q: q || target.surname }, {
        limit: 20,
        count: false,
      });
      return {
        target,
        source: source && !source.merged_into ? source : null,
        candidates: (found?.items ?? []).filter((p) => p.id !== id),
      };
    });
    if ("redirect" in data) return c.redirect(`${BASE}/persone/${data.redirect}`, 303);
    return page({
      target: data.target,
      source: data.source,
      q: q || data.target.surname,
      candidates: data.candidates,
      choices: data.source ? defaultChoices(data.target, data.source) : {},
      error: null,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    const body = await c.req.parseBody() as FormBody;
    const origin = text(body, "origine");
    const choices: Data["choices"] = {};
    for (const f of MERGE_FIELDS) {
      const v = text(body, `campo_${f}`);
      if (v === "questo" || v === "altro") choices[f] = v;
    }
    const take = MERGE_FIELDS.filter((f) => choices[f] === "altro");
    try {
      await state.db.asUser(
        state.claims!,
        (tx) => mergePeople(tx, { targetId: id, sourceId: origin, take }),
      );
      return c.redirect(`${BASE}/persone/${id}?unita=1`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      const [target, source] = await state.db.asUser(
        state.claims!,
        (tx) => Promise.all([getPerson(tx, id), isUuid(origin) ? getPerson(tx, origin) : null]),
      );
      if (!target) throw notFound();
      return page({
        target,
        source,
        q: "",
        candidates: [],
        choices,
        error: e.text[state.lang],
      }, { status: e.status });
    }
  },
});

function show(state: State, p: Person, f: MergeField): string {
  const v = p[f];
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return "—";
  if (f === "sex") return sexLabel(p.sex!, state.lang);
  if (f === "birth_date") return formatDate(state.lang, p.birth_date!, "short");
  if (f === "resident") return p.resident ? state.tr("Sì", "Yes") : state.tr("No", "No");
  if (f === "kinds") return p.kinds.map((k) => personKindLabel(k, state.lang)).join(", ");
  if (f === "user_id") return state.tr("Account collegato", "Linked account");
  return String(v);
}

function fieldName(state: State, f: MergeField): string {
  const names: Record<MergeField, [string, string]> = {
    tax_code: ["Codice fiscale", "Tax code"],
    surname: ["Cognome", "Surname"],
    name: ["Nome", "Name"],
    sex: ["Sesso", "Sex"],
    birth_date: ["Data di nascita", "Birth date"],
    birth_place_code: ["Codice catastale di nascita", "Cadastral code of birthplace"],
    birth_place_name: ["Luogo di nascita", "Place of birth"],
    citizenship: ["Cittadinanza", "Citizenship"],
    resident: ["Residente", "Resident"],
    residence_address: ["Indirizzo di residenza", "Address of residence"],
    email: ["E-mail", "E-mail"],
    mobile: ["Cellulare", "Mobile"],
    pec: ["PEC", "PEC"],
    postal_address: ["Indirizzo per la corrispondenza", "Postal address"],
    kinds: ["Tipo di soggetto", "Kind of subject"],
    notes: ["Note", "Notes"],
    user_id: ["Accesso online", "Online access"],
  };
  return state.tr(...names[f]);
}

function Comparison({ state, data }: { state: State; data: Data }) {
  const { tr } = state;
  const t = data.target;
  const s = data.source!;
  return (
    <form method="post" action={`${BASE}/persone/${t.id}/unisci`}>
      <CsrfField state={state} />
      <input type="hidden" name="origine" value={s.id} />
      <div class="table-responsive">
        <table class="table">
          <caption>
            {tr(
              "Per ogni dato scegli quale valore resta. I tipi di soggetto vengono uniti.",
              "For each field choose the value that stays. Kinds of subject are joined.",
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Dato", "Field")}</th>
              <th scope="col">{tr("Questo record (resta)", "This record (stays)")}</th>
              <th scope="col">{tr("L'altro record (viene unito)", "The other record (merged)")}</th>
            </tr>
          </thead>
          <tbody>
            {MERGE_FIELDS.map((f) => {
              const choice = data.choices[f];
              const label = fieldName(state, f);
              return (
                <tr key={f}>
                  <th scope="row">{label}</th>
                  {choice === undefined
                    ? (
                      <td colSpan={2}>
                        {f === "kinds"
                          ? `${show(state, t, f)} + ${show(state, s, f)}`
                          : show(state, t, f)}
                      </td>
                    )
                    : (["questo", "altro"] as const).map((side) => (
                      <td key={side}>
                        <div class="form-check">
                          <input
                            type="radio"
                            id={`campo_${f}_${side}`}
                            name={`campo_${f}`}
                            value={side}
                            checked={choice === side}
                          />
                          <label for={`campo_${f}_${side}`}>
                            {show(state, side === "questo" ? t : s, f)}
                            <span class="visually-hidden">{` — ${label}`}</span>
                          </label>
                        </div>
                      </td>
                    ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        {tr(
          "Il nucleo familiare e i riferimenti dell'altro record passano a questo; l'altro resta come storico, segnato come unito.",
          "The other record's household and references move to this one; the other stays as history, marked as merged.",
        )}
      </p>
      <button type="submit" class="btn btn-primary">
        {tr("Unisci i record", "Merge the records")}
      </button>
      <a class="btn btn-outline-primary ms-2" href={`${BASE}/persone/${t.id}/unisci`}>
        {tr("Scegli un altro record", "Choose another record")}
      </a>
    </form>
  );
}

function Candidates({ state, data }: { state: State; data: Data }) {
  const { tr } = state;
  const t = data.target;
  return (
    <>
      <form method="get" action={`${BASE}/persone/${t.id}/unisci`} class="mb-4" role="search">
        <div class="form-group">
          <label for="q" class="active">
            {tr("Cerca il record duplicato", "Search for the duplicate record")}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            class="form-control"
            value={data.q}
            maxLength={100}
          />
        </div>
        <button type="submit" class="btn btn-outline-primary">{tr("Cerca", "Search")}</button>
      </form>
      {data.candidates.length === 0
        ? <p role="status">{tr("Nessun altro record trovato.", "No other record found.")}</p>
        : (
          <ul class="list-unstyled">
            {data.candidates.map((p) => (
              <li key={p.id} class="mb-2">
                <a href={`${BASE}/persone/${t.id}/unisci?origine=${p.id}`}>
                  {tr("Confronta con", "Compare with")} {personLabel(p)}
                </a>
                {` — ${p.tax_code ?? tr("senza codice fiscale", "no tax code")}`}
                {p.birth_date ? `, ${formatDate(state.lang, p.birth_date, "short")}` : ""}
              </li>
            ))}
          </ul>
        )}
    </>
  );
}

/** Merging a duplicate into this record: find it, then choose field by field. */
export default define.page<Data>(function MergePage({ data, state }) {
  const { tr } = state;
  const t = data.target;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), BASE],
          [personLabel(t), `${BASE}/persone/${t.id}`],
          [tr("Unisci un duplicato", "Merge a duplicate")],
        ]}
      />
      <h1>
        {tr(`Unisci un duplicato in ${personLabel(t)}`, `Merge a duplicate into ${personLabel(t)}`)}
      </h1>
      {data.error && <Alert kind="danger">{data.error}</Alert>}
      {data.source
        ? <Comparison state={state} data={data} />
        : <Candidates state={state} data={data} />}
    </>
  );
});

import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";
import { getHousehold } from "../../../lib/registry/households.ts";
import {
  householdRoleLabel,
  PERSON_KINDS,
  type PersonKind,
  personKindLabel,
} from "../../../lib/registry/labels.ts";
import type { Person } from "../../../lib/registry/people.ts";
import { listPeople, type PeopleFilter } from "../../../lib/registry/search.ts";
import { listClasses } from "../../../lib/sites/classes.ts";
import { serviceChoices, siteChoices } from "../../../lib/sites/sites.ts";
import { KeysetPager } from "./(_components)/KeysetPager.tsx";
import { RegistryTabs } from "./(_components)/RegistryTabs.tsx";
import { SelectField } from "./(_components)/fields.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

const PAGE_SIZE = 25;
const BASE = "/operatore/anagrafiche";

interface Filters {
  q: string;
  tipo: PersonKind | "";
  residenti: "si" | "no" | "";
  in_nucleo: "si" | "no" | "";
  nucleo: string;
  servizio: string;
  plesso: string;
  classe: string;
  uniti: boolean;
}

/** Services, sites and classes to filter by, as [id, label] pairs. */
interface Choices {
  services: [string, string][];
  sites: [string, string][];
  classes: [string, string][];
}

interface Data {
  filters: Filters;
  choices: Choices;
  householdName: string | null;
  items: Person[];
  total: number;
  capped: boolean;
  next: string | null;
  prev: string | null;
  paged: boolean;
}

const yesNo = (v: string | undefined) => v === "si" || v === "no" ? v : "";
const asBool = (v: "si" | "no" | "") => v === "" ? null : v === "si";

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const qp = (k: string) => c.req.query(k) ?? "";
    const filters: Filters = {
      q: qp("q").trim().slice(0, 100),
      tipo: PERSON_KINDS.find((k) => k === qp("tipo")) ?? "",
      residenti: yesNo(qp("residenti")),
      in_nucleo: yesNo(qp("in_nucleo")),
      nucleo: isUuid(qp("nucleo")) ? qp("nucleo") : "",
      servizio: isUuid(qp("servizio")) ? qp("servizio") : "",
      plesso: isUuid(qp("plesso")) ? qp("plesso") : "",
      classe: isUuid(qp("classe")) ? qp("classe") : "",
      uniti: qp("uniti") === "1",
    };
    const filter: PeopleFilter = {
      q: filters.q || null,
      kind: filters.tipo || null,
      resident: asBool(filters.residenti),
      inHousehold: asBool(filters.in_nucleo),
      householdId: filters.nucleo || null,
      serviceId: filters.servizio || null,
      siteId: filters.plesso || null,
      classId: filters.classe || null,
      includeMerged: filters.uniti,
    };
    const after = qp("dopo").slice(0, 500) || null;
    const before = qp("prima").slice(0, 500) || null;
    const { result, householdName, choices } = await db.asUser(claims!, async (tx) => ({
      result: await listPeople(tx, filter, { limit: PAGE_SIZE, after, before }),
      householdName: filters.nucleo ? (await getHousehold(tx, filters.nucleo))?.name ?? null : null,
      choices: {
        services: (await serviceChoices(tx)).map((s): [string, string] => [s.id, s.title]),
        sites: (await siteChoices(tx)).map((s): [string, string] => [s.id, s.name]),
        classes: (await listClasses(tx, { limit: 5000, offset: 0 })).items.map((
          c,
        ): [string, string] => [c.id, `${c.name} · ${c.site_name} · ${c.school_year_label}`]),
      },
    }));
    return page({
      filters,
      choices,
      householdName,
      items: result.items,
      total: result.total ?? 0,
      capped: result.totalCapped,
      next: result.next,
      prev: result.prev,
      paged: !!(after || before),
    });
  },
});

function href(f: Filters, cursor?: ["dopo" | "prima", string]): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.tipo) p.set("tipo", f.tipo);
  if (f.residenti) p.set("residenti", f.residenti);
  if (f.in_nucleo) p.set("in_nucleo", f.in_nucleo);
  if (f.nucleo) p.set("nucleo", f.nucleo);
  if (f.servizio) p.set("servizio", f.servizio);
  if (f.plesso) p.set("plesso", f.plesso);
  if (f.classe) p.set("classe", f.classe);
  if (f.uniti) p.set("uniti", "1");
  if (cursor) p.set(cursor[0], cursor[1]);
  const s = p.toString();
  return `${BASE}${s ? `?${s}` : ""}`;
}

export function kindsText(state: State, kinds: PersonKind[]): string {
  return kinds.map((k) => personKindLabel(k, state.lang)).join(", ");
}

function FilterForm({ state, data }: { state: State; data: Data }) {
  const { tr } = state;
  const f = data.filters;
  const yn: [string, string][] = [["", tr("Tutti", "All")], ["si", tr("Sì", "Yes")], [
    "no",
    tr("No", "No"),
  ]];
  return (
    <form method="get" action={BASE} class="mb-4" role="search">
      <div class="row g-3 align-items-end">
        <div class="col-md-8">
          <div class="form-group mb-0">
            <label for="q" class="active">
              {tr("Cerca per nome, cognome o codice fiscale", "Search by name or tax code")}
            </label>
            <input id="q" name="q" type="search" class="form-control" value={f.q} maxLength={100} />
          </div>
        </div>
        <div class="col-md-4">
          <SelectField
            state={state}
            id="tipo"
            label={tr("Tipo di soggetto", "Kind of subject")}
            value={f.tipo}
            errors={{}}
            options={[
              ["", tr("Tutti i tipi", "All kinds")],
              ...PERSON_KINDS.map((k): [string, string] => [k, personKindLabel(k, state.lang)]),
            ]}
          />
        </div>
        <div class="col-md-4">
          <SelectField
            state={state}
            id="residenti"
            label={tr("Residenti nel Comune", "Residents")}
            value={f.residenti}
            errors={{}}
            options={yn}
          />
        </div>
        <div class="col-md-4">
          <SelectField
            state={state}
            id="in_nucleo"
            label={tr("In un nucleo familiare", "In a household")}
            value={f.in_nucleo}
            errors={{}}
            options={yn}
          />
        </div>
        <div class="col-md-4">
          <SelectField
            state={state}
            id="servizio"
            label={tr("Iscritti al servizio", "Enrolled in the service")}
            value={f.servizio}
            errors={{}}
            options={[["", tr("Tutti i servizi", "All services")], ...data.choices.services]}
          />
        </div>
        <div class="col-md-4">
          <SelectField
            state={state}
            id="plesso"
            label={tr("Iscritti nel plesso", "Enrolled at the site")}
            value={f.plesso}
            errors={{}}
            options={[["", tr("Tutti i plessi", "All sites")], ...data.choices.sites]}
          />
        </div>
        <div class="col-md-4">
          <SelectField
            state={state}
            id="classe"
            label={tr("Iscritti nella classe", "Enrolled in the class")}
            value={f.classe}
            errors={{}}
            options={[["", tr("Tutte le classi", "All classes")], ...data.choices.classes]}
          />
        </div>
        <div class="col-md-4 mb-4">
          <div class="form-check">
            <input id="uniti" name="uniti" type="checkbox" value="1" checked={f.uniti} />
            <label for="uniti">{tr("Includi i record uniti", "Include merged records")}</label>
          </div>
        </div>
      </div>
      {f.nucleo && <input type="hidden" name="nucleo" value={f.nucleo} />}
      <button type="submit" class="btn btn-outline-primary">{tr("Cerca", "Search")}</button>
    </form>
  );
}

/** The registry of people: search, filters, alphabetical pages. */
export default define.page<Data>(function People({ data, state }) {
  const { tr } = state;
  const f = data.filters;
  const filtered = !!(f.q || f.tipo || f.residenti || f.in_nucleo || f.nucleo || f.servizio ||
    f.plesso || f.classe || f.uniti);
  const count = data.capped
    ? tr(
      `Più di ${data.total.toLocaleString("it-IT")}`,
      `More than ${data.total.toLocaleString("en-GB")}`,
    )
    : String(data.total);
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Anagrafiche", "Registry")]]} />
      <h1>{tr("Anagrafiche", "Registry")}</h1>
      <RegistryTabs state={state} current={BASE} />
      <p>
        <a class="btn btn-primary" href={`${BASE}/persone/nuova`}>
          {tr("Nuova persona", "New person")}
        </a>
      </p>
      {f.nucleo && (
        <p>
          {tr("Componenti del nucleo", "Members of the household")}{" "}
          <a href={`${BASE}/nuclei/${f.nucleo}`}>{data.householdName ?? f.nucleo}</a>
          {" · "}
          <a href={href({ ...f, nucleo: "" })}>{tr("togli il filtro", "remove the filter")}</a>
        </p>
      )}
      <FilterForm state={state} data={data} />
      {data.items.length === 0
        ? (
          <p role="status">
            {filtered
              ? tr("Nessuna persona corrisponde alla ricerca.", "Nobody matches the search.")
              : tr("L'anagrafe non ha ancora persone.", "The registry has no people yet.")}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {filtered
                  ? tr(`${count} persone trovate`, `${count} people found`)
                  : tr(`${count} persone in anagrafe`, `${count} people in the registry`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Cognome e nome", "Surname and name")}</th>
                  <th scope="col">{tr("Codice fiscale", "Tax code")}</th>
                  <th scope="col">{tr("Nascita", "Born")}</th>
                  <th scope="col">{tr("Tipo", "Kind")}</th>
                  <th scope="col">{tr("Nucleo", "Household")}</th>
                  <th scope="col">{tr("Residente", "Resident")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <a href={`${BASE}/persone/${p.id}`}>{p.surname} {p.name}</a>
                      {p.merged_into && (
                        <span class="badge bg-secondary ms-2">{tr("unito", "merged")}</span>
                      )}
                    </th>
                    <td>{p.tax_code ?? "—"}</td>
                    <td>{p.birth_date ? formatDate(state.lang, p.birth_date, "short") : "—"}</td>
                    <td>{kindsText(state, p.kinds) || "—"}</td>
                    <td>
                      {p.household
                        ? (
                          <a href={`${BASE}/nuclei/${p.household.id}`}>
                            {p.household.name}
                            <span class="visually-hidden">
                              {` (${householdRoleLabel(p.household.role, state.lang)})`}
                            </span>
                          </a>
                        )
                        : "—"}
                    </td>
                    <td>{p.resident ? tr("Sì", "Yes") : tr("No", "No")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <KeysetPager
        state={state}
        first={data.paged ? href(f) : null}
        prev={data.prev ? href(f, ["prima", data.prev]) : null}
        next={data.next ? href(f, ["dopo", data.next]) : null}
      />
    </>
  );
});

import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import {
  currentSchoolYear,
  listClasses,
  listSchoolYears,
  type SchoolClass,
  type SchoolYear,
} from "../../../lib/sites/classes.ts";
import { SCHOOL_LEVEL_LABELS } from "../../../lib/sites/labels.ts";

interface Data {
  years: SchoolYear[];
  year: SchoolYear | null;
  classes: SchoolClass[];
  notice: "creata" | "salvata" | "eliminata" | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const data = await db.asUser(claims!, async (tx) => {
      const years = await listSchoolYears(tx);
      const year = years.find((y) => y.id === c.req.query("anno")) ??
        currentSchoolYear(years, romeDate());
      const classes = year
        ? (await listClasses(tx, { school_year_id: year.id, limit: 5000, offset: 0 })).items
        : [];
      return { years, year, classes };
    });
    const notice = (["creata", "salvata", "eliminata"] as const).find((n) => c.req.query(n)) ??
      null;
    return page({ ...data, notice });
  },
});

/** Classes grouped by site, in the order of the list (site name first). */
function bySite(classes: SchoolClass[]): [string, SchoolClass[]][] {
  const groups = new Map<string, SchoolClass[]>();
  for (const c of classes) groups.set(c.site_name, [...groups.get(c.site_name) ?? [], c]);
  return [...groups];
}

function YearPicker({ state, data }: { state: State; data: Data }) {
  return (
    <form method="get" action="/operatore/classi" class="row g-3 align-items-end mb-4">
      <div class="col-md-6">
        <div class="select-wrapper">
          <label for="anno">{state.tr("Anno scolastico", "School year")}</label>
          <select id="anno" name="anno">
            {data.years.map((y) => (
              <option value={y.id} selected={y.id === data.year?.id} key={y.id}>{y.label}</option>
            ))}
          </select>
        </div>
      </div>
      <div class="col-md-3">
        <button type="submit" class="btn btn-outline-primary">
          {state.tr("Mostra", "Show")}
        </button>
      </div>
    </form>
  );
}

function SiteClasses(
  { state, site, classes, year }: {
    state: State;
    site: string;
    classes: SchoolClass[];
    year: SchoolYear;
  },
) {
  const tr = state.tr;
  return (
    <div class="table-responsive mb-4">
      <table class="table caption-top">
        <caption>
          {tr(`${site}: classi del ${year.label}`, `${site}: classes of ${year.label}`)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr("Classe", "Class")}</th>
            <th scope="col">{tr("Ordine di scuola", "Level")}</th>
            <th scope="col" class="text-end">{tr("Anno di corso", "Grade")}</th>
            <th scope="col" class="text-end">{tr("Posti", "Places")}</th>
            <th scope="col">{tr("Docenti", "Teachers")}</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <a href={`/operatore/classi/${c.id}`}>{c.name}</a>
              </th>
              <td>
                {tr(SCHOOL_LEVEL_LABELS[c.school_level].it, SCHOOL_LEVEL_LABELS[c.school_level].en)}
              </td>
              <td class="text-end">{c.grade ?? "—"}</td>
              <td class="text-end">{c.capacity ?? "—"}</td>
              <td>
                {c.teachers.length
                  ? c.teachers.map((t) => t.full_name ?? "—").join(", ")
                  : <span class="text-secondary">{tr("nessuno", "none")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The classes of a school year, plesso by plesso, with their teachers. */
export default define.page<Data>(function Classes({ data, state }) {
  const tr = state.tr;
  const { year } = data;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Classi", "Classes")]]} />
      <h1>{tr("Classi", "Classes")}</h1>
      <p class="lead">
        {tr(
          "Le classi e le sezioni di ogni anno scolastico, per plesso, con i docenti che le seguono. I docenti vedono solo le proprie classi.",
          "The classes and sections of each school year, by site, with their teachers. Teachers see only their own classes.",
        )}
      </p>
      {data.notice && (
        <Alert kind="success">
          {data.notice === "creata"
            ? tr("Classe creata.", "Class created.")
            : data.notice === "eliminata"
            ? tr("Classe eliminata.", "Class deleted.")
            : tr("Modifiche salvate.", "Changes saved.")}
        </Alert>
      )}
      {!year
        ? (
          <p>
            {tr(
              "Non ci sono ancora anni scolastici: creane uno per poter inserire le classi.",
              "There are no school years yet: create one to add classes.",
            )} <a href="/operatore/anni-scolastici">{tr("Anni scolastici", "School years")}</a>
          </p>
        )
        : (
          <>
            {data.years.length > 1 && <YearPicker state={state} data={data} />}
            <p>
              <a class="btn btn-primary" href={`/operatore/classi/nuova?anno=${year.id}`}>
                {tr("Nuova classe", "New class")}
              </a>
            </p>
            <h2 class="h4">{tr(`Anno scolastico ${year.label}`, `School year ${year.label}`)}</h2>
            {data.classes.length === 0
              ? (
                <p>
                  {tr(
                    "Nessuna classe in questo anno scolastico.",
                    "No classes in this school year.",
                  )}
                </p>
              )
              : bySite(data.classes).map(([site, classes]) => (
                <SiteClasses state={state} site={site} classes={classes} year={year} key={site} />
              ))}
          </>
        )}
    </>
  );
});

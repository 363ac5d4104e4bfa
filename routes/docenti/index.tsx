import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define, page } from "../../lib/http/define.ts";
import { formatDate, romeDate } from "../../lib/i18n/mod.ts";
import {
  currentSchoolYear,
  listClasses,
  listSchoolYears,
  type SchoolClass,
  type SchoolYear,
} from "../../lib/sites/classes.ts";
import { SCHOOL_LEVEL_LABELS } from "../../lib/sites/labels.ts";

interface Data {
  year: SchoolYear | null;
  classes: SchoolClass[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => {
        const year = currentSchoolYear(await listSchoolYears(tx), romeDate());
        if (!year) return { year, classes: [] };
        const { items } = await listClasses(tx, {
          school_year_id: year.id,
          mine: true,
          limit: 200,
          offset: 0,
        });
        return { year, classes: items };
      }),
    );
  },
});

/** The teacher's "today": the day's register starts here, from the classes they teach. */
export default define.page<Data>(function TeacherToday({ data, state }) {
  const { year, classes } = data;
  return (
    <>
      <RoleSummary state={state} title={state.tr("Oggi", "Today")} />
      <section aria-labelledby="classes-title">
        <h2 id="classes-title" class="h4">
          {state.tr("Le tue classi", "Your classes")} — {formatDate(state.lang, new Date())}
        </h2>
        {classes.length === 0 || !year
          ? (
            <p>
              {state.tr(
                "Non sei ancora assegnato a nessuna classe per quest'anno scolastico. L'ufficio scuola del Comune ti assegnerà le classi: le troverai qui con presenze e diario.",
                "You are not assigned to any class for this school year yet. The Comune's school office will assign your classes: you will find them here with attendance and diary.",
              )}
            </p>
          )
          : (
            <>
              <p>{state.tr(`Anno scolastico ${year.label}`, `School year ${year.label}`)}</p>
              <ul class="list-unstyled row g-3" id="my-classes">
                {classes.map((c) => (
                  <li class="col-md-6 col-lg-4" key={c.id}>
                    <div class="card card-bg h-100">
                      <div class="card-body">
                        <h3 class="card-title h5">{c.name}</h3>
                        <p class="card-text mb-1">{c.site_name}</p>
                        <p class="card-text small text-secondary">
                          {state.tr(
                            SCHOOL_LEVEL_LABELS[c.school_level].it,
                            SCHOOL_LEVEL_LABELS[c.school_level].en,
                          )}
                          {c.capacity !== null &&
                            state.tr(` · ${c.capacity} posti`, ` · ${c.capacity} places`)}
                        </p>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
      </section>
    </>
  );
});

import { RoleSummary } from "../../components/RoleSummary.tsx";
import PushOptIn from "../../islands/PushOptIn.tsx";
import { type ClassToday, myClassesOn } from "../../lib/attendance/roster.ts";
import { describeClosed } from "../../lib/calendar/service_calendar.ts";
import { define, page } from "../../lib/http/define.ts";
import { formatDate, romeDate } from "../../lib/i18n/mod.ts";
import { currentSchoolYear, listSchoolYears, type SchoolYear } from "../../lib/sites/classes.ts";

interface Data {
  year: SchoolYear | null;
  today: string;
  classes: ClassToday[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const today = romeDate();
    return page(
      await db.asUser(claims!, async (tx) => ({
        year: currentSchoolYear(await listSchoolYears(tx), today),
        today,
        classes: await myClassesOn(tx, today),
      })),
    );
  },
});

/** The teacher's "today": their classes with the day's attendance, one tap from the roster. */
export default define.page<Data>(function TeacherToday({ data, state }) {
  const { year, classes, today } = data;
  const tr = state.tr;
  return (
    <>
      <RoleSummary state={state} title={tr("Oggi", "Today")} />
      <section aria-labelledby="classes-title">
        <h2 id="classes-title" class="h4">
          {tr("Le tue classi", "Your classes")} — {formatDate(state.lang, today)}
        </h2>
        {classes.length === 0
          ? (
            <p>
              {tr(
                "Non sei ancora assegnato a nessuna classe per quest'anno scolastico. L'ufficio scuola del Comune ti assegnerà le classi: le troverai qui con presenze e diario.",
                "You are not assigned to any class for this school year yet. The Comune's school office will assign your classes: you will find them here with attendance and diary.",
              )}
            </p>
          )
          : (
            <>
              {year && <p>{tr(`Anno scolastico ${year.label}`, `School year ${year.label}`)}</p>}
              <ul class="list-unstyled row g-3" id="my-classes">
                {classes.map((c) => (
                  <li class="col-md-6 col-lg-4" key={c.id}>
                    <div class="card card-bg h-100">
                      <div class="card-body">
                        <h3 class="card-title h5">
                          <a href={`/docenti/classi/${c.id}`}>{c.name}</a>
                        </h3>
                        <p class="card-text mb-1">{c.site_name}</p>
                        <p class="card-text" data-testid="counts">
                          {c.closed && !c.closed.open
                            ? tr(
                              `Oggi il servizio è chiuso: ${
                                describeClosed(c.closed.reason, "it")
                              }.`,
                              `The service is closed today: ${
                                describeClosed(c.closed.reason, "en")
                              }.`,
                            )
                            : c.counts.total === 0
                            ? tr("Nessun iscritto oggi.", "Nobody enrolled today.")
                            : tr(
                              `Iscritti oggi ${c.counts.total}: presenti ${c.counts.present}, assenti ${c.counts.absent}, da segnare ${c.counts.unmarked}`,
                              `Enrolled today ${c.counts.total}: present ${c.counts.present}, absent ${c.counts.absent}, to mark ${c.counts.unmarked}`,
                            )}
                        </p>
                        <a class="btn btn-primary" href={`/docenti/classi/${c.id}`}>
                          {tr("Apri il registro", "Open the register")}
                          <span class="visually-hidden">: {c.name}</span>
                        </a>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
      </section>
      <PushOptIn lang={state.lang} csrf={state.csrfToken} />
    </>
  );
});

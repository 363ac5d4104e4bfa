import { define, page } from "../../../lib/http/define.ts";
import { romeDate } from "../../../lib/i18n/mod.ts";
import {
  currentSchoolYear,
  listClasses,
  listSchoolYears,
  type SchoolClass,
} from "../../../lib/sites/classes.ts";

interface Data {
  classes: (SchoolClass & { diary: boolean })[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => {
        const year = currentSchoolYear(await listSchoolYears(tx), romeDate());
        if (!year) return { classes: [] };
        const { items } = await listClasses(tx, {
          school_year_id: year.id,
          mine: true,
          limit: 200,
          offset: 0,
        });
        const classes = [];
        for (const cl of items) {
          const [{ on }] = await tx.query<{ on: boolean }>(
            "select app.diary_class_enabled($1) as on",
            [cl.id],
          );
          classes.push({ ...cl, diary: on });
        }
        return { classes };
      }),
    );
  },
});

/** The teacher's diaries: one per class they teach. */
export default define.page<Data>(function TeacherDiaries({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <h1>{tr("Diario di classe", "Class diary")}</h1>
      <p class="lead">
        {tr(
          "Scrivi alla classe o a un solo bambino: le famiglie lo leggono subito nella loro area personale e tu vedi chi lo ha letto.",
          "Write to the class or to one child: families read it at once in their personal area and you see who has read it.",
        )}
      </p>
      {data.classes.length === 0
        ? (
          <p>
            {tr(
              "Non sei assegnato a nessuna classe per quest'anno scolastico.",
              "You are not assigned to any class for this school year.",
            )}
          </p>
        )
        : (
          <ul class="list-group" id="diary-classes">
            {data.classes.map((cl) => (
              <li class="list-group-item" key={cl.id}>
                <a href={`/docenti/diario/${cl.id}`}>{cl.name} — {cl.site_name}</a>
                {!cl.diary && (
                  <span class="d-block small text-secondary">
                    {tr(
                      "Il diario non è attivo per i servizi dei bambini di questa classe.",
                      "The diary is not enabled for the services of this class's children.",
                    )}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
    </>
  );
});

import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { type EnrollmentRow, listEnrollments } from "../../../lib/enrollment/enrollments_read.ts";
import { appliedCents, perLabel } from "../../../lib/enrollment/tariff_assignment.ts";
import { define, page } from "../../../lib/http/define.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";
import { STATUS_LABELS } from "../../operatore/iscrizioni/(_components)/EnrollmentView.tsx";

interface Data {
  items: EnrollmentRow[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const { items } = await db.asUser(claims!, (tx) => listEnrollments(tx, { limit: 100 }));
    return page({ items });
  },
});

/** The household's enrollments (RLS keeps them to the family's own). */
export default define.page<Data>(function MyEnrollments({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Le tue iscrizioni", "Your enrollments")]]} />
      <h1>{tr("Le tue iscrizioni", "Your enrollments")}</h1>
      {data.items.length === 0
        ? <p>{tr("Non risultano iscrizioni.", "There are no enrollments.")}</p>
        : (
          <ul class="list-unstyled">
            {data.items.map((e) => {
              const cents = appliedCents(e);
              return (
                <li key={e.id} class="mb-3">
                  <a href={`/famiglie/iscrizioni/${e.id}`}>
                    {e.beneficiary_name} — {e.service_title} ({e.school_year_label})
                  </a>
                  <br />
                  {tr(...STATUS_LABELS[e.status])}
                  {cents !== null &&
                    ` · ${formatEuro(cents, state.lang)} ${
                      perLabel(e.tariff_assignment?.quote.per ?? "", state.lang)
                    }`}
                </li>
              );
            })}
          </ul>
        )}
    </>
  );
});

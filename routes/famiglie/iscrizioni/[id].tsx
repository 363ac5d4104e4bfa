import { type EnrollmentRow, getEnrollment } from "../../../lib/enrollment/enrollments_read.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import {
  EnrollmentFacts,
  STATUS_LABELS,
  TariffExplanation,
} from "../../operatore/iscrizioni/(_components)/EnrollmentView.tsx";

export const handler = define.handlers<EnrollmentRow>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const e = await db.asUser(claims!, (tx) => getEnrollment(tx, c.req.param("id")!));
    // RLS: another household's enrollment is simply not there.
    if (!e) throw new HttpError(404, "No such enrollment", { code: "not_found" });
    return page(e);
  },
});

/** One of the family's enrollments: where and when, and the tariff with its explanation. */
export default define.page<EnrollmentRow>(function MyEnrollment({ data: e, state }) {
  const tr = state.tr;
  return (
    <>
      <nav class="breadcrumb-container" aria-label={tr("Percorso di navigazione", "Breadcrumb")}>
        <ol class="breadcrumb">
          <li class="breadcrumb-item">
            <a href="/famiglie">{tr("Servizi online", "Online services")}</a>
            <span class="separator">/</span>
          </li>
          <li class="breadcrumb-item">
            <a href="/famiglie/iscrizioni">{tr("Iscrizioni", "Enrollments")}</a>
            <span class="separator">/</span>
          </li>
          <li class="breadcrumb-item active" aria-current="page">{e.beneficiary_name}</li>
        </ol>
      </nav>
      <h1>{e.service_title}: {e.beneficiary_name}</h1>
      <p>{tr("Stato", "Status")}: {tr(...STATUS_LABELS[e.status])}</p>
      <EnrollmentFacts state={state} e={e} />
      <p>
        <a href={`/famiglie/presenze/${e.id}`}>{tr("Presenze e assenze", "Attendance")}</a>
        {" · "}
        <a href="/famiglie/disdette">{tr("Disdetta pasti", "Meal cancellations")}</a>
        {" · "}
        <a href="/famiglie/diario">{tr("Diario", "Diary")}</a>
      </p>
      <section aria-labelledby="tariff-title">
        <h2 id="tariff-title" class="h4">{tr("Quanto paghi e perché", "What you pay and why")}</h2>
        <TariffExplanation state={state} e={e} />
      </section>
    </>
  );
});

import { RoleSummary } from "../../components/RoleSummary.tsx";
import MealBoard from "../../islands/MealBoard.tsx";
import { type BoardPage, loadBoardPage } from "../../lib/attendance/meal_counts_http.ts";
import { define, page } from "../../lib/http/define.ts";

export const handler = define.handlers<BoardPage>({
  async GET(c) {
    return page(await loadBoardPage(c, { serviceRoom: false }));
  },
});

/** The provider's page: the day's meals per site, class and diet, live. */
export default define.page<BoardPage>(function ProviderHome({ data, state }) {
  const tr = state.tr;
  const b = data.board;
  const q = b ? `servizio=${b.service.id}&giorno=${data.day}` : "";
  return (
    <>
      <RoleSummary state={state} title={tr("Area fornitori", "Provider area")} />
      {!b
        ? (
          <p>
            {tr(
              "Nessun servizio mensa è affidato alla tua organizzazione: quando l'Ente lo collegherà, qui troverai i pasti da preparare per plesso e dieta.",
              "No canteen service is assigned to your organization: once the Ente links it, you will find here the meals to prepare by site and diet.",
            )}
          </p>
        )
        : (
          <section aria-labelledby="meals-title">
            <h2 id="meals-title" class="h4">
              {tr("Pasti del giorno", "Meals of the day")} — {b.service.title},{" "}
              {data.day.split("-").reverse().join("/")}
            </h2>
            <form method="get" action="/fornitori" class="row g-2 align-items-end mb-3">
              <div class="col-sm-5">
                <label for="servizio" class="form-label">{tr("Servizio", "Service")}</label>
                <select id="servizio" name="servizio" class="form-select">
                  {data.services.map((s) => (
                    <option value={s.id} selected={s.id === b.service.id}>{s.title}</option>
                  ))}
                </select>
              </div>
              <div class="col-sm-4">
                <label for="giorno" class="form-label">{tr("Giorno", "Day")}</label>
                <input
                  id="giorno"
                  name="giorno"
                  type="date"
                  class="form-control"
                  value={data.day}
                />
              </div>
              <div class="col-sm-3">
                <button type="submit" class="btn btn-outline-primary">
                  {tr("Mostra", "Show")}
                </button>
              </div>
            </form>
            <p>
              {b.frozen
                ? tr(
                  `Conteggio congelato e inviato alle ${b.service.cutoff}. Le variazioni successive sono evidenziate.`,
                  `Counts frozen and sent at ${b.service.cutoff}. Later changes are highlighted.`,
                )
                : tr(
                  `Le famiglie possono disdire fino alle ${b.service.cutoff}: allora il conteggio viene congelato e inviato per e-mail.`,
                  `Families may cancel until ${b.service.cutoff}: then the counts are frozen and sent by e-mail.`,
                )}{" "}
              <a href={`/fornitori/csv?${q}`} download>
                {tr("Scarica CSV", "Download CSV")}
              </a>
            </p>
            <MealBoard lang={state.lang} board={b} rooms={data.rooms} />
          </section>
        )}
    </>
  );
});

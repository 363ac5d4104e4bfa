import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define } from "../../lib/http/define.ts";
import { formatDate } from "../../lib/i18n/mod.ts";

/** The provider's page: daily counts by site and diet, routes and stops grow here. */
export default define.page(function ProviderHome({ state }) {
  return (
    <>
      <RoleSummary state={state} title={state.tr("Area fornitori", "Provider area")} />
      <section aria-labelledby="today-title">
        <h2 id="today-title" class="h4">
          {state.tr("Riepilogo del giorno", "Today's summary")} —{" "}
          {formatDate(state.lang, new Date())}
        </h2>
        <p>
          {state.tr(
            "Nessun servizio è ancora affidato a te dall'Ente: quando lo sarà, qui troverai i pasti da preparare per plesso e dieta, oppure le linee e le fermate del trasporto.",
            "No service has been assigned to you by the Ente yet: when it is, you will find here the meals to prepare by site and diet, or the transport routes and stops.",
          )}
        </p>
      </section>
    </>
  );
});

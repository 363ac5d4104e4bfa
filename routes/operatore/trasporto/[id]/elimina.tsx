import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { deleteRoute, getRoute, type TransportRoute } from "../../../../lib/transport/mod.ts";
import { routeNotFound, uuidParam } from "../(_components)/fields.tsx";

export const handler = define.handlers<TransportRoute>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const route = await db.asUser(claims!, (tx) => getRoute(tx, uuidParam(c, "id")));
    if (!route) throw routeNotFound();
    return page(route);
  },
  async POST(c) {
    const { db, claims } = c.get("state");
    const done = await db.asUser(claims!, (tx) => deleteRoute(tx, uuidParam(c, "id")));
    if (!done) throw routeNotFound();
    return c.redirect("/operatore/trasporto?eliminata=1", 303);
  },
});

/** Asks before deleting a route with all its stops. */
export default define.page<TransportRoute>(function DeleteRoute({ data: route, state }) {
  const { tr } = state;
  const base = `/operatore/trasporto/${route.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Trasporto scolastico", "School transport"), "/operatore/trasporto"],
          [tr(`Linea ${route.code}`, `Route ${route.code}`), base],
          [tr("Elimina", "Delete")],
        ]}
      />
      <h1>{tr(`Eliminare la linea «${route.name}»?`, `Delete the route “${route.name}”?`)}</h1>
      <p>
        {tr(
          `Verranno eliminate anche le sue ${route.stop_count} fermate. Se la linea serve ancora in futuro, puoi invece renderla non attiva: resterà qui ma le famiglie non la vedranno.`,
          `Its ${route.stop_count} stops will be deleted too. If the route may be needed again, you can make it inactive instead: it stays here but families will not see it.`,
        )}
      </p>
      <form method="post" action={`${base}/elimina`}>
        <CsrfField state={state} />
        <button type="submit" class="btn btn-danger">
          {tr("Elimina la linea", "Delete the route")}
        </button>
        <a class="btn btn-outline-primary ms-2" href={base}>{tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
});

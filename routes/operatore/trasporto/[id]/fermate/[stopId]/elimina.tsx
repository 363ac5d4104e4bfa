import { Breadcrumb } from "../../../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../../../components/CsrfField.tsx";
import { define, page } from "../../../../../../lib/http/define.ts";
import {
  deleteStop,
  getRoute,
  getStop,
  type TransportRoute,
  type TransportStop,
} from "../../../../../../lib/transport/mod.ts";
import { routeNotFound, uuidParam } from "../../../(_components)/fields.tsx";

interface Data {
  route: TransportRoute;
  stop: TransportStop;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const [routeId, stopId] = [uuidParam(c, "id"), uuidParam(c, "stopId")];
    return page(
      await db.asUser(claims!, async (tx) => {
        const [route, stop] = [await getRoute(tx, routeId), await getStop(tx, routeId, stopId)];
        if (!route || !stop) throw routeNotFound();
        return { route, stop };
      }),
    );
  },
  async POST(c) {
    const { db, claims } = c.get("state");
    const [routeId, stopId] = [uuidParam(c, "id"), uuidParam(c, "stopId")];
    const done = await db.asUser(claims!, (tx) => deleteStop(tx, routeId, stopId));
    if (!done) throw routeNotFound();
    return c.redirect(`/operatore/trasporto/${routeId}?fermata=eliminata#fermate`, 303);
  },
});

/** Asks before deleting a stop; the following stops move up one place. */
export default define.page<Data>(function DeleteStop({ data: { route, stop }, state }) {
  const { tr } = state;
  const base = `/operatore/trasporto/${route.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Trasporto scolastico", "School transport"), "/operatore/trasporto"],
          [tr(`Linea ${route.code}`, `Route ${route.code}`), base],
          [tr("Elimina fermata", "Delete stop")],
        ]}
      />
      <h1>{tr(`Eliminare la fermata «${stop.name}»?`, `Delete the stop “${stop.name}”?`)}</h1>
      <p>
        {tr(
          `È la fermata n. ${stop.position} della linea ${route.code}; le fermate successive avanzano di un posto.`,
          `It is stop no. ${stop.position} of route ${route.code}; the following stops move up one place.`,
        )}
      </p>
      <form method="post" action={`${base}/fermate/${stop.id}/elimina`}>
        <CsrfField state={state} />
        <button type="submit" class="btn btn-danger">
          {tr("Elimina la fermata", "Delete the stop")}
        </button>
        <a class="btn btn-outline-primary ms-2" href={`${base}#fermata-${stop.id}`}>
          {tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import RouteMap from "../../../../islands/RouteMap.tsx";
import { type Ctx, define, page, type State } from "../../../../lib/http/define.ts";
import {
  checkStopForm,
  emptyStopForm,
  readStopForm,
  stopFieldId,
  type StopForm,
} from "../../../../lib/transport/forms.ts";
import {
  addStop,
  geoRoute,
  getRouteDetail,
  type RouteDetail,
  stopsCentre,
} from "../../../../lib/transport/mod.ts";
import { errorsOf, routeNotFound, uuidParam } from "../(_components)/fields.tsx";
import { StopFields } from "../(_components)/StopFields.tsx";
import { StopsTable } from "../(_components)/StopsTable.tsx";
import { ServiceStatus } from "../index.tsx";

interface Data extends RouteDetail {
  centre: [number, number] | null;
  form: StopForm;
  errors: FieldErrors;
  flash: string | null;
}

/** Success messages after a redirect, by query parameter and value. */
function flashOf(state: State, q: URLSearchParams): string | null {
  const { tr } = state;
  if (q.get("creata")) {
    return tr(
      "Linea creata. Ora aggiungi le fermate: fai clic sulla mappa o compila il modulo.",
      "Route created. Now add its stops: click on the map or fill in the form.",
    );
  }
  if (q.get("salvata")) return tr("Dati della linea salvati.", "Route details saved.");
  const stop = q.get("fermata");
  const messages: Record<string, [string, string]> = {
    aggiunta: ["Fermata aggiunta in fondo alla linea.", "Stop added at the end of the route."],
    modificata: ["Fermata salvata.", "Stop saved."],
    spostata: ["Nuova posizione della fermata salvata.", "The stop's new position is saved."],
    ordinata: ["Ordine delle fermate aggiornato.", "Order of the stops updated."],
    eliminata: ["Fermata eliminata.", "Stop deleted."],
  };
  return stop && messages[stop] ? tr(...messages[stop]) : null;
}

async function load(c: Ctx) {
  const { db, claims } = c.get("state");
  const id = uuidParam(c, "id");
  return await db.asUser(claims!, async (tx) => {
    const d = await getRouteDetail(tx, id);
    if (!d) throw routeNotFound();
    return { ...d, centre: d.stops.length ? null : await stopsCentre(tx) };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const d = await load(c);
    const flash = flashOf(state, new URL(c.req.url).searchParams);
    return page({ ...d, form: emptyStopForm(), errors: {}, flash });
  },
  /** Adds a stop at the end of the route. */
  async POST(c) {
    const state = c.get("state");
    const id = uuidParam(c, "id");
    const form = readStopForm(await c.req.parseBody({ all: true }));
    const checked = checkStopForm(form);
    if (checked.ok) {
      const added = await state.db.asUser(state.claims!, (tx) => addStop(tx, id, checked.value));
      if (!added) throw routeNotFound();
      return c.redirect(`/operatore/trasporto/${id}?fermata=aggiunta#fermata-${added}`, 303);
    }
    const d = await load(c);
    return page(
      { ...d, form, errors: errorsOf(state, checked.problems), flash: null },
      { status: 422 },
    );
  },
});

/** A route: its details, the map with its stops, the add-stop form and the ordered stops. */
export default define.page<Data>(function RoutePage({ data, state }) {
  const { tr } = state;
  const { route, stops, errors } = data;
  const base = `/operatore/trasporto/${route.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Trasporto scolastico", "School transport"), "/operatore/trasporto"],
          [tr(`Linea ${route.code}`, `Route ${route.code}`)],
        ]}
      />
      <h1>{route.name}</h1>
      {data.flash && <Alert kind="success">{data.flash}</Alert>}
      <dl class="row">
        <dt class="col-sm-3">{tr("Servizio", "Service")}</dt>
        <dd class="col-sm-9">
          {route.service_title} ({route.service_code}){" "}
          <ServiceStatus state={state} status={route.service_status} />
        </dd>
        <dt class="col-sm-3">{tr("Codice", "Code")}</dt>
        <dd class="col-sm-9">
          <span
            aria-hidden="true"
            class="d-inline-block rounded-circle me-2 align-middle"
            style={`width:.8em;height:.8em;background:${route.color}`}
          />
          {route.code}
        </dd>
        <dt class="col-sm-3">{tr("Mezzo", "Vehicle")}</dt>
        <dd class="col-sm-9">
          {route.vehicle ?? "—"}
          {route.capacity ? tr(`, ${route.capacity} posti`, `, ${route.capacity} seats`) : ""}
        </dd>
        <dt class="col-sm-3">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">
          {route.active
            ? tr("Attiva: visibile alle famiglie", "Active: visible to families")
            : tr("Non attiva: nascosta alle famiglie", "Inactive: hidden from families")}
        </dd>
        {route.direction_notes && (
          <>
            <dt class="col-sm-3">{tr("Note sul percorso", "Notes on the route")}</dt>
            <dd class="col-sm-9">{route.direction_notes}</dd>
          </>
        )}
      </dl>
      <p>
        <a class="btn btn-outline-primary btn-sm me-2" href={`${base}/modifica`}>
          {tr("Modifica i dati della linea", "Edit route details")}
        </a>
        <a
          class="btn btn-outline-primary btn-sm me-2"
          href={`/api/v1/transport-routes/${route.id}.geojson`}
        >
          {tr("Scarica in GeoJSON", "Download as GeoJSON")}
        </a>
        <a class="btn btn-outline-danger btn-sm" href={`${base}/elimina`}>
          {tr("Elimina la linea", "Delete route")}
        </a>
      </p>

      <section class="mt-4" aria-labelledby="mappa">
        <h2 class="h4" id="mappa">{tr("Mappa", "Map")}</h2>
        <p class="small" id="mappa-aiuto">
          {tr(
            "Fai clic sulla mappa per scegliere il punto di una nuova fermata, poi scrivine il nome nel modulo; trascina un numero per spostare una fermata. Con la tastiera usa il modulo e la tabella delle fermate.",
            "Click on the map to choose where a new stop goes, then type its name in the form; drag a number to move a stop. With the keyboard use the form and the table of stops.",
          )}
        </p>
        <div class="row">
          <div class="col-lg-7 mb-4">
            <RouteMap
              lang={state.lang}
              label={tr(`Mappa della linea ${route.code}`, `Map of route ${route.code}`)}
              routes={[geoRoute(route, stops)]}
              styleUrl={state.config.mapStyleUrl}
              center={data.centre ?? undefined}
              edit={{
                csrf: state.csrfToken,
                moveAction: `${base}/fermate/{stop}/posizione`,
                nameField: stopFieldId("name"),
                latitudeField: stopFieldId("latitude"),
                longitudeField: stopFieldId("longitude"),
              }}
            />
          </div>
          <div class="col-lg-5">
            <h3 class="h5" id="aggiungi">{tr("Aggiungi una fermata", "Add a stop")}</h3>
            <ErrorSummary state={state} errors={errors} level={3} />
            <form
              method="post"
              action={base}
              noValidate
              aria-labelledby="aggiungi"
              id="aggiungi-fermata"
            >
              <CsrfField state={state} />
              <RequiredNote state={state} />
              <StopFields state={state} form={data.form} errors={errors} />
              <button type="submit" class="btn btn-primary">
                {tr("Aggiungi la fermata", "Add the stop")}
              </button>
            </form>
          </div>
        </div>
      </section>

      <section class="mt-4" aria-labelledby="fermate">
        <h2 class="h4" id="fermate">{tr("Fermate", "Stops")}</h2>
        <StopsTable state={state} routeId={route.id} stops={stops} />
      </section>
    </>
  );
});

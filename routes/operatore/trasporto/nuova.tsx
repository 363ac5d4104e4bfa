import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../components/TextField.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { checkRouteForm, readRouteForm, type RouteForm } from "../../../lib/transport/forms.ts";
import {
  createRoute,
  listTransportServices,
  routeCodeTaken,
  type TransportService,
} from "../../../lib/transport/mod.ts";
import { DEFAULT_COLOR } from "../../../lib/transport/rules.ts";
import { codeTakenProblem, errorsOf } from "./(_components)/fields.tsx";
import { RouteFields } from "./(_components)/RouteFields.tsx";

interface Data {
  services: TransportService[];
  form: RouteForm;
  errors: FieldErrors;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const services = await db.asUser(claims!, listTransportServices);
    const form: RouteForm = {
      service_id: services.length === 1 ? services[0].id : (c.req.query("servizio") ?? ""),
      code: "",
      name: "",
      direction_notes: "",
      color: DEFAULT_COLOR,
      vehicle: "",
      capacity: "",
      active: true,
    };
    return page({ services, form, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const claims = state.claims!;
    const form = readRouteForm(await c.req.parseBody({ all: true }));
    const outcome = await state.db.asUser(claims, async (tx) => {
      const services = await listTransportServices(tx);
      const checked = checkRouteForm(form, services.map((s) => s.id));
      if (!checked.ok) return { services, problems: checked.problems };
      if (await routeCodeTaken(tx, checked.value.service_id, checked.value.code)) {
        return { services, problems: codeTakenProblem(checked.value.code) };
      }
      return { id: await createRoute(tx, claims.app_metadata.tenant_id!, checked.value) };
    });
    if ("id" in outcome) return c.redirect(`/operatore/trasporto/${outcome.id}?creata=1`, 303);
    return page(
      { services: outcome.services, form, errors: errorsOf(state, outcome.problems) },
      { status: 422 },
    );
  },
});

/** Creates a route; its stops are added on the route's page, on the map or with the form. */
export default define.page<Data>(function NewRoute({ data, state }) {
  const { tr } = state;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Trasporto scolastico", "School transport"), "/operatore/trasporto"],
          [tr("Nuova linea", "New route")],
        ]}
      />
      <h1>{tr("Nuova linea di trasporto", "New transport route")}</h1>
      <p>
        {tr(
          "Dopo averla creata potrai aggiungere le fermate facendo clic sulla mappa o con il modulo.",
          "Once created, you can add its stops by clicking on the map or with the form.",
        )}
      </p>
      <ErrorSummary state={state} errors={data.errors} />
      <form method="post" action="/operatore/trasporto/nuova" class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <RouteFields state={state} form={data.form} errors={data.errors} services={data.services} />
        <button type="submit" class="btn btn-primary">{tr("Crea la linea", "Create route")}</button>
        <a class="btn btn-outline-primary ms-2" href="/operatore/trasporto">
          {tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

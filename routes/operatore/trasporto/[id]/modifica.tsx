import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { checkRouteForm, readRouteForm, type RouteForm } from "../../../../lib/transport/forms.ts";
import {
  getRoute,
  listTransportServices,
  routeCodeTaken,
  type TransportService,
  updateRoute,
} from "../../../../lib/transport/mod.ts";
import { codeTakenProblem, errorsOf, routeNotFound, uuidParam } from "../(_components)/fields.tsx";
import { RouteFields } from "../(_components)/RouteFields.tsx";

interface Data {
  id: string;
  code: string;
  services: TransportService[];
  form: RouteForm;
  errors: FieldErrors;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = uuidParam(c, "id");
    return page(
      await db.asUser(claims!, async (tx) => {
        const r = await getRoute(tx, id);
        if (!r) throw routeNotFound();
        const form: RouteForm = {
          service_id: r.service_id,
          code: r.code,
          name: r.name,
          direction_notes: r.direction_notes ?? "",
          color: r.color,
          vehicle: r.vehicle ?? "",
          capacity: r.capacity === null ? "" : String(r.capacity),
          active: r.active,
        };
        return { id, code: r.code, services: await listTransportServices(tx), form, errors: {} };
      }),
    );
  },
  async POST(c) {
    const state = c.get("state");
    const id = uuidParam(c, "id");
    const form = readRouteForm(await c.req.parseBody({ all: true }));
    const outcome = await state.db.asUser(state.claims!, async (tx) => {
      const r = await getRoute(tx, id);
      if (!r) throw routeNotFound();
      const services = await listTransportServices(tx);
      const checked = checkRouteForm(form, services.map((s) => s.id));
      const fail = (problems: Parameters<typeof errorsOf>[1]) => ({
        code: r.code,
        services,
        problems,
      });
      if (!checked.ok) return fail(checked.problems);
      if (await routeCodeTaken(tx, checked.value.service_id, checked.value.code, id)) {
        return fail(codeTakenProblem(checked.value.code));
      }
      if (!await updateRoute(tx, id, checked.value)) throw routeNotFound();
      return null;
    });
    if (!outcome) return c.redirect(`/operatore/trasporto/${id}?salvata=1`, 303);
    return page({
      id,
      code: outcome.code,
      services: outcome.services,
      form,
      errors: errorsOf(state, outcome.problems),
    }, { status: 422 });
  },
});

/** Edits a route's details (not its stops: those are on the route's page). */
export default define.page<Data>(function EditRoute({ data, state }) {
  const { tr } = state;
  const base = `/operatore/trasporto/${data.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Trasporto scolastico", "School transport"), "/operatore/trasporto"],
          [tr(`Linea ${data.code}`, `Route ${data.code}`), base],
          [tr("Modifica", "Edit")],
        ]}
      />
      <h1>{tr(`Modifica la linea ${data.code}`, `Edit route ${data.code}`)}</h1>
      <ErrorSummary state={state} errors={data.errors} />
      <form method="post" action={`${base}/modifica`} class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <RouteFields state={state} form={data.form} errors={data.errors} services={data.services} />
        <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
        <a class="btn btn-outline-primary ms-2" href={base}>{tr("Annulla", "Cancel")}</a>
      </form>
    </>
  );
});

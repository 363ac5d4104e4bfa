import { Breadcrumb } from "../../../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../../../../components/TextField.tsx";
import { define, page } from "../../../../../../lib/http/define.ts";
import {
  checkStopForm,
  readStopForm,
  type StopForm,
  stopToForm,
} from "../../../../../../lib/transport/forms.ts";
import { getRoute, getStop, updateStop } from "../../../../../../lib/transport/mod.ts";
import { errorsOf, routeNotFound, uuidParam } from "../../../(_components)/fields.tsx";
import { StopFields } from "../../../(_components)/StopFields.tsx";

interface Data {
  routeId: string;
  routeCode: string;
  stopId: string;
  position: number;
  name: string;
  form: StopForm;
  errors: FieldErrors;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims, lang } = c.get("state");
    const [routeId, stopId] = [uuidParam(c, "id"), uuidParam(c, "stopId")];
    return page(
      await db.asUser(claims!, async (tx) => {
        const [route, stop] = [await getRoute(tx, routeId), await getStop(tx, routeId, stopId)];
        if (!route || !stop) throw routeNotFound();
        return {
          routeId,
          routeCode: route.code,
          stopId,
          position: stop.position,
          name: stop.name,
          form: stopToForm(lang, stop),
          errors: {},
        };
      }),
    );
  },
  async POST(c) {
    const state = c.get("state");
    const [routeId, stopId] = [uuidParam(c, "id"), uuidParam(c, "stopId")];
    const form = readStopForm(await c.req.parseBody({ all: true }));
    const checked = checkStopForm(form);
    return await state.db.asUser(state.claims!, async (tx) => {
      const [route, stop] = [await getRoute(tx, routeId), await getStop(tx, routeId, stopId)];
      if (!route || !stop) throw routeNotFound();
      if (checked.ok) {
        await updateStop(tx, routeId, stopId, checked.value);
        return c.redirect(
          `/operatore/trasporto/${routeId}?fermata=modificata#fermata-${stopId}`,
          303,
        );
      }
      return page({
        routeId,
        routeCode: route.code,
        stopId,
        position: stop.position,
        name: stop.name,
        form,
        errors: errorsOf(state, checked.problems),
      }, { status: 422 });
    });
  },
});

/** Edits one stop: its name, position, times and notes. */
export default define.page<Data>(function EditStop({ data, state }) {
  const { tr } = state;
  const base = `/operatore/trasporto/${data.routeId}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Trasporto scolastico", "School transport"), "/operatore/trasporto"],
          [tr(`Linea ${data.routeCode}`, `Route ${data.routeCode}`), base],
          [tr(`Fermata ${data.position}`, `Stop ${data.position}`)],
        ]}
      />
      <h1>{tr(`Modifica la fermata «${data.name}»`, `Edit the stop “${data.name}”`)}</h1>
      <ErrorSummary state={state} errors={data.errors} />
      <form method="post" action={`${base}/fermate/${data.stopId}`} class="mt-4" noValidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <StopFields state={state} form={data.form} errors={data.errors} />
        <button type="submit" class="btn btn-primary">{tr("Salva", "Save")}</button>
        <a class="btn btn-outline-primary ms-2" href={`${base}#fermata-${data.stopId}`}>
          {tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

import { Alert } from "../../../components/Alert.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextField } from "../../../components/TextField.tsx";
import MealBoard from "../../../islands/MealBoard.tsx";
import { closeDay } from "../../../lib/attendance/closures.ts";
import { type BoardPage, loadBoardPage } from "../../../lib/attendance/meal_counts_http.ts";
import { CLOSURE_KINDS, type ClosureKind } from "../../../lib/calendar/service_calendar.ts";
import { define, page } from "../../../lib/http/define.ts";
import { CLOSURE_KIND_LABELS } from "../../../lib/services/labels.ts";

interface Data extends BoardPage {
  errors: FieldErrors;
  values: Record<string, string>;
  closed: string | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const base = await loadBoardPage(c, { serviceRoom: true });
    return page({ ...base, errors: {}, values: {}, closed: c.req.query("chiusa") ?? null });
  },
  async POST(c) {
    const state = c.get("state");
    const tr = state.tr;
    const form = await c.req.parseBody();
    const v: Record<string, string> = {};
    for (const k of ["servizio", "giorno", "tipo", "motivo", "conferma"]) {
      v[k] = typeof form[k] === "string" ? (form[k] as string).trim() : "";
    }
    const base = await loadBoardPage(c, {
      serviceRoom: true,
      service: v.servizio,
      day: v.giorno,
    });
    const errors: FieldErrors = {};
    if (!base.board || base.board.service.id !== v.servizio || base.day !== v.giorno) {
      errors.tipo = tr("Servizio o giorno non validi.", "Invalid service or day.");
    }
    if (!(CLOSURE_KINDS as readonly string[]).includes(v.tipo)) {
      errors.tipo = tr("Scegliere il motivo della chiusura.", "Choose why the day is closed.");
    }
    if (v.motivo.length < 3 || v.motivo.length > 200) {
      errors.motivo = tr(
        "Descrivere la chiusura in 3–200 caratteri (sarà visibile alle famiglie).",
        "Describe the closure in 3–200 characters (families will see it).",
      );
    }
    if (v.conferma !== "1") {
      errors.conferma = tr(
        "Confermare che tutti i pasti del giorno vanno annullati.",
        "Confirm that every meal of the day is to be voided.",
      );
    }
    if (Object.keys(errors).length) {
      return page({ ...base, errors, values: v, closed: null }, { status: 422 });
    }
    const r = await state.db.asUser(state.claims!, (tx) =>
      closeDay(tx, {
        serviceId: v.servizio,
        day: v.giorno,
        kind: v.tipo as ClosureKind,
        reason: v.motivo,
      }));
    return c.redirect(
      `/operatore/pasti?servizio=${v.servizio}&giorno=${v.giorno}&chiusa=${r.voided}`,
      303,
    );
  },
});

/** The office's meal board for every site, live; closing a day after the fact. */
export default define.page<Data>(function MealsBoard({ data, state }) {
  const tr = state.tr;
  const b = data.board;
  const q = b ? `servizio=${b.service.id}&giorno=${data.day}` : "";
  return (
    <>
      <h1>{tr("Pasti", "Meals")}</h1>
      {data.closed !== null && (
        <Alert kind="success">
          {tr(
            `Giornata chiusa: ${data.closed} presenze annullate, nessun pasto sarà addebitato.`,
            `Day closed: ${data.closed} marks voided, no meal will be charged.`,
          )}
        </Alert>
      )}
      {!b ? <p>{tr("Nessun servizio mensa configurato.", "No canteen service configured.")}</p> : (
        <>
          <form method="get" action="/operatore/pasti" class="row g-2 align-items-end mb-3">
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
              <input id="giorno" name="giorno" type="date" class="form-control" value={data.day} />
            </div>
            <div class="col-sm-3">
              <button type="submit" class="btn btn-outline-primary">{tr("Mostra", "Show")}</button>
            </div>
          </form>
          <p>
            {b.frozen
              ? tr(
                `Conteggio congelato e inviato al fornitore alle ${b.service.cutoff}.`,
                `Counts frozen and sent to the provider at ${b.service.cutoff}.`,
              )
              : tr(
                `Il conteggio sarà congelato e inviato al fornitore alle ${b.service.cutoff}.`,
                `The counts will be frozen and sent to the provider at ${b.service.cutoff}.`,
              )}{" "}
            <a href={`/operatore/pasti/csv?${q}`} download>{tr("Scarica CSV", "Download CSV")}</a>
            {" · "}
            <a href={`/operatore/pasti/variazioni?${q}`}>
              {tr("Variazioni dopo il termine", "Changes after the cut-off")}
            </a>
          </p>
          <MealBoard lang={state.lang} board={b} rooms={data.rooms} />
          {!b.closed && (
            <section aria-labelledby="close-title" class="mt-5">
              <h2 id="close-title" class="h4">{tr("Chiudi la giornata", "Close the day")}</h2>
              <p>
                {tr(
                  "Per uno sciopero o una chiusura comunicata tardi: la giornata diventa di chiusura del servizio e tutte le presenze del giorno vengono annullate (nessun addebito). L'operazione è registrata.",
                  "For a strike or a closure announced late: the day becomes a closure of the service and every mark of the day is voided (no charge). The action is logged.",
                )}
              </p>
              <ErrorSummary state={state} errors={data.errors} />
              <form method="post" action="/operatore/pasti" novalidate>
                <CsrfField state={state} />
                <input type="hidden" name="servizio" value={b.service.id} />
                <input type="hidden" name="giorno" value={data.day} />
                <SelectField
                  state={state}
                  id="tipo"
                  label={tr("Motivo", "Reason")}
                  value={data.values.tipo ?? ""}
                  options={CLOSURE_KINDS.map((
                    k,
                  ) => [k, tr(CLOSURE_KIND_LABELS[k].it, CLOSURE_KIND_LABELS[k].en)])}
                  errors={data.errors}
                  required
                  empty={tr("Scegli…", "Choose…")}
                />
                <TextField
                  state={state}
                  id="motivo"
                  label={tr("Descrizione per le famiglie", "Description for families")}
                  value={data.values.motivo ?? ""}
                  errors={data.errors}
                  required
                  maxLength={200}
                />
                <div class="form-check mb-3">
                  <input
                    id="conferma"
                    name="conferma"
                    type="checkbox"
                    value="1"
                    aria-invalid={data.errors.conferma ? "true" : undefined}
                    aria-describedby={data.errors.conferma ? "conferma-error" : undefined}
                  />
                  <label for="conferma">
                    {tr(
                      `Annulla tutti i pasti del ${data.day.split("-").reverse().join("/")}`,
                      `Void every meal of ${data.day}`,
                    )}
                  </label>
                  {data.errors.conferma && (
                    <div id="conferma-error" class="invalid-feedback d-block">
                      {data.errors.conferma}
                    </div>
                  )}
                </div>
                <button type="submit" class="btn btn-danger">
                  {tr("Chiudi la giornata", "Close the day")}
                </button>
              </form>
            </section>
          )}
        </>
      )}
    </>
  );
});

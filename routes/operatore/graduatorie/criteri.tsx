import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { describedBy, ErrorSummary, FieldError } from "../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../components/TextField.tsx";
import { type Ctx, define, HttpError, page, type State } from "../../../lib/http/define.ts";
import { KIND_LABELS, TIE_BREAKER_LABELS, TIE_BREAKERS } from "../../../lib/rankings/criteria.ts";
import { RankingError } from "../../../lib/rankings/errors.ts";
import { formOfRules, ROWS, type RulesForm, rulesOfForm } from "../../../lib/rankings/form.ts";
import { getRules, saveRules } from "../../../lib/rankings/rankings.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

interface Data {
  serviceId: string;
  yearId: string;
  title: string;
  form: RulesForm;
  errors: Record<string, string>;
  saved: boolean;
}

const notFound = () => new HttpError(404, "No such service or year", { code: "not_found" });

async function context(c: Ctx) {
  const { db, claims } = c.get("state");
  const serviceId = c.req.query("servizio") ?? "";
  const yearId = c.req.query("anno") ?? "";
  if (!isUuid(serviceId) || !isUuid(yearId)) throw notFound();
  const r = await db.asUser(claims!, async (tx) => {
    const [h] = await tx.query<{ title: string }>(
      `select s.title || ' ' || y.label as title from public.services s
         join public.service_school_years sy on sy.tenant_id = s.tenant_id and sy.service_id = s.id
         join public.school_years y on y.tenant_id = sy.tenant_id and y.id = sy.school_year_id
        where s.tenant_id = app.tenant_id() and s.id = $1 and y.id = $2`,
      [serviceId, yearId],
    );
    return h ? { title: h.title, rules: await getRules(tx, serviceId, yearId) } : null;
  });
  if (!r) throw notFound();
  return { serviceId, yearId, ...r };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const x = await context(c);
    return page({
      serviceId: x.serviceId,
      yearId: x.yearId,
      title: x.title,
      form: formOfRules(x.rules),
      errors: {},
      saved: c.req.query("salvati") === "1",
    });
  },
  async POST(c) {
    const state = c.get("state");
    const x = await context(c);
    const body = await c.req.parseBody();
    const form: RulesForm = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") form[k] = v;
    const { rules, errors } = rulesOfForm(form);
    const again = (errs: Record<string, { it: string; en: string }>, status: number) =>
      page({
        serviceId: x.serviceId,
        yearId: x.yearId,
        title: x.title,
        form,
        errors: Object.fromEntries(
          Object.entries(errs).map(([k, m]) => [k, state.lang === "en" ? m.en : m.it]),
        ),
        saved: false,
      }, { status });
    if (!rules) return again(errors, 422);
    try {
      await state.db.asUser(
        state.claims!,
        (tx) => saveRules(tx, x.serviceId, x.yearId, rules, state.claims!.sub),
      );
    } catch (e) {
      if (!(e instanceof RankingError)) throw e;
      return again({ offer_days: { it: e.it, en: e.en } }, e.status);
    }
    return c.redirect(
      `/operatore/graduatorie/criteri?servizio=${x.serviceId}&anno=${x.yearId}&salvati=1`,
      303,
    );
  },
});

function Num(
  { id, label, data, hint }: { id: string; label: string; data: Data; hint?: string },
) {
  const bad = data.errors[id];
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="form-group">
      <label for={id} class="active">{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        class={`form-control${bad ? " is-invalid" : ""}`}
        value={data.form[id] ?? ""}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={describedBy(id, data.errors, hintId)}
      />
      {hint && <small id={hintId} class="form-text">{hint}</small>}
      <FieldError field={id} errors={data.errors} />
    </div>
  );
}

function Text({ id, label, data }: { id: string; label: string; data: Data }) {
  const bad = data.errors[id];
  return (
    <div class="form-group">
      <label for={id} class="active">{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        class={`form-control${bad ? " is-invalid" : ""}`}
        value={data.form[id] ?? ""}
        maxLength={200}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={describedBy(id, data.errors)}
      />
      <FieldError field={id} errors={data.errors} />
    </div>
  );
}

function Fact(
  { state, data, kind, extra }: {
    state: State;
    data: Data;
    kind: keyof typeof KIND_LABELS;
    extra?: preact.ComponentChildren;
  },
) {
  const tr = state.tr;
  const name = tr(KIND_LABELS[kind].it, KIND_LABELS[kind].en);
  return (
    <fieldset class="border rounded p-3 mb-3">
      <legend class="h6 px-2 w-auto float-none">{name}</legend>
      <div class="row">
        <div class="col-md-6">
          <Text id={`${kind}_label`} label={tr("Descrizione", "Description")} data={data} />
        </div>
        <div class="col-md-3">
          <Num
            id={`${kind}_points`}
            label={kind === "working_parents"
              ? tr("Punti per genitore", "Points per parent")
              : tr("Punti", "Points")}
            data={data}
          />
        </div>
        {extra}
      </div>
    </fieldset>
  );
}

/** The ranking criteria of a service for a school year. */
export default define.page<Data>(function Criteria({ data, state }) {
  const tr = state.tr;
  const select = (id: string, label: string) => (
    <div class="select-wrapper mb-3">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={id}
        aria-invalid={data.errors[id] ? "true" : undefined}
        aria-describedby={describedBy(id, data.errors)}
      >
        <option value="">{tr("Nessuno", "None")}</option>
        {TIE_BREAKERS.map((t) => (
          <option value={t} selected={data.form[id] === t} key={t}>
            {tr(TIE_BREAKER_LABELS[t].it, TIE_BREAKER_LABELS[t].en)}
          </option>
        ))}
      </select>
      <FieldError field={id} errors={data.errors} />
    </div>
  );
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Graduatorie", "Rankings"), "/operatore/graduatorie"], [
          tr("Criteri", "Criteria"),
        ]]}
      />
      <h1>{tr("Criteri di graduatoria", "Ranking criteria")}: {data.title}</h1>
      {data.saved && (
        <Alert kind="success">
          {tr(
            "Criteri salvati. Valgono per le graduatorie calcolate da ora in poi.",
            "Criteria saved. They apply to rankings computed from now on.",
          )}
        </Alert>
      )}
      <ErrorSummary state={state} errors={data.errors} />
      <p>
        {tr(
          "Lascia vuoti i punti di un criterio per non usarlo. A parità di punteggio si applicano i criteri di parità scelti e, per ultimo, l'ordine di ricezione della domanda.",
          "Leave a criterion's points empty not to use it. On equal scores the chosen tie-breakers apply and, last, the order in which applications were received.",
        )}
      </p>
      <form method="post" novalidate>
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <h2 class="h4 mt-4">{tr("Situazione della famiglia", "Family situation")}</h2>
        <Fact
          state={state}
          data={data}
          kind="working_parents"
          extra={
            <div class="col-md-3">
              <Text
                id="working_parents_field"
                label={tr("Campo del modulo", "Form field")}
                data={data}
              />
            </div>
          }
        />
        <Fact state={state} data={data} kind="disability" />
        <Fact state={state} data={data} kind="single_parent" />
        <Fact state={state} data={data} kind="siblings_enrolled" />
        <Fact state={state} data={data} kind="resident" />
        <fieldset class="border rounded p-3 mb-3">
          <legend class="h6 px-2 w-auto float-none">
            {tr(KIND_LABELS.isee_below.it, KIND_LABELS.isee_below.en)}
          </legend>
          <div class="row">
            <div class="col-md-6">
              <Num
                id="isee_below_threshold"
                label={tr("Soglia ISEE (euro)", "ISEE threshold (euros)")}
                data={data}
                hint={tr("Ad esempio 12.000", "For example 12.000")}
              />
            </div>
            <div class="col-md-3">
              <Num id="isee_below_points" label={tr("Punti", "Points")} data={data} />
            </div>
          </div>
        </fieldset>
        <h2 class="h4 mt-4">
          {tr("Età all'inizio dell'anno (mesi compiuti)", "Age at the start of the year (months)")}
        </h2>
        {Array.from({ length: ROWS }, (_, i) => (
          <fieldset class="row" key={i}>
            <legend class="visually-hidden">{tr("Fascia", "Range")} {i + 1}</legend>
            <div class="col-4">
              <Num
                id={`age_from_${i}`}
                label={tr(`Fascia ${i + 1}: da mesi`, `Range ${i + 1}: from months`)}
                data={data}
              />
            </div>
            <div class="col-4">
              <Num id={`age_to_${i}`} label={tr("a mesi", "to months")} data={data} />
            </div>
            <div class="col-4">
              <Num id={`age_points_${i}`} label={tr("Punti", "Points")} data={data} />
            </div>
          </fieldset>
        ))}
        <h2 class="h4 mt-4">
          {tr("Risposte del modulo di iscrizione", "Application form answers")}
        </h2>
        {Array.from({ length: ROWS }, (_, i) => (
          <fieldset class="row" key={i}>
            <legend class="visually-hidden">{tr("Risposta", "Answer")} {i + 1}</legend>
            <div class="col-md-4">
              <Text id={`answer_label_${i}`} label={tr("Descrizione", "Description")} data={data} />
            </div>
            <div class="col-md-3">
              <Text id={`answer_field_${i}`} label={tr("Campo", "Field")} data={data} />
            </div>
            <div class="col-md-3">
              <Text id={`answer_value_${i}`} label={tr("Risposta", "Answer")} data={data} />
            </div>
            <div class="col-md-2">
              <Num id={`answer_points_${i}`} label={tr("Punti", "Points")} data={data} />
            </div>
          </fieldset>
        ))}
        <h2 class="h4 mt-4">
          {tr("Parità, residenza e scorrimento", "Ties, residence and scrolling")}
        </h2>
        {select("tie_breaker_1", tr("Primo criterio di parità", "First tie-breaker"))}
        {select("tie_breaker_2", tr("Secondo criterio di parità", "Second tie-breaker"))}
        <div class="form-check mb-3">
          <input
            id="residents_first"
            name="residents_first"
            type="checkbox"
            checked={data.form.residents_first === "on"}
          />
          <label for="residents_first">
            {tr(
              "I non residenti seguono tutti i residenti (come previsto dal regolamento)",
              "Non-residents come after every resident (as the regulation says)",
            )}
          </label>
        </div>
        <Num
          id="offer_days"
          label={tr("Giorni per accettare il posto offerto", "Days to accept an offered place")}
          data={data}
          hint={tr(
            "Da 1 a 60; scade alle 23:59 dell'ultimo giorno.",
            "1 to 60; ends at 23:59 of the last day.",
          )}
        />
        <button type="submit" class="btn btn-primary">
          {tr("Salva i criteri", "Save the criteria")}
        </button>
      </form>
    </>
  );
});

import { Fragment } from "preact";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { ErrorSummary, FieldError, type FieldErrors } from "../../../components/FormErrors.tsx";
import {
  type AuditEntry,
  type AuditFilters,
  changedFields,
  listAuditEntries,
} from "../../../lib/audit/db.ts";
import {
  ACTION_LABELS,
  actionLabel,
  ENTITY_LABELS,
  entityLabel,
  fieldLabel,
} from "../../../lib/audit/labels.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

const PER_PAGE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILTERS = ["entity", "action", "actor", "actor_id", "from", "to"] as const;
type Query = Partial<Record<typeof FILTERS[number], string>>;

interface Data {
  query: Query;
  entries: AuditEntry[];
  nextCursor: string | null;
  /** True when showing an older page (a cursor was given). */
  older: boolean;
  errors: FieldErrors;
}

function validate(state: State, q: Query): FieldErrors {
  const errors: FieldErrors = {};
  const bad = state.tr("Data non valida: usa il formato gg/mm/aaaa.", "Invalid date.");
  if (q.from && (!DATE.test(q.from) || Number.isNaN(Date.parse(q.from)))) errors.from = bad;
  if (q.to && (!DATE.test(q.to) || Number.isNaN(Date.parse(q.to)))) errors.to = bad;
  if (!errors.from && !errors.to && q.from && q.to && q.from > q.to) {
    errors.to = state.tr(
      "La data finale è precedente a quella iniziale.",
      "The end date is before the start date.",
    );
  }
  return errors;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const query: Query = {};
    for (const f of FILTERS) {
      const v = c.req.query(f)?.trim().slice(0, 100);
      if (v) query[f] = v;
    }
    if (query.actor_id && !isUuid(query.actor_id)) delete query.actor_id;
    const errors = validate(state, query);
    const filters: AuditFilters = {
      entity: query.entity,
      action: query.action,
      actor: query.actor,
      actorId: query.actor_id,
      from: errors.from ? undefined : query.from,
      to: errors.to ? undefined : query.to,
    };
    const cursor = c.req.query("cursore") ?? null;
    const result = await state.db.asUser(
      state.claims!,
      (tx) => listAuditEntries(tx, filters, { limit: PER_PAGE, cursor }),
    );
    return page({
      query,
      entries: result.entries,
      nextCursor: result.nextCursor,
      older: !!cursor,
      errors,
    }, { status: Object.keys(errors).length ? 422 : 200 });
  },
});

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function Actor({ state, e }: { state: State; e: AuditEntry }) {
  if (e.actor_kind === "system") return <>{state.tr("Sistema", "System")}</>;
  const name = e.actor_kind === "api_key"
    ? state.tr(`Chiave API «${e.actor_name ?? "?"}»`, `API key “${e.actor_name ?? "?"}”`)
    : e.actor_name ?? state.tr("Persona esterna all'Ente", "Person outside the Ente");
  return (
    <a
      href={`/operatore/registro-attivita?actor_id=${e.actor_id}`}
      title={state.tr("Mostra solo le sue attività", "Show only their activity")}
    >
      {name}
    </a>
  );
}

function Changes({ state, e }: { state: State; e: AuditEntry }) {
  const changes = changedFields(e);
  const details = Object.entries(e.details ?? {});
  if (changes.length === 0 && details.length === 0) return <>—</>;
  return (
    <details>
      <summary>
        {changes.length === 1
          ? state.tr("1 campo", "1 field")
          : changes.length
          ? state.tr(`${changes.length} campi`, `${changes.length} fields`)
          : state.tr("Dettagli", "Details")}
      </summary>
      {changes.length > 0 && (
        <table class="table table-sm mt-2 mb-0">
          <caption class="visually-hidden">
            {state.tr("Valori prima e dopo la modifica", "Values before and after the change")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{state.tr("Campo", "Field")}</th>
              <th scope="col">{state.tr("Prima", "Before")}</th>
              <th scope="col">{state.tr("Dopo", "After")}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((ch) => (
              <tr key={ch.field}>
                <th scope="row">{fieldLabel(ch.field, state.lang)}</th>
                <td class="text-break">{e.before ? show(ch.before) : "—"}</td>
                <td class="text-break">{e.after ? show(ch.after) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {details.length > 0 && (
        <dl class="row small mt-2 mb-0">
          {details.map(([k, v]) => (
            <Fragment key={k}>
              <dt class="col-5">{fieldLabel(k, state.lang)}</dt>
              <dd class="col-7 text-break">{show(v)}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </details>
  );
}

function FilterForm({ state, query, errors }: { state: State; query: Query; errors: FieldErrors }) {
  const { lang } = state;
  const dateInput = (name: "from" | "to", label: string) => (
    <div class="form-group col-md-6 col-lg-3">
      <label for={name} class="active">{label}</label>
      <input
        id={name}
        name={name}
        type="date"
        class={`form-control${errors[name] ? " is-invalid" : ""}`}
        value={query[name] ?? ""}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
      <FieldError field={name} errors={errors} />
    </div>
  );
  return (
    <form method="get" action="/operatore/registro-attivita" class="mb-4" role="search">
      <fieldset>
        <legend class="h5">{state.tr("Filtra le attività", "Filter the activity")}</legend>
        {query.actor_id && <input type="hidden" name="actor_id" value={query.actor_id} />}
        <div class="row">
          <div class="form-group col-md-6 col-lg-4">
            <label for="entity" class="active">{state.tr("Oggetto", "Object")}</label>
            <select id="entity" name="entity" class="form-select">
              <option value="">{state.tr("Tutti", "All")}</option>
              {Object.keys(ENTITY_LABELS).map((k) => (
                <option value={k} selected={query.entity === k} key={k}>
                  {entityLabel(k, lang)}
                </option>
              ))}
              {query.entity && !ENTITY_LABELS[query.entity] && (
                <option value={query.entity} selected>{query.entity}</option>
              )}
            </select>
          </div>
          <div class="form-group col-md-6 col-lg-4">
            <label for="action" class="active">{state.tr("Azione", "Action")}</label>
            <select id="action" name="action" class="form-select">
              <option value="">{state.tr("Tutte", "All")}</option>
              {Object.keys(ACTION_LABELS).map((k) => (
                <option value={k} selected={query.action === k} key={k}>
                  {actionLabel(k, lang)}
                </option>
              ))}
              {query.action && !ACTION_LABELS[query.action] && (
                <option value={query.action} selected>{query.action}</option>
              )}
            </select>
          </div>
          <div class="form-group col-md-12 col-lg-4">
            <label for="actor" class="active">{state.tr("Chi", "Who")}</label>
            <input
              id="actor"
              name="actor"
              type="search"
              class="form-control"
              value={query.actor ?? ""}
              aria-describedby="actor-hint"
            />
            <small id="actor-hint" class="form-text">
              {state.tr(
                "Parte del nome o dell'e-mail di una persona, o del nome di una chiave API.",
                "Part of a person's name or e-mail, or of an API key's name.",
              )}
            </small>
          </div>
          {dateInput("from", state.tr("Dal giorno", "From"))}
          {dateInput("to", state.tr("Al giorno (compreso)", "To (included)"))}
        </div>
        <button type="submit" class="btn btn-primary">{state.tr("Filtra", "Filter")}</button>
        <a class="btn btn-outline-primary ms-2" href="/operatore/registro-attivita">
          {state.tr("Azzera i filtri", "Clear filters")}
        </a>
      </fieldset>
    </form>
  );
}

/** Who did what and when in the Ente, newest first, with the values before and after. */
export default define.page<Data>(function AuditLog({ data, state }) {
  const { lang } = state;
  const base = new URLSearchParams(
    Object.entries(data.query).filter(([, v]) => v) as [string, string][],
  );
  const withCursor = (cursor: string) => {
    const p = new URLSearchParams(base);
    p.set("cursore", cursor);
    return `/operatore/registro-attivita?${p}`;
  };
  const first = `/operatore/registro-attivita${base.size ? `?${base}` : ""}`;
  const noActor = new URLSearchParams(base);
  noActor.delete("actor_id");
  const withoutActor = `/operatore/registro-attivita${noActor.size ? `?${noActor}` : ""}`;
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Registro attività", "Audit log")]]} />
      <h1>{state.tr("Registro attività", "Audit log")}</h1>
      <p class="lead">
        {state.tr(
          "Ogni modifica ai dati dell'Ente e ogni accesso, con chi l'ha fatto e quando. Il registro non si può modificare né cancellare. Date e ore sono italiane.",
          "Every change to the Ente's data and every sign-in, with who did it and when. The log cannot be changed or deleted. Dates and times are Italian time.",
        )}
      </p>
      <ErrorSummary state={state} errors={data.errors} />
      {data.query.actor_id && (
        <p>
          {state.tr(
            "Sono mostrate solo le attività di un autore.",
            "Showing one actor's activity only.",
          )} <a href={withoutActor}>{state.tr("Mostra tutti gli autori", "Show every actor")}</a>
        </p>
      )}
      <FilterForm state={state} query={data.query} errors={data.errors} />
      {data.entries.length === 0
        ? (
          <p>
            {state.tr("Nessuna attività con questi filtri.", "No activity matches these filters.")}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {data.older
                  ? state.tr("Attività meno recenti", "Older activity")
                  : state.tr("Attività più recenti", "Latest activity")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Quando", "When")}</th>
                  <th scope="col">{state.tr("Chi", "Who")}</th>
                  <th scope="col">{state.tr("Cosa", "What")}</th>
                  <th scope="col">{state.tr("Prima e dopo", "Before and after")}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.id}>
                    <th scope="row" class="text-nowrap">{formatDateTime(lang, e.at)}</th>
                    <td>
                      <Actor state={state} e={e} />
                    </td>
                    <td>
                      {actionLabel(e.action, lang)} · {entityLabel(e.entity, lang)}
                      {e.entity_id && (
                        <span class="d-block small text-break">
                          <code>{e.entity_id}</code>
                        </span>
                      )}
                    </td>
                    <td>
                      <Changes state={state} e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {(data.nextCursor || data.older) && (
        <nav class="pagination-wrapper" aria-label={state.tr("Pagine del registro", "Log pages")}>
          <ul class="pagination">
            {data.older && (
              <li class="page-item">
                <a class="page-link" href={first}>{state.tr("Più recenti", "Latest")}</a>
              </li>
            )}
            {data.nextCursor && (
              <li class="page-item">
                <a class="page-link" href={withCursor(data.nextCursor)}>
                  {state.tr("Meno recenti", "Older")}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
});

import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { enrollmentErrorOf } from "../../../lib/enrollment/errors.ts";
import { type ApplicationListRow, listApplications } from "../../../lib/enrollment/list.ts";
import { isChannel, isReviewOutcome, outcomeLabel } from "../../../lib/enrollment/review.ts";
import {
  bulkCommunicate,
  type BulkResult,
  bulkSetOutcome,
} from "../../../lib/enrollment/review_db.ts";
import { OUTCOMES } from "../../../lib/enrollment/schemas.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { OffsetPager } from "../anagrafiche/(_components)/KeysetPager.tsx";
import { DateField, SelectField } from "../anagrafiche/(_components)/fields.tsx";
import { BulkActions } from "./(_components)/BulkActions.tsx";
import {
  type Choices,
  type Filters,
  loadChoices,
  query,
  readFilters,
  toFilter,
} from "./(_components)/filters.ts";
import { kindLabel, outcomeBadge, statusLabel } from "./(_components)/labels.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

const BASE = "/operatore/domande";
const PAGE_SIZE = 25;

interface Data {
  filters: Filters;
  choices: Choices;
  rows: ApplicationListRow[];
  total: number;
  page: number;
  errors: FieldErrors;
  bulk: { esito: string; motivo: string; canale: string };
  done: { kind: "outcome" | "communicate"; result: BulkResult } | null;
}

async function load(state: State, filters: Filters, pageNo: number) {
  return await state.db.asUser(state.claims!, async (tx) => {
    const { items, total } = await listApplications(tx, toFilter(filters), {
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return { rows: items, total, choices: await loadChoices(tx) };
  });
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const filters = readFilters((k) => c.req.query(k));
    const pageNo = Math.max(1, Math.min(10_000, Number(c.req.query("pagina")) || 1));
    const bulk = { esito: "accepted", motivo: "", canale: "email" };
    return page({
      filters,
      ...await load(state, filters, pageNo),
      page: pageNo,
      errors: {},
      bulk,
      done: null,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const form = await c.req.formData();
    const filters = readFilters((k) => form.get(k)?.toString());
    const ids = form.getAll("id").map(String).filter((v) => isUuid(v));
    const action = form.get("_action");
    const bulk = {
      esito: String(form.get("esito") ?? ""),
      motivo: String(form.get("motivo") ?? ""),
      canale: String(form.get("canale") ?? ""),
    };
    const errors: FieldErrors = {};
    if (ids.length === 0) {
      errors["sel-all"] = state.tr(
        "Seleziona almeno una domanda dall'elenco.",
        "Select at least one application from the list.",
      );
    }
    if (action === "outcome" && !isReviewOutcome(bulk.esito)) {
      errors["bulk-esito"] = state.tr("Scegli l'esito.", "Choose the outcome.");
    }
    if (action === "communicate" && !isChannel(bulk.canale)) {
      errors["bulk-canale"] = state.tr("Scegli il canale.", "Choose the channel.");
    }
    let done: Data["done"] = null;
    if (Object.keys(errors).length === 0) {
      try {
        done = await state.db.asUser(state.claims!, async (tx) =>
          action === "communicate"
            ? {
              kind: "communicate" as const,
              result: await bulkCommunicate(tx, ids, bulk.canale as never, state.claims!.sub),
            }
            : {
              kind: "outcome" as const,
              result: await bulkSetOutcome(
                tx,
                ids,
                { outcome: bulk.esito as never, reason: bulk.motivo },
                state.claims!.sub,
              ),
            });
      } catch (e) {
        const err = enrollmentErrorOf(e);
        if (!err) throw e;
        const field = err.problems[0]?.path === "reason" ? "bulk-motivo" : "bulk-esito";
        errors[field] = err[state.lang];
      }
    }
    const status = Object.keys(errors).length ? 422 : 200;
    return page({
      filters,
      ...await load(state, filters, 1),
      page: 1,
      errors,
      bulk,
      done,
    }, { status });
  },
});

function FilterForm({ state, data }: { state: State; data: Data }) {
  const { tr } = state;
  const f = data.filters;
  return (
    <form method="get" action={BASE} class="mb-4" role="search">
      <div class="row g-3">
        <div class="col-md-6 col-lg-4">
          <SelectField
            state={state}
            id="servizio"
            label={tr("Servizio", "Service")}
            value={f.servizio}
            errors={{}}
            options={[
              ["", tr("Tutti i servizi", "All services")],
              ...data.choices.services.map((s): [string, string] => [s.id, s.title]),
            ]}
          />
        </div>
        <div class="col-md-6 col-lg-4">
          <SelectField
            state={state}
            id="anno"
            label={tr("Anno scolastico", "School year")}
            value={f.anno}
            errors={{}}
            options={[
              ["", tr("Tutti gli anni", "All years")],
              ...data.choices.years.map((y): [string, string] => [y.id, y.label]),
            ]}
          />
        </div>
        <div class="col-md-6 col-lg-4">
          <SelectField
            state={state}
            id="tipo"
            label={tr("Tipo di domanda", "Request type")}
            value={f.tipo}
            errors={{}}
            options={[
              ["", tr("Tutti i tipi", "All types")],
              ["new", kindLabel(state, "new")],
              ["renewal", kindLabel(state, "renewal")],
            ]}
          />
        </div>
        <div class="col-md-6 col-lg-4">
          <SelectField
            state={state}
            id="esito"
            label={tr("Esito", "Outcome")}
            value={f.esito}
            errors={{}}
            options={[
              ["", tr("Tutti gli esiti", "All outcomes")],
              ...OUTCOMES.map((o): [string, string] => [o, outcomeLabel(o, state.lang)]),
            ]}
          />
        </div>
        <div class="col-md-6 col-lg-4">
          <SelectField
            state={state}
            id="stato"
            label={tr("Stato della domanda", "Application status")}
            value={f.stato}
            errors={{}}
            options={[
              ["", statusLabel(state, "submitted")],
              ["withdrawn", statusLabel(state, "withdrawn")],
              ["draft", tr("Bozza (non inviata)", "Draft (not submitted)")],
              ["tutte", tr("Tutte", "All")],
            ]}
          />
        </div>
        <div class="col-md-6 col-lg-4">
          <div class="form-group">
            <label for="q" class="active">
              {tr(
                "Protocollo, nome o codice fiscale (richiedente o bambino)",
                "Protocol, name or tax code (applicant or child)",
              )}
            </label>
            <input id="q" name="q" type="search" class="form-control" value={f.q} maxLength={100} />
          </div>
        </div>
        <div class="col-md-6 col-lg-4">
          <DateField
            state={state}
            id="dal"
            label={tr("Ricevute dal", "Received from")}
            value={f.dal}
            errors={{}}
          />
        </div>
        <div class="col-md-6 col-lg-4">
          <DateField
            state={state}
            id="al"
            label={tr("Ricevute fino al", "Received until")}
            value={f.al}
            errors={{}}
          />
        </div>
      </div>
      <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
      <a class="btn btn-link" href={BASE}>{tr("Azzera i filtri", "Clear filters")}</a>
    </form>
  );
}

function Done({ state, done }: { state: State; done: NonNullable<Data["done"]> }) {
  const { tr } = state;
  const r = done.result;
  return (
    <Alert kind={r.refused.length ? "warning" : "success"}>
      <p class="mb-1">
        {done.kind === "outcome"
          ? tr(
            `Esito registrato per ${r.items} richieste di ${r.applications} domande; ${r.skipped} richieste già istruite non sono cambiate.`,
            `Outcome recorded for ${r.items} requests of ${r.applications} applications; ${r.skipped} requests already reviewed were left unchanged.`,
          )
          : tr(
            `Esiti comunicati per ${r.applications} domande (${r.items} richieste).`,
            `Outcomes communicated for ${r.applications} applications (${r.items} requests).`,
          )}
      </p>
      {r.refused.length > 0 && (
        <ul class="mb-0">
          {r.refused.map((x) => (
            <li key={x.application}>
              {x.application}: {state.lang === "it" ? x.it : x.en}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/** The applications database: filters, list in order of receipt, bulk review, CSV export. */
export default define.page<Data>(function Applications({ data, state }) {
  const { tr } = state;
  const f = data.filters;
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Domande", "Applications")]]} />
      <h1>{tr("Domande di iscrizione", "Applications")}</h1>
      <p>
        <a class="btn btn-outline-primary btn-sm me-2" href={`${BASE}/importa`}>
          {tr("Importa da Excel", "Import from Excel")}
        </a>
        <a class="btn btn-outline-primary btn-sm" href={`${BASE}/esporta${query(f)}`}>
          {tr("Esporta l'elenco (CSV)", "Export the list (CSV)")}
        </a>
      </p>
      <FilterForm state={state} data={data} />
      <ErrorSummary state={state} errors={data.errors} />
      {data.done && <Done state={state} done={data.done} />}
      {data.rows.length === 0
        ? (
          <p role="status">
            {tr("Nessuna domanda corrisponde ai filtri.", "No application matches the filters.")}
          </p>
        )
        : (
          <form method="post" action={BASE}>
            <CsrfField state={state} />
            {Object.entries(f).map(([k, v]) =>
              v ? <input type="hidden" name={k} value={v} key={k} /> : null
            )}
            <div class="table-responsive">
              <table class="table">
                <caption>
                  {tr(
                    `${data.total} domande, in ordine di ricezione`,
                    `${data.total} applications, in order of receipt`,
                  )}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" id="sel-all">
                      <span class="visually-hidden">{tr("Seleziona", "Select")}</span>
                    </th>
                    <th scope="col">{tr("Protocollo", "Protocol")}</th>
                    <th scope="col">{tr("Ricevuta il", "Received")}</th>
                    <th scope="col">{tr("Richiedente", "Applicant")}</th>
                    <th scope="col">{tr("Servizi", "Services")}</th>
                    <th scope="col">{tr("Tipo", "Type")}</th>
                    <th scope="col">{tr("Esito", "Outcome")}</th>
                    <th scope="col">{tr("Esito comunicato", "Outcome communicated")}</th>
                    <th scope="col">{tr("Bambini", "Children")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <div class="form-check m-0">
                          <input type="checkbox" name="id" value={r.id} id={`sel-${r.id}`} />
                          <label for={`sel-${r.id}`}>
                            <span class="visually-hidden">
                              {tr("Seleziona la domanda", "Select application")}{" "}
                              {r.protocol_number ?? r.applicant_name}
                            </span>
                          </label>
                        </div>
                      </td>
                      <th scope="row">
                        <a href={`${BASE}/${r.id}`}>
                          {r.protocol_number ?? tr("(bozza)", "(draft)")}
                        </a>
                        {r.status !== "submitted" && (
                          <span class="badge bg-secondary ms-2">
                            {statusLabel(state, r.status)}
                          </span>
                        )}
                      </th>
                      <td>{r.submitted_at ? formatDateTime(state.lang, r.submitted_at) : "—"}</td>
                      <td>{r.applicant_name}</td>
                      <td>{r.services.join(", ")}</td>
                      <td>{kindLabel(state, r.kind)}</td>
                      <td>
                        {r.outcomes.map((o) => (
                          <span class={`badge ${outcomeBadge(o)} me-1`} key={o}>
                            {outcomeLabel(o, state.lang)}
                          </span>
                        ))}
                      </td>
                      <td>
                        {r.communicated_at ? formatDateTime(state.lang, r.communicated_at) : "—"}
                      </td>
                      <td>{r.children}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <BulkActions state={state} errors={data.errors} values={data.bulk} />
          </form>
        )}
      <OffsetPager
        state={state}
        page={data.page}
        pages={pages}
        href={(n) => `${BASE}${query(f, { pagina: String(n) })}`}
      />
    </>
  );
});

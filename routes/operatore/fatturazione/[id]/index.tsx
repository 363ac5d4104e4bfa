import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import BillingRunProgress from "../../../../islands/BillingRunProgress.tsx";
import { BillingError } from "../../../../lib/billing/errors.ts";
import {
  compareWithPrevious,
  type Comparison,
  getRun,
  isOpen,
  type Line,
  type LineFilters,
  listLines,
  listProblems,
  type Problem,
  type Run,
  runTotals,
  type Totals,
} from "../../../../lib/billing/review.ts";
import {
  approveRun,
  cancelRun,
  recomputeRun,
  reopenRun,
  requestIssue,
} from "../../../../lib/billing/runs.ts";
import type { Tx } from "../../../../lib/db/types.ts";
import { type Ctx, define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { kickBillingJobs } from "../../../../lib/jobs/billing.ts";
import { euro, pageNo, period, RunBadge } from "../(_components)/bits.tsx";
import { readLineFilters } from "../(_components)/line_filters.ts";
import { LineFiltersForm, LinesTable } from "../(_components)/LinesTable.tsx";
import { ProblemList, ReviewTotals } from "../(_components)/Review.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

const PAGE_SIZE = 50;

interface Data {
  run: Run;
  totals: Totals;
  comparison: Comparison;
  problems: Problem[];
  lines: Line[];
  lineTotal: number;
  filters: LineFilters;
  query: string;
  page: number;
  notice: string | null;
  error: string | null;
}

async function load(c: Ctx, tx: Tx, id: string, extra: Partial<Data> = {}): Promise<Data> {
  const run = await getRun(tx, id);
  if (!run) throw new HttpError(404);
  const { filters, query } = readLineFilters((k) => c.req.query(k));
  const n = pageNo(c.req.query("pagina"));
  const { items, total } = await listLines(tx, id, filters, PAGE_SIZE, (n - 1) * PAGE_SIZE);
  return {
    run,
    totals: await runTotals(tx, id),
    comparison: await compareWithPrevious(tx, run),
    problems: await listProblems(tx, id),
    lines: items,
    lineTotal: total,
    filters,
    query,
    page: n,
    notice: null,
    error: null,
    ...extra,
  };
}

const NOTICES: Record<string, [string, string]> = {
  creata: ["Elaborazione creata: il calcolo è partito.", "Run created: the computation started."],
  approvata: ["Elaborazione approvata.", "Run approved."],
  emissione: [
    "Emissione avviata: le posizioni debitorie compaiono man mano.",
    "Issue started: debt positions appear as they are created.",
  ],
  ricalcolo: ["Ricalcolo avviato.", "Computation started again."],
  riaperta: ["Elaborazione riportata in verifica.", "Run back in review."],
  riga: ["Riga salvata.", "Line saved."],
  eliminata: ["Riga eliminata.", "Line deleted."],
};

const ACTIONS: Record<
  string,
  [(tx: Tx, id: string, user: string | null) => Promise<void>, string]
> = {
  approve: [approveRun, "approvata"],
  issue: [requestIssue, "emissione"],
  cancel: [cancelRun, ""],
  recompute: [(tx, id) => recomputeRun(tx, id), "ricalcolo"],
  reopen: [(tx, id) => reopenRun(tx, id), "riaperta"],
};

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims, lang } = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const flash = Object.keys(NOTICES).find((k) => c.req.query(k) === "1");
    const data = await db.asUser(claims!, (tx) => load(c, tx, id));
    if (flash) data.notice = NOTICES[flash][lang === "en" ? 1 : 0];
    return page(data);
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const action = ACTIONS[String(body.action ?? "")];
    if (!action) throw new HttpError(400, "Unknown action");
    try {
      await state.db.asUser(state.claims!, (tx) => action[0](tx, id, state.claims!.sub));
    } catch (e) {
      if (!(e instanceof BillingError)) throw e;
      const error = state.lang === "en" ? e.en : e.it;
      const data = await state.db.asUser(state.claims!, (tx) => load(c, tx, id, { error }));
      return page(data, { status: e.status });
    }
    kickBillingJobs();
    if (body.action === "cancel") return c.redirect("/operatore/fatturazione?annullata=1", 303);
    return c.redirect(`/operatore/fatturazione/${id}?${action[1]}=1`, 303);
  },
});

function ActionButton(
  { state, runId, action, label, kind = "primary" }: {
    state: State;
    runId: string;
    action: string;
    label: string;
    kind?: string;
  },
) {
  return (
    <form method="post" action={`/operatore/fatturazione/${runId}`} class="d-inline">
      <CsrfField state={state} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={`btn btn-${kind}`}>{label}</button>
    </form>
  );
}

/** One billing run: progress, problems, totals, comparison, lines; approve, issue or cancel. */
export default define.page<Data>(function RunPage({ data, state }) {
  const tr = state.tr;
  const r = data.run;
  const open = isOpen(r.status);
  const inReview = r.status === "computed";
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatturazione", "Billing"), "/operatore/fatturazione"], [r.label]]}
      />
      <h1>{tr(`Elaborazione n. ${r.number}: ${r.label}`, `Run no. ${r.number}: ${r.label}`)}</h1>
      {data.notice && <Alert kind="success">{data.notice}</Alert>}
      {data.error && <Alert kind="danger">{data.error}</Alert>}
      <dl class="row">
        <dt class="col-sm-3">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">
          <RunBadge state={state} status={r.status} />
        </dd>
        <dt class="col-sm-3">{tr("Periodo", "Period")}</dt>
        <dd class="col-sm-9">{period(state, r.period_start, r.period_end)}</dd>
        <dt class="col-sm-3">{tr("Servizi", "Services")}</dt>
        <dd class="col-sm-9">{r.services.map((s) => s.title).join(", ")}</dd>
        <dt class="col-sm-3">{tr("Totale", "Total")}</dt>
        <dd class="col-sm-9">
          {euro(state, r.total_cents)} {tr(`(${r.line_count} righe)`, `(${r.line_count} lines)`)}
        </dd>
        {r.error && (
          <>
            <dt class="col-sm-3">{tr("Errore", "Error")}</dt>
            <dd class="col-sm-9">{r.error}</dd>
          </>
        )}
      </dl>
      <BillingRunProgress
        lang={state.lang}
        runId={r.id}
        run={{
          status: r.status,
          progress_done: r.progress_done,
          progress_total: r.progress_total,
          issue_done: r.issue_done,
          issue_total: r.issue_total,
        }}
      />
      <div class="d-flex flex-wrap gap-2 mb-4">
        {inReview && (
          <ActionButton
            state={state}
            runId={r.id}
            action="approve"
            label={tr("Approva", "Approve")}
          />
        )}
        {r.status === "approved" && (
          <ActionButton
            state={state}
            runId={r.id}
            action="issue"
            label={tr("Emetti gli avvisi pagoPA", "Issue the pagoPA notices")}
          />
        )}
        {r.status === "approved" && (
          <ActionButton
            state={state}
            runId={r.id}
            action="reopen"
            kind="outline-primary"
            label={tr("Riporta in verifica", "Back to review")}
          />
        )}
        {(inReview || r.status === "failed") && (
          <ActionButton
            state={state}
            runId={r.id}
            action="recompute"
            kind="outline-primary"
            label={r.status === "failed"
              ? tr("Riprendi", "Resume")
              : tr("Ricalcola", "Compute again")}
          />
        )}
        {open && (
          <a class="btn btn-outline-primary" href={`/operatore/fatturazione/${r.id}/righe/nuova`}>
            {tr("Aggiungi una riga", "Add a line")}
          </a>
        )}
        {r.position_count > 0 && (
          <a class="btn btn-outline-primary" href={`/operatore/posizioni?run_id=${r.id}`}>
            {tr(
              `Posizioni debitorie (${r.position_count})`,
              `Debt positions (${r.position_count})`,
            )}
          </a>
        )}
        {["queued", "computed", "failed", "approved"].includes(r.status) && (
          <ActionButton
            state={state}
            runId={r.id}
            action="cancel"
            kind="outline-danger"
            label={tr("Annulla l'elaborazione", "Cancel the run")}
          />
        )}
      </div>
      {inReview && data.problems.length > 0 && (
        <Alert kind="warning">
          {data.problems.length === 1
            ? tr(
              "C'è 1 problema: se approvi, quell'iscrizione non viene fatturata.",
              "There is 1 problem: if you approve, that enrollment is not billed.",
            )
            : tr(
              `Ci sono ${data.problems.length} problemi: se approvi, quelle iscrizioni non vengono fatturate.`,
              `There are ${data.problems.length} problems: if you approve, those enrollments are not billed.`,
            )}
        </Alert>
      )}
      <ProblemList state={state} problems={data.problems} />
      <ReviewTotals state={state} totals={data.totals} comparison={data.comparison} />
      <section aria-labelledby="righe" class="mb-5">
        <h2 id="righe" class="h3">{tr("Righe", "Lines")}</h2>
        {open && (
          <p>
            {tr(
              "Finché l'elaborazione è in verifica puoi cambiare o eliminare una riga, sempre indicando il motivo.",
              "While the run is in review you can change or delete a line, always giving the reason.",
            )}
          </p>
        )}
        <LineFiltersForm
          state={state}
          action={`/operatore/fatturazione/${r.id}#righe`}
          filters={data.filters}
          services={r.services}
        />
        <LinesTable
          state={state}
          runId={r.id}
          lines={data.lines}
          total={data.lineTotal}
          page={data.page}
          size={PAGE_SIZE}
          open={open}
          query={data.query}
        />
      </section>
    </>
  );
});

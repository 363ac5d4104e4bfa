import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import {
  listPlans,
  PLAN_STANDING_LABELS,
  PLAN_STANDINGS,
  type PlanRow,
  type PlanStandingKey,
} from "../../../lib/billing/instalment_plans_read.ts";
import type { LapseRule } from "../../../lib/billing/instalment_plan_lapse.ts";
import { define, page } from "../../../lib/http/define.ts";
import { hasAnyRole } from "../../../lib/http/guards.ts";
import { euro, pageNo, Pager } from "../fatturazione/(_components)/bits.tsx";
import { BULK_LAPSE_PATH } from "./(_components)/BulkLapse.tsx";
import { lapseRuleLead } from "./(_components)/InstalmentPlanLapse.tsx";
import {
  isMissing,
  PLANS_PAGE_SIZE,
  PLANS_PATH,
  plansHref,
  PlansTable,
  readStanding,
} from "./(_components)/InstalmentPlans.tsx";

interface Data {
  items: PlanRow[];
  total: number;
  missed_cents: number;
  /** The Ente's rule of decadenza the plans are judged by. */
  rule: LapseRule;
  page: number;
  standing: PlanStandingKey | null;
  billing: boolean;
  /** How many plans meet the rule now (0 unless the billing office). */
  lapseDue: number;
}

/**
 * "Piani di rateizzazione": every plan granted, those meeting the Ente's rule of decadenza first,
 * then the others with instalments missed (the longest missed first), filtered by where they stand (`?stato=`), 25 a page, and as CSV
 * (`piani/esporta`); from a plan with missed instalments the billing office goes on to decide on
 * its decadenza.
 */
export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const standing = readStanding(c.req.query("stato"));
    const n = pageNo(c.req.query("pagina"));
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const { list, lapseDue } = await state.db.asUser(state.claims!, async (tx) => {
      const list = await listPlans(tx, { standing }, PLANS_PAGE_SIZE, (n - 1) * PLANS_PAGE_SIZE);
      const lapseDue = !billing
        ? 0
        : standing === "lapse_due"
        ? list.total
        : (await listPlans(tx, { standing: "lapse_due" }, 0, 0)).total;
      return { list, lapseDue };
    });
    return page({ ...list, page: n, standing, billing, lapseDue });
  },
});

export default define.page<Data>(function InstalmentPlans({ data, state }) {
  const tr = state.tr;
  const title = tr("Piani di rateizzazione", "Instalment plans");
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [title],
        ]}
      />
      <h1>{title}</h1>
      <p class="lead">
        {tr(
          "Le rateizzazioni concesse e come procedono, prima quelle con la decadenza maturata. ",
          "The instalment plans granted and how they are going, those meeting the lapse rule first. ",
        )}
        {lapseRuleLead(state, data.rule)}
        {tr(
          ": l'ufficio può dichiararla, e l'intero residuo diventa dovuto subito e può essere sollecitato o affidato alla riscossione coattiva.",
          ": the office may declare it, and the whole residual falls due at once and can be reminded or handed to enforced collection.",
        )}
      </p>
      {data.billing && data.lapseDue > 0 && (
        <p>
          <a class="btn btn-outline-danger" href={BULK_LAPSE_PATH} id="decadenza-piani">
            {tr(
              `Dichiara la decadenza dei piani con la decadenza maturata (${data.lapseDue})`,
              `Declare lapsed the plans meeting the lapse rule (${data.lapseDue})`,
            )}
          </a>
        </p>
      )}
      {isMissing(data.standing) && data.total > 0 && (
        <p>
          {tr(
            `Rate scadute e non pagate: ${euro(state, data.missed_cents)} in ${
              data.total === 1 ? "un piano" : `${data.total} piani`
            }.`,
            `Instalments missed and unpaid: ${euro(state, data.missed_cents)} in ${
              data.total === 1 ? "one plan" : `${data.total} plans`
            }.`,
          )}
        </p>
      )}
      <form method="get" action={PLANS_PATH} class="row g-2 align-items-end mb-3">
        <div class="col-md-4">
          <SelectField
            state={state}
            id="stato"
            label={tr("Stato", "Status")}
            value={data.standing ?? ""}
            empty={tr("Tutti", "All")}
            options={PLAN_STANDINGS.map((s) => [
              s,
              tr(PLAN_STANDING_LABELS[s].it, PLAN_STANDING_LABELS[s].en),
            ])}
            errors={{}}
          />
        </div>
        <div class="col-md-2 mb-4">
          <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      <PlansTable state={state} items={data.items} total={data.total} billing={data.billing} />
      {data.total > 0 && (
        <p class="mt-3">
          <a href={`${PLANS_PATH}/esporta${data.standing ? `?stato=${data.standing}` : ""}`}>
            {tr(
              `Scarica l'elenco in CSV (${data.total === 1 ? "un piano" : `${data.total} piani`})`,
              `Download the list as CSV (${data.total === 1 ? "one plan" : `${data.total} plans`})`,
            )}
          </a>
        </p>
      )}
      <Pager
        state={state}
        total={data.total}
        size={PLANS_PAGE_SIZE}
        current={data.page}
        href={(n) => plansHref(data.standing, n)}
      />
    </>
  );
});

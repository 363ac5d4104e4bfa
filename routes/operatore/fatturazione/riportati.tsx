import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextField } from "../../../components/TextField.tsx";
import {
  CARRIED_CLASS_LABELS,
  CARRIED_CLASSES,
  type CarriedBalance,
  type CarriedClass,
  type CarriedFilters,
  type CarriedTotals,
  listCarried,
} from "../../../lib/billing/carried.ts";
import { LINE_KIND_LABELS } from "../../../lib/billing/review.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { listServices } from "../../../lib/services/db.ts";
import { euro, pageNo, Pager, period } from "./(_components)/bits.tsx";
import { isUuid } from "../../../lib/codes/uuid.ts";

const PAGE_SIZE = 50;

interface Data {
  items: CarriedBalance[];
  total: number;
  totals: CarriedTotals;
  page: number;
  filters: CarriedFilters;
  query: string;
  services: [string, string][];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const q = (k: string) => c.req.query(k)?.trim() || null;
    const cls = q("classe");
    const service = q("service_id");
    const filters: CarriedFilters = {
      class: CARRIED_CLASSES.includes(cls as CarriedClass) ? cls as CarriedClass : null,
      service_id: isUuid(service) ? service : null,
      payer: q("payer")?.slice(0, 100) ?? null,
    };
    const params = new URLSearchParams();
    if (filters.class) params.set("classe", filters.class);
    if (filters.service_id) params.set("service_id", filters.service_id);
    if (filters.payer) params.set("payer", filters.payer);
    const n = pageNo(c.req.query("pagina"));
    return page(
      await db.asUser(claims!, async (tx) => {
        const list = await listCarried(tx, filters, PAGE_SIZE, (n - 1) * PAGE_SIZE);
        const services = (await listServices(tx)).map((s) => [s.id, s.title] as [string, string]);
        return { ...list, page: n, filters, query: params.toString(), services };
      }),
    );
  },
});

/** "Refezione scolastica" or, with aggregated positions, every service of the balance. */
const servicesOf = (state: State, b: CarriedBalance) =>
  b.service_id
    ? b.service_titles.join(", ")
    : `${state.tr("Tutti i servizi", "All services")}: ${b.service_titles.join(", ")}`;

/** One balance: payer, service, class, amount, and its lines behind a disclosure. */
function BalanceRow({ state, b }: { state: State; b: CarriedBalance }) {
  const tr = state.tr;
  const l = CARRIED_CLASS_LABELS[b.class];
  return (
    <tr>
      <th scope="row">
        <a href={`/operatore/anagrafiche/persone/${b.payer_id}`}>{b.payer_name}</a>
        {b.payer_tax_code && <span class="d-block small">{b.payer_tax_code}</span>}
      </th>
      <td>{servicesOf(state, b)}</td>
      <td>
        <span class={`badge bg-${l.badge}`}>{tr(l.it, l.en)}</span>
        {b.class === "below_minimum" && (
          <span class="d-block small">
            {tr(`soglia ${euro(state, b.min_cents)}`, `minimum ${euro(state, b.min_cents)}`)}
          </span>
        )}
        {b.class === "credit" && (
          <a
            class="d-block small"
            href={`/operatore/fatturazione/riportati/${b.payer_id}${
              b.service_id ? `?servizio=${b.service_id}` : ""
            }`}
          >
            {tr("Restituisci il credito", "Give the credit back")}
          </a>
        )}
      </td>
      <td class="text-end">{euro(state, b.amount_cents)}</td>
      <td>
        <details>
          <summary>
            {tr(`Righe (${b.lines.length})`, `Lines (${b.lines.length})`)}
          </summary>
          <ul class="list-unstyled small mb-0 mt-2">
            {b.lines.map((x) => (
              <li class="mb-2" key={x.id}>
                <strong>{euro(state, x.amount_cents)}</strong>{" "}
                {tr(LINE_KIND_LABELS[x.kind].it, LINE_KIND_LABELS[x.kind].en)} — {x.description}
                {x.beneficiary_name && !x.description.includes(x.beneficiary_name) &&
                  ` (${x.beneficiary_name})`}
                <span class="d-block">
                  {period(state, x.period_start, x.period_end)} ·{" "}
                  <a href={`/operatore/fatturazione/${x.run_id}`}>
                    {tr(`Elaborazione n. ${x.run_number}`, `Run no. ${x.run_number}`)} —{" "}
                    {x.run_label}
                  </a>
                </span>
                {(state.lang === "en" ? x.summary.en : x.summary.it) && (
                  <span class="d-block text-secondary">
                    {state.lang === "en" ? x.summary.en : x.summary.it}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      </td>
    </tr>
  );
}

/** Carried amounts: what issued runs left without a notice, per payer — credits first. */
export default define.page<Data>(function Carried({ data, state }) {
  const tr = state.tr;
  const f = data.filters;
  const t = data.totals;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatturazione", "Billing"), "/operatore/fatturazione"], [
          tr("Importi riportati", "Carried amounts"),
        ]]}
      />
      <h1>{tr("Importi riportati", "Carried amounts")}</h1>
      <p class="lead">
        {tr(
          "Quando si emettono gli avvisi, gli importi negativi (crediti delle famiglie), pari a zero o sotto la soglia minima del servizio non diventano un avviso: restano qui e si sommano al prossimo avviso del pagatore, quando ha addebiti in un'elaborazione successiva.",
          "When notices are issued, amounts that are negative (families' credits), zero or under the service's minimum do not become a notice: they stay here and are added to the payer's next notice, when the payer has charges in a later run.",
        )}
      </p>
      <ul class="list-unstyled d-flex flex-wrap gap-4 mb-4" aria-label={tr("Totali", "Totals")}>
        <li>
          <strong>
            {tr(
              `Crediti delle famiglie: ${euro(state, -t.credit.cents)}`,
              `Families' credits: ${euro(state, -t.credit.cents)}`,
            )}
          </strong>{" "}
          <span class="small">({t.credit.count})</span>
        </li>
        <li>
          <strong>
            {tr(
              `Sotto la soglia minima: ${euro(state, t.below_minimum.cents)}`,
              `Below the minimum: ${euro(state, t.below_minimum.cents)}`,
            )}
          </strong>{" "}
          <span class="small">({t.below_minimum.count})</span>
        </li>
        {t.pending.count > 0 && (
          <li>
            <strong>
              {tr(
                `Da emettere: ${euro(state, t.pending.cents)}`,
                `Not yet issued: ${euro(state, t.pending.cents)}`,
              )}
            </strong>{" "}
            <span class="small">({t.pending.count})</span>
          </li>
        )}
        {t.zero.count > 0 && (
          <li>
            {tr(`Saldi a zero: ${t.zero.count}`, `Zero balances: ${t.zero.count}`)}
          </li>
        )}
      </ul>
      <form
        method="get"
        action="/operatore/fatturazione/riportati"
        class="row g-2 align-items-end mb-3"
      >
        <div class="col-md-4">
          <TextField
            state={state}
            id="payer"
            label={tr("Pagatore o codice fiscale", "Payer or tax code")}
            value={f.payer ?? ""}
            errors={{}}
          />
        </div>
        <div class="col-md-3">
          <SelectField
            state={state}
            id="classe"
            label={tr("Tipo", "Kind")}
            value={f.class ?? ""}
            empty={tr("Tutti", "All")}
            options={CARRIED_CLASSES.map((c) => [
              c,
              tr(CARRIED_CLASS_LABELS[c].it, CARRIED_CLASS_LABELS[c].en),
            ])}
            errors={{}}
          />
        </div>
        <div class="col-md-3">
          <SelectField
            state={state}
            id="service_id"
            label={tr("Servizio", "Service")}
            value={f.service_id ?? ""}
            empty={tr("Tutti", "All")}
            options={data.services}
            errors={{}}
          />
        </div>
        <div class="col-md-2 mb-4">
          <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      {data.items.length === 0
        ? (
          <p>
            {tr(
              "Nessun importo riportato: ogni addebito delle elaborazioni emesse è in un avviso.",
              "No carried amounts: every charge of the issued runs is in a notice.",
            )}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(`Saldi riportati: ${data.total}`, `Carried balances: ${data.total}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Pagatore", "Payer")}</th>
                  <th scope="col">{tr("Servizio", "Service")}</th>
                  <th scope="col">{tr("Tipo", "Kind")}</th>
                  <th scope="col" class="text-end">{tr("Saldo", "Balance")}</th>
                  <th scope="col">{tr("Dettaglio", "Detail")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((b) => (
                  <BalanceRow state={state} b={b} key={`${b.payer_id}|${b.service_id}`} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      <Pager
        state={state}
        total={data.total}
        size={PAGE_SIZE}
        current={data.page}
        href={(n) =>
          `/operatore/fatturazione/riportati?${data.query}${data.query ? "&" : ""}pagina=${n}`}
      />
    </>
  );
});

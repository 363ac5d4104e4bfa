import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextField } from "../../../components/TextField.tsx";
import {
  GPD_STATUS_LABELS,
  GPD_STATUSES,
  listPositions,
  type Position,
  POSITION_STATUS_LABELS,
  POSITION_STATUSES,
  type PositionFilters,
} from "../../../lib/billing/positions_read.ts";
import { getRun, type Run } from "../../../lib/billing/review.ts";
import { define, page } from "../../../lib/http/define.ts";
import { euro, pageNo, Pager, period } from "../fatturazione/(_components)/bits.tsx";
import { OverdueBadge, PositionBadge, PositionFlags } from "./(_components)/PositionBadge.tsx";
import { ENFORCED, OVERDUE, readPositionFilters } from "./(_components)/filters.ts";
import { BulkReminderForm } from "./(_components)/Reminders.tsx";

const PAGE_SIZE = 50;

interface Data {
  items: Position[];
  total: number;
  totalCents: number;
  overdueCents: number | null;
  page: number;
  filters: PositionFilters;
  query: string;
  run: Run | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const { filters, query } = readPositionFilters((k) => c.req.query(k));
    const n = pageNo(c.req.query("pagina"));
    return page(
      await db.asUser(claims!, async (tx) => {
        const { items, total, total_cents, overdue_cents } = await listPositions(
          tx,
          filters,
          PAGE_SIZE,
          (n - 1) * PAGE_SIZE,
        );
        return {
          items,
          total,
          totalCents: total_cents,
          overdueCents: overdue_cents,
          page: n,
          filters,
          query,
          run: filters.run_id ? await getRun(tx, filters.run_id) : null,
        };
      }),
    );
  },
});

/** Debt positions: who owes what for which period, paid or not, published on GPD or not. */
export default define.page<Data>(function Positions({ data, state }) {
  const tr = state.tr;
  const f = data.filters;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Fatturazione", "Billing"), "/operatore/fatturazione"], [
          tr("Posizioni debitorie", "Debt positions"),
        ]]}
      />
      <h1>{tr("Posizioni debitorie", "Debt positions")}</h1>
      {data.run && (
        <p class="lead">
          {tr("Dell'elaborazione ", "Of run ")}
          <a href={`/operatore/fatturazione/${data.run.id}`}>
            {tr(`n. ${data.run.number}`, `no. ${data.run.number}`)} — {data.run.label}
          </a>
        </p>
      )}
      <form method="get" action="/operatore/posizioni" class="row g-2 align-items-end mb-3">
        {f.run_id && <input type="hidden" name="run_id" value={f.run_id} />}
        <div class="col-md-4">
          <TextField
            state={state}
            id="payer"
            label={tr("Pagatore, codice fiscale o IUPD", "Payer, tax code or IUPD")}
            value={f.payer ?? ""}
            errors={{}}
          />
        </div>
        <div class="col-md-3">
          <SelectField
            state={state}
            id="status"
            label={tr("Stato", "Status")}
            value={f.overdue ? OVERDUE : f.enforced ? ENFORCED : f.status ?? ""}
            empty={tr("Tutti", "All")}
            options={[
              ...POSITION_STATUSES.map((
                s,
              ) =>
                [s, tr(POSITION_STATUS_LABELS[s].it, POSITION_STATUS_LABELS[s].en)] as [
                  string,
                  string,
                ]
              ),
              [OVERDUE, tr("Scadute e non pagate", "Overdue and unpaid")],
              [ENFORCED, tr("In riscossione coattiva", "In enforced collection")],
            ]}
            errors={{}}
          />
        </div>
        <div class="col-md-3">
          <SelectField
            state={state}
            id="gpd_status"
            label={tr("Stato su GPD", "GPD status")}
            value={f.gpd_status ?? ""}
            empty={tr("Tutti", "All")}
            options={GPD_STATUSES.map((
              s,
            ) => [s, tr(GPD_STATUS_LABELS[s].it, GPD_STATUS_LABELS[s].en)])}
            errors={{}}
          />
        </div>
        <div class="col-md-2 mb-4">
          <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      {f.overdue && f.gpd_status && (
        <p class="form-text">
          {tr(
            "Per inviare i solleciti togli il filtro sullo stato GPD: si sollecitano le posizioni scadute dell'elaborazione e del pagatore scelti.",
            "To send reminders remove the GPD status filter: reminders go to the overdue positions of the chosen run and payer.",
          )}
        </p>
      )}
      {f.overdue && !f.gpd_status && (
        <BulkReminderForm
          state={state}
          total={data.total}
          filters={{ run_id: f.run_id ?? null, payer: f.payer ?? null }}
        />
      )}
      {data.items.length === 0
        ? <p>{tr("Nessuna posizione debitoria trovata.", "No debt positions found.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(
                  `Posizioni trovate: ${data.total}, per ${euro(state, data.totalCents)}`,
                  `Positions found: ${data.total}, for ${euro(state, data.totalCents)}`,
                )}
                {data.overdueCents !== null && tr(
                  `, di cui scaduti e non pagati ${euro(state, data.overdueCents)}`,
                  `, of which overdue and unpaid ${euro(state, data.overdueCents)}`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Pagatore", "Payer")}</th>
                  <th scope="col">{tr("Causale", "Description")}</th>
                  <th scope="col">{tr("Periodo", "Period")}</th>
                  <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  <th scope="col" class="text-end">{tr("Pagato", "Paid")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                  <th scope="col">GPD</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <a href={`/operatore/posizioni/${p.id}`}>{p.payer_name}</a>
                      {p.payer_tax_code && <span class="d-block small">{p.payer_tax_code}</span>}
                    </th>
                    <td>{p.description}</td>
                    <td>
                      {p.period_start && p.period_end
                        ? period(state, p.period_start, p.period_end)
                        : "—"}
                    </td>
                    <td class="text-end">{euro(state, p.amount_cents)}</td>
                    <td class="text-end">{euro(state, p.paid_cents)}</td>
                    <td>
                      <PositionBadge state={state} status={p.status} />{" "}
                      <OverdueBadge state={state} since={p.overdue_since} />{" "}
                      <PositionFlags state={state} p={p} />
                    </td>
                    <td>
                      {tr(GPD_STATUS_LABELS[p.gpd_status].it, GPD_STATUS_LABELS[p.gpd_status].en)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {data.total > 0 && (
        <p class="mt-3">
          <a href={`/operatore/posizioni/esporta${data.query ? `?${data.query}` : ""}`}>
            {tr(
              `Scarica l'elenco in CSV (${data.total} posizioni)`,
              `Download the list as CSV (${data.total} positions)`,
            )}
          </a>
        </p>
      )}
      <Pager
        state={state}
        total={data.total}
        size={PAGE_SIZE}
        current={data.page}
        href={(n) => `/operatore/posizioni?${data.query}${data.query ? "&" : ""}pagina=${n}`}
      />
    </>
  );
});

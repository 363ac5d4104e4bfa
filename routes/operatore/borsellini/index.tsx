import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { SelectField } from "../../../components/SelectField.tsx";
import { TextField } from "../../../components/TextField.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatEuro } from "../../../lib/tariffs/money.ts";
import {
  listWallets,
  type Wallet,
  WALLET_FILTERS,
  type WalletFilter,
} from "../../../lib/wallets/db.ts";
import { LevelBadge } from "./(_components)/WalletParts.tsx";

const PAGE_SIZE = 50;

interface Data {
  items: Wallet[];
  total: number;
  page: number;
  filter: WalletFilter;
  q: string;
  flagged: { negative: number; over_grace: number };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const raw = c.req.query("filtro") ?? "all";
    const filter = (WALLET_FILTERS as string[]).includes(raw) ? raw as WalletFilter : "all";
    const q = (c.req.query("q") ?? "").slice(0, 100);
    const pageNo = Math.max(1, Math.min(10000, Number.parseInt(c.req.query("pagina") ?? "1") || 1));
    return page(
      await db.asUser(claims!, async (tx) => {
        const { items, total } = await listWallets(tx, {
          filter,
          q: q || null,
          limit: PAGE_SIZE,
          offset: (pageNo - 1) * PAGE_SIZE,
        });
        const [flagged] = await tx.query<Data["flagged"]>(
          `select count(*) filter (where alert_level in ('negative', 'over_grace'))::int as negative,
                  count(*) filter (where alert_level = 'over_grace')::int as over_grace
             from public.wallets where tenant_id = (select app.tenant_id())`,
        );
        return { items, total, page: pageNo, filter, q, flagged };
      }),
    );
  },
});

const FILTER_LABELS: Record<WalletFilter, [string, string]> = {
  all: ["Tutti", "All"],
  low: ["Sotto la soglia (compresi i negativi)", "Below threshold (negative included)"],
  negative: ["Negativi", "Negative"],
  over_grace: ["Oltre la tolleranza", "Beyond the grace amount"],
};

function Pager({ state, data }: { state: State; data: Data }) {
  const pages = Math.ceil(data.total / PAGE_SIZE);
  if (pages <= 1) return null;
  const qs = (n: number) =>
    new URLSearchParams({ filtro: data.filter, q: data.q, pagina: String(n) }).toString();
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination">
        {Array.from({ length: Math.min(pages, 50) }, (_, i) => i + 1).map((n) => (
          <li class="page-item" key={n}>
            <a
              class={`page-link${n === data.page ? " active" : ""}`}
              href={`/operatore/borsellini?${qs(n)}`}
              aria-current={n === data.page ? "page" : undefined}
            >
              <span class="visually-hidden">{state.tr("Pagina", "Page")}</span> {n}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The office's view of the prepaid wallets: who is below the threshold, below zero, beyond grace. */
export default define.page<Data>(function Wallets({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Borsellini prepagati", "Prepaid wallets")]]} />
      <h1>{tr("Borsellini prepagati", "Prepaid wallets")}</h1>
      <p class="lead">
        {tr(
          "I servizi a consumo prepagato scalano ogni utilizzo dal borsellino di chi paga; le famiglie lo ricaricano con pagoPA. Un saldo negativo non blocca mai il pasto: segnala soltanto.",
          "Prepaid services deduct each use from the payer's wallet; families top it up through pagoPA. A negative balance never blocks a meal: it only flags.",
        )}
      </p>
      {data.flagged.over_grace > 0 && (
        <Alert kind="warning">
          {tr(
            `${data.flagged.over_grace} borsellini sono oltre la tolleranza concessa: contattare le famiglie.`,
            `${data.flagged.over_grace} wallets are beyond the grace amount: contact the families.`,
          )}{" "}
          <a href="/operatore/borsellini?filtro=over_grace">
            {tr("Vedi l'elenco", "See the list")}
          </a>
        </Alert>
      )}
      <p>
        <a class="btn btn-outline-primary" href="/operatore/borsellini/impostazioni">
          {tr("Impostazioni dei borsellini", "Wallet settings")}
        </a>
      </p>
      <form method="get" action="/operatore/borsellini" class="row g-3 align-items-end mb-4">
        <div class="col-md-5">
          <SelectField
            state={state}
            id="filtro"
            label={tr("Quali borsellini", "Which wallets")}
            value={data.filter}
            options={WALLET_FILTERS.map((f) => [f, tr(...FILTER_LABELS[f])])}
            errors={{}}
            spacing="mb-0"
          />
        </div>
        <div class="col-md-5">
          <TextField
            state={state}
            id="q"
            label={tr("Nome o codice fiscale", "Name or tax code")}
            value={data.q}
            errors={{}}
            maxLength={100}
          />
        </div>
        <div class="col-md-2">
          <button type="submit" class="btn btn-primary w-100">{tr("Filtra", "Filter")}</button>
        </div>
      </form>
      {data.items.length === 0
        ? <p>{tr("Nessun borsellino corrisponde alla ricerca.", "No wallet matches.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(
                  `Borsellini: ${data.total}, dal saldo più basso`,
                  `Wallets: ${data.total}, lowest balance first`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Chi paga", "Payer")}</th>
                  <th scope="col">{tr("Bambino", "Child")}</th>
                  <th scope="col" class="text-end">{tr("Saldo", "Balance")}</th>
                  <th scope="col" class="text-end">{tr("Soglia", "Threshold")}</th>
                  <th scope="col" class="text-end">{tr("Tolleranza", "Grace")}</th>
                  <th scope="col">{tr("Stato", "Status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">
                      <a href={`/operatore/borsellini/${w.id}`}>{w.payer_name}</a>
                    </th>
                    <td>{w.beneficiary_name ?? tr("Tutti i figli", "All children")}</td>
                    <td class="text-end">{formatEuro(w.balance_cents, state.lang)}</td>
                    <td class="text-end">
                      {formatEuro(w.low_balance_threshold_cents, state.lang)}
                    </td>
                    <td class="text-end">{formatEuro(w.grace_cents, state.lang)}</td>
                    <td>
                      <LevelBadge state={state} level={w.alert_level} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <Pager state={state} data={data} />
    </>
  );
});

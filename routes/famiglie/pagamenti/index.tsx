import { CsrfField } from "../../../components/CsrfField.tsx";
import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { type CarriedBalance, myCarried } from "../../../lib/billing/carried.ts";
import {
  type MyCarriedSettlement,
  myCarriedSettlements,
} from "../../../lib/billing/carried_settlement.ts";
import {
  myPositions,
  owed,
  type PositionSummary,
  quickPayNotice,
} from "../../../lib/billing/family_read.ts";
import { statementYears } from "../../../lib/billing/payment_statement_read.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../lib/i18n/mod.ts";
import { CarriedCard } from "./(_components)/CarriedCard.tsx";
import { day, euro, period, PositionBadges } from "./(_components)/Payments.tsx";

interface Data {
  positions: PositionSummary[];
  /** Credits and amounts under a notice's minimum, carried to the next notice. */
  carried: CarriedBalance[];
  /** Credits the office gave back (refund or wallet). */
  refunds: MyCarriedSettlement[];
  years: number[];
  year: number | null;
  /** The years with payments received: one statement of payments (PDF) each. */
  statements: number[];
  today: string;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const raw = c.req.query("anno") ?? "";
    const year = /^\d{4}$/.test(raw) ? Number(raw) : null;
    const today = romeDate();
    const { positions, years, carried, refunds, statements } = await db.asUser(
      claims!,
      async (tx) => ({
        ...await myPositions(tx, { today, year: year ?? undefined }),
        // A zero balance owes nothing either way: not worth a card.
        carried: (await myCarried(tx)).filter((b) => b.class !== "zero"),
        refunds: await myCarriedSettlements(tx),
        statements: await statementYears(tx, { household: true }),
      }),
    );
    return page({ positions, carried, refunds, years, year, statements, today });
  },
});

function title(state: State, p: PositionSummary): string {
  if (p.purpose === "top_up") return state.tr("Ricarica del borsellino", "Wallet top-up");
  return p.service_title ?? p.description;
}

/** A position as a card: what, for when, how much, by when, and the way in. */
function PositionCard({ state, p }: { state: State; p: PositionSummary }) {
  const tr = state.tr;
  const due = p.amount_cents - p.paid_cents;
  return (
    <li class="col-12 col-md-6 col-lg-4 mb-3">
      <div class="card card-bg h-100">
        <div class="card-body">
          <h3 class="card-title h5">
            <a href={`/famiglie/pagamenti/${p.id}`}>
              {title(state, p)}
              {p.period_start && ` – ${period(state, p.period_start, p.period_end)}`}
            </a>
          </h3>
          <p class="mb-2">
            <PositionBadges state={state} p={p} />
          </p>
          <p class="card-text mb-1">{p.description}</p>
          <dl class="row mb-0 small">
            <dt class="col-6">{tr("Importo", "Amount")}</dt>
            <dd class="col-6 text-end">{euro(state, p.amount_cents)}</dd>
            {p.paid_cents > 0 && p.state !== "paid" && (
              <>
                <dt class="col-6">{tr("Ancora da pagare", "Still to pay")}</dt>
                <dd class="col-6 text-end">{euro(state, due)}</dd>
              </>
            )}
            {p.next_due_on && (
              <>
                <dt class="col-6">{tr("Scadenza", "Due date")}</dt>
                <dd class="col-6 text-end">{day(state, p.next_due_on)}</dd>
              </>
            )}
            {p.reminded_at && p.state !== "paid" && p.state !== "cancelled" && (
              <>
                <dt class="col-6">{tr("Sollecito inviato il", "Reminder sent on")}</dt>
                <dd class="col-6 text-end">{day(state, romeDate(new Date(p.reminded_at)))}</dd>
              </>
            )}
            {p.paid_at && (
              <>
                <dt class="col-6">{tr("Pagato il", "Paid on")}</dt>
                <dd class="col-6 text-end">{day(state, romeDate(new Date(p.paid_at)))}</dd>
              </>
            )}
          </dl>
          <CardActions state={state} p={p} />
        </div>
      </div>
    </li>
  );
}

/**
 * Pay in one tap from the list (the whole amount, or the next instalment) and the notice for
 * paying elsewhere; the other options are on the position's page.
 */
function CardActions({ state, p }: { state: State; p: PositionSummary }) {
  const tr = state.tr;
  const pay = quickPayNotice(p);
  if (!pay) return null;
  const what = `${title(state, p)}${
    p.period_start ? ` – ${period(state, p.period_start, p.period_end)}` : ""
  }`;
  const amount = euro(state, pay.amount_cents);
  const instalments = p.notices.some((n) => n.instalment > 0 && n.status !== "cancelled");
  return (
    <div class="d-flex flex-wrap align-items-center gap-3 mt-3">
      <form method="post" action={`/famiglie/pagamenti/${p.id}/paga`}>
        <CsrfField state={state} />
        <input type="hidden" name="avviso" value={pay.id} />
        <button type="submit" class="btn btn-primary btn-sm">
          {pay.instalment === 0 ? tr(`Paga ${amount}`, `Pay ${amount}`) : tr(
            `Paga la rata ${pay.instalment}: ${amount}`,
            `Pay instalment ${pay.instalment}: ${amount}`,
          )}
          <span class="visually-hidden">{tr(` con pagoPA: ${what}`, ` with pagoPA: ${what}`)}</span>
        </button>
      </form>
      <a href={`/famiglie/pagamenti/${p.id}/avviso`}>
        {tr("Avviso (PDF)", "Notice (PDF)")}
        <span class="visually-hidden">: {what}</span>
      </a>
      {pay.instalment === 0 && instalments && (
        <a href={`/famiglie/pagamenti/${p.id}`}>
          {tr("Paga a rate", "Pay in instalments")}
          <span class="visually-hidden">: {what}</span>
        </a>
      )}
    </div>
  );
}

/** The family's payments: to pay first, then those paid; a filter by year. */
export default define.page<Data>(function Payments({ data, state }) {
  const tr = state.tr;
  const { positions, carried, refunds, years, year, statements } = data;
  const { positions: toPay, cents: owedCents } = owed(positions);
  const done = positions.filter((p) => p.state === "paid" || p.state === "cancelled");
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Pagamenti", "Payments")]]} />
      <h1>{tr("Pagamenti", "Payments")}</h1>
      <p>
        {tr(
          "Gli avvisi di pagamento pagoPA dei servizi del nucleo familiare: le quote dei servizi, le ricariche del borsellino e le ricevute dei pagamenti. Ogni riga spiega come è stato calcolato l'importo.",
          "The pagoPA payment notices of the household's services: service fees, wallet top-ups and the receipts of payments. Every line explains how its amount was calculated.",
        )}
      </p>
      {years.length > 1 && (
        <form method="get" action="/famiglie/pagamenti" class="row g-2 align-items-end mb-4">
          <div class="col-auto select-wrapper">
            <label for="anno">{tr("Anno", "Year")}</label>
            <select id="anno" name="anno">
              <option value="">{tr("Tutti gli anni", "All years")}</option>
              {years.map((y) => (
                <option value={String(y)} selected={y === year} key={y}>{y}</option>
              ))}
            </select>
          </div>
          <div class="col-auto">
            <button type="submit" class="btn btn-outline-primary">{tr("Filtra", "Filter")}</button>
          </div>
        </form>
      )}
      {carried.length > 0 && (
        <section class="mb-5" aria-labelledby="carried-title">
          <h2 id="carried-title" class="h4">
            {tr("Crediti e importi riportati", "Credits and carried amounts")}
          </h2>
          <p>
            {tr(
              "Importi già calcolati che non sono diventati un avviso di pagamento: un credito, o una somma troppo piccola per un avviso. Saranno considerati nel prossimo avviso.",
              "Amounts already calculated that did not become a payment notice: a credit, or a sum too small for a notice. They will be taken into account in your next notice.",
            )}
          </p>
          <ul class="row list-unstyled">
            {carried.map((b) => (
              <CarriedCard state={state} b={b} key={`${b.payer_id}|${b.service_id}`} />
            ))}
          </ul>
        </section>
      )}
      {refunds.length > 0 && (
        <section class="mb-5" aria-labelledby="refunds-title">
          <h2 id="refunds-title" class="h4">{tr("Crediti restituiti", "Credits given back")}</h2>
          <ul>
            {refunds.map((r) => <li key={r.id}>{refundText(state, r)}</li>)}
          </ul>
        </section>
      )}
      <section class="mb-5" aria-labelledby="topay-title">
        <h2 id="topay-title" class="h4">
          {tr("Da pagare", "To pay")}
          {toPay.length > 0 && (
            <span class="fw-normal">
              {" "}
              – {tr("totale", "total")} {euro(state, owedCents)}
            </span>
          )}
        </h2>
        {toPay.length === 0
          ? (
            <p>
              {tr(
                "Non ci sono pagamenti da fare. Quando il Comune emette un avviso lo trovi qui.",
                "There is nothing to pay. When the Comune issues a notice you will find it here.",
              )}
            </p>
          )
          : (
            <ul class="row list-unstyled">
              {toPay.map((p) => <PositionCard state={state} p={p} key={p.id} />)}
            </ul>
          )}
      </section>
      <section class="mb-4" aria-labelledby="paid-title">
        <h2 id="paid-title" class="h4">{tr("Pagati", "Paid")}</h2>
        {done.length === 0
          ? <p>{tr("Nessun pagamento ancora registrato.", "No payment recorded yet.")}</p>
          : (
            <>
              <div class="table-responsive d-none d-md-block">
                <table class="table">
                  <caption>
                    {tr(
                      "Posizioni pagate o annullate, dalla più recente",
                      "Positions paid or cancelled, newest first",
                    )}
                    {year && ` (${year})`}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr("Servizio e periodo", "Service and period")}</th>
                      <th scope="col">{tr("Causale", "Description")}</th>
                      <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                      <th scope="col">{tr("Pagato il", "Paid on")}</th>
                      <th scope="col">{tr("Stato", "Status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {done.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <a href={`/famiglie/pagamenti/${p.id}`}>
                            {title(state, p)}
                            {p.period_start && ` – ${period(state, p.period_start, p.period_end)}`}
                          </a>
                        </td>
                        <td>{p.description}</td>
                        <td class="text-end">{euro(state, p.amount_cents)}</td>
                        <td>{p.paid_at ? day(state, romeDate(new Date(p.paid_at))) : "—"}</td>
                        <td>
                          <PositionBadges state={state} p={p} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <ul class="row list-unstyled d-md-none">
                {done.map((p) => <PositionCard state={state} p={p} key={p.id} />)}
              </ul>
            </>
          )}
      </section>
      {statements.length > 0 && (
        <section class="mb-4" aria-labelledby="statements-title">
          <h2 id="statements-title" class="h4">
            {tr("Attestazioni dei pagamenti", "Statements of payments")}
          </h2>
          <p>
            {tr(
              "Per ogni anno, quanto hai pagato per ciascun bambino e servizio: da conservare o da presentare (ad esempio per il bonus asilo nido o la dichiarazione dei redditi).",
              "For each year, what you paid for each child and service: to keep or to hand in (for example for the nursery bonus or the tax return).",
            )}
          </p>
          <ul>
            {statements.map((y) => (
              <li key={y}>
                <a href={`/famiglie/pagamenti/attestazione?anno=${y}`}>
                  {tr(`Attestazione dei pagamenti ${y} (PDF)`, `Statement of payments ${y} (PDF)`)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
});

/** "15,00 € restituiti con bonifico del 20/11/2026 (rif. CRO 1)" or onto the wallet. */
function refundText(state: State, r: MyCarriedSettlement): string {
  const amount = euro(state, Number(r.amount_cents));
  if (r.kind === "refunded") {
    const on = day(state, r.refunded_on);
    return state.tr(
      `${amount} restituiti con bonifico del ${on} (rif. ${r.refund_ref})`,
      `${amount} refunded by bank transfer on ${on} (ref. ${r.refund_ref})`,
    );
  }
  const on = formatDate(state.lang, new Date(r.settled_at), "short");
  return state.tr(
    `${amount} accreditati sul borsellino il ${on}`,
    `${amount} credited to the wallet on ${on}`,
  );
}

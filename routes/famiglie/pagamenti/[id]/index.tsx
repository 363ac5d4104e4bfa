import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FamilyBreadcrumb } from "../../../../components/family/Family.tsx";
import {
  explanationIn,
  type FamilyLine,
  formatQuantity,
  groupLines,
  myPosition,
  type PositionDetail,
} from "../../../../lib/billing/family_read.ts";
import { listReminders, type ReminderRow } from "../../../../lib/billing/positions_read.ts";
import {
  type PlanFacts,
  type PlanLinks,
  planLinks,
} from "../../../../lib/billing/instalment_plan_record.ts";
import {
  type FamilyCollectionNotice,
  myEnforcedCollection,
} from "../../../../lib/billing/enforced_collection_read.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../../lib/i18n/mod.ts";
import {
  day,
  euro,
  groupedNav,
  instant,
  methodText,
  NoticeBadge,
  optionLabel,
  period,
  PositionBadges,
} from "../(_components)/Payments.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";
import { type PlanRequest, requestsOf } from "../../../../lib/billing/instalment_plan_requests.ts";
import type { Claims, Db } from "../../../../lib/db/types.ts";
import {
  canAskPlan,
  InstalmentRequestSection,
  type RequestFormState,
} from "../(_components)/InstalmentRequest.tsx";
import { LapsedPlanNotice, RevokedLapseNotice } from "../(_components)/LapsedPlanNotice.tsx";
import { type LapseRule, lapseRuleText } from "../../../../lib/billing/instalment_plan_lapse.ts";
import { getLapseRule } from "../../../../lib/billing/settings.ts";

export interface Data extends PositionDetail {
  today: string;
  /** Back from the checkout without paying, or an option no longer payable. */
  outcome: string | null;
  /** The payment reminders the Ente sent about this position, newest first. */
  reminders: ReminderRow[];
  /** Handed by the Ente to enforced collection: when, and its office to contact. */
  enforced: FamilyCollectionNotice | null;
  /** The instalment plan this position carries, or the one that replaced it. */
  links: PlanLinks;
  /** The family's requests to pay this position in instalments, newest first. */
  requests: PlanRequest[];
  /** Back from "Vuoi pagare a rate?": `richiesta` (sent) or `ritirata` (withdrawn). */
  requestOutcome: string | null;
  /** The request's form again after a refused POST (`rateizzazione.tsx`). */
  requestForm?: RequestFormState;
  /**
   * The Ente's rule of decadenza (`app.lapse_rule`, the law's without one): stated before the
   * family asks for a plan and on a running plan.
   */
  rule: LapseRule;
}

const notFound = () => new HttpError(404, "Posizione non trovata", { code: "not_found" });

/**
 * The position `id` as the signed-in family reads it (404 when it is not theirs: RLS), without
 * the query's outcomes.
 */
export async function loadPosition(
  db: Db,
  claims: Claims,
  id: string,
): Promise<Omit<Data, "outcome" | "requestOutcome">> {
  const today = romeDate();
  // RLS: another household's position is simply not there.
  const read = isUuid(id)
    ? await db.asUser(claims, async (tx) => {
      const detail = await myPosition(tx, id, today);
      return detail && {
        detail,
        reminders: await listReminders(tx, id),
        enforced: await myEnforcedCollection(tx, id),
        links: await planLinks(tx, id),
        requests: await requestsOf(tx, id),
        rule: await getLapseRule(tx),
      };
    })
    : null;
  if (!read) throw notFound();
  return {
    ...read.detail,
    today,
    reminders: read.reminders,
    enforced: read.enforced,
    links: read.links,
    requests: read.requests,
    rule: read.rule,
  };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const loaded = await loadPosition(db, claims!, c.req.param("id")!);
    return page({
      ...loaded,
      outcome: c.req.query("esito") ?? null,
      requestOutcome: c.req.query("rateizzazione") ?? null,
    });
  },
});

const UNITS: Record<string, [string, string]> = {
  meal: ["pasti", "meals"],
  ride: ["corse", "rides"],
  day: ["giorni", "days"],
  use: ["utilizzi", "uses"],
  month: ["mesi", "months"],
  term: ["periodi", "terms"],
  year: ["anni", "years"],
  once: ["una tantum", "one-off"],
};

const KINDS: Record<FamilyLine["kind"], [string, string] | null> = {
  usage: null,
  fee: null,
  one_off: ["Quota una tantum", "One-off fee"],
  adjustment: ["Conguaglio", "Adjustment"],
  credit: ["Accredito", "Credit"],
  debit: ["Addebito", "Debit"],
};

function LineRow({ state, l }: { state: State; l: FamilyLine }) {
  const tr = state.tr;
  const { summary, steps } = explanationIn(l.explanation, state.lang === "en" ? "en" : "it");
  const kind = KINDS[l.kind];
  const unit = l.unit ? UNITS[l.unit] : null;
  return (
    <tr>
      <td>
        {kind && <span class="badge bg-light text-dark border me-1">{tr(kind[0], kind[1])}</span>}
        {l.description}
        <div class="small text-secondary">
          {l.service_title}
          {l.site_name && ` · ${l.site_name}`}
        </div>
        {summary && <p class="small mb-1 mt-1">{summary}</p>}
        {steps.length > 0 && (
          <details class="small">
            <summary>
              {tr("Come è calcolato", "How it is calculated")}
              <span class="visually-hidden">: {l.description}</span>
            </summary>
            <ol class="mb-1">
              {steps.map((s, i) => <li key={i}>{s}</li>)}
            </ol>
          </details>
        )}
      </td>
      <td class="text-end text-nowrap d-none d-md-table-cell">
        {formatQuantity(l.quantity, state.lang === "en" ? "en" : "it")}
        {unit && ` ${tr(unit[0], unit[1])}`}
      </td>
      <td class="text-end text-nowrap d-none d-md-table-cell">
        {l.unit_cents == null ? "—" : euro(state, l.unit_cents)}
      </td>
      <td class="text-end text-nowrap">{euro(state, l.amount_cents)}</td>
    </tr>
  );
}

/**
 * The position was handed to enforced collection: say so, and whom to ask. The pagoPA notice
 * stays payable (the Ente does not invalidate it), so the options below are still shown.
 */
function EnforcedNotice({ state, notice }: { state: State; notice: FamilyCollectionNotice }) {
  const tr = state.tr;
  const on = day(state, notice.handed_on);
  const office = [notice.office_name, notice.office_contact].filter(Boolean).join(", ");
  return (
    <Alert kind="warning">
      <p class="mb-1">
        {tr(
          `Il ${on} l'Ente ha affidato questa posizione alla riscossione coattiva perché non risulta pagata dopo i solleciti.`,
          `On ${on} the Ente handed this position to enforced collection because it was still unpaid after the reminders.`,
        )}
      </p>
      <p class="mb-0">
        {office
          ? tr(
            `Per informazioni o per comunicare un pagamento già fatto contatta l'ufficio dell'Ente: ${office}.`,
            `For information or to report a payment already made contact the Ente's office: ${office}.`,
          )
          : tr(
            "Per informazioni o per comunicare un pagamento già fatto contatta l'ufficio dell'Ente.",
            "For information or to report a payment already made contact the Ente's office.",
          )}
      </p>
    </Alert>
  );
}

const grantedOn = (state: State, plan: PlanFacts) =>
  day(state, romeDate(new Date(plan.granted_at)));

/**
 * The position is an instalment plan the Ente granted on the family's request: when, the
 * request's reference, the instalments and the single payment still possible by the first due
 * date; while it runs (still to pay), the Ente's rule of decadenza. Who granted it is the
 * office's business, never shown here.
 */
function PlanNotice({ state, plan, rule, running }: {
  state: State;
  plan: PlanFacts;
  rule: LapseRule;
  /** The plan holds and the position is still to pay (not paid nor cancelled). */
  running: boolean;
}) {
  const on = grantedOn(state, plan);
  const first = day(state, plan.first_due_on);
  const last = day(state, plan.last_due_on);
  return (
    <Alert kind="info">
      <p class={running ? "mb-1" : "mb-0"}>
        {state.tr(
          `Rateizzazione concessa il ${on} (rif. ${plan.reference}): ${plan.instalments} rate dal ${first} al ${last}. Puoi pagare tutto in un'unica soluzione entro il ${first} oppure rata per rata.`,
          `Instalment plan granted on ${on} (ref. ${plan.reference}): ${plan.instalments} instalments from ${first} to ${last}. You can pay everything at once by ${first} or instalment by instalment.`,
        )}
      </p>
      {running && (
        <p class="mb-0" id="regola-decadenza">
          {state.tr(
            `La rateizzazione decade con ${
              lapseRuleText(rule, "it")
            }: l'intero importo residuo diventa allora dovuto subito.`,
            `The plan lapses on ${
              lapseRuleText(rule, "en")
            }: the whole residual then falls due at once.`,
          )}
        </p>
      )}
    </Alert>
  );
}

/** The position was replaced by an instalment plan: its notices are void, the new one is payable. */
function ReplacedNotice({ state, plan }: { state: State; plan: PlanFacts }) {
  const on = grantedOn(state, plan);
  return (
    <Alert kind="warning">
      <p class="mb-1">
        {state.tr(
          `Questa posizione è stata sostituita da un piano di rateizzazione il ${on}: i suoi avvisi non sono più pagabili.`,
          `This position was replaced by an instalment plan on ${on}: its notices can no longer be paid.`,
        )}
      </p>
      <p class="mb-0">
        <a href={`/famiglie/pagamenti/${plan.position_id}`}>
          {state.tr("Vai alla nuova posizione", "Go to the new position")}
        </a>
      </p>
    </Alert>
  );
}

/** One position: its payment options, the lines per child and period with their explanation, receipts. */
export default define.page<Data>(function Position({ data, state }) {
  const tr = state.tr;
  const { position: p, lines, receipts, today } = data;
  const heading = p.purpose === "top_up"
    ? tr("Ricarica del borsellino", "Wallet top-up")
    : `${p.service_title ?? p.description}${
      p.period_start ? ` – ${period(state, p.period_start, p.period_end)}` : ""
    }`;
  const instalments = p.notices.filter((n) => n.instalment > 0).length;
  const payable = p.state !== "paid" && p.state !== "cancelled";
  const sentOn = (iso: string) => formatDate(state.lang, new Date(iso), "short");
  return (
    <>
      <FamilyBreadcrumb
        state={state}
        items={[[tr("Pagamenti", "Payments"), "/famiglie/pagamenti"], [heading]]}
      />
      <h1>{heading}</h1>
      <p>
        <PositionBadges state={state} p={p} />
      </p>
      {data.outcome === "annullato" && (
        <Alert kind="warning">
          {tr(
            "Il pagamento non è stato completato: l'avviso resta da pagare.",
            "The payment was not completed: the notice is still to be paid.",
          )}
        </Alert>
      )}
      {data.outcome === "non-pagabile" && (
        <Alert kind="danger">
          {tr(
            "Questa opzione di pagamento non è più pagabile: è già stata pagata o sostituita da un'altra.",
            "This payment option can no longer be paid: it was already paid or replaced by another.",
          )}
        </Alert>
      )}
      {data.requestOutcome === "richiesta" && (
        <Alert kind="success">
          {tr(
            "Richiesta inviata: l'ufficio ti risponderà per e-mail e su questa pagina. Nel frattempo l'avviso resta valido e puoi pagarlo.",
            "Request sent: the office will answer by e-mail and on this page. Meanwhile the notice stays valid and you can pay it.",
          )}
        </Alert>
      )}
      {data.requestOutcome === "ritirata" && (
        <Alert kind="success">
          {tr(
            "Richiesta di pagamento a rate ritirata.",
            "Request to pay in instalments withdrawn.",
          )}
        </Alert>
      )}
      {data.links.replacedBy && <ReplacedNotice state={state} plan={data.links.replacedBy} />}
      {data.links.plan?.lapsed_at
        ? (
          <LapsedPlanNotice
            state={state}
            plan={data.links.plan}
            notices={p.notices}
            payable={payable}
            today={today}
          />
        )
        : data.links.plan && (
          <PlanNotice state={state} plan={data.links.plan} rule={data.rule} running={payable} />
        )}
      {data.links.plan && <RevokedLapseNotice state={state} plan={data.links.plan} />}
      {data.enforced && <EnforcedNotice state={state} notice={data.enforced} />}
      {data.reminders.length > 0 && (
        <Alert kind="warning">
          <ul class="list-unstyled mb-0">
            {data.reminders.map((r) => (
              <li key={r.id}>
                {tr(
                  `Sollecito inviato il ${sentOn(r.sent_at)}${r.letter ? " per posta" : ""}: ${
                    euro(state, r.overdue_cents)
                  } non pagati entro la scadenza del ${day(state, r.overdue_since)}.`,
                  `Reminder sent on ${sentOn(r.sent_at)}${r.letter ? " by post" : ""}: ${
                    euro(state, r.overdue_cents)
                  } unpaid by the due date of ${day(state, r.overdue_since)}.`,
                )}
              </li>
            ))}
          </ul>
          {payable && (
            <p class="mb-0 mt-2">
              {tr(
                "Se hai già pagato, non devi fare nulla.",
                "If you have already paid, there is nothing to do.",
              )}
            </p>
          )}
        </Alert>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Causale", "Description")}</dt>
        <dd class="col-sm-8">{p.description}</dd>
        <dt class="col-sm-4">{tr("Intestatario", "Payer")}</dt>
        <dd class="col-sm-8">{p.payer_name}</dd>
        <dt class="col-sm-4">{tr("Importo", "Amount")}</dt>
        <dd class="col-sm-8">{euro(state, p.amount_cents)}</dd>
        <dt class="col-sm-4">{tr("Pagato", "Paid")}</dt>
        <dd class="col-sm-8">{euro(state, p.paid_cents)}</dd>
        {p.next_due_on && (
          <>
            <dt class="col-sm-4">{tr("Prossima scadenza", "Next due date")}</dt>
            <dd class="col-sm-8">{day(state, p.next_due_on)}</dd>
          </>
        )}
        <dt class="col-sm-4">{tr("Codice posizione", "Position code")}</dt>
        <dd class="col-sm-8">{p.iupd}</dd>
      </dl>
      {p.notices.length > 0 && (
        <p>
          <a class="btn btn-outline-primary" href={`/famiglie/pagamenti/${p.id}/avviso`}>
            {tr("Scarica l'avviso di pagamento (PDF)", "Download the payment notice (PDF)")}
          </a>
        </p>
      )}

      <section class="mb-5" aria-labelledby="options-title">
        <h2 id="options-title" class="h4">{tr("Come pagare", "How to pay")}</h2>
        {payable && (
          <p>
            {/* A lapsed plan is no longer paid by the due dates: the whole residual is due. */}
            {instalments > 0 && !data.links.plan?.lapsed_at
              ? tr(
                "Puoi pagare tutto in un'unica soluzione oppure a rate, entro le scadenze indicate. Paga online con pagoPA o con l'avviso presso banche, uffici postali, tabaccherie e app.",
                "You can pay everything at once or by instalments, by the due dates. Pay online with pagoPA or with the notice at banks, post offices, tobacconists and apps.",
              )
              : tr(
                "Paga online con pagoPA oppure con l'avviso presso banche, uffici postali, tabaccherie e app.",
                "Pay online with pagoPA or with the notice at banks, post offices, tobacconists and apps.",
              )}
          </p>
        )}
        <ul class="row list-unstyled">
          {p.notices.map((n) => (
            <li class="col-12 col-md-6 mb-3" key={n.id}>
              <div class="card card-bg h-100">
                <div class="card-body">
                  <h3 class="card-title h6">{optionLabel(state, n, instalments)}</h3>
                  <p class="mb-2">
                    <NoticeBadge state={state} n={n} today={today} />
                  </p>
                  <dl class="row small mb-2">
                    <dt class="col-6">{tr("Importo", "Amount")}</dt>
                    <dd class="col-6 text-end">{euro(state, n.amount_cents)}</dd>
                    <dt class="col-6">{tr("Scadenza", "Due date")}</dt>
                    <dd class="col-6 text-end">{day(state, n.due_on)}</dd>
                    <dt class="col-6">{tr("Codice avviso", "Notice number")}</dt>
                    <dd class="col-6 text-end text-nowrap">{groupedNav(n.notice_number)}</dd>
                  </dl>
                  {payable && n.status === "unpaid" && (
                    <form method="post" action={`/famiglie/pagamenti/${p.id}/paga`}>
                      <CsrfField state={state} />
                      <input type="hidden" name="avviso" value={n.id} />
                      <button type="submit" class="btn btn-primary">
                        {tr("Paga con pagoPA", "Pay with pagoPA")}
                        <span class="visually-hidden">
                          : {optionLabel(state, n, instalments)}, {euro(state, n.amount_cents)}
                        </span>
                      </button>
                    </form>
                  )}
                  {n.status === "paid" && n.receipt_id && (
                    <a href={`/famiglie/pagamenti/${p.id}/ricevuta/${n.receipt_id}`}>
                      {tr("Vedi la ricevuta", "See the receipt")}
                      <span class="visually-hidden">: {optionLabel(state, n, instalments)}</span>
                    </a>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <InstalmentRequestSection
        state={state}
        positionId={p.id}
        amountCents={p.amount_cents}
        offer={canAskPlan(p, {
          links: data.links,
          enforced: !!data.enforced,
          requests: data.requests,
        })}
        requests={data.requests}
        rule={data.rule}
        sent={data.requestForm}
      />

      {lines.length > 0 && (
        <section class="mb-5" aria-labelledby="lines-title">
          <h2 id="lines-title" class="h4">{tr("Dettaglio degli importi", "Breakdown")}</h2>
          {groupLines(lines).map((g, i) => (
            <div class="table-responsive mb-3" key={i}>
              <table class="table table-sm">
                <caption>
                  {g.beneficiary ?? tr("Voci del nucleo", "Household items")} –{" "}
                  {period(state, g.period_start, g.period_end)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{tr("Voce", "Item")}</th>
                    {/* On a phone the item says them already ("12 pasti × 5,20 €"). */}
                    <th scope="col" class="text-end d-none d-md-table-cell">
                      {tr("Quantità", "Quantity")}
                    </th>
                    <th scope="col" class="text-end d-none d-md-table-cell">
                      {tr("Prezzo unitario", "Unit price")}
                    </th>
                    <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.lines.map((l) => <LineRow state={state} l={l} key={l.id} />)}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{tr("Totale", "Total")}</th>
                    <td class="d-none d-md-table-cell" colSpan={2}></td>
                    <td class="text-end text-nowrap fw-bold">{euro(state, g.total_cents)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          ))}
        </section>
      )}

      <section class="mb-4" aria-labelledby="receipts-title">
        <h2 id="receipts-title" class="h4">{tr("Ricevute", "Receipts")}</h2>
        {receipts.length === 0
          ? <p>{tr("Nessun pagamento ricevuto.", "No payment received.")}</p>
          : (
            <div class="table-responsive">
              <table class="table">
                <caption>{tr("Pagamenti ricevuti", "Payments received")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr("Data", "Date")}</th>
                    <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                    <th scope="col">{tr("Prestatore (PSP)", "Provider (PSP)")}</th>
                    <th scope="col">{tr("Metodo", "Method")}</th>
                    <th scope="col">{tr("Ricevuta", "Receipt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {receipts.map((r) => (
                    <tr key={r.id}>
                      <td>{instant(state, r.paid_at)}</td>
                      <td class="text-end">{euro(state, r.amount_cents)}</td>
                      <td>{r.psp_name ?? r.psp_id ?? "—"}</td>
                      <td>{methodText(state, r)}</td>
                      <td>
                        <a href={`/famiglie/pagamenti/${p.id}/ricevuta/${r.id}`}>{r.receipt_ref}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>
    </>
  );
});

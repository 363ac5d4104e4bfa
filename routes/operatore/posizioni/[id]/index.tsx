import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import {
  getPosition,
  GPD_STATUS_LABELS,
  type PositionDetail,
  type ReminderRow,
} from "../../../../lib/billing/positions_read.ts";
import { LINE_KIND_LABELS } from "../../../../lib/billing/review.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { formatDate, formatDateTime, romeDate } from "../../../../lib/i18n/mod.ts";
import { euro, period } from "../../fatturazione/(_components)/bits.tsx";
import { Explanation } from "../../fatturazione/(_components)/LinesTable.tsx";
import { OverdueBadge, PositionBadge } from "../(_components)/PositionBadge.tsx";
import { type ManualForm, ManualReceiptForm } from "../(_components)/ManualReceiptForm.tsx";
import {
  type CancelForm,
  CancelledAlert,
  CancelPositionForm,
  PAGOPA_NOTES,
  type PagopaNote,
} from "../(_components)/CancelPositionForm.tsx";
import { MANUAL_METHOD_LABELS, type ManualMethod } from "../../../../lib/pagopa/receipts_manual.ts";
import { type ReceiptStatus, STATUS_LABELS } from "../../../../lib/pagopa/receipts_rules.ts";
import { payerReachable } from "../../../../lib/billing/reminder_letters_record.ts";
import { reminderMinDays } from "../../../../lib/billing/reminders.ts";
import { getLapseRule } from "../../../../lib/billing/settings.ts";
import { loadLetters } from "../../../../lib/billing/reminder_letters_read.ts";
import { hasAnyRole } from "../../../../lib/http/guards.ts";
import {
  LETTER_FLASHES,
  type LetterFlash,
  type LettersSummary,
  lettersSummary,
  PositionLetter,
} from "../(_components)/ReminderLetters.tsx";
import {
  PositionReminders,
  REMINDER_FLASHES,
  type ReminderFlash,
} from "../(_components)/Reminders.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";
import { positionCollection } from "../../../../lib/billing/enforced_collection_read.ts";
import { type PlanLinks, planLinks } from "../../../../lib/billing/instalment_plan_record.ts";
import {
  PlanCallouts,
  PlanGrantedAlert,
  PlanOffer,
  spreadRefusal,
} from "../(_components)/InstalmentPlan.tsx";
import { PendingRequestCallout } from "../(_components)/InstalmentRequests.tsx";
import {
  LapseCallout,
  LapsedAlert,
  lapsedFlash,
  LapseRevokedAlert,
  LapseRevokedNote,
  type LapseView,
  lapseView,
  revokedFlash,
} from "../(_components)/InstalmentPlanLapse.tsx";
import { type PlanRequest, requestsOf } from "../../../../lib/billing/instalment_plan_requests.ts";

export interface Data {
  position: PositionDetail;
  /** The live list of enforced collection the position is on (billing office only). */
  collection?: { id: string; reference: string; created_at: string } | null;
  /** The manual-payment form sent back with its errors (POST `pagamento`). */
  manual?: ManualForm;
  /** After a manual payment: "registrato" (recorded) or "ripetuto" (already recorded). */
  recorded?: "registrato" | "ripetuto";
  /** The cancel form sent back with its refusal (POST `annulla`). */
  cancel?: CancelForm;
  /** After cancelling (`?annullamento=fatto`): what pagoPA knows of it. */
  cancelled?: { pagopa?: PagopaNote };
  /** The plan the position carries, or the plan that replaced it (GET only). */
  plan?: PlanLinks;
  /** The family's request of rateizzazione waiting for the office (GET only). */
  pendingRequest?: PlanRequest | null;
  /** The position can be spread over instalments by the signed-in user (GET only). */
  spreadable?: boolean;
  /** After granting a plan (`?rateizzazione=concessa`): whether the payer was e-mailed. */
  granted?: { mailed: boolean };
  /** How the plan the position carries stands, and whether it can lapse (GET only). */
  lapse?: LapseView;
  /** After declaring the plan lapsed (`?decadenza=dichiarata`): whether the payer was e-mailed. */
  lapsed?: { mailed: boolean | null };
  /** After revoking the lapse (`?decadenza=revocata`): whether the payer was e-mailed. */
  lapseRevoked?: { mailed: boolean | null };
  /** The position's payment reminders and the Ente's minimum days between two (GET only). */
  reminders?: {
    list: ReminderRow[];
    minDays: number;
    flash?: ReminderFlash;
    /** The payer has no contact: the letter by post (null when the position is not overdue). */
    letter?: { summary: LettersSummary | null; flash?: LetterFlash };
  };
}

/** "3020 0000 0000 0012 34": the notice number in groups of four, as printed. */
const grouped = (n: string) => n.replace(/(.{4})(?=.)/g, "$1 ");

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const { db, claims } = state;
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const billing = hasAnyRole(state, ["admin", "operator"]);
    const read = await db.asUser(claims!, async (tx) => {
      const position = await getPosition(tx, id);
      if (!position) return null;
      const collection = billing ? await positionCollection(tx, id) : null;
      // A payer the office cannot reach by e-mail or push gets a letter by post (not once the
      // position is handed to enforced collection).
      const unreachable = billing && position.overdue_since && !collection &&
        !await payerReachable(tx, position.payer_id);
      const letters = unreachable ? await loadLetters(tx, [id]) : null;
      // The plan's e-mail goes to the payer's address, when there is one.
      const mailed = billing && c.req.query("rateizzazione") === "concessa"
        ? !!(await tx.query<{ email: string | null }>(
          "select email from app.payment_reminder_contacts($1::uuid[])",
          [[position.payer_id]],
        ))[0]?.email
        : null;
      const plan = await planLinks(tx, id);
      return {
        position,
        collection,
        plan,
        // The Ente's rule of decadenza, when the position carries a plan.
        rule: plan.plan ? await getLapseRule(tx) : null,
        pendingRequest: (await requestsOf(tx, id)).find((r) => r.status === "pending") ?? null,
        mailed,
        list: position.reminders,
        minDays: await reminderMinDays(tx),
        letter: unreachable ? lettersSummary(letters?.letters ?? []) : null,
      };
    });
    if (!read) throw new HttpError(404);
    const { position, list, minDays } = read;
    const letterFlash = Object.values(LETTER_FLASHES).find((f) => f === c.req.query("lettera"));
    const done = c.req.query("pagamento");
    const note = PAGOPA_NOTES.find((n) => n === c.req.query("pagopa"));
    const flash = Object.values(REMINDER_FLASHES).find((f) => f === c.req.query("sollecito"));
    return page({
      position,
      collection: read.collection,
      plan: read.plan,
      pendingRequest: read.pendingRequest,
      spreadable: !spreadRefusal(position, { billing, enforced: !!read.collection }),
      granted: read.mailed === null ? undefined : { mailed: read.mailed },
      lapse: read.plan.plan && read.rule
        ? lapseView(position, read.plan.plan, billing, romeDate(), read.rule)
        : undefined,
      lapsed: lapsedFlash(c.req.query("decadenza"), c.req.query("email")),
      lapseRevoked: revokedFlash(c.req.query("decadenza"), c.req.query("email")),
      reminders: {
        list,
        minDays,
        flash,
        letter: read.letter || letterFlash
          ? { summary: read.letter, flash: letterFlash }
          : undefined,
      },
      recorded: done === "registrato" || done === "ripetuto" ? done : undefined,
      cancelled: c.req.query("annullamento") === "fatto" ? { pagopa: note } : undefined,
    });
  },
});

/** "Contanti", "Bonifico"… for a manual receipt's method. */
function methodLabel(state: { tr: (it: string, en: string) => string }, m: string | null) {
  const l = m ? MANUAL_METHOD_LABELS[m as ManualMethod] : undefined;
  return l ? state.tr(l.it, l.en) : m ?? "—";
}

/** One debt position: its notices, the lines it bills with their explanations, receipts. */
export default define.page<Data>(function PositionPage({ data, state }) {
  const tr = state.tr;
  const p = data.position;
  const debtor = p.debtor as { fiscal_code?: string; full_name?: string };
  const single = p.notices.find((n) => n.instalment === 0);
  const instalments = p.notices.filter((n) => n.instalment > 0);
  const optionLabel = (n: { instalment: number }) =>
    n.instalment === 0
      ? tr("Pagamento unico", "Single payment")
      : tr(`Rata ${n.instalment}`, `Instalment ${n.instalment}`);
  const payable = p.status !== "cancelled" &&
    p.gpd_status !== "invalidated" && p.gpd_status !== "to_invalidate";
  const unpaid = payable
    ? [...(single ? [single] : []), ...instalments].filter((n) => n.status === "unpaid")
    : [];
  // As the API: only a position nobody has paid yet, not even in part, can be cancelled.
  const cancellable = p.status === "open";
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [p.iupd],
        ]}
      />
      <h1>{tr(`Posizione debitoria ${p.iupd}`, `Debt position ${p.iupd}`)}</h1>
      {data.granted && (
        <PlanGrantedAlert state={state} gpdStatus={p.gpd_status} mailed={data.granted.mailed} />
      )}
      {data.lapsed && <LapsedAlert state={state} mailed={data.lapsed.mailed} />}
      {data.lapseRevoked && <LapseRevokedAlert state={state} mailed={data.lapseRevoked.mailed} />}
      {data.plan && (
        <PlanCallouts state={state} plan={data.plan.plan} replacedBy={data.plan.replacedBy} />
      )}
      {data.plan?.plan && <LapseRevokedNote state={state} plan={data.plan.plan} />}
      {data.plan?.plan && data.lapse && (
        <LapseCallout
          state={state}
          positionId={p.id}
          plan={data.plan.plan}
          view={data.lapse}
          collection={data.collection}
        />
      )}
      {data.pendingRequest && (
        <PendingRequestCallout
          state={state}
          request={data.pendingRequest}
          spreadable={!!data.spreadable}
        />
      )}
      {data.collection && (
        <div class="alert alert-warning" role="status">
          {tr("Affidata alla riscossione coattiva il ", "Handed to enforced collection on ")}
          {formatDate(state.lang, romeDate(new Date(data.collection.created_at)), "short")} (
          {tr("elenco ", "list ")}
          <a href={`/operatore/posizioni/riscossione/${data.collection.id}`}>
            {data.collection.reference}
          </a>
          ){tr(
            ": non riceve più solleciti.",
            ": it gets no more reminders.",
          )}
        </div>
      )}
      {data.recorded && (
        <div class="alert alert-success" role="status">
          {data.recorded === "registrato"
            ? tr(
              "Pagamento registrato: l'avviso risulta pagato.",
              "Payment recorded: the notice shows as paid.",
            )
            : tr(
              "Questo pagamento era già stato registrato con lo stesso riferimento: nulla è cambiato.",
              "This payment had already been recorded with the same reference: nothing changed.",
            )}
        </div>
      )}
      {data.cancelled && (
        <CancelledAlert
          state={state}
          note={data.cancelled.pagopa}
          credit={p.invoices.find((d) => d.document_type === "TD04")}
        />
      )}
      <dl class="row">
        <dt class="col-sm-3">{tr("Pagatore", "Payer")}</dt>
        <dd class="col-sm-9">
          {debtor.full_name ?? p.payer_name} {debtor.fiscal_code ?? p.payer_tax_code ?? ""}
        </dd>
        <dt class="col-sm-3">{tr("Causale", "Description")}</dt>
        <dd class="col-sm-9">{p.description}</dd>
        {p.period_start && p.period_end && (
          <>
            <dt class="col-sm-3">{tr("Periodo", "Period")}</dt>
            <dd class="col-sm-9">{period(state, p.period_start, p.period_end)}</dd>
          </>
        )}
        {p.run_id && (
          <>
            <dt class="col-sm-3">{tr("Elaborazione", "Run")}</dt>
            <dd class="col-sm-9">
              <a href={`/operatore/fatturazione/${p.run_id}`}>{p.run_label}</a>
            </dd>
          </>
        )}
        <dt class="col-sm-3">{tr("Importo", "Amount")}</dt>
        <dd class="col-sm-9">
          {euro(state, p.amount_cents)} ({tr("pagato", "paid")} {euro(state, p.paid_cents)})
        </dd>
        <dt class="col-sm-3">{tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">
          <PositionBadge state={state} status={p.status} />{" "}
          <OverdueBadge state={state} since={p.overdue_since} />
          {p.overdue_since && (
            <span class="d-block">
              {tr(
                `Non pagati entro la scadenza: ${euro(state, p.overdue_cents)}.`,
                `Unpaid past the due date: ${euro(state, p.overdue_cents)}.`,
              )}
            </span>
          )}
        </dd>
        {p.invoices.length > 0 && (
          <>
            <dt class="col-sm-3">{tr("Fatturazione", "Invoicing")}</dt>
            <dd class="col-sm-9">
              {p.invoices.map((d) => (
                <a class="d-block" key={d.id} href={`/operatore/fatture/${d.id}`}>
                  {d.document_type === "TD04"
                    ? tr("Nota di credito", "Credit note")
                    : tr("Fattura", "Invoice")} {tr("n.", "no.")} {d.numero} {tr("del", "of")}{" "}
                  {formatDate(state.lang, d.issued_on, "short")}
                </a>
              ))}
            </dd>
          </>
        )}
        <dt class="col-sm-3">{tr("Tassonomia", "Taxonomy")}</dt>
        <dd class="col-sm-9">{p.taxonomy_code}</dd>
        <dt class="col-sm-3">GPD</dt>
        <dd class="col-sm-9">
          {tr(GPD_STATUS_LABELS[p.gpd_status].it, GPD_STATUS_LABELS[p.gpd_status].en)}
          {p.published_at && ` (${formatDateTime(state.lang, p.published_at)})`}
          {p.gpd_error && <span class="d-block text-danger">{p.gpd_error}</span>}
        </dd>
        {p.cancel_reason && (
          <>
            <dt class="col-sm-3">{tr("Motivo dell'annullamento", "Reason for cancelling")}</dt>
            <dd class="col-sm-9">{p.cancel_reason}</dd>
          </>
        )}
      </dl>
      <p>
        <a class="btn btn-primary" href={`/operatore/posizioni/${p.id}/avviso`}>
          {tr("Scarica l'avviso pagoPA (PDF)", "Download the pagoPA notice (PDF)")}
        </a>
      </p>
      <div class="table-responsive">
        <table class="table">
          <caption>{tr("Avvisi di pagamento", "Payment notices")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Opzione", "Option")}</th>
              <th scope="col">{tr("Codice avviso", "Notice number")}</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
              <th scope="col">{tr("Scadenza", "Due date")}</th>
              <th scope="col">{tr("Stato", "Status")}</th>
            </tr>
          </thead>
          <tbody>
            {[...(single ? [single] : []), ...instalments].map((n) => (
              <tr key={n.id}>
                <th scope="row">{optionLabel(n)}</th>
                <td class="text-nowrap">{grouped(n.notice_number)}</td>
                <td class="text-end">{euro(state, n.amount_cents)}</td>
                <td>{formatDate(state.lang, n.due_on, "short")}</td>
                <td>
                  {n.status === "paid"
                    ? tr("Pagato", "Paid")
                    : n.status === "cancelled"
                    ? tr("Annullato", "Cancelled")
                    : tr("Da pagare", "Unpaid")}
                  {n.paid_at && ` (${formatDate(state.lang, new Date(n.paid_at), "short")})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>{tr("Righe addebitate", "Lines charged")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Alunno", "Pupil")}</th>
              <th scope="col">{tr("Servizio", "Service")}</th>
              <th scope="col">{tr("Periodo", "Period")}</th>
              <th scope="col">{tr("Tipo", "Kind")}</th>
              <th scope="col">{tr("Descrizione", "Description")}</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.beneficiary_name ?? "—"}</th>
                <td>{l.service_title}</td>
                <td>{period(state, l.period_start, l.period_end)}</td>
                <td>{tr(LINE_KIND_LABELS[l.kind].it, LINE_KIND_LABELS[l.kind].en)}</td>
                <td>
                  {l.description}
                  <Explanation state={state} line={l} />
                </td>
                <td class="text-end">{euro(state, l.amount_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 class="h4">{tr("Ricevute", "Receipts")}</h2>
      {p.receipts.length === 0
        ? <p>{tr("Nessun pagamento ricevuto.", "No payment received.")}</p>
        : (
          <div class="table-responsive">
            <table class="table table-sm">
              <caption>{tr("Ricevute di pagamento", "Payment receipts")}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Ricevuta", "Receipt")}</th>
                  <th scope="col">{tr("Pagato il", "Paid on")}</th>
                  <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
                  <th scope="col">{tr("Prestatore (PSP)", "Provider (PSP)")}</th>
                  <th scope="col">{tr("Esito", "Outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {p.receipts.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.receipt_ref}</th>
                    <td>{formatDateTime(state.lang, r.paid_at)}</td>
                    <td class="text-end">{euro(state, r.amount_cents)}</td>
                    <td>
                      {r.source === "manual"
                        ? `${tr("Fuori pagoPA", "Outside pagoPA")}: ${
                          methodLabel(state, r.payment_method)
                        }`
                        : r.psp_name ?? "—"}
                    </td>
                    <td>{STATUS_LABELS[r.status as ReceiptStatus]?.[state.lang] ?? r.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {(unpaid.length > 0 || data.manual) && (
        <section class="mb-4" aria-labelledby="manual-title">
          <h2 id="manual-title" class="h4">
            {tr("Pagamenti ricevuti fuori pagoPA", "Payments received outside pagoPA")}
          </h2>
          <p>
            {tr(
              "Per un pagamento ricevuto dall'Ente in contanti, con bonifico alla tesoreria o con POS allo sportello: l'avviso risulta pagato e la famiglia ne riceve notizia.",
              "For a payment the Ente received in cash, by bank transfer to the treasury or by POS at the office: the notice shows as paid and the family is told.",
            )}
          </p>
          {data.manual?.message && (
            <div class="alert alert-danger" role="alert">{data.manual.message}</div>
          )}
          {unpaid.map((n) => (
            <ManualReceiptForm
              key={n.id}
              state={state}
              positionId={p.id}
              notice={n}
              label={`${optionLabel(n)}, ${tr("avviso", "notice")} ${grouped(n.notice_number)}`}
              form={data.manual}
              collapsed={unpaid.length > 1}
            />
          ))}
        </section>
      )}
      {data.reminders && (
        <PositionReminders
          state={state}
          positionId={p.id}
          overdue={!!p.overdue_since && !data.collection}
          reminders={data.reminders.list}
          minDays={data.reminders.minDays}
          flash={data.reminders.flash}
          letter={data.reminders.letter && (
            <PositionLetter
              state={state}
              positionId={p.id}
              summary={data.reminders.letter.summary}
              flash={data.reminders.letter.flash}
              minDays={data.reminders.minDays}
            />
          )}
        />
      )}
      {data.spreadable && <PlanOffer state={state} positionId={p.id} />}
      {(cancellable || data.cancel) && (
        <CancelPositionForm
          state={state}
          positionId={p.id}
          cancellable={cancellable}
          invoiced={p.invoices.some((d) => d.document_type === "TD01")}
          form={data.cancel}
        />
      )}
    </>
  );
});

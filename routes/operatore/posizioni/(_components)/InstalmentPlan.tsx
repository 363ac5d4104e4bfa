import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { InstalmentCountField } from "../../../../components/InstalmentCountField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import { addDays } from "../../../../lib/calendar/dates.ts";
import {
  MAX_FIRST_DUE_DAYS,
  maxInstalmentsFor,
  MIN_PLAN_INSTALMENTS,
  PLAN_FIELDS,
  PLAN_REFUSALS,
  type PlanForm,
  planSchedule,
} from "../../../../lib/billing/instalment_plan.ts";
import type { PlanFacts } from "../../../../lib/billing/instalment_plan_record.ts";
import type { GpdStatus, PositionDetail } from "../../../../lib/billing/positions_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";

/** The page of "Concedi una rateizzazione" for position `id`. */
export const planPath = (id: string) => `/operatore/posizioni/${id}/rateizza`;

/** "3020 0000 0000 0012 34": the notice number in groups of four, as printed. */
const grouped = (n: string) => n.replace(/(.{4})(?=.)/g, "$1 ");

/** Why a position cannot be spread: a `PLAN_REFUSALS` word, or an amount below 2 × 1,00 €. */
export type SpreadRefusal =
  | "forbidden"
  | "cancelled"
  | "paid"
  | "top_up"
  | "enforced"
  | "lapsed"
  | "low";

/**
 * Whether the office can spread position `p` over instalments, as `app.grant_instalment_plan`
 * decides (the database checks again): null when it can, else why not.
 */
export function spreadRefusal(
  p: Pick<
    PositionDetail,
    "status" | "paid_cents" | "purpose" | "amount_cents" | "notices" | "lapsed"
  >,
  { billing, enforced }: { billing: boolean; enforced: boolean },
): SpreadRefusal | null {
  if (!billing) return "forbidden";
  if (p.purpose !== "charges") return "top_up";
  if (p.status === "cancelled") return "cancelled";
  if (p.status !== "open" || p.paid_cents > 0 || p.notices.some((n) => n.status === "paid")) {
    return "paid";
  }
  if (enforced) return "enforced";
  if (p.lapsed) return "lapsed";
  if (maxInstalmentsFor(p.amount_cents) < MIN_PLAN_INSTALMENTS) return "low";
  return null;
}

/** The refusal in words. */
export function refusalText(state: State, r: SpreadRefusal): string {
  if (r === "low") {
    return state.tr(
      "L'importo è troppo basso per essere rateizzato: ogni rata deve essere di almeno 1,00 €.",
      "The amount is too small to be spread: each instalment must be at least €1.00.",
    );
  }
  const l = PLAN_REFUSALS[`instalment_plan_${r}`];
  return state.tr(l.it, l.en);
}

const day = (state: State, iso: string) => formatDate(state.lang, iso, "short");

/**
 * The callouts of a position's page: it carries a plan (granted when, by whom, on which request,
 * which position it replaces, why), or it was replaced by one (and where the new one is).
 */
export function PlanCallouts(
  { state, plan, replacedBy }: {
    state: State;
    plan: PlanFacts | null;
    replacedBy: PlanFacts | null;
  },
) {
  const tr = state.tr;
  return (
    <>
      {plan && (
        <div class="callout note" id="piano-rateizzazione">
          <div class="callout-title">{tr("Rateizzazione", "Instalment plan")}</div>
          <p>
            {tr("Rateizzazione concessa il ", "Instalment plan granted on ")}
            {formatDate(state.lang, new Date(plan.granted_at), "short")}
            {plan.granted_by_name &&
              tr(` da ${plan.granted_by_name}`, ` by ${plan.granted_by_name}`)}
            {tr(" (richiesta: ", " (request: ")}
            {plan.reference}
            {tr(
              `): ${plan.instalments} rate dal ${day(state, plan.first_due_on)} al ${
                day(state, plan.last_due_on)
              }. `,
              `): ${plan.instalments} instalments from ${day(state, plan.first_due_on)} to ${
                day(state, plan.last_due_on)
              }. `,
            )}
            {tr("Sostituisce la posizione ", "It replaces position ")}
            <a href={`/operatore/posizioni/${plan.replaced_position_id}`}>
              {plan.replaced_iupd}
            </a>.
          </p>
          <p class="mb-0">
            {tr("Motivo: ", "Reason: ")}
            {plan.reason}
          </p>
        </div>
      )}
      {replacedBy && (
        <div class="callout warning" id="sostituita">
          <div class="callout-title">{tr("Sostituita", "Replaced")}</div>
          <p>
            {tr(
              `Sostituita dal piano di rateizzazione del ${
                formatDate(state.lang, new Date(replacedBy.granted_at), "short")
              } (${replacedBy.reference}).`,
              `Replaced by the instalment plan of ${
                formatDate(state.lang, new Date(replacedBy.granted_at), "short")
              } (${replacedBy.reference}).`,
            )}
          </p>
          <p class="mb-0">
            <a href={`/operatore/posizioni/${replacedBy.position_id}`}>
              {tr("Vai alla nuova posizione", "Go to the new position")}
            </a>
          </p>
        </div>
      )}
    </>
  );
}

/**
 * The alert after `?rateizzazione=concessa` on the new position: what pagoPA knows (from its GPD
 * status: `failed` may be retried or given up, which the GPD error says) and whether the payer
 * was e-mailed (only a payer with an address is).
 */
export function PlanGrantedAlert(
  { state, gpdStatus, mailed }: { state: State; gpdStatus: GpdStatus; mailed: boolean },
) {
  const tr = state.tr;
  const pagopa = gpdStatus === "published"
    ? tr(
      "i nuovi avvisi sono stati pubblicati su pagoPA",
      "the new notices have been published on pagoPA",
    )
    : gpdStatus === "none"
    ? tr(
      "i nuovi avvisi sono pronti (la pubblicazione su pagoPA non è attiva)",
      "the new notices are ready (publication on pagoPA is not in use)",
    )
    : gpdStatus === "failed"
    ? tr(
      "la pubblicazione dei nuovi avvisi su pagoPA non è ancora riuscita (vedere l'errore alla voce GPD)",
      "publishing the new notices on pagoPA has not succeeded yet (see the error under GPD)",
    )
    : tr(
      "i nuovi avvisi saranno pubblicati su pagoPA automaticamente al prossimo tentativo",
      "the new notices will be published on pagoPA automatically at the next attempt",
    );
  const family = mailed
    ? tr("la famiglia è stata avvisata per e-mail", "the family has been told by e-mail")
    : tr(
      "il pagatore non ha un indirizzo e-mail: avvisa la famiglia in un altro modo",
      "the payer has no e-mail address: tell the family another way",
    );
  return (
    <div
      class={`alert ${gpdStatus === "failed" ? "alert-warning" : "alert-success"}`}
      role="status"
    >
      {tr("Rateizzazione concessa: ", "Instalment plan granted: ")}
      {pagopa} {tr("e", "and")} {family}.
    </div>
  );
}

/** "Rateizzazione" on a position's page: the way to the form, or why there is none. */
export function PlanOffer({ state, positionId }: { state: State; positionId: string }) {
  const tr = state.tr;
  return (
    <section class="mb-4" aria-labelledby="rateizza-title">
      <h2 id="rateizza-title" class="h4">{tr("Rateizzazione", "Instalment plan")}</h2>
      <p>
        {tr(
          "Su richiesta della famiglia, l'importo può essere diviso in rate mensili: la posizione viene sostituita da una nuova con gli avvisi delle rate.",
          "At the family's request, the amount can be split into monthly instalments: the position is replaced by a new one with the instalments' notices.",
        )}
      </p>
      <a class="btn btn-outline-primary" href={planPath(positionId)}>
        {tr("Concedi una rateizzazione", "Grant an instalment plan")}
      </a>
    </section>
  );
}

/** The position's notices, as a table (the current ones, or those that will be cancelled). */
export function NoticesTable(
  { state, notices, caption }: {
    state: State;
    notices: PositionDetail["notices"];
    caption: string;
  },
) {
  const tr = state.tr;
  return (
    <div class="table-responsive">
      <table class="table table-sm">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Opzione", "Option")}</th>
            <th scope="col">{tr("Codice avviso", "Notice number")}</th>
            <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            <th scope="col">{tr("Scadenza", "Due date")}</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((n) => (
            <tr key={n.id}>
              <th scope="row">
                {n.instalment === 0
                  ? tr("Pagamento unico", "Single payment")
                  : tr(`Rata ${n.instalment}`, `Instalment ${n.instalment}`)}
              </th>
              <td class="text-nowrap">{grouped(n.notice_number)}</td>
              <td class="text-end">{euro(state, n.amount_cents)}</td>
              <td>{day(state, n.due_on)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "Concedi una rateizzazione": how many instalments (2 to the most the amount allows), the first
 * due date, the family's request and the reason; posts to the confirmation step.
 */
export function PlanFormFields(
  { state, positionId, amountCents, today, form, errors }: {
    state: State;
    positionId: string;
    amountCents: number;
    today: string;
    form: PlanForm;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  return (
    <form method="post" action={planPath(positionId)} aria-labelledby="piano-title" novalidate>
      <CsrfField state={state} />
      <h2 id="piano-title" class="h4">{tr("Il piano", "The plan")}</h2>
      <ErrorSummary state={state} errors={errors} level={3} />
      <RequiredNote state={state} />
      <InstalmentCountField
        state={state}
        id={PLAN_FIELDS.count}
        amountCents={amountCents}
        value={form.count}
        errors={errors}
      />
      <TextField
        state={state}
        id={PLAN_FIELDS.first_due}
        type="date"
        label={tr("Scadenza della prima rata", "Due date of the first instalment")}
        value={form.first_due}
        min={today}
        max={addDays(today, MAX_FIRST_DUE_DAYS)}
        hint={tr(
          "Le rate successive scadono a distanza di un mese l'una dall'altra.",
          "The following instalments fall due one month apart.",
        )}
        required
        errors={errors}
      />
      <TextField
        state={state}
        id={PLAN_FIELDS.reference}
        label={tr(
          "Riferimento della richiesta della famiglia",
          "Reference of the family's request",
        )}
        value={form.reference}
        maxLength={200}
        hint={tr("Per esempio «Prot. n. 4521/2026»", "For example “Prot. n. 4521/2026”")}
        required
        errors={errors}
      />
      <TextAreaField
        state={state}
        id={PLAN_FIELDS.reason}
        label={tr("Motivo", "Reason")}
        value={form.reason}
        maxLength={1000}
        rows={3}
        hint={tr(
          "Da 5 a 1000 caratteri; resta scritto sul piano e sulla posizione sostituita.",
          "5 to 1000 characters; it stays on the plan and on the replaced position.",
        )}
        required
        errors={errors}
      />
      <button type="submit" class="btn btn-primary me-2">{tr("Continua", "Continue")}</button>
      <a class="btn btn-outline-secondary" href={`/operatore/posizioni/${positionId}`}>
        {tr("Torna alla posizione", "Back to the position")}
      </a>
    </form>
  );
}

/**
 * The confirmation step: the instalments with their amounts and due dates, the single payment
 * still possible, the notices that will be cancelled; "Concedi la rateizzazione" writes, "Modifica"
 * goes back to the form with what was typed.
 */
export function PlanConfirm(
  { state, position, form, count, firstDue, reference, reason }: {
    state: State;
    position: PositionDetail;
    form: PlanForm;
    count: number;
    firstDue: string;
    reference: string;
    reason: string;
  },
) {
  const tr = state.tr;
  const schedule = planSchedule(position.amount_cents, count, firstDue);
  const cancelled = position.notices.filter((n) => n.status === "unpaid");
  return (
    <section aria-labelledby="conferma-title">
      <h2 id="conferma-title" class="h4">
        {tr("Controlla e conferma", "Check and confirm")}
      </h2>
      <dl class="row">
        <dt class="col-sm-4">{tr("Riferimento della richiesta", "Request's reference")}</dt>
        <dd class="col-sm-8">{reference}</dd>
        <dt class="col-sm-4">{tr("Motivo", "Reason")}</dt>
        <dd class="col-sm-8">{reason}</dd>
      </dl>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>
            {tr(`Il piano: ${count} rate mensili`, `The plan: ${count} monthly instalments`)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("N.", "No.")}</th>
              <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
              <th scope="col">{tr("Scadenza", "Due date")}</th>
            </tr>
          </thead>
          <tbody>
            {schedule.map((s) => (
              <tr key={s.instalment}>
                <th scope="row">{s.instalment}</th>
                <td class="text-end">{euro(state, s.amount_cents)}</td>
                <td>{day(state, s.due_on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {tr(
          `In un'unica soluzione: ${euro(state, position.amount_cents)} entro il ${
            day(state, firstDue)
          }.`,
          `In a single payment: ${euro(state, position.amount_cents)} by ${day(state, firstDue)}.`,
        )}
      </p>
      <NoticesTable
        state={state}
        notices={cancelled}
        caption={tr("Avvisi che saranno annullati", "Notices that will be cancelled")}
      />
      <p id="conferma-info">
        {tr(
          `La posizione ${position.iupd} sarà annullata e sostituita da una nuova posizione con gli avvisi delle rate; pagoPA ne viene informato e il pagatore riceve un'e-mail con le rate e le scadenze.`,
          `Position ${position.iupd} will be cancelled and replaced by a new position with the instalments' notices; pagoPA is told and the payer gets an e-mail with the instalments and due dates.`,
        )}
      </p>
      <form
        method="post"
        action={planPath(position.id)}
        aria-labelledby="conferma-title"
        aria-describedby="conferma-info"
      >
        <CsrfField state={state} />
        <input type="hidden" name={PLAN_FIELDS.count} value={form.count} />
        <input type="hidden" name={PLAN_FIELDS.first_due} value={form.first_due} />
        <input type="hidden" name={PLAN_FIELDS.reference} value={form.reference} />
        <input type="hidden" name={PLAN_FIELDS.reason} value={form.reason} />
        <button type="submit" name="conferma" value="1" class="btn btn-primary me-2">
          {tr("Concedi la rateizzazione", "Grant the instalment plan")}
        </button>
        <button type="submit" name="modifica" value="1" class="btn btn-outline-primary">
          {tr("Modifica", "Change")}
        </button>
      </form>
    </section>
  );
}

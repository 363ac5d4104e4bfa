import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { InstalmentCountField } from "../../../../components/InstalmentCountField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import type { FamilyPosition } from "../../../../lib/billing/family_read.ts";
import {
  maxInstalmentsFor,
  MIN_PLAN_INSTALMENTS,
  REQUEST_FIELDS,
} from "../../../../lib/billing/instalment_plan.ts";
import { type LapseRule, lapseRuleText } from "../../../../lib/billing/instalment_plan_lapse.ts";
import type { PlanLinks } from "../../../../lib/billing/instalment_plan_record.ts";
import type { PlanRequest } from "../../../../lib/billing/instalment_plan_requests.ts";
import type { State } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { day } from "./Payments.tsx";

/** Where "Invia la richiesta" and "Ritira la richiesta" post. */
export const requestPath = (positionId: string) =>
  `/famiglie/pagamenti/${positionId}/rateizzazione`;

/** The posted field saying what to do (`ritira`: withdraw) and the request it applies to. */
export const ACTION_FIELD = "azione";
export const WITHDRAW = "ritira";
export const REQUEST_ID_FIELD = "richiesta";

/** The family's form as typed. */
export interface RequestForm {
  count: string;
  message: string;
}

/** The form again after a refused POST: what was typed, what is wrong, the database's refusal. */
export interface RequestFormState {
  form: RequestForm;
  errors: FieldErrors;
  /** A refusal in words (the database's, or a withdrawal that failed). */
  message?: string;
}

/**
 * Whether the family may ask to pay the position in instalments, as the page sees it: charges,
 * open, nothing paid, not replaced by a plan nor a plan itself, not in enforced collection, no
 * request pending, and enough to make two instalments of 1,00 €. `app.request_instalment_plan`
 * decides last.
 */
export function canAskPlan(
  p: Pick<FamilyPosition, "purpose" | "status" | "paid_cents" | "amount_cents" | "notices">,
  { links, enforced, requests }: {
    links: PlanLinks;
    enforced: boolean;
    requests: readonly PlanRequest[];
  },
): boolean {
  return p.purpose === "charges" && p.status === "open" && p.paid_cents === 0 &&
    !p.notices.some((n) => n.status === "paid") && !links.replacedBy && !links.plan &&
    !enforced && !requests.some((r) => r.status === "pending") &&
    maxInstalmentsFor(p.amount_cents) >= MIN_PLAN_INSTALMENTS;
}

const on = (state: State, iso: string) => day(state, romeDate(new Date(iso)));

/** A pending request (with "Ritira la richiesta") or a refused one with the office's reason. */
function RequestLine({ state, r, positionId }: {
  state: State;
  r: PlanRequest;
  positionId: string;
}) {
  const tr = state.tr;
  if (r.status === "pending") {
    return (
      <Alert kind="info">
        <p class="mb-2">
          {tr(
            `Richiesta di pagamento in ${r.instalments} rate inviata il ${
              on(state, r.requested_at)
            }: in attesa di risposta.`,
            `Request to pay in ${r.instalments} instalments sent on ${
              on(state, r.requested_at)
            }: awaiting an answer.`,
          )}
        </p>
        {r.message && (
          <p class="mb-2 small">
            {tr("Il tuo messaggio:", "Your message:")} {r.message}
          </p>
        )}
        <form method="post" action={requestPath(positionId)} class="mb-0">
          <CsrfField state={state} />
          <input type="hidden" name={ACTION_FIELD} value={WITHDRAW} />
          <input type="hidden" name={REQUEST_ID_FIELD} value={r.id} />
          <button type="submit" class="btn btn-outline-primary btn-sm">
            {tr("Ritira la richiesta", "Withdraw the request")}
          </button>
        </form>
      </Alert>
    );
  }
  return (
    <Alert kind="warning">
      {tr(
        `Richiesta respinta il ${on(state, r.decided_at!)}: ${r.decision_note}`,
        `Request refused on ${on(state, r.decided_at!)}: ${r.decision_note}`,
      )}
    </Alert>
  );
}

/**
 * "Vuoi pagare a rate?" on a family's position: the requests pending or refused, and the form to
 * ask (how many instalments, a message) when the position can be spread. Granted requests say
 * nothing here (the plan's callout does), withdrawn ones neither. Before the family asks, the
 * Ente's rule of decadenza: what a granted plan would bind it to.
 */
export function InstalmentRequestSection(
  { state, positionId, amountCents, offer, requests, rule, sent }: {
    state: State;
    positionId: string;
    amountCents: number;
    /** Whether the form is offered (`canAskPlan`). */
    offer: boolean;
    requests: readonly PlanRequest[];
    /** The Ente's rule of decadenza (`getLapseRule`). */
    rule: LapseRule;
    /** What was typed and what is wrong, after a refused POST. */
    sent?: RequestFormState;
  },
) {
  const tr = state.tr;
  const shown = requests.filter((r) => r.status === "pending" || r.status === "refused");
  if (!offer && shown.length === 0 && !sent?.message) return null;
  const errors = sent?.errors ?? {};
  const form = sent?.form ?? { count: "", message: "" };
  return (
    <section class="mb-5" aria-labelledby="rate-title" id="rateizzazione">
      <h2 id="rate-title" class="h4">
        {offer
          ? tr("Vuoi pagare a rate?", "Would you like to pay in instalments?")
          : tr("Pagamento a rate", "Paying in instalments")}
      </h2>
      {sent?.message && <div class="alert alert-danger" role="alert">{sent.message}</div>}
      {shown.map((r) => <RequestLine state={state} r={r} positionId={positionId} key={r.id} />)}
      {offer && (
        <>
          <p>
            {tr(
              "Puoi chiedere all'Ente di pagare questo importo in rate mensili. Decide l'ufficio che gestisce i pagamenti: se accoglie la richiesta riceverai i nuovi avvisi, uno per rata. Nel frattempo l'avviso attuale resta valido e puoi pagarlo come sempre.",
              "You can ask the Ente to pay this amount in monthly instalments. The billing office decides: if it grants the request you will get new notices, one per instalment. Meanwhile the current notice stays valid and you can pay it as usual.",
            )}
          </p>
          <p id="regola-decadenza">
            {tr(
              `Se la rateizzazione è concessa, decade con ${
                lapseRuleText(rule, "it")
              }: l'intero importo residuo diventa allora dovuto subito.`,
              `If the plan is granted, it lapses on ${
                lapseRuleText(rule, "en")
              }: the whole residual then falls due at once.`,
            )}
          </p>
          <ErrorSummary state={state} errors={errors} level={3} />
          <form
            method="post"
            action={requestPath(positionId)}
            aria-labelledby="rate-title"
            novalidate
          >
            <CsrfField state={state} />
            <RequiredNote state={state} />
            <InstalmentCountField
              state={state}
              id={REQUEST_FIELDS.count}
              amountCents={amountCents}
              value={form.count}
              errors={errors}
            />
            <TextAreaField
              state={state}
              id={REQUEST_FIELDS.message}
              label={tr(
                "Messaggio per l'ufficio (facoltativo)",
                "Message to the office (optional)",
              )}
              value={form.message}
              maxLength={1000}
              rows={3}
              hint={tr(
                "Per esempio il motivo della richiesta; al massimo 1000 caratteri.",
                "For example why you ask; at most 1000 characters.",
              )}
              errors={errors}
            />
            <button type="submit" class="btn btn-primary">
              {tr("Invia la richiesta", "Send the request")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

import type { ComponentChildren } from "preact";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import {
  countWord,
  LAPSE_FIELDS,
  LAPSE_REFUSALS,
  type LapseRule,
  lapseRuleText,
  lapseWindowText,
  LAW_LAPSE_RULE,
  missedInstalments,
  type PlanNotice,
  type PlanStanding,
  planStanding,
} from "../../../../lib/billing/instalment_plan_lapse.ts";
import type { PlanFacts } from "../../../../lib/billing/instalment_plan_record.ts";
import type { PositionDetail } from "../../../../lib/billing/positions_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";

/** The page of "Dichiara la decadenza" of the plan carried by position `id`. */
export const lapsePath = (id: string) => `/operatore/posizioni/${id}/decadenza`;

/** The page of "Revoca la decadenza" of the plan carried by position `id`. */
export const revokePath = (id: string) => `/operatore/posizioni/${id}/revoca-decadenza`;

/** Why a plan cannot lapse now: a `LAPSE_REFUSALS` word (`instalment_lapse_<word>`). */
export type LapseRefusal = "forbidden" | "already" | "settled" | "not_overdue";

/** How a plan stands, and whether the signed-in user may declare it lapsed (null) or why not. */
export interface LapseView {
  standing: PlanStanding;
  /** The Ente's rule of decadenza the standing was judged by (`getLapseRule`). */
  rule: LapseRule;
  refusal: LapseRefusal | null;
  /**
   * The plan has lapsed and the signed-in user may revoke the lapse, as far as the page knows
   * (billing office, position still to pay; an enforced-collection list is checked apart).
   */
  revocable: boolean;
}

/**
 * Plan `plan`, carried by position `p`, on `today` (Rome): its standing by the Ente's `rule` of
 * decadenza (`getLapseRule`; the law's when not given, for a page that shows no advice), and
 * whether the office can declare it lapsed, as `app.lapse_instalment_plan` decides (the database
 * checks again).
 * After a revoked lapse, only reminders sent since the revocation count for the rule: the
 * earlier ones led to the lapse that was revoked.
 */
export function lapseView(
  p: Pick<PositionDetail, "status" | "notices" | "reminders">,
  plan: Pick<PlanFacts, "lapsed_at" | "lapse_revoked_at">,
  billing: boolean,
  today: string,
  rule: LapseRule = LAW_LAPSE_RULE,
): LapseView {
  const since = plan.lapse_revoked_at ? Date.parse(plan.lapse_revoked_at) : -Infinity;
  const last = p.reminders.filter((r) => Date.parse(r.sent_at) > since).reduce<string | null>(
    (max, r) => {
      const on = romeDate(new Date(r.sent_at));
      return max && max > on ? max : on;
    },
    null,
  );
  const standing = planStanding(p.notices, today, last, rule);
  const refusal: LapseRefusal | null = !billing
    ? "forbidden"
    : plan.lapsed_at
    ? "already"
    : p.status !== "open" && p.status !== "partially_paid"
    ? "settled"
    : !standing.lapsable
    ? "not_overdue"
    : null;
  const revocable = billing && !!plan.lapsed_at &&
    (p.status === "open" || p.status === "partially_paid");
  return { standing, rule, refusal, revocable };
}

/** The refusal in words. */
export function lapseRefusalText(state: State, r: LapseRefusal): string {
  const l = LAPSE_REFUSALS[`instalment_lapse_${r}`];
  return state.tr(l.it, l.en);
}

const day = (state: State, iso: string) => formatDate(state.lang, iso, "short");
const instantDay = (state: State, iso: string) => formatDate(state.lang, new Date(iso), "short");

/** "Di regola la decadenza segue <the rule>" / "As a rule a plan lapses on <the rule>". */
export function lapseRuleLead(state: State, rule: LapseRule): string {
  return state.tr(
    `Di regola la decadenza segue ${lapseRuleText(rule, "it")}`,
    `As a rule a plan lapses on ${lapseRuleText(rule, "en")}`,
  );
}

/**
 * The rule is met (`standing.advised`): the rule, the instalments missed and, when the rule asks
 * for one, the reminder sent after the instalment that completed the count.
 */
export function lapseAdvisedText(state: State, standing: PlanStanding, rule: LapseRule): string {
  const tr = state.tr;
  const n = standing.missed;
  const t = standing.trigger;
  return `${lapseRuleLead(state, rule)}. ${
    tr(
      `Qui la regola è soddisfatta: ${
        n === 1 ? "risulta non pagata una rata scaduta" : `risultano non pagate ${n} rate scadute`
      }${
        rule.afterReminder
          ? `, e un sollecito è stato inviato dopo la scadenza della rata ${t}`
          : ""
      }.`,
      `Here the rule is met: ${
        n === 1 ? "one instalment is unpaid past its" : `${n} instalments are unpaid past their`
      } due date${
        rule.afterReminder ? `, and a reminder was sent after instalment ${t} fell due` : ""
      }.`,
    )
  }`;
}

/**
 * The rule is not met (`!standing.advised`): why, for this plan, after "qui" / "here" — the
 * rule's count of instalments missed not reached, or reached with no reminder sent since.
 */
export function lapseNotAdvisedText(
  state: State,
  standing: PlanStanding,
  rule: LapseRule,
): string {
  const tr = state.tr;
  const n = rule.missed;
  const t = standing.trigger;
  const w = lapseWindowText(rule, state.lang);
  const count = (k: number) => state.tr(countWord(k, "it"), countWord(k, "en"));
  if (t === null) {
    return n === 1
      ? tr("nessuna rata è scaduta senza essere pagata.", "no instalment is missed.")
      : rule.consecutive
      ? tr(
        `non risultano ${count(n)} rate consecutive scadute e non pagate.`,
        `no ${count(n)} consecutive instalments are missed.`,
      )
      : tr(
        `non risultano ${count(n)} rate scadute e non pagate${w}.`,
        `fewer than ${count(n)} instalments are missed${w}.`,
      );
  }
  const missed = n === 1
    ? tr(`la rata ${t} è scaduta`, `instalment ${t} is missed`)
    : rule.consecutive
    ? tr(
      `la rata ${t} e ${n === 2 ? "la precedente" : `le ${count(n - 1)} precedenti`} sono scadute`,
      `instalment ${t} and the ${n === 2 ? "one" : count(n - 1)} before are missed`,
    )
    : tr(
      `con la rata ${t} le rate scadute e non pagate${w} sono ${count(n)}`,
      `with instalment ${t}, ${count(n)} instalments are missed${w}`,
    );
  return `${missed}${
    tr(
      `, ma dopo la scadenza della rata ${t} non risulta inviato alcun sollecito.`,
      `, but no reminder was sent after instalment ${t} fell due.`,
    )
  }`;
}

/**
 * The alert after `?decadenza=dichiarata`: whether the payer was e-mailed, as the lapse itself
 * told (`mailed`; null when the link did not say, then nothing is claimed).
 */
export function LapsedAlert({ state, mailed }: { state: State; mailed: boolean | null }) {
  const tr = state.tr;
  return (
    <div class={`alert ${mailed === false ? "alert-warning" : "alert-success"}`} role="status">
      {tr("Decadenza dichiarata", "Lapse declared")}
      {mailed === true
        ? tr(
          ": la famiglia è stata avvisata per e-mail.",
          ": the family has been told by e-mail.",
        )
        : mailed === false
        ? tr(
          ": il pagatore non ha un indirizzo e-mail: avvisa la famiglia in un altro modo.",
          ": the payer has no e-mail address: tell the family another way.",
        )
        : "."}
    </div>
  );
}

/** `?decadenza=dichiarata&email=inviata|assente` (the redirect after the lapse), else undefined. */
export function lapsedFlash(
  decadenza: string | undefined,
  email: string | undefined,
): { mailed: boolean | null } | undefined {
  if (decadenza !== "dichiarata") return undefined;
  return { mailed: email === "inviata" ? true : email === "assente" ? false : null };
}

/**
 * The alert after `?decadenza=revocata`: the plan holds again, and whether the payer was
 * e-mailed, as the revocation itself told (`mailed`; null when the link did not say).
 */
export function LapseRevokedAlert({ state, mailed }: { state: State; mailed: boolean | null }) {
  const tr = state.tr;
  return (
    <div class={`alert ${mailed === false ? "alert-warning" : "alert-success"}`} role="status">
      {tr(
        "Decadenza revocata: la rateizzazione è di nuovo valida",
        "Lapse revoked: the instalment plan holds again",
      )}
      {mailed === true
        ? tr(
          "; la famiglia è stata avvisata per e-mail.",
          "; the family has been told by e-mail.",
        )
        : mailed === false
        ? tr(
          "; il pagatore non ha un indirizzo e-mail: avvisa la famiglia in un altro modo.",
          "; the payer has no e-mail address: tell the family another way.",
        )
        : "."}
    </div>
  );
}

/** `?decadenza=revocata&email=inviata|assente` (the redirect after a revocation), else undefined. */
export function revokedFlash(
  decadenza: string | undefined,
  email: string | undefined,
): { mailed: boolean | null } | undefined {
  if (decadenza !== "revocata") return undefined;
  return { mailed: email === "inviata" ? true : email === "assente" ? false : null };
}

/**
 * A lapse was declared and then revoked (the plan holds now): when, by whom (office readers
 * only), why. Nothing while the plan is lapsed or was never revoked.
 */
export function LapseRevokedNote({ state, plan }: { state: State; plan: PlanFacts }) {
  if (plan.lapsed_at || !plan.lapse_revoked_at) return null;
  const tr = state.tr;
  const declared = plan.revoked_lapse_at ? instantDay(state, plan.revoked_lapse_at) : "";
  const revoked = instantDay(state, plan.lapse_revoked_at);
  const by = plan.lapse_revoked_by_name;
  return (
    <div class="callout note" id="decadenza-revocata">
      <div class="callout-title">{tr("Decadenza revocata", "Lapse revoked")}</div>
      <p class="mb-0">
        {tr(
          `Decadenza dichiarata il ${declared} e revocata il ${revoked}${by ? ` da ${by}` : ""}: `,
          `Lapse declared on ${declared} and revoked on ${revoked}${by ? ` by ${by}` : ""}: `,
        )}
        {plan.lapse_revoke_reason}
      </p>
    </div>
  );
}

/**
 * On a plan position's page: the plan lapsed (when, by whom, why) with "Revoca la decadenza" when
 * the office can, or how it stands (instalments missed) with "Dichiara la decadenza" when the
 * office can. Nothing once the position is settled and the plan held. `collection`: the live
 * enforced-collection list the position is on (the lapse is not revoked while it is there).
 */
export function LapseCallout(
  { state, positionId, plan, view, collection }: {
    state: State;
    positionId: string;
    plan: PlanFacts;
    view: LapseView;
    collection?: { id: string; reference: string } | null;
  },
) {
  const tr = state.tr;
  const { standing, refusal } = view;
  if (plan.lapsed_at) {
    const on = instantDay(state, plan.lapsed_at);
    return (
      <div class="callout danger" id="piano-decaduto">
        <div class="callout-title">{tr("Piano decaduto", "Plan lapsed")}</div>
        <p>
          {tr(`Piano decaduto il ${on}`, `Plan lapsed on ${on}`)}
          {plan.lapsed_by_name &&
            tr(` da ${plan.lapsed_by_name}`, ` by ${plan.lapsed_by_name}`)}.
        </p>
        <p>
          {tr("Motivo: ", "Reason: ")}
          {plan.lapse_reason}
        </p>
        <p class={view.revocable ? undefined : "mb-0"}>
          {standing.residualCents > 0
            ? tr(
              `L'intero residuo (${euro(state, standing.residualCents)}) è dovuto subito.`,
              `The whole residual (${euro(state, standing.residualCents)}) is due at once.`,
            )
            : tr("L'intero residuo è dovuto subito.", "The whole residual is due at once.")}
        </p>
        {view.revocable && (collection
          ? (
            <p class="mb-0" id="revoca-riscossione">
              {tr(
                "Per revocare la decadenza ritira prima la posizione dall'elenco di riscossione coattiva ",
                "To revoke the lapse, first withdraw the position from the enforced-collection list ",
              )}
              <a href={`/operatore/posizioni/riscossione/${collection.id}`}>
                {collection.reference}
              </a>
              {tr(" (sgravio).", " (sgravio).")}
            </p>
          )
          : (
            <a class="btn btn-outline-primary" href={revokePath(positionId)}>
              {tr("Revoca la decadenza", "Revoke the lapse")}
            </a>
          ))}
      </div>
    );
  }
  if (refusal === "settled") return null;
  return (
    <div class={`callout ${standing.missed > 0 ? "warning" : "note"}`} id="piano-andamento">
      <div class="callout-title">{tr("Andamento delle rate", "Instalments")}</div>
      <p class={refusal === null ? undefined : "mb-0"}>
        {standing.missed > 0
          ? tr(
            `Rate scadute e non pagate: ${standing.missed} (${euro(state, standing.missedCents)}).`,
            `Instalments unpaid past their due date: ${standing.missed} (${
              euro(state, standing.missedCents)
            }).`,
          )
          : tr(
            "Rate scadute e non pagate: nessuna.",
            "Instalments unpaid past their due date: none.",
          )}
      </p>
      {refusal === null && standing.advised && (
        <p id="piano-regola">{lapseAdvisedText(state, standing, view.rule)}</p>
      )}
      {refusal === null && (
        <a class="btn btn-outline-danger" href={lapsePath(positionId)}>
          {tr("Dichiara la decadenza", "Declare the plan lapsed")}
        </a>
      )}
    </div>
  );
}

/** The plan in a few words, for the lapse's page. */
export function PlanSummary({ state, plan }: { state: State; plan: PlanFacts }) {
  const tr = state.tr;
  const on = instantDay(state, plan.granted_at);
  const first = day(state, plan.first_due_on);
  const last = day(state, plan.last_due_on);
  return (
    <p>
      {tr(
        `Rateizzazione concessa il ${on} (richiesta: ${plan.reference}): ${plan.instalments} rate dal ${first} al ${last}, per ${
          euro(state, plan.amount_cents)
        }.`,
        `Instalment plan granted on ${on} (request: ${plan.reference}): ${plan.instalments} instalments from ${first} to ${last}, for ${
          euro(state, plan.amount_cents)
        }.`,
      )}
    </p>
  );
}

/**
 * How the plan stands on `today`: the instalments missed (number, amount, due date), and the
 * residual that falls due at once with the lapse.
 */
export function LapseStanding(
  { state, notices, standing, today }: {
    state: State;
    notices: readonly PlanNotice[];
    standing: PlanStanding;
    today: string;
  },
) {
  const tr = state.tr;
  const missed = missedInstalments(notices, today);
  return (
    <>
      {missed.length === 0
        ? <p>{tr("Nessuna rata è scaduta senza essere pagata.", "No instalment is overdue.")}</p>
        : <MissedTable state={state} missed={missed} missedCents={standing.missedCents} />}
      <p>
        {tr(
          `Rate pagate: ${standing.paid}. Residuo che diventa dovuto subito con la decadenza: ${
            euro(state, standing.residualCents)
          }.`,
          `Instalments paid: ${standing.paid}. Residual that falls due at once with the lapse: ${
            euro(state, standing.residualCents)
          }.`,
        )}
      </p>
    </>
  );
}

/** The instalments unpaid past their due date: number, amount, due date, and their total. */
export function MissedTable(
  { state, missed, missedCents }: {
    state: State;
    missed: readonly PlanNotice[];
    missedCents: number;
  },
) {
  const tr = state.tr;
  return (
    <div class="table-responsive">
      <table class="table table-sm">
        <caption>{tr("Rate scadute e non pagate", "Instalments unpaid past due")}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Rata", "Instalment")}</th>
            <th scope="col" class="text-end">{tr("Importo", "Amount")}</th>
            <th scope="col">{tr("Scadenza", "Due date")}</th>
          </tr>
        </thead>
        <tbody>
          {missed.map((n) => (
            <tr key={n.instalment}>
              <th scope="row">{n.instalment}</th>
              <td class="text-end">{euro(state, n.amount_cents)}</td>
              <td>{day(state, n.due_on)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{tr("Totale", "Total")}</th>
            <td class="text-end">{euro(state, missedCents)}</td>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * The reason of a lapse, 5 to 1000 characters, which the family reads in its e-mail and on its
 * page; with `many`, one reason for every plan chosen (the bulk lapse).
 */
export function LapseReasonField(
  { state, reason, errors, many = false }: {
    state: State;
    reason: string;
    errors: FieldErrors;
    many?: boolean;
  },
) {
  const tr = state.tr;
  return (
    <TextAreaField
      state={state}
      id={LAPSE_FIELDS.reason}
      label={tr("Motivo della decadenza", "Reason for the lapse")}
      value={reason}
      maxLength={1000}
      rows={4}
      hint={many
        ? tr(
          "Da 5 a 1000 caratteri, uguale per tutti i piani scelti: ogni famiglia lo legge nell'e-mail e nella pagina della posizione.",
          "5 to 1000 characters, the same for every plan chosen: each family reads it in the e-mail and on the position's page.",
        )
        : tr(
          "Da 5 a 1000 caratteri: la famiglia lo legge nell'e-mail e nella pagina della posizione.",
          "5 to 1000 characters: the family reads it in the e-mail and on the position's page.",
        )}
      required
      errors={errors}
    />
  );
}

/**
 * "Dichiara la decadenza": the reason (the family reads it); when the Ente's `rule` is not met
 * (its instalments missed, a reminder since when it asks for one), says what is missing and lets
 * the office go on. Posts to the confirmation step.
 */
export function LapseForm(
  { state, positionId, standing, rule, reason, errors }: {
    state: State;
    positionId: string;
    standing: PlanStanding;
    rule: LapseRule;
    reason: string;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  return (
    <form
      method="post"
      action={lapsePath(positionId)}
      aria-labelledby="decadenza-form-title"
      novalidate
    >
      <CsrfField state={state} />
      <h2 id="decadenza-form-title" class="h4">{tr("Il motivo", "The reason")}</h2>
      {!standing.advised && (
        <div class="alert alert-info" role="status" id="decadenza-regola">
          {lapseRuleLead(state, rule)}
          {tr("; qui ", "; here ")}
          {lapseNotAdvisedText(state, standing, rule)} {tr(
            "Puoi comunque procedere, se il caso lo richiede.",
            "You can still go on, if the case requires it.",
          )}
        </div>
      )}
      <ErrorSummary state={state} errors={errors} level={3} />
      <RequiredNote state={state} />
      <LapseReasonField state={state} reason={reason} errors={errors} />
      <button type="submit" class="btn btn-primary me-2">{tr("Continua", "Continue")}</button>
      <a class="btn btn-outline-secondary" href={`/operatore/posizioni/${positionId}`}>
        {tr("Torna alla posizione", "Back to the position")}
      </a>
    </form>
  );
}

/**
 * A confirmation step of an action taken with a reason (the lapse, its revocation): the reason,
 * what the action does (`children`, described by `conferma-info`), the button that writes
 * (`conferma=1`) and "Modifica" back to the form (`modifica=1`), the typed reason sent again.
 */
export function ReasonConfirm(
  { state, action, field, form, reason, submit, hidden = [], children }: {
    state: State;
    action: string;
    /** The posted field of the reason. */
    field: string;
    /** What was typed, sent again as it was. */
    form: string;
    /** The checked reason. */
    reason: string;
    submit: { label: string; class: string };
    /** Other fields sent again as they were (name, value), before the reason. */
    hidden?: readonly (readonly [string, string])[];
    children: ComponentChildren;
  },
) {
  const tr = state.tr;
  return (
    <section aria-labelledby="conferma-title">
      <h2 id="conferma-title" class="h4">{tr("Controlla e conferma", "Check and confirm")}</h2>
      <dl class="row">
        <dt class="col-sm-4">{tr("Motivo", "Reason")}</dt>
        <dd class="col-sm-8">{reason}</dd>
      </dl>
      <div id="conferma-info">{children}</div>
      <form
        method="post"
        action={action}
        aria-labelledby="conferma-title"
        aria-describedby="conferma-info"
      >
        <CsrfField state={state} />
        {hidden.map(([name, value]) => (
          <input key={`${name}=${value}`} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={field} value={form} />
        <button type="submit" name="conferma" value="1" class={`btn ${submit.class} me-2`}>
          {submit.label}
        </button>
        <button type="submit" name="modifica" value="1" class="btn btn-outline-primary">
          {tr("Modifica", "Change")}
        </button>
      </form>
    </section>
  );
}

/**
 * The confirmation step: what the lapse does (the whole residual due at once, reminders and
 * enforced collection take it from tomorrow, the notices stay payable, the payer e-mailed if the
 * registry has an address); "Dichiara la decadenza" writes, "Modifica" goes back to the form.
 */
export function LapseConfirm(
  { state, positionId, standing, form, reason }: {
    state: State;
    positionId: string;
    standing: PlanStanding;
    /** What was typed, sent again as it was. */
    form: string;
    /** The checked reason. */
    reason: string;
  },
) {
  const tr = state.tr;
  const residual = euro(state, standing.residualCents);
  return (
    <ReasonConfirm
      state={state}
      action={lapsePath(positionId)}
      field={LAPSE_FIELDS.reason}
      form={form}
      reason={reason}
      submit={{
        label: tr("Dichiara la decadenza", "Declare the plan lapsed"),
        class: "btn-danger",
      }}
    >
      <p>
        {tr(
          `Con la decadenza l'intero residuo di ${residual} è dovuto subito: da domani i solleciti e la riscossione coattiva lo considerano tutto scaduto, non solo le rate già scadute.`,
          `With the lapse the whole residual of ${residual} is due at once: from tomorrow reminders and enforced collection count all of it as overdue, not only the instalments already missed.`,
        )}
      </p>
      <p>
        {tr(
          "Gli avvisi delle rate restano pagabili su pagoPA. Il pagatore riceve un'e-mail con il residuo e il motivo, se nell'anagrafe ha un indirizzo. Il piano non potrà essere rateizzato di nuovo.",
          "The instalments' notices stay payable on pagoPA. The payer gets an e-mail with the residual and the reason, if the registry has an address. The plan cannot be spread again.",
        )}
      </p>
    </ReasonConfirm>
  );
}

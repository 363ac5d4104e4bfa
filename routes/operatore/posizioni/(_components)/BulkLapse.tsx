import { CsrfField } from "../../../../components/CsrfField.tsx";
import { errorId, ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote } from "../../../../components/TextField.tsx";
import {
  BULK_LAPSE_MAX,
  splitPositionIds,
} from "../../../../lib/billing/instalment_plan_bulk_lapse.ts";
import { LAPSE_FIELDS } from "../../../../lib/billing/instalment_plan_lapse.ts";
import type { PlanRow } from "../../../../lib/billing/instalment_plans_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";
import { LapseReasonField, ReasonConfirm } from "./InstalmentPlanLapse.tsx";
import { PLANS_PATH } from "./InstalmentPlans.tsx";

/** The page that declares the lapse of the plans meeting the Ente's rule, in one go. */
export const BULK_LAPSE_PATH = `${PLANS_PATH}/decadenza`;
/** The most plans the page lists, and takes in one post (as the API). */
export const BULK_LAPSE_LIMIT = BULK_LAPSE_MAX;
/** The posted field of each plan chosen (a checkbox, the position's id). */
export const PLAN_FIELD = "piano";

/** A plan chosen but not declared lapsed, and why, in words. */
export interface Excluded {
  /** The position's id as posted. */
  id: string;
  payer_name: string | null;
  description: string | null;
  reason: string;
  /** The plan's own page of decadenza, when the office may still consider it there. */
  href?: string;
}

/** A plan declared lapsed: the row as listed, what falls due at once, whether e-mailed. */
export interface LapsedPlan {
  row: PlanRow;
  residual_cents: number;
  mailed: boolean;
}

/**
 * The posted plans (`piano`, one value or several): each id once, in the order posted; values
 * that are not an id are kept apart (reported, never looked up).
 */
export function readPlanIds(raw: unknown): { ids: string[]; malformed: string[] } {
  return splitPositionIds(
    ([] as unknown[]).concat(raw ?? []).filter((v): v is string => typeof v === "string"),
  );
}

const plansWord = (state: State, n: number) =>
  state.tr(n === 1 ? "un piano" : `${n} piani`, n === 1 ? "one plan" : `${n} plans`);

const day = (state: State, iso: string) => formatDate(state.lang, iso, "short");

/** Payer and position of a listed plan. */
function PlanCells({ p }: { p: PlanRow }) {
  return (
    <>
      <th scope="row">
        <a href={`/operatore/posizioni/${p.position_id}`}>{p.payer_name}</a>
      </th>
      <td>
        {p.description}
        <span class="d-block small">{p.iupd}</span>
      </td>
    </>
  );
}

/** Instalments missed (how much, since when). */
function MissedCell({ state, p }: { state: State; p: PlanRow }) {
  return (
    <td>
      {p.missed} ({euro(state, p.missed_cents)})
      {p.missed_since && (
        <span class="d-block small">
          {state.tr(`dal ${day(state, p.missed_since)}`, `since ${day(state, p.missed_since)}`)}
        </span>
      )}
    </td>
  );
}

/**
 * The plans meeting the rule, each with a checkbox (`chosen`: the ids ticked; null ticks all),
 * and the reason the families read; posts to the confirmation step.
 */
export function BulkLapseForm(
  { state, items, total, chosen, reason, errors }: {
    state: State;
    items: PlanRow[];
    total: number;
    chosen: string[] | null;
    reason: string;
    errors: FieldErrors;
  },
) {
  const tr = state.tr;
  const err = errors[PLAN_FIELD];
  return (
    <form method="post" action={BULK_LAPSE_PATH} aria-labelledby="piani-form-title" novalidate>
      <CsrfField state={state} />
      <h2 id="piani-form-title" class="h4">
        {tr("I piani e il motivo", "The plans and the reason")}
      </h2>
      <ErrorSummary state={state} errors={errors} level={3} />
      <RequiredNote state={state} />
      {total > items.length && (
        <p class="alert alert-info" role="status" id="piani-altri">
          {tr(
            `Ne sono mostrati ${items.length} su ${total}; dichiarali, poi torna qui per gli altri.`,
            `${items.length} of ${total} are shown; declare them, then come back for the others.`,
          )}
        </p>
      )}
      <fieldset
        id={PLAN_FIELD}
        tabindex={-1}
        class="mb-4"
        aria-describedby={err ? errorId(PLAN_FIELD) : undefined}
      >
        <legend class="h5">
          {tr("Piani di cui dichiarare la decadenza", "Plans to declare lapsed")}
        </legend>
        {err && <div class="invalid-feedback d-block" id={errorId(PLAN_FIELD)}>{err}</div>}
        <div class="table-responsive">
          <table class="table">
            <caption>
              {tr(
                `Piani con la decadenza maturata: ${total}`,
                `Plans meeting the lapse rule: ${total}`,
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr("Scegli", "Choose")}</th>
                <th scope="col">{tr("Pagatore", "Payer")}</th>
                <th scope="col">{tr("Posizione", "Position")}</th>
                <th scope="col">{tr("Rate scadute", "Instalments missed")}</th>
                <th scope="col" class="text-end">{tr("Residuo", "Left to pay")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.position_id} id={`piano-${p.position_id}`}>
                  <td>
                    <div class="form-check m-0">
                      <input
                        type="checkbox"
                        name={PLAN_FIELD}
                        value={p.position_id}
                        id={`sel-${p.position_id}`}
                        checked={chosen === null || chosen.includes(p.position_id)}
                      />
                      <label for={`sel-${p.position_id}`}>
                        <span class="visually-hidden">
                          {tr("Dichiara la decadenza del piano di", "Declare lapsed the plan of")}
                          {" "}
                          {p.payer_name} ({p.iupd})
                        </span>
                      </label>
                    </div>
                  </td>
                  <PlanCells p={p} />
                  <MissedCell state={state} p={p} />
                  <td class="text-end">{euro(state, p.residual_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <LapseReasonField state={state} reason={reason} errors={errors} many />
      <button type="submit" class="btn btn-primary me-2">{tr("Continua", "Continue")}</button>
      <a class="btn btn-outline-secondary" href={PLANS_PATH}>
        {tr("Torna ai piani", "Back to the plans")}
      </a>
    </form>
  );
}

/**
 * The confirmation step, nothing written: how many plans, the residual that falls due at once,
 * the list, the reason and what happens; "Conferma la decadenza" posts `conferma=1` with the ids
 * and the typed reason, "Modifica" goes back to the form with them.
 */
export function BulkLapseConfirm(
  { state, plans, form, reason }: {
    state: State;
    plans: PlanRow[];
    /** What was typed, sent again as it was. */
    form: string;
    /** The checked reason. */
    reason: string;
  },
) {
  const tr = state.tr;
  const residual = euro(state, plans.reduce((s, p) => s + p.residual_cents, 0));
  const n = plansWord(state, plans.length);
  return (
    <ReasonConfirm
      state={state}
      action={BULK_LAPSE_PATH}
      field={LAPSE_FIELDS.reason}
      form={form}
      reason={reason}
      submit={{ label: tr("Conferma la decadenza", "Confirm the lapse"), class: "btn-danger" }}
      hidden={plans.map((p) => [PLAN_FIELD, p.position_id] as const)}
    >
      <p>
        {tr(
          `Stai per dichiarare la decadenza di ${n}: un residuo di ${residual} in tutto diventa dovuto subito.`,
          `You are about to declare ${n} lapsed: a residual of ${residual} in all falls due at once.`,
        )}
      </p>
      <p>
        {tr(
          "Da domani i solleciti e la riscossione coattiva considerano scaduto l'intero residuo di ogni piano, non solo le rate già scadute. Gli avvisi delle rate restano pagabili su pagoPA. Ogni pagatore riceve un'e-mail con il residuo e il motivo, se nell'anagrafe ha un indirizzo. I piani non potranno essere rateizzati di nuovo.",
          "From tomorrow reminders and enforced collection count each plan's whole residual as overdue, not only the instalments already missed. The instalments' notices stay payable on pagoPA. Each payer gets an e-mail with the residual and the reason, if the registry has an address. The plans cannot be spread again.",
        )}
      </p>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>{tr(`Piani scelti: ${plans.length}`, `Plans chosen: ${plans.length}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("Pagatore", "Payer")}</th>
              <th scope="col">{tr("Posizione", "Position")}</th>
              <th scope="col">{tr("Rate scadute", "Instalments missed")}</th>
              <th scope="col" class="text-end">{tr("Residuo", "Left to pay")}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.position_id} id={`piano-${p.position_id}`}>
                <PlanCells p={p} />
                <MissedCell state={state} p={p} />
                <td class="text-end">{euro(state, p.residual_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ReasonConfirm>
  );
}

/** The plans chosen but left out or refused, each with why. */
export function ExcludedList(
  { state, excluded, title }: { state: State; excluded: Excluded[]; title: string },
) {
  if (excluded.length === 0) return null;
  return (
    <div class="alert alert-warning" role="status" id="piani-esclusi">
      <h2 class="h5">{title}</h2>
      <ul class="mb-0">
        {excluded.map((x, i) => (
          <li key={i}>
            {x.payer_name ? <strong>{x.payer_name}</strong> : <code>{x.id}</code>}
            {x.description && ` (${x.description})`}: {x.reason}
            {x.href && (
              <>
                {" "}
                <a href={x.href}>{state.tr("Valuta la decadenza", "Consider the lapse")}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What the confirmed action did: the plans declared lapsed (and the families not e-mailed, by
 * name), then every plan not declared lapsed with why.
 */
export function BulkLapseResults(
  { state, lapsed, refused }: { state: State; lapsed: LapsedPlan[]; refused: Excluded[] },
) {
  const tr = state.tr;
  const mailed = lapsed.filter((l) => l.mailed).length;
  const unmailed = lapsed.filter((l) => !l.mailed);
  return (
    <section aria-labelledby="esito-title">
      <h2 id="esito-title" class="h4">{tr("Esito", "Outcome")}</h2>
      <div class={`alert ${lapsed.length ? "alert-success" : "alert-info"}`} role="status">
        {lapsed.length
          ? tr(
            `Decadenza dichiarata per ${plansWord(state, lapsed.length)}${
              mailed === 0
                ? ""
                : mailed === 1
                ? ": una famiglia avvisata per e-mail"
                : `: ${mailed} famiglie avvisate per e-mail`
            }.`,
            `Lapse declared for ${plansWord(state, lapsed.length)}${
              mailed === 0
                ? ""
                : mailed === 1
                ? ": one family told by e-mail"
                : `: ${mailed} families told by e-mail`
            }.`,
          )
          : tr("Nessun piano è stato dichiarato decaduto.", "No plan was declared lapsed.")}
      </div>
      {unmailed.length > 0 && (
        <div class="alert alert-warning" role="status" id="senza-email">
          {tr(
            `Senza indirizzo e-mail: ${unmailed.length}; avvisa queste famiglie in un altro modo: `,
            `Without an e-mail address: ${unmailed.length}; tell these families another way: `,
          )}
          {unmailed.map((l, i) => (
            <span key={l.row.position_id}>
              {i > 0 && ", "}
              <a href={`/operatore/posizioni/${l.row.position_id}`}>{l.row.payer_name}</a>
            </span>
          ))}.
        </div>
      )}
      {lapsed.length > 0 && (
        <div class="table-responsive">
          <table class="table table-sm">
            <caption>{tr("Piani decaduti", "Plans lapsed")}</caption>
            <thead>
              <tr>
                <th scope="col">{tr("Pagatore", "Payer")}</th>
                <th scope="col">{tr("Posizione", "Position")}</th>
                <th scope="col" class="text-end">{tr("Residuo dovuto", "Residual due")}</th>
                <th scope="col">{tr("E-mail", "E-mail")}</th>
              </tr>
            </thead>
            <tbody>
              {lapsed.map((l) => (
                <tr key={l.row.position_id} id={`decaduto-${l.row.position_id}`}>
                  <PlanCells p={l.row} />
                  <td class="text-end">{euro(state, l.residual_cents)}</td>
                  <td>
                    {l.mailed
                      ? tr("Inviata", "Sent")
                      : tr("Nessun indirizzo: avvisa la famiglia", "No address: tell the family")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ExcludedList
        state={state}
        excluded={refused}
        title={tr(
          `Decadenza non dichiarata: ${plansWord(state, refused.length)}`,
          `Lapse not declared: ${plansWord(state, refused.length)}`,
        )}
      />
      <p class="mt-3">
        <a href={BULK_LAPSE_PATH}>
          {tr(
            "Torna ai piani con la decadenza maturata",
            "Back to the plans meeting the lapse rule",
          )}
        </a>{" "}
        · <a href={PLANS_PATH}>{tr("Tutti i piani", "All plans")}</a>
      </p>
    </section>
  );
}

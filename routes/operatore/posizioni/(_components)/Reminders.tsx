import type { ComponentChildren } from "preact";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate, formatDateTime } from "../../../../lib/i18n/mod.ts";
import type { ReminderRow } from "../../../../lib/billing/positions_read.ts";
import {
  REMINDER_BATCH_MAX,
  type ReminderOutcome,
  type SendResult,
} from "../../../../lib/billing/reminders.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";

/** The outcome of "Invia sollecito" on a position, as carried in `?sollecito=` after the redirect. */
export const REMINDER_FLASHES = {
  sent: "inviato",
  recent: "recente",
  not_overdue: "non-scaduta",
  no_contact: "senza-recapito",
} as const satisfies Partial<Record<ReminderOutcome, string>>;
export type ReminderFlash = typeof REMINDER_FLASHES[keyof typeof REMINDER_FLASHES];

/** The filters a bulk reminder keeps: the run and the payer's text, as the list has them. */
export interface ReminderFilters {
  run_id: string | null;
  payer: string | null;
}

function FilterFields({ filters }: { filters: ReminderFilters }) {
  return (
    <>
      {filters.run_id && <input type="hidden" name="run_id" value={filters.run_id} />}
      {filters.payer && <input type="hidden" name="payer" value={filters.payer} />}
    </>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * On the overdue list: "Invia sollecito alle N posizioni scadute" of the filter, to a
 * confirmation step (POST `/operatore/posizioni/solleciti`, `passo=conferma`).
 */
export function BulkReminderForm(
  { state, total, filters }: { state: State; total: number; filters: ReminderFilters },
) {
  const tr = state.tr;
  if (total === 0) return null;
  return (
    <form method="post" action="/operatore/posizioni/solleciti" class="mb-3">
      <CsrfField state={state} />
      <input type="hidden" name="passo" value="conferma" />
      <FilterFields filters={filters} />
      <button type="submit" class="btn btn-outline-primary">
        {tr(
          `Invia sollecito alle ${plural(total, "posizione scaduta", "posizioni scadute")}`,
          `Send a reminder to the ${plural(total, "overdue position", "overdue positions")}`,
        )}
      </button>
      <span class="form-text d-block">
        {tr(
          "Prima dell'invio vedrai quante posizioni saranno sollecitate; le posizioni sollecitate di recente vengono saltate. L'invio prosegue in background e puoi seguirlo nella pagina della campagna.",
          "Before sending you will see how many positions will be reminded; positions reminded recently are skipped. Sending goes on in the background and you can follow it on the campaign's page.",
        )}{" "}
        <a href="/operatore/posizioni/solleciti">
          {tr("Campagne di solleciti", "Reminder campaigns")}
        </a>
      </span>
    </form>
  );
}

/** The confirmation step: how many will be reminded, how many are skipped and why. */
export function ReminderConfirm(
  { state, result, filters, back }: {
    state: State;
    result: SendResult;
    filters: ReminderFilters;
    back: string;
  },
) {
  const tr = state.tr;
  const c = result.counts;
  // Beyond the first REMINDER_BATCH_MAX the dry run only counts; the campaign checks them all.
  const toSend = c.sent + result.remaining;
  return (
    <section aria-labelledby="conferma-title">
      <h2 id="conferma-title" class="h4">{tr("Conferma l'invio", "Confirm sending")}</h2>
      <ul>
        <li>
          {tr(
            `Da sollecitare ora: ${plural(toSend, "posizione", "posizioni")}.`,
            `To remind now: ${plural(toSend, "position", "positions")}.`,
          )}
        </li>
        <li>
          {tr(
            `Già sollecitate negli ultimi ${result.min_days} giorni, saltate: ${c.recent}.`,
            `Already reminded in the last ${result.min_days} days, skipped: ${c.recent}.`,
          )}
        </li>
        {c.no_contact > 0 && (
          <li>
            {tr(
              `Senza recapito (né e-mail né notifiche), non sollecitabili: ${c.no_contact}.`,
              `Without contact (no e-mail nor notifications), cannot be reminded: ${c.no_contact}.`,
            )}
          </li>
        )}
        {result.remaining > 0 && (
          <li>
            {tr(
              `Delle posizioni oltre le prime ${REMINDER_BATCH_MAX}, ${result.remaining}: il recapito sarà verificato durante l'invio.`,
              `Of the positions beyond the first ${REMINDER_BATCH_MAX}, ${result.remaining}: the contact is checked while sending.`,
            )}
          </li>
        )}
      </ul>
      {toSend > 0
        ? (
          <form method="post" action="/operatore/posizioni/solleciti">
            <CsrfField state={state} />
            <input type="hidden" name="passo" value="invia" />
            <FilterFields filters={filters} />
            <p>
              {tr(
                "Ogni pagatore riceve un'e-mail con l'importo scaduto, gli avvisi da pagare e il collegamento per pagare, e una notifica se l'ha attivata. L'invio avviene in background, a blocchi: ne vedrai l'avanzamento.",
                "Each payer gets an e-mail with the amount overdue, the notices to pay and the link to pay, and a notification if enabled. Sending happens in the background, in blocks: you will see its progress.",
              )}
            </p>
            <button type="submit" class="btn btn-primary me-2">
              {tr(
                `Invia ${plural(toSend, "sollecito", "solleciti")}`,
                `Send ${plural(toSend, "reminder", "reminders")}`,
              )}
            </button>
            <a class="btn btn-outline-secondary" href={back}>{tr("Annulla", "Cancel")}</a>
          </form>
        )
        : (
          <p>
            {tr("Nessuna posizione da sollecitare ora.", "No position to remind now.")}{" "}
            <a href={back}>{tr("Torna all'elenco", "Back to the list")}</a>
          </p>
        )}
    </section>
  );
}

/**
 * On a position's page: "Invia sollecito" while it is overdue, the outcome after sending
 * (`?sollecito=`), the letter by post for a payer without contact (`letter`), and the history of
 * its reminders.
 */
export function PositionReminders(
  { state, positionId, overdue, reminders, minDays, flash, letter }: {
    state: State;
    positionId: string;
    overdue: boolean;
    reminders: ReminderRow[];
    minDays: number;
    flash?: ReminderFlash;
    letter?: ComponentChildren;
  },
) {
  const tr = state.tr;
  if (!overdue && reminders.length === 0 && !flash && !letter) return null;
  const said = flash === "inviato"
    ? tr("Sollecito inviato al pagatore.", "Reminder sent to the payer.")
    : flash === "recente"
    ? tr(
      `La posizione è già stata sollecitata negli ultimi ${minDays} giorni: nessun nuovo sollecito.`,
      `The position was already reminded in the last ${minDays} days: no new reminder.`,
    )
    : flash === "non-scaduta"
    ? tr(
      "La posizione non è più scaduta: nessun sollecito.",
      "The position is no longer overdue: no reminder.",
    )
    : flash === "senza-recapito"
    ? tr(
      "Il pagatore non ha un indirizzo e-mail in anagrafica né notifiche attive: nessun sollecito inviato.",
      "The payer has no e-mail address in the registry nor notifications: no reminder sent.",
    )
    : null;
  return (
    <section class="mb-4" aria-labelledby="solleciti">
      <h2 id="solleciti" class="h4">{tr("Solleciti di pagamento", "Payment reminders")}</h2>
      {said && (
        <div
          class={`alert ${flash === "inviato" ? "alert-success" : "alert-warning"}`}
          role="status"
        >
          {said}
        </div>
      )}
      {overdue && (
        <form method="post" action={`/operatore/posizioni/${positionId}/sollecito`} class="mb-3">
          <CsrfField state={state} />
          <button type="submit" class="btn btn-outline-primary">
            {tr("Invia sollecito", "Send a reminder")}
          </button>
          <span class="form-text d-block">
            {tr(
              `E-mail e notifica al pagatore con l'importo scaduto e il collegamento per pagare; non più di un sollecito ogni ${minDays} giorni.`,
              `E-mail and notification to the payer with the amount overdue and the link to pay; no more than one reminder every ${minDays} days.`,
            )}
          </span>
        </form>
      )}
      {letter}
      {reminders.length === 0
        ? <p>{tr("Nessun sollecito inviato.", "No reminder sent.")}</p>
        : (
          <div class="table-responsive">
            <table class="table table-sm">
              <caption>{tr("Solleciti inviati", "Reminders sent")}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Inviato il", "Sent on")}</th>
                  <th scope="col">{tr("Da", "By")}</th>
                  <th scope="col" class="text-end">{tr("Importo scaduto", "Amount overdue")}</th>
                  <th scope="col">{tr("Scaduto dal", "Overdue since")}</th>
                  <th scope="col">{tr("Canale", "Channel")}</th>
                </tr>
              </thead>
              <tbody>
                {reminders.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{formatDateTime(state.lang, r.sent_at)}</th>
                    <td>{r.sent_by_name ?? "—"}</td>
                    <td class="text-end">{euro(state, r.overdue_cents)}</td>
                    <td>{formatDate(state.lang, r.overdue_since, "short")}</td>
                    <td>
                      {[
                        r.email_to && `${tr("e-mail a", "e-mail to")} ${r.email_to}`,
                        r.push && tr("notifica push", "push notification"),
                        r.letter && tr("lettera per posta", "letter by post"),
                      ].filter(Boolean).join(", ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

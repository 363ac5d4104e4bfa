import type {
  Campaign,
  CampaignItem,
  CampaignStatus,
} from "../../../../lib/billing/reminder_campaigns.ts";
import type { ComponentChildren } from "preact";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate, formatDateTime } from "../../../../lib/i18n/mod.ts";

const STATUS: Record<CampaignStatus, { it: string; en: string; badge: string }> = {
  queued: { it: "In coda", en: "Queued", badge: "secondary" },
  running: { it: "In corso", en: "Running", badge: "primary" },
  done: { it: "Conclusa", en: "Done", badge: "success" },
  failed: { it: "Non riuscita", en: "Failed", badge: "danger" },
  cancelled: { it: "Interrotta dall'ufficio", en: "Stopped by the office", badge: "warning" },
};

export function CampaignBadge({ state, status }: { state: State; status: CampaignStatus }) {
  const l = STATUS[status];
  return <span class={`badge bg-${l.badge}`}>{state.tr(l.it, l.en)}</span>;
}

/** The filter of a campaign in words. */
function filterText(state: State, c: Campaign): string {
  const parts = [
    c.run_label && state.tr(`elaborazione «${c.run_label}»`, `run “${c.run_label}”`),
    c.payer && state.tr(`pagatore o IUPD «${c.payer}»`, `payer or IUPD “${c.payer}”`),
  ].filter(Boolean);
  return parts.length
    ? parts.join(", ")
    : state.tr("tutte le posizioni scadute", "all overdue positions");
}

/** The Ente's campaigns, newest first, with their figures. */
export function CampaignTable(
  { state, items, total }: { state: State; items: Campaign[]; total: number },
) {
  const tr = state.tr;
  if (items.length === 0) {
    return <p>{tr("Non ci sono ancora campagne di solleciti.", "There are no campaigns yet.")}</p>;
  }
  return (
    <div class="table-responsive">
      <table class="table">
        <caption>{tr(`Campagne: ${total}`, `Campaigns: ${total}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Avviata il", "Started on")}</th>
            <th scope="col">{tr("Filtro", "Filter")}</th>
            <th scope="col">{tr("Da", "By")}</th>
            <th scope="col">{tr("Stato", "Status")}</th>
            <th scope="col" class="text-end">{tr("Posizioni", "Positions")}</th>
            <th scope="col" class="text-end">{tr("Inviati", "Sent")}</th>
            <th scope="col" class="text-end">{tr("Recenti", "Recent")}</th>
            <th scope="col" class="text-end">{tr("Senza recapito", "No contact")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <a href={`/operatore/posizioni/solleciti/${c.id}`}>
                  {formatDateTime(state.lang, c.created_at)}
                </a>
              </th>
              <td>{filterText(state, c)}</td>
              <td>{c.requested_by_name ?? "—"}</td>
              <td>
                <CampaignBadge state={state} status={c.status} />
              </td>
              <td class="text-end">{c.done} / {c.total}</td>
              <td class="text-end">{c.sent}</td>
              <td class="text-end">{c.recent}</td>
              <td class="text-end">{c.no_contact}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who asked, when, for which filter; when it started and ended. */
export function CampaignFacts({ state, campaign: c }: { state: State; campaign: Campaign }) {
  const tr = state.tr;
  return (
    <dl class="row">
      <dt class="col-sm-3">{tr("Stato", "Status")}</dt>
      <dd class="col-sm-9">
        <CampaignBadge state={state} status={c.status} />
      </dd>
      <dt class="col-sm-3">{tr("Posizioni", "Positions")}</dt>
      <dd class="col-sm-9">{filterText(state, c)}</dd>
      <dt class="col-sm-3">{tr("Avviata da", "Started by")}</dt>
      <dd class="col-sm-9">
        {c.requested_by_name ?? "—"}, {formatDateTime(state.lang, c.created_at)}
      </dd>
      {c.status === "cancelled" && c.cancelled_at && (
        <>
          <dt class="col-sm-3">{tr("Interrotta da", "Stopped by")}</dt>
          <dd class="col-sm-9">
            {c.cancelled_by_name ?? "—"}, {formatDateTime(state.lang, c.cancelled_at)}
          </dd>
        </>
      )}
      {c.finished_at && c.status !== "cancelled" && (
        <>
          <dt class="col-sm-3">{tr("Conclusa il", "Ended on")}</dt>
          <dd class="col-sm-9">{formatDateTime(state.lang, c.finished_at)}</dd>
        </>
      )}
      {c.error && (
        <>
          <dt class="col-sm-3">{tr("Errore", "Error")}</dt>
          <dd class="col-sm-9">{c.error}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * The counts per outcome, and the positions not reminded that the office must act on; for the
 * payers without contact, the letters by post (`letters`) and when one was recorded for each
 * position since the campaign started (`letterDates`, ISO instants by position).
 */
export function CampaignOutcome(
  { state, campaign: c, items, letters, letterDates = {} }: {
    state: State;
    campaign: Campaign;
    items: CampaignItem[];
    letters?: ComponentChildren;
    letterDates?: Record<string, string>;
  },
) {
  const tr = state.tr;
  if (c.status === "queued") return null;
  const unreachable = items.filter((i) => i.outcome === "no_contact");
  const gone = items.filter((i) => i.outcome !== "no_contact");
  return (
    <section aria-labelledby="esito-title">
      <h2 id="esito-title" class="h4">{tr("Esito", "Outcome")}</h2>
      {c.status === "done" && (
        <div class={`alert ${c.sent > 0 ? "alert-success" : "alert-warning"}`} role="status">
          {tr(
            `Solleciti inviati: ${c.sent}. Saltate perché sollecitate negli ultimi ${c.min_days} giorni: ${c.recent}. Non più scadute: ${
              c.not_overdue + c.not_found
            }. Senza recapito: ${c.no_contact}.`,
            `Reminders sent: ${c.sent}. Skipped as reminded in the last ${c.min_days} days: ${c.recent}. No longer overdue: ${
              c.not_overdue + c.not_found
            }. Without contact: ${c.no_contact}.`,
          )}
        </div>
      )}
      {c.status === "cancelled" && (
        <p>
          {tr(
            "La campagna è stata interrotta dall'ufficio: i solleciti già inviati restano inviati, le altre posizioni non sono state sollecitate.",
            "The campaign was stopped by the office: the reminders already sent stay sent, the other positions were not reminded.",
          )}
        </p>
      )}
      {c.status !== "done" && (
        <p>
          {tr(
            `Finora: inviati ${c.sent}, saltati perché recenti ${c.recent}, senza recapito ${c.no_contact}.`,
            `So far: sent ${c.sent}, skipped as recent ${c.recent}, without contact ${c.no_contact}.`,
          )}
        </p>
      )}
      {unreachable.length > 0 && (
        <>
          <h3 class="h5">{tr("Posizioni senza recapito", "Positions without contact")}</h3>
          <p>
            {tr(
              "Il pagatore non ha un indirizzo e-mail in anagrafica né notifiche attive: sollecitalo con una lettera per posta o aggiorna l'anagrafica.",
              "The payer has no e-mail address in the registry nor notifications: remind them with a letter by post or update the registry.",
            )}
          </p>
          <ItemList state={state} items={unreachable} letterDates={letterDates} />
          {letters}
        </>
      )}
      {gone.length > 0 && (
        <>
          <h3 class="h5">{tr("Posizioni non più scadute", "Positions no longer overdue")}</h3>
          <ItemList state={state} items={gone} />
        </>
      )}
      <p>
        <a href="/operatore/posizioni?status=overdue">
          {tr("Torna alle posizioni scadute", "Back to the overdue positions")}
        </a>
      </p>
    </section>
  );
}

function ItemList(
  { state, items, letterDates = {} }: {
    state: State;
    items: CampaignItem[];
    letterDates?: Record<string, string>;
  },
) {
  return (
    <ul>
      {items.map((o) => {
        const letter = letterDates[o.debt_position_id];
        return (
          <li key={o.debt_position_id}>
            <a href={`/operatore/posizioni/${o.debt_position_id}`}>{o.payer_name ?? "—"}</a>
            {" — "}
            {o.iupd ?? ""}
            {letter && (
              <span class="badge bg-info ms-2">
                {state.tr(
                  `lettera registrata il ${formatDate(state.lang, new Date(letter), "short")}`,
                  `letter recorded on ${formatDate(state.lang, new Date(letter), "short")}`,
                )}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

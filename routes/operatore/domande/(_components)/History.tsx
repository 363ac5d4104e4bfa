import { channelLabel, outcomeLabel } from "../../../../lib/enrollment/review.ts";
import type { HistoryEntry } from "../../../../lib/enrollment/review_dossier.ts";
import type { Outcome } from "../../../../lib/enrollment/schemas.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";

/** What an audit row means for this application, in words. */
export function describe(state: State, h: HistoryEntry): string {
  const { tr } = state;
  const a = h.after ?? {};
  const b = h.before ?? {};
  const child = (x: Record<string, unknown>) => {
    const c = (x.child ?? {}) as Record<string, string>;
    return `${c.name ?? ""} ${c.surname ?? ""}`.trim();
  };
  if (h.entity === "applications") {
    if (h.action === "view") {
      return tr("Consultazione dei dati sanitari (dieta, disabilità)", "Health data viewed");
    }
    if (h.action === "insert") return tr("Domanda creata", "Application created");
    if (b.status === "draft" && a.status === "submitted") {
      return tr(
        `Domanda inviata, protocollo ${a.protocol_number}`,
        `Submitted, protocol ${a.protocol_number}`,
      );
    }
    if (a.status === "withdrawn" && b.status !== "withdrawn") {
      return tr(
        `Domanda ritirata: ${a.withdrawal_reason ?? ""}`,
        `Withdrawn: ${a.withdrawal_reason ?? ""}`,
      );
    }
    return tr("Dati della domanda modificati", "Application data changed");
  }
  if (h.entity === "application_items") {
    if (h.action === "insert") {
      return tr(`Richiesta aggiunta: ${child(a)}`, `Request added: ${child(a)}`);
    }
    if (a.outcome !== b.outcome && a.outcome !== "pending" && b.outcome !== undefined) {
      const o = outcomeLabel(a.outcome as Outcome, state.lang);
      return tr(`Esito per ${child(a)}: ${o}`, `Outcome for ${child(a)}: ${o}`) +
        (a.outcome_reason ? ` – ${a.outcome_reason}` : "");
    }
    if (a.communicated_at && !b.communicated_at) {
      const ch = channelLabel(a.communicated_via as never, state.lang);
      return tr(
        `Esito comunicato per ${child(a)} (${ch})`,
        `Outcome communicated for ${child(a)} (${ch})`,
      );
    }
    if (a.live === true && b.live === false) {
      return tr(`Richiesta attiva: ${child(a)}`, `Request live: ${child(a)}`);
    }
    return tr(`Richiesta modificata: ${child(a)}`, `Request changed: ${child(a)}`);
  }
  if (h.entity === "application_review_notes") {
    return h.action === "delete"
      ? tr("Note interne cancellate", "Internal notes removed")
      : tr("Note interne aggiornate", "Internal notes updated");
  }
  if (h.entity === "application_documents" && h.action === "download") {
    const f = (h.details ?? {}).file_name ?? "";
    return tr(`Documento scaricato: ${f}`, `Document downloaded: ${f}`);
  }
  return `${h.action} ${h.entity}`;
}

/** The application's history (from the audit log), oldest first. */
export function History({ state, entries }: { state: State; entries: HistoryEntry[] }) {
  const { tr } = state;
  if (entries.length === 0) {
    return <p>{tr("Nessun evento registrato.", "No events recorded.")}</p>;
  }
  return (
    <div class="table-responsive">
      <table class="table table-sm">
        <caption>{tr("Cronologia della domanda", "Application history")}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Quando", "When")}</th>
            <th scope="col">{tr("Chi", "Who")}</th>
            <th scope="col">{tr("Che cosa", "What")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((h) => (
            <tr key={h.id}>
              <td>{formatDateTime(state.lang, h.at)}</td>
              <td>
                {h.actor_name ??
                  (h.actor_kind === "system" ? tr("Sistema", "System") : tr("Utente", "User"))}
              </td>
              <td>{describe(state, h)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

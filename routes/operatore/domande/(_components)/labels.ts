import type { State } from "../../../../lib/http/define.ts";

export const statusLabel = (state: State, s: "draft" | "submitted" | "withdrawn") =>
  s === "draft"
    ? state.tr("Bozza", "Draft")
    : s === "submitted"
    ? state.tr("Inviata", "Submitted")
    : state.tr("Ritirata", "Withdrawn");

export const kindLabel = (state: State, k: "new" | "renewal") =>
  k === "new" ? state.tr("Nuova iscrizione", "New enrollment") : state.tr("Riconferma", "Renewal");

export const channelOfFiling = (state: State, c: string) =>
  ({
    online: state.tr("Online", "Online"),
    counter: state.tr("Sportello", "Counter"),
    import: state.tr("Importazione", "Import"),
    api: "API",
  } as Record<string, string>)[c] ?? c;

/** Bootstrap Italia badge colour of an outcome. */
export const outcomeBadge = (o: string) =>
  ({
    pending: "bg-secondary",
    accepted: "bg-success",
    rejected: "bg-danger",
    waitlisted: "bg-warning",
    needs_integration: "bg-dark",
  } as Record<string, string>)[o] ?? "bg-secondary";

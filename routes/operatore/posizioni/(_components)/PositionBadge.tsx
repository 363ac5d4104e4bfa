import {
  POSITION_STATUS_LABELS,
  type PositionStatus,
} from "../../../../lib/billing/positions_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";

/** A position's status as a badge. */
export function PositionBadge({ state, status }: { state: State; status: PositionStatus }) {
  const l = POSITION_STATUS_LABELS[status];
  return (
    <span class={`badge bg-${l.badge}`}>
      {state.tr(l.it, l.en)}
    </span>
  );
}

/** "Scaduta il 04/11/2026" when something of the position is unpaid past its due date. */
export function OverdueBadge({ state, since }: { state: State; since: string | null }) {
  if (!since) return null;
  const day = formatDate(state.lang, since, "short");
  return (
    <span class="badge bg-danger d-inline-block mt-1">
      {state.tr(`Scaduta il ${day}`, `Overdue: due ${day}`)}
    </span>
  );
}

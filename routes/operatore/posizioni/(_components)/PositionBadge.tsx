import {
  type Position,
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

/**
 * What else the office must know of a position at a glance: handed to enforced collection, an
 * instalment plan (or one declared lapsed), or replaced by one.
 */
export function PositionFlags(
  { state, p }: {
    state: State;
    p: Pick<Position, "enforced" | "replaces_position_id" | "replaced" | "lapsed">;
  },
) {
  const flags = [
    p.enforced && state.tr("In riscossione coattiva", "In enforced collection"),
    p.replaces_position_id &&
    (p.lapsed
      ? state.tr("Rateizzazione decaduta", "Lapsed instalment plan")
      : state.tr("Rateizzazione", "Instalment plan")),
    p.replaced && state.tr("Sostituita da rateizzazione", "Replaced by an instalment plan"),
  ].filter((f): f is string => Boolean(f));
  return (
    <>
      {flags.map((f) => <span key={f} class="badge bg-secondary d-inline-block mt-1 me-1">{f}
      </span>)}
    </>
  );
}

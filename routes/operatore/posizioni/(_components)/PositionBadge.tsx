import {
  POSITION_STATUS_LABELS,
  type PositionStatus,
} from "../../../../lib/billing/positions_read.ts";
import type { State } from "../../../../lib/http/define.ts";

/** A position's status as a badge. */
export function PositionBadge({ state, status }: { state: State; status: PositionStatus }) {
  const l = POSITION_STATUS_LABELS[status];
  return (
    <span class={`badge bg-${l.badge}`}>
      {state.tr(l.it, l.en)}
    </span>
  );
}

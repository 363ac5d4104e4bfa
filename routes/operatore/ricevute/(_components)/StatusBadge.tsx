import type { State } from "../../../../lib/http/define.ts";
import { type ReceiptStatus, STATUS_LABELS } from "../../../../lib/pagopa/receipts_rules.ts";

/** A receipt's status: green when it paid its notice, red or amber when someone must look. */
export function StatusBadge({ state, status }: { state: State; status: ReceiptStatus }) {
  const cls = status === "matched"
    ? "bg-success"
    : status === "unmatched"
    ? "bg-danger"
    : "bg-warning text-dark";
  const l = STATUS_LABELS[status];
  return <span class={`badge ${cls}`}>{state.tr(l.it, l.en)}</span>;
}

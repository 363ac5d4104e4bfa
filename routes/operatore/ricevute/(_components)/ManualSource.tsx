import type { State } from "../../../../lib/http/define.ts";
import { MANUAL_METHOD_LABELS, type ManualMethod } from "../../../../lib/pagopa/receipts_manual.ts";

/** "Contanti", "Bonifico", "POS", "Altro": how a payment received outside pagoPA was made. */
export function manualMethodLabel(state: State, method: string | null): string {
  const l = method ? MANUAL_METHOD_LABELS[method as ManualMethod] : undefined;
  return l ? state.tr(l.it, l.en) : method ?? "—";
}

/** A manual receipt in a list: its method and who in the office recorded it. */
export function ManualSource(
  { state, receipt }: {
    state: State;
    receipt: { payment_method: string | null; recorded_by_name: string | null };
  },
) {
  return (
    <>
      {manualMethodLabel(state, receipt.payment_method)}
      <span class="d-block small">
        {state.tr("registrata da", "recorded by")} {receipt.recorded_by_name ?? "—"}
      </span>
    </>
  );
}

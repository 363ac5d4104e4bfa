import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { PositionDetail } from "../../../../lib/billing/positions_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";

/**
 * The top of a page that acts on one position (rateizzazione, decadenza): the breadcrumb through
 * the position, the title, and which position it is — payer as the notice names them, remittance,
 * amount and paid.
 */
export function PositionActionHeading(
  { state, position: p, crumb, title }: {
    state: State;
    position: PositionDetail;
    /** The last step of the breadcrumb ("Rateizzazione"). */
    crumb: string;
    title: string;
  },
) {
  const tr = state.tr;
  const debtor = p.debtor as { fiscal_code?: string; full_name?: string };
  const path = `/operatore/posizioni/${p.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [p.iupd, path],
          [crumb],
        ]}
      />
      <h1>{title}</h1>
      <dl class="row">
        <dt class="col-sm-3">{tr("Posizione", "Position")}</dt>
        <dd class="col-sm-9">
          <a href={path}>{p.iupd}</a>
        </dd>
        <dt class="col-sm-3">{tr("Pagatore", "Payer")}</dt>
        <dd class="col-sm-9">
          {debtor.full_name ?? p.payer_name} {debtor.fiscal_code ?? p.payer_tax_code ?? ""}
        </dd>
        <dt class="col-sm-3">{tr("Causale", "Description")}</dt>
        <dd class="col-sm-9">{p.description}</dd>
        <dt class="col-sm-3">{tr("Importo", "Amount")}</dt>
        <dd class="col-sm-9">
          {euro(state, p.amount_cents)} ({tr("pagato", "paid")} {euro(state, p.paid_cents)})
        </dd>
      </dl>
    </>
  );
}

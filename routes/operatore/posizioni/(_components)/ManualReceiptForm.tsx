import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { MANUAL_METHOD_LABELS, MANUAL_METHODS } from "../../../../lib/pagopa/receipts_manual.ts";
import { centsToInput } from "../../../../lib/tariffs/money.ts";

/** What the office typed in one notice's form, with its errors (field id → message). */
export interface ManualForm {
  noticeId: string;
  values: Record<string, string>;
  errors: FieldErrors;
  /** A refusal about the notice itself (already paid, cancelled…), not about one field. */
  message?: string;
}

/** Form field names; each id is `<name>-<notice id>` so several forms live on one page. */
export const MANUAL_FIELDS = ["importo", "data", "metodo", "riferimento", "nota"] as const;
export const fieldId = (name: string, noticeId: string) => `${name}-${noticeId}`;

/**
 * "Registra pagamento": a payment of one unpaid notice received outside pagoPA (cash, bank
 * transfer, POS). The amount is the notice's and cannot be changed: a partial payment is not a
 * receipt. Posts to `/operatore/posizioni/<id>/pagamento`.
 */
export function ManualReceiptForm(
  { state, positionId, notice, label, form, collapsed = false }: {
    state: State;
    positionId: string;
    notice: { id: string; amount_cents: number };
    label: string;
    form?: ManualForm;
    /**
     * One of several notices: the form folds under its title (opened by a click, no script),
     * unless it comes back with this notice's errors.
     */
    collapsed?: boolean;
  },
) {
  const tr = state.tr;
  const mine = form?.noticeId === notice.id ? form : undefined;
  const v = (name: string) => mine?.values[name];
  const errors = mine?.errors ?? {};
  const id = (name: string) => fieldId(name, notice.id);
  const today = romeDate();
  const title = `${tr("Registra pagamento", "Record payment")} – ${label}`;
  const formMarkup = (
    <form
      method="post"
      // The answer to a refusal opens at this form (the fragment survives the POST).
      action={`/operatore/posizioni/${positionId}/pagamento#registra-${notice.id}`}
      class="mb-4"
      id={`registra-${notice.id}`}
      aria-labelledby={`registra-${notice.id}-title`}
    >
      <CsrfField state={state} />
      <input type="hidden" name="avviso" value={notice.id} />
      {!collapsed && <h3 id={`registra-${notice.id}-title`} class="h5 mb-4">{title}</h3>}
      <ErrorSummary state={state} errors={errors} level={3} />
      <div class={`row${collapsed ? " mt-4" : ""}`}>
        <div class="col-12 col-md-3">
          <div class="form-group">
            <label for={id("importo")} class="active">{tr("Importo (€)", "Amount (€)")}</label>
            <input
              id={id("importo")}
              name="importo"
              type="text"
              class={`form-control${errors[id("importo")] ? " is-invalid" : ""}`}
              value={centsToInput(notice.amount_cents)}
              readOnly
              aria-describedby={`${id("importo")}-hint`}
            />
            <small id={`${id("importo")}-hint`} class="form-text">
              {tr(
                "L'importo dell'avviso: si registrano solo pagamenti completi.",
                "The notice's amount: only full payments are recorded.",
              )}
            </small>
          </div>
        </div>
        <div class="col-12 col-md-3">
          <TextField
            state={state}
            id={id("data")}
            name="data"
            type="date"
            label={tr("Data del pagamento", "Payment date")}
            value={v("data") ?? today}
            max={today}
            required
            errors={errors}
          />
        </div>
        <div class="col-12 col-md-3">
          <SelectField
            state={state}
            id={id("metodo")}
            name="metodo"
            label={tr("Modalità", "Method")}
            value={v("metodo") ?? "cash"}
            options={MANUAL_METHODS.map((m) => [
              m,
              tr(MANUAL_METHOD_LABELS[m].it, MANUAL_METHOD_LABELS[m].en),
            ])}
            required
            errors={errors}
          />
        </div>
        <div class="col-12 col-md-3">
          <TextField
            state={state}
            id={id("riferimento")}
            name="riferimento"
            label={tr("Riferimento", "Reference")}
            hint={tr(
              "Numero dello scontrino o CRO/TRN del bonifico.",
              "Till receipt number or CRO/TRN of the transfer.",
            )}
            value={v("riferimento") ?? ""}
            maxLength={64}
            required
            errors={errors}
          />
        </div>
        <div class="col-12">
          <TextAreaField
            state={state}
            id={id("nota")}
            name="nota"
            label={tr("Nota (facoltativa)", "Note (optional)")}
            value={v("nota") ?? ""}
            maxLength={500}
            rows={2}
            errors={errors}
          />
        </div>
      </div>
      <button type="submit" class="btn btn-primary">
        {tr("Registra pagamento", "Record payment")}
      </button>
    </form>
  );
  if (!collapsed) return formMarkup;
  return (
    <details class="mb-3" open={mine !== undefined}>
      <summary id={`registra-${notice.id}-title`} class="h6 text-primary">{title}</summary>
      {formMarkup}
    </details>
  );
}

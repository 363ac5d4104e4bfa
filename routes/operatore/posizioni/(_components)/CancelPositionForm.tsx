import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { OfficeOutcome } from "../../../../lib/pagopa/publish_office.ts";

/** The reason the office typed, sent back with the refusal (POST `annulla`). */
export interface CancelForm {
  value: string;
  /** A refusal of the reason itself (field id → message). */
  errors: FieldErrors;
  /** A refusal about the position (already paid…), not about the reason. */
  message?: string;
}

/** The reason's field id and form name. */
export const CANCEL_FIELD = "motivo-annullamento";
export const CANCEL_NAME = "motivo";

/** What became of pagoPA after the cancellation, as carried in `?pagopa=` after the redirect. */
export const PAGOPA_NOTES = ["informata", "in-coda", "sospesa", "non-pubblicata"] as const;
export type PagopaNote = typeof PAGOPA_NOTES[number];

/**
 * Reads the office's outcome: pagoPA told now (`invalidated`), to be told by the publication job
 * (`retry`), given up (`gave_up`: not retried), or nothing to tell (never published). `skipped`
 * also answers a position cancelled before, whose GPD status then says where it stands.
 */
export function pagopaNoteOf(out: Pick<OfficeOutcome, "result" | "gpd_status">): PagopaNote {
  if (out.result === "invalidated") return "informata";
  if (out.result === "retry") return "in-coda";
  if (out.result === "gave_up") return "sospesa";
  if (out.gpd_status === "invalidated") return "informata";
  if (out.gpd_status === "to_invalidate") return "in-coda";
  return "non-pubblicata";
}

/** The alert shown on the position's page after `?annullamento=fatto`. */
export function CancelledAlert(
  { state, note, credit }: {
    state: State;
    note?: PagopaNote;
    /** The credit note that reversed the position's invoice. */
    credit?: { id: string; numero: string } | null;
  },
) {
  const tr = state.tr;
  const told = note === "informata"
    ? tr(
      "pagoPA è stato informato e gli avvisi non possono più essere pagati.",
      "pagoPA has been told and the notices can no longer be paid.",
    )
    : note === "in-coda"
    ? tr(
      "pagoPA non ha risposto: sarà informato automaticamente al prossimo tentativo.",
      "pagoPA did not answer: it will be told automatically at the next attempt.",
    )
    : note === "sospesa"
    ? tr(
      "pagoPA non ha accettato l'annullamento e non verrà ritentato: vedere l'errore alla voce GPD.",
      "pagoPA did not accept the cancellation and it will not be retried: see the error under GPD.",
    )
    : note === "non-pubblicata"
    ? tr(
      "La posizione non era pubblicata su pagoPA: non c'era nulla da comunicare.",
      "The position was not published on pagoPA: there was nothing to tell.",
    )
    : "";
  return (
    <div
      class={`alert ${note === "sospesa" ? "alert-warning" : "alert-success"}`}
      role="status"
    >
      {tr("Posizione annullata.", "Position cancelled.")} {told}
      {credit && (
        <>
          {" "}
          {tr("La fattura è stornata dalla ", "The invoice is reversed by ")}
          <a href={`/operatore/fatture/${credit.id}`}>
            {tr(`nota di credito n. ${credit.numero}`, `credit note no. ${credit.numero}`)}
          </a>.
        </>
      )}
    </div>
  );
}

/**
 * "Annulla la posizione": the office cancels an open position with a reason. Posts to
 * `/operatore/posizioni/<id>/annulla`; only the form is left out when the position can no longer
 * be cancelled, so a refusal about the position still shows in words.
 */
export function CancelPositionForm(
  { state, positionId, cancellable, invoiced = false, form }: {
    state: State;
    positionId: string;
    cancellable: boolean;
    /** The position has an invoice: cancelling it issues the credit note that reverses it. */
    invoiced?: boolean;
    form?: CancelForm;
  },
) {
  const tr = state.tr;
  const errors = form?.errors ?? {};
  return (
    <section class="mb-4" aria-labelledby="annulla-title">
      <h2 id="annulla-title" class="h4">{tr("Annulla la posizione", "Cancel the position")}</h2>
      {form?.message && <div class="alert alert-danger" role="alert">{form.message}</div>}
      {cancellable && (
        <form
          method="post"
          action={`/operatore/posizioni/${positionId}/annulla#annulla-title`}
          id="annulla"
          aria-labelledby="annulla-title"
          aria-describedby="annulla-info"
        >
          <CsrfField state={state} />
          <p id="annulla-info">
            {tr(
              "Gli avvisi della posizione non potranno più essere pagati: pagoPA ne viene informato e la famiglia vede la posizione annullata.",
              "The position's notices can no longer be paid: pagoPA is told and the family sees the position cancelled.",
            )}
            {invoiced && " " + tr(
                  "La posizione è fatturata: la fattura viene stornata da una nota di credito con lo stesso motivo.",
                  "The position is invoiced: the invoice is reversed by a credit note with the same reason.",
                )}
          </p>
          <ErrorSummary state={state} errors={errors} level={3} />
          <TextAreaField
            state={state}
            id={CANCEL_FIELD}
            name={CANCEL_NAME}
            label={tr("Motivo", "Reason")}
            hint={tr(
              "Da 5 a 1000 caratteri; resta scritto sulla posizione.",
              "5 to 1000 characters; it stays on the position.",
            )}
            value={form?.value ?? ""}
            maxLength={1000}
            rows={3}
            required
            errors={errors}
          />
          <button type="submit" class="btn btn-danger">
            {tr("Annulla la posizione", "Cancel the position")}
          </button>
        </form>
      )}
    </section>
  );
}

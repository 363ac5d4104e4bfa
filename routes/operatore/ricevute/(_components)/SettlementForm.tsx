import { ChoicesField } from "../../../../components/CheckboxField.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { formatDateTime, romeDate } from "../../../../lib/i18n/mod.ts";
import type { ReceiptDetail } from "../../../../lib/pagopa/receipts_read.ts";
import type {
  SettlementError,
  SettlementWallet,
} from "../../../../lib/pagopa/receipts_settlement.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";

/** What the office typed, with its errors (field id → message). */
export interface SettlementFormData {
  values: Record<string, string>;
  errors: FieldErrors;
  /** A refusal about the receipt itself (already settled…), not about one field. */
  message?: string;
}

/** Posted field names. */
export const SETTLEMENT_FIELDS = ["esito", "data_rimborso", "riferimento", "borsellino", "nota"];

/** The form field of each `SettlementError` field. */
export const FIELD_OF: Record<NonNullable<SettlementError["field"]>, string> = {
  kind: "esito",
  refundedOn: "data_rimborso",
  reference: "riferimento",
  walletId: "borsellino",
  note: "nota",
};

/**
 * "Esito della verifica": what the office did with money that paid nothing — a receipt that
 * matched no notice (`receipt`), or a carried credit given back (`credit`): refunded, credited to
 * a wallet of the payer, or (receipts only) something else said in words. Posts to `action`;
 * recorded once and for good.
 */
export function SettlementForm(
  { state, action, amountCents, wallets, form, subject = "receipt", hidden = {} }: {
    state: State;
    action: string;
    amountCents: number;
    wallets: SettlementWallet[];
    form?: SettlementFormData;
    subject?: "receipt" | "credit";
    /** Posted as they are (e.g. the amount the office saw). */
    hidden?: Record<string, string>;
  },
) {
  const tr = state.tr;
  const allowOther = subject === "receipt";
  const euro = formatEuro(amountCents, state.lang);
  const v = (name: string) => form?.values[name] ?? "";
  const errors = form?.errors ?? {};
  const today = romeDate();
  const kinds: [string, string][] = [
    allowOther
      ? ["refunded", tr("Rimborsata al pagatore", "Refunded to the payer")]
      : ["refunded", tr("Rimborsato al pagatore con bonifico", "Refunded by bank transfer")],
    ...(wallets.length
      ? [[
        "wallet_credit",
        allowOther
          ? tr("Accreditata sul borsellino", "Credited to a wallet")
          : tr("Accreditato sul borsellino", "Credited to a wallet"),
      ] as [
        string,
        string,
      ]]
      : []),
    ...(allowOther ? [["other", tr("Altro", "Other")] as [string, string]] : []),
  ];
  return (
    <form method="post" action={action} class="mb-4">
      <CsrfField state={state} />
      {Object.entries(hidden).map(([k, v]) => <input type="hidden" name={k} value={v} key={k} />)}
      <ErrorSummary state={state} errors={errors} level={3} />
      {form?.message && <div class="alert alert-danger" role="alert">{form.message}</div>}
      <p>
        {allowOther
          ? tr(
            `Registrare che cosa è stato fatto dei ${euro} pagati. L'esito è definitivo: non si potrà cambiare.`,
            `Record what was done with the ${euro} paid. The outcome is final: it cannot be changed.`,
          )
          : tr(
            `Restituire al pagatore il credito di ${euro}. È definitivo: le righe non saranno più detratte da un avviso.`,
            `Give the ${euro} credit back to the payer. It is final: the lines will no longer be deducted from a notice.`,
          )}
      </p>
      <ChoicesField
        state={state}
        id="esito"
        type="radio"
        label={tr("Esito", "Outcome")}
        values={[v("esito")]}
        options={kinds}
        errors={errors}
        required
      />
      <div class="row">
        <div class="col-12 col-md-4">
          <TextField
            state={state}
            id="data_rimborso"
            type="date"
            label={tr("Data del rimborso", "Refund date")}
            hint={tr("Solo per un rimborso.", "Refunds only.")}
            value={v("data_rimborso") || today}
            max={today}
            errors={errors}
          />
        </div>
        <div class="col-12 col-md-8">
          <TextField
            state={state}
            id="riferimento"
            label={tr("Riferimento del rimborso", "Refund reference")}
            hint={tr(
              "Solo per un rimborso: CRO/TRN del bonifico.",
              "Refunds only: CRO/TRN of the transfer.",
            )}
            value={v("riferimento")}
            maxLength={64}
            errors={errors}
          />
        </div>
        {wallets.length > 0 && (
          <div class="col-12">
            <SelectField
              state={state}
              id="borsellino"
              label={tr("Borsellino da accreditare", "Wallet to credit")}
              hint={tr(
                "Solo per l'accredito: i borsellini del pagatore.",
                "Wallet credit only: the payer's wallets.",
              )}
              value={v("borsellino") || (wallets.length === 1 ? wallets[0].id : "")}
              empty={tr("Scegli…", "Choose…")}
              options={wallets.map((w) => [
                w.id,
                `${w.payer_name}${w.beneficiary_name ? ` (${w.beneficiary_name})` : ""} — ${
                  tr("saldo", "balance")
                } ${formatEuro(Number(w.balance_cents), state.lang)}`,
              ])}
              errors={errors}
            />
          </div>
        )}
        <div class="col-12">
          <TextAreaField
            state={state}
            id="nota"
            label={tr("Nota", "Note")}
            hint={allowOther
              ? tr(
                "Obbligatoria per «Altro»: che cosa è stato fatto della somma (da 5 a 1000 caratteri).",
                "Required for “Other”: what was done with the amount (5 to 1000 characters).",
              )
              : tr("Facoltativa, da 5 a 1000 caratteri.", "Optional, 5 to 1000 characters.")}
            value={v("nota")}
            maxLength={1000}
            rows={3}
            errors={errors}
          />
        </div>
      </div>
      <button type="submit" class="btn btn-primary">
        {tr("Registra l'esito", "Record the outcome")}
      </button>
    </form>
  );
}

/** The recorded outcome: what was done, by whom and when. */
export function SettlementOutcome({ state, r }: { state: State; r: ReceiptDetail }) {
  const tr = state.tr;
  const on = (r.settlement_on ?? "").split("-").reverse().join("/");
  const what = r.settlement === "refunded"
    ? tr(
      `Rimborsato il ${on} (rif. ${r.settlement_ref})`,
      `Refunded on ${on} (ref. ${r.settlement_ref})`,
    )
    : r.settlement === "wallet_credit"
    ? (
      <>
        {tr("Accreditato sul borsellino di ", "Credited to the wallet of ")}
        <a href={`/operatore/borsellini/${r.settlement_wallet_id}`}>
          {r.settlement_wallet_name ?? "—"}
        </a>
      </>
    )
    : tr(`Altro: ${r.settlement_note}`, `Other: ${r.settlement_note}`);
  return (
    <>
      <p class="mb-1">{what}</p>
      {r.settlement !== "other" && r.settlement_note && (
        <p class="mb-1">{tr("Nota", "Note")}: {r.settlement_note}</p>
      )}
      <p class="small text-secondary">
        {tr("Registrato da", "Recorded by")} {r.settled_by_name ?? "—"} {tr("il", "on")}{" "}
        {r.settled_at ? formatDateTime(state.lang, r.settled_at) : "—"}
      </p>
    </>
  );
}

import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { TextField } from "../../../../components/TextField.tsx";
import {
  type CollectionForm,
  type CollectionSelection,
  EXCLUSION_LABELS,
  EXCLUSIONS,
  FIELDS,
} from "../../../../lib/billing/enforced_collection.ts";
import type { Candidate, Collection } from "../../../../lib/billing/enforced_collection_read.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";

export const COLLECTIONS_PATH = "/operatore/posizioni/riscossione";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The Ente's lists, newest first. */
export function CollectionTable(
  { state, items, total }: { state: State; items: Collection[]; total: number },
) {
  const tr = state.tr;
  if (items.length === 0) {
    return (
      <p>
        {tr(
          "Nessun elenco affidato alla riscossione coattiva.",
          "No list handed to enforced collection.",
        )}
      </p>
    );
  }
  return (
    <div class="table-responsive">
      <table class="table">
        <caption>{tr(`Elenchi: ${total}`, `Lists: ${total}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{tr("Data", "Date")}</th>
            <th scope="col">{tr("Riferimento", "Reference")}</th>
            <th scope="col" class="text-end">{tr("Posizioni", "Positions")}</th>
            <th scope="col" class="text-end">{tr("Totale", "Total")}</th>
            <th scope="col">{tr("Da", "By")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <a href={`${COLLECTIONS_PATH}/${c.id}`}>
                  {formatDateTime(state.lang, c.created_at)}
                </a>
              </th>
              <td>{c.reference}</td>
              <td class="text-end">
                {c.positions_count}
                {c.withdrawn_count > 0 &&
                  tr(` (${c.withdrawn_count} ritirate)`, ` (${c.withdrawn_count} withdrawn)`)}
              </td>
              <td class="text-end text-nowrap">{euro(state, c.total_cents)}</td>
              <td>{c.created_by_name ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The form's values carried as hidden fields from the confirmation step to the creation. */
function HiddenForm({ form }: { form: CollectionForm }) {
  return (
    <>
      <input type="hidden" name={FIELDS.run_id} value={form.run_id} />
      <input type="hidden" name={FIELDS.min_days} value={form.min_days} />
      <input type="hidden" name={FIELDS.min_payer} value={form.min_payer} />
      <input type="hidden" name={FIELDS.reference} value={form.reference} />
      <input type="hidden" name={FIELDS.note} value={form.note} />
    </>
  );
}

/**
 * "Nuovo elenco per la riscossione coattiva": the rule (run, days since the last reminder,
 * minimum per payer) and the act (reference, note), to a confirmation step.
 */
export function NewCollectionForm(
  { state, form, errors, runs }: {
    state: State;
    form: CollectionForm;
    errors: FieldErrors;
    runs: { id: string; label: string }[];
  },
) {
  const tr = state.tr;
  return (
    <section aria-labelledby="nuovo-title" class="mb-5">
      <h2 id="nuovo-title" class="h4">
        {tr("Nuovo elenco per la riscossione coattiva", "New list for enforced collection")}
      </h2>
      <form method="post" action={`${COLLECTIONS_PATH}#nuovo-title`} novalidate>
        <CsrfField state={state} />
        <input type="hidden" name="passo" value="conferma" />
        <ErrorSummary state={state} errors={errors} level={3} />
        <p>
          {tr(
            "Entrano nell'elenco le posizioni scadute e non pagate già sollecitate (e-mail, notifica o lettera), con l'ultimo sollecito di almeno i giorni indicati, dei pagatori che devono almeno l'importo minimo. Prima della creazione vedrai quante sono e quante restano fuori.",
            "The list takes the overdue unpaid positions already reminded (e-mail, notification or letter), whose last reminder is at least the given days old, of payers owing at least the minimum amount. Before it is created you will see how many they are and how many are left out.",
          )}
        </p>
        <SelectField
          state={state}
          id={FIELDS.run_id}
          label={tr("Elaborazione (facoltativa)", "Billing run (optional)")}
          value={form.run_id}
          empty={tr("Tutte le elaborazioni", "All runs")}
          options={runs.map((r) => [r.id, r.label])}
          errors={errors}
        />
        <TextField
          state={state}
          id={FIELDS.min_days}
          label={tr("Giorni minimi dall'ultimo sollecito", "Minimum days since the last reminder")}
          value={form.min_days}
          errors={errors}
          type="number"
          min="0"
          max="365"
          inputMode="numeric"
          required
        />
        <TextField
          state={state}
          id={FIELDS.min_payer}
          label={tr("Importo minimo per pagatore (€)", "Minimum amount per payer (€)")}
          value={form.min_payer}
          errors={errors}
          inputMode="decimal"
          hint={tr(
            "I pagatori che devono meno di questo importo in tutto restano fuori.",
            "Payers owing less than this in all are left out.",
          )}
          required
        />
        <TextField
          state={state}
          id={FIELDS.reference}
          label={tr("Riferimento dell'atto", "Reference of the act")}
          value={form.reference}
          errors={errors}
          maxLength={200}
          hint={tr(
            "Il numero della determinazione o il protocollo, per esempio «Det. n. 123/2026».",
            "The determination's number or the protocol, for example “Det. n. 123/2026”.",
          )}
          required
        />
        <TextAreaField
          state={state}
          id={FIELDS.note}
          label={tr("Nota", "Note")}
          value={form.note}
          errors={errors}
          maxLength={2000}
          rows={3}
        />
        <button type="submit" class="btn btn-primary">{tr("Prosegui", "Continue")}</button>
      </form>
    </section>
  );
}

/** The confirmation step: what the list takes, what it leaves out and why, then "Crea". */
export function CollectionConfirm(
  { state, form, selection, message }: {
    state: State;
    form: CollectionForm;
    selection: CollectionSelection<Candidate>;
    /** A refusal at creation (nothing left, too many). */
    message?: string;
  },
) {
  const tr = state.tr;
  const s = selection;
  const n = s.included.length;
  return (
    <section aria-labelledby="conferma-title">
      <h2 id="conferma-title" class="h4">{tr("Conferma l'elenco", "Confirm the list")}</h2>
      {message && <div class="alert alert-danger" role="alert">{message}</div>}
      <dl class="row">
        <dt class="col-sm-4">{tr("Riferimento", "Reference")}</dt>
        <dd class="col-sm-8">{form.reference}</dd>
        <dt class="col-sm-4">{tr("Posizioni da affidare", "Positions to hand over")}</dt>
        <dd class="col-sm-8">{n}</dd>
        <dt class="col-sm-4">{tr("Pagatori", "Payers")}</dt>
        <dd class="col-sm-8">{s.payers}</dd>
        <dt class="col-sm-4">{tr("Totale", "Total")}</dt>
        <dd class="col-sm-8">{euro(state, s.total_cents)}</dd>
      </dl>
      <h3 class="h5">{tr("Escluse", "Left out")}</h3>
      <ul>
        {EXCLUSIONS.map((e) => (
          <li key={e}>
            {tr(EXCLUSION_LABELS[e].it, EXCLUSION_LABELS[e].en)}: {s.excluded[e]}
            {e === "under_threshold" && s.excluded_payers > 0 &&
              tr(
                ` (${plural(s.excluded_payers, "pagatore", "pagatori")})`,
                ` (${plural(s.excluded_payers, "payer", "payers")})`,
              )}
          </li>
        ))}
      </ul>
      {n > 0
        ? (
          <form method="post" action={COLLECTIONS_PATH}>
            <CsrfField state={state} />
            <input type="hidden" name="passo" value="crea" />
            <HiddenForm form={form} />
            <p>
              {tr(
                "Le posizioni dell'elenco non riceveranno più solleciti; gli avvisi pagoPA restano pagabili. Potrai scaricare la lista di carico e ritirare una posizione, con il motivo.",
                "The list's positions will get no more reminders; the pagoPA notices stay payable. You can download the hand-over list and withdraw a position, with the reason.",
              )}
            </p>
            <button type="submit" class="btn btn-primary me-2">
              {tr(
                `Crea l'elenco di ${plural(n, "posizione", "posizioni")}`,
                `Create the list of ${plural(n, "position", "positions")}`,
              )}
            </button>
            <a class="btn btn-outline-secondary" href={COLLECTIONS_PATH}>
              {tr("Annulla", "Cancel")}
            </a>
          </form>
        )
        : (
          <p>
            {tr(
              "Nessuna posizione da affidare con queste condizioni.",
              "No position to hand over with these conditions.",
            )} <a href={COLLECTIONS_PATH}>{tr("Torna agli elenchi", "Back to the lists")}</a>
          </p>
        )}
    </section>
  );
}

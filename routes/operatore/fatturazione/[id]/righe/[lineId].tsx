import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../../components/FormErrors.tsx";
import { TextAreaField } from "../../../../../components/TextAreaField.tsx";
import { RequiredNote, TextField } from "../../../../../components/TextField.tsx";
import { deleteLine, ReviewError, updateLine } from "../../../../../lib/billing/lines.ts";
import {
  getLine,
  getRun,
  isOpen,
  type Line,
  LINE_KIND_LABELS,
  type Run,
} from "../../../../../lib/billing/review.ts";
import type { Tx } from "../../../../../lib/db/types.ts";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import { centsToInput, parseEuro } from "../../../../../lib/tariffs/money.ts";
import { euro, period } from "../../(_components)/bits.tsx";
import { Explanation } from "../../(_components)/LinesTable.tsx";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

type Form = Record<"amount" | "description" | "reason" | "delete_reason", string>;

interface Data {
  run: Run;
  line: Line;
  form: Form;
  errors: FieldErrors;
}

async function load(tx: Tx, runId: string, lineId: string) {
  const run = await getRun(tx, runId);
  const line = run && await getLine(tx, lineId);
  if (!run || !line || line.run_id !== run.id) throw new HttpError(404);
  return { run, line };
}

const formOf = (l: Line): Form => ({
  amount: centsToInput(Math.abs(l.amount_cents)),
  description: l.description,
  reason: "",
  delete_reason: "",
});

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const { id, lineId } = c.req.param() as { id: string; lineId: string };
    if (!isUuid(id) || !isUuid(lineId)) throw new HttpError(404);
    const { run, line } = await db.asUser(claims!, (tx) => load(tx, id, lineId));
    return page({ run, line, form: formOf(line), errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const { id, lineId } = c.req.param() as { id: string; lineId: string };
    if (!isUuid(id) || !isUuid(lineId)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const str = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const form: Form = {
      amount: str("amount"),
      description: str("description"),
      reason: str("reason"),
      delete_reason: str("delete_reason"),
    };
    const del = body.action === "delete";
    try {
      await state.db.asUser(state.claims!, async (tx) => {
        const { line } = await load(tx, id, lineId);
        if (del) return await deleteLine(tx, lineId, form.delete_reason);
        const cents = parseEuro(form.amount);
        return await updateLine(tx, lineId, {
          amount_cents: cents === Math.abs(line.amount_cents) ? undefined : (cents ?? -1),
          description: form.description.trim() === line.description ? undefined : form.description,
          reason: form.reason,
        });
      });
      return c.redirect(`/operatore/fatturazione/${id}?${del ? "eliminata" : "riga"}=1#righe`, 303);
    } catch (e) {
      if (!(e instanceof ReviewError)) throw e;
      const { run, line } = await state.db.asUser(state.claims!, (tx) => load(tx, id, lineId));
      let errors = e.fieldErrors(state.lang);
      if (del && errors.reason) errors = { delete_reason: errors.reason };
      return page({ run, line, form, errors }, { status: e.status });
    }
  },
});

/** One line of a run: what it is and why; change its amount or description, or delete it. */
export default define.page<Data>(function EditLine({ data, state }) {
  const tr = state.tr;
  const { run, line: l, form: f, errors: e } = data;
  const open = isOpen(run.status) && !l.deleted_at && !l.debt_position_id;
  const action = `/operatore/fatturazione/${run.id}/righe/${l.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [run.label, `/operatore/fatturazione/${run.id}`],
          [tr("Riga", "Line")],
        ]}
      />
      <h1>{tr("Riga di fatturazione", "Charge line")}</h1>
      <dl class="row">
        <dt class="col-sm-3">{tr("Pagatore", "Payer")}</dt>
        <dd class="col-sm-9">{l.payer_name} {l.payer_tax_code ?? ""}</dd>
        <dt class="col-sm-3">{tr("Alunno", "Pupil")}</dt>
        <dd class="col-sm-9">
          {l.enrollment_id
            ? <a href={`/operatore/iscrizioni/${l.enrollment_id}`}>{l.beneficiary_name}</a>
            : "—"}
        </dd>
        <dt class="col-sm-3">{tr("Servizio e periodo", "Service and period")}</dt>
        <dd class="col-sm-9">
          {l.service_title}, {period(state, l.period_start, l.period_end)}
        </dd>
        <dt class="col-sm-3">{tr("Tipo", "Kind")}</dt>
        <dd class="col-sm-9">{tr(LINE_KIND_LABELS[l.kind].it, LINE_KIND_LABELS[l.kind].en)}</dd>
        <dt class="col-sm-3">{tr("Importo", "Amount")}</dt>
        <dd class="col-sm-9">{euro(state, l.amount_cents)}</dd>
        <dt class="col-sm-3">{tr("Descrizione", "Description")}</dt>
        <dd class="col-sm-9">
          {l.description}
          <Explanation state={state} line={l} />
        </dd>
        {l.reason && (
          <>
            <dt class="col-sm-3">
              {tr("Motivo dell'ultima modifica", "Reason of the last change")}
            </dt>
            <dd class="col-sm-9">{l.reason}</dd>
          </>
        )}
      </dl>
      {!open
        ? (
          <p class="alert alert-info" role="status">
            {l.deleted_at
              ? tr(`Riga eliminata: ${l.delete_reason}`, `Line deleted: ${l.delete_reason}`)
              : tr(
                "L'elaborazione non è più in verifica: la riga non si può cambiare. Le correzioni vanno nella prossima elaborazione.",
                "The run is no longer in review: the line cannot change. Corrections go into the next run.",
              )}
          </p>
        )
        : (
          <>
            <ErrorSummary state={state} errors={e} />
            <h2 class="h4">{tr("Modifica", "Change")}</h2>
            <form method="post" action={action} novalidate class="mb-5">
              <CsrfField state={state} />
              <input type="hidden" name="action" value="update" />
              <RequiredNote state={state} />
              <TextField
                state={state}
                id="amount"
                label={tr("Importo in euro", "Amount in euro")}
                value={f.amount}
                inputMode="decimal"
                hint={l.amount_cents < 0
                  ? tr("Positivo: resta un accredito.", "Positive: it stays a credit.")
                  : undefined}
                errors={e}
              />
              <TextField
                state={state}
                id="description"
                label={tr("Descrizione", "Description")}
                value={f.description}
                maxLength={300}
                errors={e}
              />
              <TextAreaField
                state={state}
                id="reason"
                label={tr("Motivo della modifica", "Reason for the change")}
                value={f.reason}
                required
                errors={e}
              />
              <button type="submit" class="btn btn-primary">
                {tr("Salva la modifica", "Save the change")}
              </button>
            </form>
            <h2 class="h4">{tr("Elimina", "Delete")}</h2>
            <form method="post" action={action} novalidate>
              <CsrfField state={state} />
              <input type="hidden" name="action" value="delete" />
              <TextAreaField
                state={state}
                id="delete_reason"
                label={tr("Motivo dell'eliminazione", "Reason for deleting")}
                value={f.delete_reason}
                required
                rows={2}
                errors={e}
              />
              <button type="submit" class="btn btn-outline-danger">
                {tr("Elimina la riga", "Delete the line")}
              </button>
            </form>
          </>
        )}
    </>
  );
});

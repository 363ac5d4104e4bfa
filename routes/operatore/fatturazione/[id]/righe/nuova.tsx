import { Breadcrumb } from "../../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../../components/SelectField.tsx";
import { TextAreaField } from "../../../../../components/TextAreaField.tsx";
import { RequiredNote, TextField } from "../../../../../components/TextField.tsx";
import {
  addLine,
  checkNewLine,
  type EnrollmentChoice,
  enrollmentChoices,
  ReviewError,
} from "../../../../../lib/billing/lines.ts";
import { getRun, isOpen, type Run } from "../../../../../lib/billing/review.ts";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import { isUuid } from "../../../../../lib/codes/uuid.ts";

type Form = Record<"kind" | "enrollment_id" | "amount" | "description" | "reason", string>;

interface Data {
  run: Run;
  form: Form;
  errors: FieldErrors;
  enrollments: EnrollmentChoice[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const enrollment = c.req.query("iscrizione") ?? "";
    return page(
      await db.asUser(claims!, async (tx) => {
        const run = await getRun(tx, id);
        if (!run) throw new HttpError(404);
        return {
          run,
          form: {
            kind: "debit",
            enrollment_id: isUuid(enrollment) ? enrollment : "",
            amount: "",
            description: "",
            reason: "",
          },
          errors: {},
          enrollments: await enrollmentChoices(tx, id),
        };
      }),
    );
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const body = await c.req.parseBody();
    const str = (k: string) => typeof body[k] === "string" ? (body[k] as string) : "";
    const form: Form = {
      kind: str("kind"),
      enrollment_id: str("enrollment_id"),
      amount: str("amount"),
      description: str("description"),
      reason: str("reason"),
    };
    try {
      const line = checkNewLine(form);
      await state.db.asUser(state.claims!, (tx) => addLine(tx, id, line));
      return c.redirect(`/operatore/fatturazione/${id}?riga=1#righe`, 303);
    } catch (e) {
      if (!(e instanceof ReviewError)) throw e;
      const data = await state.db.asUser(state.claims!, async (tx) => {
        const run = await getRun(tx, id);
        if (!run) throw new HttpError(404);
        return { run, enrollments: await enrollmentChoices(tx, id) };
      });
      return page({ ...data, form, errors: e.fieldErrors(state.lang) }, { status: e.status });
    }
  },
});

/** A line the office adds to a run in review: a credit, a debit or a one-off fee. */
export default define.page<Data>(function NewLine({ data, state }) {
  const tr = state.tr;
  const { run, form: f, errors: e } = data;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [run.label, `/operatore/fatturazione/${run.id}`],
          [tr("Nuova riga", "New line")],
        ]}
      />
      <h1>{tr("Aggiungi una riga", "Add a line")}</h1>
      {!isOpen(run.status)
        ? (
          <p class="alert alert-warning" role="status">
            {tr(
              "L'elaborazione non è più in verifica: le correzioni vanno nella prossima elaborazione.",
              "The run is no longer in review: corrections go into the next run.",
            )}
          </p>
        )
        : (
          <>
            <ErrorSummary state={state} errors={e} />
            <form method="post" action={`/operatore/fatturazione/${run.id}/righe/nuova`} novalidate>
              <CsrfField state={state} />
              <RequiredNote state={state} />
              <SelectField
                state={state}
                id="kind"
                label={tr("Tipo", "Kind")}
                value={f.kind}
                required
                options={[
                  ["debit", tr("Addebito", "Debit")],
                  [
                    "credit",
                    tr("Accredito (riduce quanto dovuto)", "Credit (reduces what is owed)"),
                  ],
                  ["one_off", tr("Quota una tantum", "One-off fee")],
                ]}
                errors={e}
              />
              <SelectField
                state={state}
                id="enrollment_id"
                label={tr(
                  "Iscrizione (alunno, servizio, pagatore)",
                  "Enrollment (pupil, service, payer)",
                )}
                value={f.enrollment_id}
                required
                empty={tr("Scegli…", "Choose…")}
                options={data.enrollments.map((x) => [x.id, x.label])}
                errors={e}
              />
              <TextField
                state={state}
                id="amount"
                label={tr("Importo in euro", "Amount in euro")}
                value={f.amount}
                required
                inputMode="decimal"
                hint={tr("Sempre positivo, ad esempio 12,50.", "Always positive, e.g. 12.50.")}
                errors={e}
              />
              <TextField
                state={state}
                id="description"
                label={tr(
                  "Descrizione (la legge la famiglia)",
                  "Description (the family reads it)",
                )}
                value={f.description}
                required
                maxLength={300}
                errors={e}
              />
              <TextAreaField
                state={state}
                id="reason"
                label={tr("Motivo (per il registro delle attività)", "Reason (for the audit log)")}
                value={f.reason}
                required
                errors={e}
              />
              <button type="submit" class="btn btn-primary">{tr("Aggiungi", "Add")}</button>
            </form>
          </>
        )}
    </>
  );
});

import type { ClosureRow } from "../../../../lib/services/calendar_db.ts";
import { CLOSURE_KIND_LABELS } from "../../../../lib/services/labels.ts";
import { Dates, DeleteButton, Hidden, type Props } from "./CalendarForms.tsx";
import { Input, Select } from "./fields.tsx";

/** Ad-hoc closures: strikes, snow, elections… with the reason families will read. */
export function ClosuresSection(
  { state, action, month, closures, form, errors }: Props & { closures: ClosureRow[] },
) {
  const v = (k: string) => form.action === "add_closure" ? form[k] ?? "" : "";
  const kinds = Object.keys(CLOSURE_KIND_LABELS) as (keyof typeof CLOSURE_KIND_LABELS)[];
  return (
    <section aria-labelledby="closures-title" class="mb-5">
      <h2 id="closures-title" class="h4">
        {state.tr("Chiusure straordinarie", "Ad-hoc closures")}
      </h2>
      {closures.length === 0
        ? <p>{state.tr("Nessuna chiusura straordinaria.", "No ad-hoc closures.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr("Giorni di chiusura straordinaria", "Ad-hoc closing days")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Motivo", "Reason")}</th>
                  <th scope="col">{state.tr("Tipo", "Kind")}</th>
                  <th scope="col">{state.tr("Date", "Dates")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{state.tr("Azioni", "Actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {closures.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.reason}</th>
                    <td>{CLOSURE_KIND_LABELS[c.kind][state.lang]}</td>
                    <td>
                      <Dates state={state} from={c.starts_on} to={c.ends_on} />
                    </td>
                    <td>
                      <DeleteButton
                        state={state}
                        action={action}
                        month={month}
                        name="closure"
                        id={c.id}
                        text={state.tr(
                          `Togli la chiusura «${c.reason}»`,
                          `Remove the closure “${c.reason}”`,
                        )}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <h3 class="h5">{state.tr("Aggiungi una chiusura", "Add a closure")}</h3>
      <form method="post" action={action} noValidate>
        <Hidden state={state} action="add_closure" month={month} />
        <Select
          state={state}
          id="closure_kind"
          label={state.tr("Tipo di chiusura", "Kind of closure")}
          value={v("closure_kind")}
          options={kinds.map((k) => [k, CLOSURE_KIND_LABELS[k][state.lang]])}
          empty={state.tr("Scegli", "Choose")}
          errors={errors}
          required
        />
        <Input
          state={state}
          id="closure_reason"
          label={state.tr(
            "Motivo, come lo leggeranno le famiglie",
            "Reason, as families will read it",
          )}
          value={v("closure_reason")}
          errors={errors}
          maxLength={200}
          required
        />
        <div class="row">
          <div class="col-md-6">
            <Input
              state={state}
              id="closure_from"
              type="date"
              label={state.tr("Dal", "From")}
              value={v("closure_from")}
              errors={errors}
              required
            />
          </div>
          <div class="col-md-6">
            <Input
              state={state}
              id="closure_to"
              type="date"
              label={state.tr(
                "Al (compreso; vuoto se un giorno solo)",
                "To (included; empty for one day)",
              )}
              value={v("closure_to")}
              errors={errors}
            />
          </div>
        </div>
        <button type="submit" class="btn btn-primary">
          {state.tr("Aggiungi la chiusura", "Add the closure")}
        </button>
      </form>
    </section>
  );
}

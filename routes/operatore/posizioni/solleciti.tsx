import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { sendReminders, type SendResult } from "../../../lib/billing/reminders.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";
import { readPositionFilters } from "./(_components)/filters.ts";
import {
  ReminderConfirm,
  type ReminderFilters,
  ReminderResult,
} from "./(_components)/Reminders.tsx";

interface Data {
  step: "confirm" | "done";
  filters: ReminderFilters;
  result: SendResult;
}

/** The overdue list of the same filters, where the office came from. */
function listHref(f: ReminderFilters): string {
  const q = new URLSearchParams();
  if (f.run_id) q.set("run_id", f.run_id);
  if (f.payer) q.set("payer", f.payer);
  q.set("status", "overdue");
  return `/operatore/posizioni?${q}`;
}

/**
 * "Invia sollecito alle N posizioni scadute" of the overdue list: `passo=conferma` counts what
 * would be sent (nothing written), `passo=invia` sends in the office's transaction and shows the
 * outcome (a second submit skips what was just sent as recent).
 */
export const handler = define.handlers<Data>({
  GET(c) {
    return c.redirect("/operatore/posizioni?status=overdue", 303);
  },
  async POST(c) {
    const { db, claims, config } = c.get("state");
    const body = await c.req.parseBody();
    const field = (k: string) => typeof body[k] === "string" ? (body[k] as string) : undefined;
    // Read as the list reads its query string; only the run and the payer make a reminder's filter.
    const { run_id, payer } = readPositionFilters(field).filters;
    const filters: ReminderFilters = { run_id: run_id ?? null, payer: payer ?? null };
    const step = field("passo")?.trim();
    if (step !== "conferma" && step !== "invia") throw new HttpError(400);
    const result = await db.asUser(claims!, (tx) =>
      sendReminders(tx, { filters }, {
        dryRun: step === "conferma",
        publicUrl: config.publicUrl,
      }));
    return page({ step: step === "conferma" ? "confirm" : "done", filters, result });
  },
});

/** The confirmation step and the outcome of a bulk reminder. */
export default define.page<Data>(function BulkReminders({ data, state }) {
  const tr = state.tr;
  const back = listHref(data.filters);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Fatturazione", "Billing"), "/operatore/fatturazione"],
          [tr("Posizioni debitorie", "Debt positions"), back],
          [tr("Solleciti di pagamento", "Payment reminders")],
        ]}
      />
      <h1>{tr("Solleciti di pagamento", "Payment reminders")}</h1>
      {data.filters.payer && (
        <p class="lead">
          {tr(
            `Posizioni scadute e non pagate che corrispondono a «${data.filters.payer}».`,
            `Overdue unpaid positions matching “${data.filters.payer}”.`,
          )}
        </p>
      )}
      {data.step === "confirm"
        ? (
          <ReminderConfirm
            state={state}
            result={data.result}
            filters={data.filters}
            back={back}
          />
        )
        : <ReminderResult state={state} result={data.result} back={back} />}
    </>
  );
});

import { createInvoicesForRun } from "../../../lib/fatturapa/issue.ts";
import { InvoiceDataError } from "../../../lib/fatturapa/xml.ts";
import { define, HttpError } from "../../../lib/http/define.ts";
import { isUuid } from "../../../lib/codes/uuid.ts";

/** Issues the missing invoices of an issued run (idempotent), then back to the list. */
export const handler = define.handlers({
  async POST(c) {
    const state = c.get("state");
    const body = await c.req.parseBody();
    const runId = typeof body.run_id === "string" ? body.run_id : "";
    if (!isUuid(runId)) {
      throw new HttpError(422, state.tr("Scegliere un'elaborazione.", "Choose a run."), {
        code: "validation_failed",
      });
    }
    try {
      const r = await state.db.asUser(state.claims!, async (tx) => {
        const [run] = await tx.query<{ status: string }>(
          "select status from public.billing_runs where id = $1",
          [runId],
        );
        if (!run) throw new HttpError(404, "Run not found", { code: "not_found" });
        if (run.status !== "issued") {
          throw new HttpError(
            409,
            state.tr("L'elaborazione non è ancora emessa.", "The run has not been issued yet."),
            { code: "run_not_issued" },
          );
        }
        return await createInvoicesForRun(tx, runId, { userId: state.claims!.sub });
      });
      return c.redirect(
        `/operatore/fatture?run_id=${runId}&emesse=${r.created.length}&problemi=${r.problems.length}`,
        303,
      );
    } catch (e) {
      if (e instanceof InvoiceDataError && e.code === "invoice_settings_missing") {
        return c.redirect("/operatore/fatture?errore=impostazioni", 303);
      }
      throw e;
    }
  },
});

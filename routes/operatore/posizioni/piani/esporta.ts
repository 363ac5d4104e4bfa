import { plansCsv } from "../../../../lib/billing/instalment_plans_csv.ts";
import { listPlans } from "../../../../lib/billing/instalment_plans_read.ts";
import { define } from "../../../../lib/http/define.ts";
import { EXPORT_MAX_ROWS, refuseTruncated } from "../../../../lib/http/export_limit.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { readStanding } from "../(_components)/InstalmentPlans.tsx";

/** The plans of the list, with its filter, as CSV (audited: it names payers and debts). */
export const handler = define.handlers({
  async GET(c) {
    const state = c.get("state");
    const standing = readStanding(c.req.query("stato"));
    const body = await state.db.asUser(state.claims!, async (tx) => {
      const { items } = await listPlans(tx, { standing }, EXPORT_MAX_ROWS + 1, 0);
      refuseTruncated(items.length, EXPORT_MAX_ROWS, state.tr);
      await tx.query(
        "select app.audit_event(app.tenant_id(), 'export', 'instalment_plans', null, $1)",
        [{ filters: { standing }, rows: items.length }],
      );
      return plansCsv(items);
    });
    const name = standing ? `piani-rateizzazione-${standing}` : "piani-rateizzazione";
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${romeDate()}.csv"`,
      "cache-control": "no-store",
    });
  },
});

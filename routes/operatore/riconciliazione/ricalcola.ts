import { define } from "../../../lib/http/define.ts";
import { rematchAll } from "../../../lib/reconciliation/store.ts";

/** Matches again what is still open: receipts and flows that arrived late close it. */
export const handler = define.handlers({
  async POST(c) {
    const { db, claims } = c.get("state");
    await db.asUser(claims!, (tx) => rematchAll(tx));
    return c.redirect("/operatore/riconciliazione?ricalcolato=1", 303);
  },
});

import { withdrawApplication } from "../../../../lib/enrollment/applications.ts";
import { enrollmentErrorOf } from "../../../../lib/enrollment/errors.ts";
import { loadApplication } from "../../../../lib/enrollment/portal_http.ts";
import { define } from "../../../../lib/http/define.ts";

/** Withdraws a submitted application (`app.withdraw_application`), with the family's reason. */
export const handler = define.handlers({
  async POST(c) {
    const { db, claims } = c.get("state");
    const a = await loadApplication(c);
    const body = await c.req.parseBody();
    const reason = typeof body.reason === "string" ? body.reason.trim().slice(0, 1000) : "";
    try {
      await db.asUser(
        claims!,
        (tx) => withdrawApplication(tx, a.id, reason || "Ritirata dalla famiglia"),
      );
    } catch (e) {
      const x = enrollmentErrorOf(e);
      if (!x) throw e;
      return c.redirect(`/famiglie/domande/${a.id}?errore=${x.code}`, 303);
    }
    return c.redirect(`/famiglie/domande/${a.id}?ritirata=1`, 303);
  },
});

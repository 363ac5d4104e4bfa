import { removeChild } from "../../../../lib/enrollment/portal_drafts.ts";
import { loadDraft } from "../../../../lib/enrollment/portal_http.ts";
import { define, HttpError } from "../../../../lib/http/define.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";

/** Removes one child (all the services asked for them) from a draft, with their documents. */
export const handler = define.handlers({
  async POST(c) {
    const state = c.get("state");
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const body = await c.req.parseBody();
    const taxCode = typeof body.tax_code === "string" ? body.tax_code.trim().toUpperCase() : "";
    const keys = taxCode
      ? await state.db.asUser(state.claims!, (tx) => removeChild(tx, a.id, taxCode))
      : null;
    if (!keys) throw new HttpError(404, "No such child in the draft", { code: "not_found" });
    const storage = storageFor(state.config);
    for (const key of keys) await storage.delete(key);
    const left = a.items.some((i) => i.child_tax_code !== taxCode);
    return c.redirect(
      left ? `/famiglie/domande/${a.id}/riepilogo?rimosso=1` : `/famiglie/domande/${a.id}/bambini`,
      303,
    );
  },
});

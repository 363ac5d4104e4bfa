import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FamilyBreadcrumb } from "../../../../components/family/Family.tsx";
import { deleteDraft } from "../../../../lib/enrollment/portal_drafts.ts";
import { loadDraft } from "../../../../lib/enrollment/portal_http.ts";
import type { ApplicationRow } from "../../../../lib/enrollment/schemas.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";

export const handler = define.handlers<ApplicationRow>({
  async GET(c) {
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    return page(a);
  },
  async POST(c) {
    const state = c.get("state");
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const keys = await state.db.asUser(state.claims!, (tx) => deleteDraft(tx, a.id));
    if (!keys) throw new HttpError(404, "No such draft", { code: "not_found" });
    const storage = storageFor(state.config);
    for (const key of keys) await storage.delete(key);
    return c.redirect("/famiglie?bozza=eliminata", 303);
  },
});

/** Asks before deleting a draft with everything entered in it (submitted ones are withdrawn). */
export default define.page<ApplicationRow>(function DeleteDraft({ data: a, state }) {
  const tr = state.tr;
  const children = [
    ...new Set(a.items.map((i) => {
      const ch = i.child as Record<string, string>;
      return `${ch.name} ${ch.surname}`;
    })),
  ];
  const services = [...new Set(a.items.map((i) => i.service_title))];
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Elimina la bozza", "Delete the draft")]]} />
      <h1>{tr("Elimina la bozza", "Delete the draft")}</h1>
      <p>
        {tr(
          `La domanda in bozza per l'anno ${a.school_year_label} non è stata inviata. Eliminandola si cancellano i dati e i documenti inseriti; non si può annullare.`,
          `The draft application for ${a.school_year_label} has not been submitted. Deleting it erases the data and documents entered; it cannot be undone.`,
        )}
      </p>
      {(children.length > 0 || services.length > 0) && (
        <dl class="row">
          <dt class="col-sm-4">{tr("Bambini", "Children")}</dt>
          <dd class="col-sm-8">{children.join(", ") || "—"}</dd>
          <dt class="col-sm-4">{tr("Servizi", "Services")}</dt>
          <dd class="col-sm-8">{services.join(", ") || "—"}</dd>
        </dl>
      )}
      <form method="post" action={`/famiglie/domande/${a.id}/elimina`}>
        <CsrfField state={state} />
        <button type="submit" class="btn btn-danger me-2 mb-2">
          {tr("Elimina la bozza", "Delete the draft")}
        </button>
        <a class="btn btn-outline-primary mb-2" href={`/famiglie/domande/${a.id}`}>
          {tr("Annulla e torna alla bozza", "Cancel and go back to the draft")}
        </a>
      </form>
    </>
  );
});

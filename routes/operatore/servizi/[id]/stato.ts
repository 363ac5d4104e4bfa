import { define } from "../../../../lib/http/define.ts";
import { PublicationError, setServiceStatus } from "../../../../lib/services/db.ts";
import { SERVICE_STATUSES } from "../../../../lib/services/labels.ts";
import { field, pageService, readBody } from "../(_components)/load.ts";

/** Publish, withdraw or archive a service (the buttons of the publication box). */
export const handler = define.handlers({
  async POST(c) {
    const { state, service } = await pageService(c);
    const wanted = field(await readBody(c), "status");
    const status = SERVICE_STATUSES.find((s) => s === wanted);
    const back = `/operatore/servizi/${service.id}`;
    if (!status) return c.redirect(back, 303);
    try {
      await state.db.asUser(state.claims!, (tx) => setServiceStatus(tx, service.id, status));
    } catch (e) {
      if (e instanceof PublicationError) return c.redirect(`${back}?errore=pubblicazione`, 303);
      throw e;
    }
    if (status === "archived") return c.redirect("/operatore/servizi?archiviato=1", 303);
    return c.redirect(`${back}?${status === "published" ? "pubblicato" : "bozza"}=1`, 303);
  },
});

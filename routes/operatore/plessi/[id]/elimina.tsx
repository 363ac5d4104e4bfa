import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import {
  deleteSite,
  inUse,
  inUseRefusal,
  type References,
  siteReferences,
} from "../../../../lib/sites/deletion.ts";
import { SitesError } from "../../../../lib/sites/errors.ts";
import { getSite, type Site } from "../../../../lib/sites/sites.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";
import { DeleteConfirm } from "../(_components)/DeleteConfirm.tsx";

interface Data {
  site: Site;
  refs: References;
  /** The refusal of a deletion just tried, when something came to refer to the site meanwhile. */
  refusal: string | null;
}

async function load(c: Ctx): Promise<{ site: Site; refs: References }> {
  const { db, claims } = c.get("state");
  const found = await db.asUser(claims!, async (tx) => {
    const site = await getSite(tx, c.req.param("id")!);
    return site ? { site, refs: await siteReferences(tx, site.id) } : null;
  });
  if (!found) throw new HttpError(404, "No such site", { code: "not_found" });
  return found;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ ...await load(c), refusal: null });
  },
  async POST(c) {
    const state = c.get("state");
    const { site } = await load(c);
    try {
      const keys = await state.db.asUser(state.claims!, (tx) => deleteSite(tx, site.id));
      if (!keys) throw new HttpError(404, "No such site", { code: "not_found" });
      const storage = storageFor(state.config);
      for (const key of keys) await storage.delete(key);
    } catch (e) {
      if (!(e instanceof SitesError)) throw e;
      return page({ ...await load(c), refusal: e.text[state.lang] }, { status: e.status });
    }
    return c.redirect("/operatore/plessi?eliminato=1", 303);
  },
});

/** Asks to confirm the deletion of a site, or says what still refers to it. */
export default define.page<Data>(function DeleteSite({ data, state }) {
  const { site, refs } = data;
  const tr = state.tr;
  const refusal = data.refusal ??
    (inUse(refs) ? inUseRefusal("site", refs).text[state.lang] : null);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Plessi", "Sites"), "/operatore/plessi"],
          [site.name, `/operatore/plessi/${site.id}`],
          [tr("Elimina", "Delete")],
        ]}
      />
      <h1>{tr(`Eliminare il plesso ${site.name}?`, `Delete the site ${site.name}?`)}</h1>
      <DeleteConfirm
        state={state}
        refusal={refusal}
        action={`/operatore/plessi/${site.id}/elimina`}
        cancel={`/operatore/plessi/${site.id}`}
        confirm={tr("Elimina il plesso", "Delete the site")}
      >
        <p>{tr("Insieme al plesso vengono eliminati:", "Deleted with the site:")}</p>
        <ul>
          <li>
            {tr(
              `le foto (${site.photos.length}), compresi i file archiviati;`,
              `its photos (${site.photos.length}), stored files included;`,
            )}
          </li>
          <li>
            {tr(
              `l'elenco dei servizi erogati nel plesso (${site.service_ids.length}); i servizi restano.`,
              `the list of services delivered there (${site.service_ids.length}); the services stay.`,
            )}
          </li>
        </ul>
      </DeleteConfirm>
    </>
  );
});

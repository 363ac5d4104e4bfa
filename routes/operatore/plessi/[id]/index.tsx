import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { SitesError } from "../../../../lib/sites/errors.ts";
import {
  type Body,
  checkSiteForm,
  readSiteForm,
  type SiteForm as Form,
  siteFormOf,
} from "../../../../lib/sites/forms.ts";
import { getSite, serviceChoices, type Site, updateSite } from "../../../../lib/sites/sites.ts";
import { formatMegabytes } from "../../../../lib/storage/images.ts";
import { type ServiceChoice, SiteForm } from "../(_components)/SiteForm.tsx";

interface Data {
  site: Site;
  form: Form;
  errors: FieldErrors;
  services: ServiceChoice[];
  notice: "creato" | "salvato" | "aggiunta" | "eliminata" | null;
}

const notFound = () => new HttpError(404, "No such site", { code: "not_found" });

const NOTICES = ["creato", "salvato", "aggiunta", "eliminata"] as const;

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const [site, services] = await db.asUser(claims!, async (tx) =>
      [
        await getSite(tx, c.req.param("id")!),
        await serviceChoices(tx),
      ] as const);
    if (!site) throw notFound();
    const asked = c.req.query("creato")
      ? "creato"
      : c.req.query("salvato")
      ? "salvato"
      : c.req.query("foto");
    const notice = NOTICES.find((n) => n === asked) ?? null;
    return page({ site, form: siteFormOf(site), errors: {}, services, notice });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id")!;
    const form = readSiteForm(await c.req.parseBody({ all: true }) as Body);
    const { values, serviceIds, errors } = checkSiteForm(form, state.lang);
    const again = async (errors: FieldErrors, status: number) => {
      const [site, services] = await state.db.asUser(state.claims!, async (tx) =>
        [
          await getSite(tx, id),
          await serviceChoices(tx),
        ] as const);
      if (!site) throw notFound();
      return page({ site, form, errors, services, notice: null }, { status });
    };
    if (Object.keys(errors).length) return await again(errors, 422);
    try {
      const site = await state.db.asUser(
        state.claims!,
        (tx) => updateSite(tx, id, values, serviceIds),
      );
      if (!site) throw notFound();
      return c.redirect(`/operatore/plessi/${site.id}?salvato=1`, 303);
    } catch (e) {
      if (!(e instanceof SitesError)) throw e;
      return await again({ [e.field ?? "name"]: e.text[state.lang] }, e.status);
    }
  },
});

function noticeText(state: State, notice: Data["notice"]): string | null {
  switch (notice) {
    case "creato":
      return state.tr(
        "Plesso creato. Ora puoi aggiungere le foto.",
        "Site created. You can now add photos.",
      );
    case "salvato":
      return state.tr("Modifiche salvate.", "Changes saved.");
    case "aggiunta":
      return state.tr("Foto aggiunta.", "Photo added.");
    case "eliminata":
      return state.tr("Foto eliminata.", "Photo deleted.");
    default:
      return null;
  }
}

function Photos({ state, site }: { state: State; site: Site }) {
  const tr = state.tr;
  return (
    <section id="foto" aria-labelledby="foto-title" class="mb-5">
      <h2 id="foto-title" class="h4">{tr("Foto", "Photos")}</h2>
      {site.photos.length === 0
        ? <p>{tr("Il plesso non ha ancora foto.", "The site has no photos yet.")}</p>
        : (
          <ul class="list-unstyled row g-4">
            {site.photos.map((p) => (
              <li class="col-sm-6 col-lg-4" key={p.id}>
                <figure class="mb-2">
                  <img
                    src={p.url}
                    alt={p.alt_text}
                    class="img-fluid rounded"
                    loading="lazy"
                    width={320}
                  />
                  <figcaption class="small text-secondary mt-1">
                    {p.alt_text} · {formatMegabytes(p.size_bytes, state.lang)}
                  </figcaption>
                </figure>
                <form method="post" action={`/operatore/plessi/${site.id}/foto/${p.id}`}>
                  <CsrfField state={state} />
                  <button type="submit" class="btn btn-outline-danger btn-sm">
                    {tr("Elimina", "Delete")}
                    <span class="visually-hidden">: {p.alt_text}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      <a class="btn btn-outline-primary" href={`/operatore/plessi/${site.id}/foto`}>
        {tr("Aggiungi una foto", "Add a photo")}
      </a>
    </section>
  );
}

/** One site: its photos, then its details, criteria and services in one form. */
export default define.page<Data>(function EditSite({ data, state }) {
  const { site } = data;
  const notice = noticeText(state, data.notice);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Plessi", "Sites"), "/operatore/plessi"], [site.name]]}
      />
      <h1>{site.name}</h1>
      {notice && <Alert kind="success">{notice}</Alert>}
      <ErrorSummary state={state} errors={data.errors} />
      <Photos state={state} site={site} />
      <SiteForm
        state={state}
        form={data.form}
        errors={data.errors}
        services={data.services}
        action={`/operatore/plessi/${site.id}`}
        submit={state.tr("Salva le modifiche", "Save changes")}
      />
      <section aria-labelledby="delete-title" class="mt-5">
        <h2 id="delete-title" class="h4">{state.tr("Elimina il plesso", "Delete the site")}</h2>
        <p>
          {state.tr(
            "Si può eliminare un plesso senza classi a cui non fanno riferimento domande né iscrizioni; le foto vengono eliminate con il plesso.",
            "A site can be deleted when it has no classes and no application or enrollment refers to it; its photos are deleted with it.",
          )}
        </p>
        <a class="btn btn-outline-danger" href={`/operatore/plessi/${site.id}/elimina`}>
          {state.tr("Elimina il plesso…", "Delete the site…")}
        </a>
      </section>
    </>
  );
});

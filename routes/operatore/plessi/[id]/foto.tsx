import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import { FileField } from "../../../../components/FileField.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import { storeSitePhoto } from "../../../../lib/sites/photos.ts";
import { getSite, type Site } from "../../../../lib/sites/sites.ts";
import { IMAGE_TYPES } from "../../../../lib/storage/images.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";

interface Data {
  site: Site;
  alt_text: string;
  errors: FieldErrors;
}

async function siteOf(c: Ctx): Promise<Site> {
  const { db, claims } = c.get("state");
  const site = await db.asUser(claims!, (tx) => getSite(tx, c.req.param("id")!));
  if (!site) throw new HttpError(404, "No such site", { code: "not_found" });
  return site;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    return page({ site: await siteOf(c), alt_text: "", errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const site = await siteOf(c);
    const body = await c.req.parseBody();
    const altText = typeof body.alt_text === "string" ? body.alt_text : "";
    const file = body.photo instanceof File ? body.photo : null;
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const stored = await storeSitePhoto(state.db, state.claims!, storageFor(state.config), {
      siteId: site.id,
      bytes,
      altText,
    });
    if (!stored.ok) {
      const errors: FieldErrors = {};
      for (const [field, problem] of Object.entries(stored.problems)) {
        errors[field] = problem[state.lang];
      }
      return page({ site, alt_text: altText, errors }, { status: 422 });
    }
    return c.redirect(`/operatore/plessi/${site.id}?foto=aggiunta#foto`, 303);
  },
});

/** Uploads a photo of a site, with the text that describes it to people who cannot see it. */
export default define.page<Data>(function AddPhoto({ data, state }) {
  const { site, errors } = data;
  const tr = state.tr;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Plessi", "Sites"), "/operatore/plessi"],
          [site.name, `/operatore/plessi/${site.id}`],
          [tr("Aggiungi una foto", "Add a photo")],
        ]}
      />
      <h1>{tr(`Aggiungi una foto di ${site.name}`, `Add a photo of ${site.name}`)}</h1>
      <p class="lead">
        {tr(
          "Le foto aiutano le famiglie a riconoscere il plesso. Sono visibili solo alle persone dell'Ente che hanno accesso al plesso.",
          "Photos help families recognise the site. Only people of the Ente with access to the site can see them.",
        )}
      </p>
      <ErrorSummary state={state} errors={errors} />
      <form
        method="post"
        action={`/operatore/plessi/${site.id}/foto`}
        enctype="multipart/form-data"
        class="mt-4"
        noValidate
      >
        <CsrfField state={state} />
        <RequiredNote state={state} />
        <FileField
          state={state}
          id="photo"
          label={tr("File della foto", "Photo file")}
          errors={errors}
          accept={IMAGE_TYPES.join(",")}
          required
          hint={tr("JPEG, PNG o WebP, al massimo 5 MB.", "JPEG, PNG or WebP, at most 5 MB.")}
        />
        <TextField
          state={state}
          id="alt_text"
          label={tr("Descrizione della foto", "Description of the photo")}
          value={data.alt_text}
          errors={errors}
          required
          maxLength={300}
          hint={tr(
            "Che cosa mostra, in una frase: «Ingresso della scuola con il giardino». È letta a chi usa un lettore di schermo.",
            "What it shows, in one sentence: “School entrance with the garden”. Screen readers read it out.",
          )}
        />
        <button type="submit" class="btn btn-primary">
          {tr("Carica la foto", "Upload the photo")}
        </button>
        <a class="btn btn-outline-primary ms-2" href={`/operatore/plessi/${site.id}`}>
          {tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

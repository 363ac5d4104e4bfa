import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../../components/FormErrors.tsx";
import { RequiredNote, TextField } from "../../../../components/TextField.tsx";
import { type Ctx, define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { checkAltText } from "../../../../lib/sites/rules.ts";
import { addSitePhoto, getSite, type Site } from "../../../../lib/sites/sites.ts";
import { checkImage, IMAGE_TYPES } from "../../../../lib/storage/images.ts";
import { newStorageKey, storageFor } from "../../../../lib/storage/mod.ts";

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
    const errors: FieldErrors = {};
    const alt = checkAltText(altText);
    if (!alt.ok) errors.alt_text = alt.problem[state.lang];
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const image = checkImage(bytes);
    if (!image.ok) errors.photo = image.problem[state.lang];
    if (!alt.ok || !image.ok) {
      return page({ site, alt_text: altText, errors }, { status: 422 });
    }
    const storage = storageFor(state.config);
    const key = newStorageKey(state.claims!.app_metadata.tenant_id!);
    await storage.put(key, bytes);
    try {
      await state.db.asUser(state.claims!, (tx) =>
        addSitePhoto(tx, {
          siteId: site.id,
          storageKey: key,
          contentType: image.value,
          sizeBytes: bytes.length,
          altText: alt.value,
          uploadedBy: state.claims!.sub,
        }));
    } catch (e) {
      await storage.delete(key);
      throw e;
    }
    return c.redirect(`/operatore/plessi/${site.id}?foto=aggiunta#foto`, 303);
  },
});

function PhotoField({ state, errors }: { state: State; errors: FieldErrors }) {
  return (
    <div class="mb-4">
      <label for="photo" class="form-label d-block">
        {state.tr("File della foto", "Photo file")}
        <span class="text-danger ms-1" title={state.tr("obbligatorio", "required")}>*</span>
      </label>
      <input
        id="photo"
        name="photo"
        type="file"
        class={`form-control${errors.photo ? " is-invalid" : ""}`}
        accept={IMAGE_TYPES.join(",")}
        required
        aria-invalid={errors.photo ? "true" : undefined}
        aria-describedby={describedBy("photo", errors, "photo-hint")}
      />
      <small id="photo-hint" class="form-text d-block">
        {state.tr(
          "JPEG, PNG o WebP, al massimo 5 MB.",
          "JPEG, PNG or WebP, at most 5 MB.",
        )}
      </small>
      <FieldError field="photo" errors={errors} />
    </div>
  );
}

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
        <PhotoField state={state} errors={errors} />
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

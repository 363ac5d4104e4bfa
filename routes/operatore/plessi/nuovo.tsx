import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { define, page } from "../../../lib/http/define.ts";
import { SitesError } from "../../../lib/sites/errors.ts";
import {
  type Body,
  checkSiteForm,
  readSiteForm,
  type SiteForm as Form,
  siteFormOf,
} from "../../../lib/sites/forms.ts";
import { createSite, serviceChoices } from "../../../lib/sites/sites.ts";
import { type ServiceChoice, SiteForm } from "./(_components)/SiteForm.tsx";

interface Data {
  form: Form;
  errors: FieldErrors;
  services: ServiceChoice[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const services = await db.asUser(claims!, serviceChoices);
    return page({ form: siteFormOf(null), errors: {}, services });
  },
  async POST(c) {
    const state = c.get("state");
    const form = readSiteForm(await c.req.parseBody({ all: true }) as Body);
    const { values, serviceIds, errors } = checkSiteForm(form, state.lang);
    const again = async (errors: FieldErrors, status: number) =>
      page({ form, errors, services: await state.db.asUser(state.claims!, serviceChoices) }, {
        status,
      });
    if (Object.keys(errors).length) return await again(errors, 422);
    try {
      const site = await state.db.asUser(state.claims!, (tx) => createSite(tx, values, serviceIds));
      return c.redirect(`/operatore/plessi/${site.id}?creato=1`, 303);
    } catch (e) {
      if (!(e instanceof SitesError)) throw e;
      return await again({ [e.field ?? "name"]: e.text[state.lang] }, e.status);
    }
  },
});

/** A new site: address, position, acceptance criteria and services; photos come after. */
export default define.page<Data>(function NewSite({ data, state }) {
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Plessi", "Sites"), "/operatore/plessi"], [state.tr("Nuovo", "New")]]}
      />
      <h1>{state.tr("Nuovo plesso", "New site")}</h1>
      <p class="lead">
        {state.tr(
          "Una scuola, un asilo nido o un altro luogo in cui il Comune eroga i servizi. Dopo il salvataggio potrai aggiungere le foto.",
          "A school, a nursery or another place where the Comune delivers services. Once saved, you can add photos.",
        )}
      </p>
      <ErrorSummary state={state} errors={data.errors} />
      <SiteForm
        state={state}
        form={data.form}
        errors={data.errors}
        services={data.services}
        action="/operatore/plessi/nuovo"
        submit={state.tr("Crea il plesso", "Create the site")}
      />
    </>
  );
});

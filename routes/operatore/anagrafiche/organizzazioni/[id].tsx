import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { type ExistingRecord, RegistryError } from "../../../../lib/registry/errors.ts";
import { organizationTypeLabel } from "../../../../lib/registry/labels.ts";
import { checkOrganization } from "../../../../lib/registry/organization_rules.ts";
import {
  getOrganization,
  type Organization,
  updateOrganization,
} from "../../../../lib/registry/organizations.ts";
import { fieldMessages } from "../../../../lib/registry/rules.ts";
import {
  organizationDraft,
  type OrganizationForm,
  organizationFormFromBody,
  organizationFormFromRecord,
  OrganizationFormView,
} from "../(_components)/OrganizationForm.tsx";
import type { FormBody } from "../(_components)/fields.tsx";

const BASE = "/operatore/anagrafiche/organizzazioni";

interface Data {
  org: Organization;
  form: OrganizationForm;
  errors: FieldErrors;
  duplicate: ExistingRecord | null;
  notice: string | null;
}

const notFound = () => new HttpError(404, "No such organization", { code: "not_found" });

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const org = await state.db.asUser(
      state.claims!,
      (tx) => getOrganization(tx, c.req.param("id") ?? ""),
    );
    if (!org) throw notFound();
    const q = new URL(c.req.url).searchParams;
    const notice = q.get("creata")
      ? state.tr("Il soggetto è stato registrato.", "The organization was saved.")
      : q.get("modificata")
      ? state.tr("Le modifiche sono state salvate.", "Changes saved.")
      : null;
    return page({
      org,
      form: organizationFormFromRecord(org),
      errors: {},
      duplicate: null,
      notice,
    });
  },
  async POST(c) {
    const state = c.get("state");
    const id = c.req.param("id") ?? "";
    const org = await state.db.asUser(state.claims!, (tx) => getOrganization(tx, id));
    if (!org) throw notFound();
    const form = organizationFormFromBody(await c.req.parseBody() as FormBody);
    const checked = checkOrganization(organizationDraft(form));
    if (!checked.ok) {
      const errors = fieldMessages(checked.problems, state.lang);
      return page({ org, form, errors, duplicate: null, notice: null }, { status: 422 });
    }
    try {
      await state.db.asUser(state.claims!, (tx) => updateOrganization(tx, id, checked.value));
      return c.redirect(`${BASE}/${id}?modificata=1`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return page({
        org,
        form,
        errors: { [e.field ?? "vat_number"]: e.text[state.lang] },
        duplicate: e.existing ?? null,
        notice: null,
      }, { status: e.status });
    }
  },
});

/** One legal person: its data, editable in place. */
export default define.page<Data>(function OrganizationPage({ data, state }) {
  const { tr } = state;
  const o = data.org;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"],
          [tr("Persone giuridiche", "Organizations"), BASE],
          [o.name],
        ]}
      />
      <h1>{o.name}</h1>
      <p class="lead">{organizationTypeLabel(o.kind, o.provider_kind, state.lang)}</p>
      {data.notice && <Alert kind="success">{data.notice}</Alert>}
      <h2 class="h4">{tr("Dati del soggetto", "Details")}</h2>
      <OrganizationFormView
        state={state}
        form={data.form}
        errors={data.errors}
        duplicate={data.duplicate}
        action={`${BASE}/${o.id}`}
        submit={tr("Salva le modifiche", "Save changes")}
        cancel={BASE}
      />
    </>
  );
});

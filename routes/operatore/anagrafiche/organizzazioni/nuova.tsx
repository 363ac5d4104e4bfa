import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { type ExistingRecord, RegistryError } from "../../../../lib/registry/errors.ts";
import { checkOrganization } from "../../../../lib/registry/organization_rules.ts";
import { createOrganization } from "../../../../lib/registry/organizations.ts";
import { fieldMessages } from "../../../../lib/registry/rules.ts";
import {
  EMPTY_ORGANIZATION_FORM,
  organizationDraft,
  type OrganizationForm,
  organizationFormFromBody,
  OrganizationFormView,
} from "../(_components)/OrganizationForm.tsx";
import type { FormBody } from "../(_components)/fields.tsx";

const BASE = "/operatore/anagrafiche/organizzazioni";

interface Data {
  form: OrganizationForm;
  errors: FieldErrors;
  duplicate: ExistingRecord | null;
}

export const handler = define.handlers<Data>({
  GET(c) {
    const kind = c.req.query("tipo") ?? "";
    return page({ form: { ...EMPTY_ORGANIZATION_FORM, kind }, errors: {}, duplicate: null });
  },
  async POST(c) {
    const state = c.get("state");
    const form = organizationFormFromBody(await c.req.parseBody() as FormBody);
    const checked = checkOrganization(organizationDraft(form));
    if (!checked.ok) {
      return page({ form, errors: fieldMessages(checked.problems, state.lang), duplicate: null }, {
        status: 422,
      });
    }
    try {
      const org = await state.db.asUser(
        state.claims!,
        (tx) => createOrganization(tx, checked.value),
      );
      return c.redirect(`${BASE}/${org.id}?creata=1`, 303);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      return page({
        form,
        errors: { [e.field ?? "vat_number"]: e.text[state.lang] },
        duplicate: e.existing ?? null,
      }, { status: e.status });
    }
  },
});

/** A new legal person: P.IVA / CF checked, duplicates refused with a link. */
export default define.page<Data>(function NewOrganization({ data, state }) {
  const { tr } = state;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"],
          [tr("Persone giuridiche", "Organizations"), BASE],
          [tr("Nuovo soggetto", "New organization")],
        ]}
      />
      <h1>{tr("Nuovo soggetto", "New organization")}</h1>
      <OrganizationFormView
        state={state}
        form={data.form}
        errors={data.errors}
        duplicate={data.duplicate}
        action={`${BASE}/nuova`}
        submit={tr("Salva il soggetto", "Save")}
        cancel={BASE}
      />
    </>
  );
});

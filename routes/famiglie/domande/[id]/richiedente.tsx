import { FamilyBreadcrumb, WizardSteps } from "../../../../components/family/Family.tsx";
import { ErrorSummary, type FieldErrors } from "../../../../components/FormErrors.tsx";
import { updateDraftHeader } from "../../../../lib/enrollment/applications.ts";
import { keepServices } from "../../../../lib/enrollment/portal_drafts.ts";
import {
  type CatalogService,
  type Household,
  myHousehold,
  publishedServices,
} from "../../../../lib/enrollment/portal_db.ts";
import { loadDraft } from "../../../../lib/enrollment/portal_http.ts";
import type { ApplicationRow } from "../../../../lib/enrollment/schemas.ts";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import { storageFor } from "../../../../lib/storage/mod.ts";
import { applicantOf, readStep1, Step1Form, type Step1Values } from "../(_components)/Step1.tsx";

interface Data {
  a: ApplicationRow;
  household: Household;
  open: CatalogService[];
  values: Step1Values;
  errors: FieldErrors;
}

/** The household and the services open now in the draft's school year. */
async function context(c: Ctx, a: ApplicationRow) {
  const { db, claims } = c.get("state");
  const { household, all } = await db.asUser(claims!, async (tx) => ({
    household: await myHousehold(tx),
    all: await publishedServices(tx),
  }));
  if (!household) throw new HttpError(403, "Not linked to a household", { code: "no_household" });
  const open = all.filter((s) =>
    s.window.state === "open" && s.years.some((y) => y.id === a.school_year_id)
  );
  return { household, open };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const { household, open } = await context(c, a);
    const ap = a.applicant as Record<string, string | undefined>;
    return page({
      a,
      household,
      open,
      values: {
        services: [...new Set(a.items.map((i) => i.service_id))],
        kind: a.kind,
        applicant_id: a.applicant_id ?? "",
        email: ap.email ?? "",
        mobile: ap.mobile ?? "",
        address: ap.address ?? "",
      },
      errors: {},
    });
  },
  async POST(c) {
    const state = c.get("state");
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const { household, open } = await context(c, a);
    const body = await c.req.parseBody({ all: true });
    const step = readStep1(state, household, open, body, a.school_year_id);
    if (!step.ok) {
      return page({ a, household, open, values: step.values, errors: step.errors }, {
        status: 422,
      });
    }
    const serviceIds = step.chosen.map((s) => s.id);
    const orphans = await state.db.asUser(state.claims!, async (tx) => {
      await updateDraftHeader(tx, a.id, {
        kind: step.values.kind as "new" | "renewal",
        applicant_id: step.applicant.id,
        applicant: applicantOf(step),
      });
      return await keepServices(tx, a.id, serviceIds);
    });
    const storage = storageFor(state.config);
    for (const key of orphans) await storage.delete(key);
    return c.redirect(`/famiglie/domande/${a.id}/bambini?servizi=${serviceIds.join(",")}`, 303);
  },
});

/** Step 1 of a draft, changed: services (of the same school year), type, applicant, contacts. */
export default define.page<Data>(function EditApplicant({ data, state }) {
  const tr = state.tr;
  const { a, open, household, values, errors } = data;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Domanda in bozza", "Draft application")]]} />
      <h1>{tr("Servizi e richiedente", "Services and applicant")}</h1>
      <WizardSteps state={state} current="richiedente" draft={a} />
      <ErrorSummary state={state} errors={errors} />
      <p>
        {tr(
          `Anno scolastico ${a.school_year_label}. Se togli un servizio, i dati già inseriti per quel servizio vengono cancellati.`,
          `School year ${a.school_year_label}. If you remove a service, the data entered for it are deleted.`,
        )}
      </p>
      <Step1Form
        state={state}
        action={`/famiglie/domande/${a.id}/richiedente`}
        household={household}
        open={open}
        values={values}
        errors={errors}
      />
    </>
  );
});

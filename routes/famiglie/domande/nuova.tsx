import { FamilyBreadcrumb, WizardSteps } from "../../../components/family/Family.tsx";
import { ErrorSummary, type FieldErrors } from "../../../components/FormErrors.tsx";
import { createDraft } from "../../../lib/enrollment/applications.ts";
import {
  type CatalogService,
  type Household,
  myHousehold,
  publishedServices,
} from "../../../lib/enrollment/portal_db.ts";
import { type Ctx, define, HttpError, page } from "../../../lib/http/define.ts";
import { applicantOf, readStep1, Step1Form, type Step1Values } from "./(_components)/Step1.tsx";

interface Data {
  household: Household;
  open: CatalogService[];
  values: Step1Values;
  errors: FieldErrors;
}

async function context(c: Ctx) {
  const { db, claims } = c.get("state");
  const { household, open } = await db.asUser(claims!, async (tx) => ({
    household: await myHousehold(tx),
    open: (await publishedServices(tx)).filter((s) => s.window.state === "open"),
  }));
  if (!household) throw new HttpError(403, "Not linked to a household", { code: "no_household" });
  return { household, open };
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { claims } = c.get("state");
    const { household, open } = await context(c);
    const me = household.parents.find((p) => p.user_id === claims!.sub) ?? household.parents[0];
    const wanted = c.req.query("servizio");
    return page({
      household,
      open,
      values: {
        services: open.filter((s) => s.id === wanted).map((s) => s.id),
        kind: "new",
        applicant_id: me?.id ?? "",
        email: me?.email ?? claims!.email ?? "",
        mobile: me?.mobile ?? "",
        address: me?.residence_address ?? "",
      },
      errors: {},
    });
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims } = state;
    const body = await c.req.parseBody({ all: true });
    const { household, open } = await context(c);
    const step = readStep1(state, household, open, body);
    if (!step.ok) {
      return page({ household, open, values: step.values, errors: step.errors }, { status: 422 });
    }
    const id = await db.asUser(claims!, (tx) =>
      createDraft(tx, {
        school_year_id: step.chosen[0].years[0].id,
        kind: step.values.kind as "new" | "renewal",
        applicant_id: step.applicant.id,
        applicant: applicantOf(step),
      }, claims!.sub));
    return c.redirect(
      `/famiglie/domande/${id}/bambini?servizi=${step.chosen.map((s) => s.id).join(",")}`,
      303,
    );
  },
});

/** Step 1: the services, new or renewal, and the parent who applies and pays. */
export default define.page<Data>(function NewApplication({ data, state }) {
  const tr = state.tr;
  const { open, household, values, errors } = data;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Nuova domanda", "New application")]]} />
      <h1>{tr("Nuova domanda di iscrizione", "New application")}</h1>
      <WizardSteps state={state} current="richiedente" />
      <ErrorSummary state={state} errors={errors} />
      {open.length === 0
        ? (
          <p>
            {tr(
              "Al momento non ci sono servizi con le iscrizioni aperte.",
              "No service is open for enrollment at the moment.",
            )} <a href="/famiglie/servizi">{tr("Vedi i servizi", "See the services")}</a>
          </p>
        )
        : (
          <Step1Form
            state={state}
            action="/famiglie/domande/nuova"
            household={household}
            open={open}
            values={values}
            errors={errors}
          />
        )}
      {household.minors.length === 0 && (
        <p class="mt-3">
          {tr(
            "Nel nucleo non risultano minori: potrai aggiungere il bambino al passaggio successivo.",
            "There are no minors in the household: you can add the child at the next step.",
          )}
        </p>
      )}
    </>
  );
});

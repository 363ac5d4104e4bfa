import { Alert } from "../../../../components/Alert.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import {
  calendarDate,
  FamilyBreadcrumb,
  WizardSteps,
} from "../../../../components/family/Family.tsx";
import { DECLARATIONS } from "../../../../lib/enrollment/portal.ts";
import { loadApplication, refusal } from "../../../../lib/enrollment/portal_http.ts";
import { submitFromPortal } from "../../../../lib/enrollment/portal_submit.ts";
import type { ApplicationRow } from "../../../../lib/enrollment/schemas.ts";
import { define, page } from "../../../../lib/http/define.ts";
import { currentTenant } from "../../../../lib/tenancy/db.ts";

interface Data {
  a: ApplicationRow;
  problems: string[];
  removed?: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const a = await loadApplication(c);
    if (a.status !== "draft") return c.redirect(`/famiglie/domande/${a.id}`, 303);
    return page({ a, problems: [], removed: c.req.query("rimosso") === "1" });
  },
  async POST(c) {
    const state = c.get("state");
    const a = await loadApplication(c);
    try {
      await state.db.asUser(state.claims!, async (tx) => {
        const tenant = await currentTenant(tx);
        return await submitFromPortal(tx, a.id, {
          tenantName: tenant?.name ?? "",
          url: `${state.config.publicUrl}/famiglie/domande/${a.id}${
            state.lang === "en" ? "?lang=en" : ""
          }`,
          lang: state.lang,
        });
      });
    } catch (e) {
      const r = refusal(e, state.lang);
      return page({ a, problems: r.messages }, { status: r.status });
    }
    return c.redirect(`/famiglie/domande/${a.id}?inviata=1`, 303);
  },
});

/** Step 5: everything the family wrote, and the button that sends it. */
export default define.page<Data>(function Review({ data, state }) {
  const tr = state.tr;
  const { a, problems, removed } = data;
  const ap = a.applicant as Record<string, string>;
  const children = [
    ...Map.groupBy(a.items, (i) => i.child_tax_code ?? "").entries(),
  ];
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Domanda in bozza", "Draft application")]]} />
      <h1>{tr("Riepilogo della domanda", "Review your application")}</h1>
      <WizardSteps state={state} current="riepilogo" draft={a} />
      {problems.length > 0 && (
        <div class="alert alert-danger" role="alert">
          <h2 class="h5">{problems[0]}</h2>
          {problems.length > 1 && (
            <ul class="mb-0">{problems.slice(1).map((p, i) => <li key={i}>{p}</li>)}</ul>
          )}
        </div>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Anno scolastico", "School year")}</dt>
        <dd class="col-sm-8">{a.school_year_label}</dd>
        <dt class="col-sm-4">{tr("Tipo", "Type")}</dt>
        <dd class="col-sm-8">
          {a.kind === "new" ? tr("Nuova iscrizione", "New enrollment") : tr("Rinnovo", "Renewal")}
        </dd>
        <dt class="col-sm-4">{tr("Richiedente e intestatario", "Applicant and payer")}</dt>
        <dd class="col-sm-8">{ap.name} {ap.surname} ({ap.tax_code}), {ap.email}</dd>
      </dl>
      <h2 class="h4">{tr("Bambini e servizi", "Children and services")}</h2>
      {removed && (
        <Alert kind="success">
          {tr("Bambino tolto dalla domanda.", "Child removed from the application.")}
        </Alert>
      )}
      {children.map(([cf, items]) => {
        const ch = items[0].child as Record<string, string>;
        return (
          <div class="mb-3" key={cf}>
            <h3 class="h6 mb-1">
              {ch.name} {ch.surname}{" "}
              <span class="fw-normal">
                ({cf}
                {ch.birth_date && `, ${calendarDate(state, ch.birth_date)}`})
              </span>
            </h3>
            <ul class="mb-1">
              {items.map((i) => (
                <li key={i.id}>
                  {i.service_title}{" "}
                  <a href={`/famiglie/domande/${a.id}/dettagli/${i.id}`}>
                    {tr("modifica", "edit")}
                    <span class="visually-hidden">{ch.name} – {i.service_title}</span>
                  </a>
                </li>
              ))}
            </ul>
            {a.status === "draft" && (
              <form method="post" action={`/famiglie/domande/${a.id}/rimuovi-bambino`}>
                <CsrfField state={state} />
                <input type="hidden" name="tax_code" value={cf} />
                <button type="submit" class="btn btn-link btn-sm p-0">
                  {tr(`Togli ${ch.name} dalla domanda`, `Remove ${ch.name} from the application`)}
                </button>
              </form>
            )}
          </div>
        );
      })}
      <h2 class="h4">{tr("Dichiarazioni", "Declarations")}</h2>
      <ul>
        {DECLARATIONS.filter((d) => (a.declarations as Record<string, string>)[d.code]).map((d) => (
          <li key={d.code}>{state.lang === "it" ? d.it : d.en}</li>
        ))}
      </ul>
      {a.status === "draft"
        ? (
          <>
            <form method="post" action={`/famiglie/domande/${a.id}/riepilogo`}>
              <CsrfField state={state} />
              <p>
                {tr(
                  "Inviando la domanda ricevi un numero di protocollo: l'ora di ricezione del Comune ne fissa l'ordine di arrivo.",
                  "When you submit you get a protocol number: the Comune's receipt time fixes the order of arrival.",
                )}
              </p>
              <button type="submit" class="btn btn-primary mb-2">
                {tr("Invia la domanda", "Submit the application")}
              </button>
            </form>
            <p class="mt-3">
              <a
                class="btn btn-outline-primary me-2 mb-2"
                href={`/famiglie/domande/${a.id}/richiedente`}
              >
                {tr("Modifica servizi e richiedente", "Change services and applicant")}
              </a>
              <a
                class="btn btn-outline-primary me-2 mb-2"
                href={`/famiglie/domande/${a.id}/bambini`}
              >
                {tr("Modifica bambini e servizi", "Change children and services")}
              </a>
              <a class="btn btn-outline-danger mb-2" href={`/famiglie/domande/${a.id}/elimina`}>
                {tr("Elimina la bozza", "Delete the draft")}
              </a>
            </p>
          </>
        )
        : (
          <Alert kind="info">
            {tr("La domanda è già stata inviata.", "The application has already been submitted.")}
          </Alert>
        )}
    </>
  );
});

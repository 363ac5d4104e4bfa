import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { Service } from "../../../../lib/services/db.ts";

/**
 * The publication box: what the service still needs, and the buttons to publish, withdraw or
 * archive it. Buttons post to `…/stato`.
 */
export function Publication(
  { state, service, problems, failed }: {
    state: State;
    service: Service;
    problems: { code: string; it: string; en: string }[];
    failed: boolean;
  },
) {
  const action = `/operatore/servizi/${service.id}/stato`;
  const button = (status: string, text: string, kind = "btn-outline-primary") => (
    <button type="submit" name="status" value={status} class={`btn ${kind} me-2 mb-2`}>
      {text}
    </button>
  );
  return (
    <section aria-labelledby="publication-title" class="card card-bg mb-4">
      <div class="card-body">
        <h2 id="publication-title" class="h5">{state.tr("Pubblicazione", "Publication")}</h2>
        {service.status === "published" && (
          <p>
            {state.tr(
              "Il servizio è pubblicato: le famiglie lo vedono e possono iscriversi nel periodo indicato.",
              "The service is published: families see it and can apply in the enrollment window.",
            )}
          </p>
        )}
        {service.status === "archived" && (
          <p>
            {state.tr(
              "Il servizio è archiviato: resta nello storico ma non è visibile alle famiglie.",
              "The service is archived: kept for the record, hidden from families.",
            )}
          </p>
        )}
        {service.status !== "published" && problems.length > 0 && (
          <div
            class={failed ? "alert alert-danger" : "alert alert-warning"}
            role={failed ? "alert" : undefined}
          >
            <p class="mb-1">
              {failed
                ? state.tr(
                  "Il servizio non può ancora essere pubblicato:",
                  "The service cannot be published yet:",
                )
                : state.tr(
                  "Per pubblicare il servizio manca ancora:",
                  "Before publishing, the service still needs:",
                )}
            </p>
            <ul class="mb-0">
              {problems.map((p) => <li key={p.code}>{state.lang === "it" ? p.it : p.en}</li>)}
            </ul>
          </div>
        )}
        <form method="post" action={action}>
          <CsrfField state={state} />
          {service.status !== "published" &&
            button("published", state.tr("Pubblica", "Publish"), "btn-primary")}
          {service.status === "published" &&
            button("draft", state.tr("Riporta in bozza", "Back to draft"))}
          {service.status !== "archived" && button("archived", state.tr("Archivia", "Archive"))}
        </form>
      </div>
    </section>
  );
}

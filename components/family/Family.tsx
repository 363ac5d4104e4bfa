import { Breadcrumb } from "../Breadcrumb.tsx";
import type { State } from "../../lib/http/define.ts";
import { STEPS, type StepSlug } from "../../lib/enrollment/portal.ts";

/** Breadcrumb from the families' home. */
export function FamilyBreadcrumb(
  { state, items }: { state: State; items: [label: string, href?: string][] },
) {
  return (
    <Breadcrumb
      state={state}
      items={items}
      home={["/famiglie", state.tr("Servizi online", "Online services")]}
    />
  );
}

/**
 * Where the family is in the application wizard (an ordered list, the current step marked). With
 * the `draft`, the steps already passed are links, so a family goes back to change them.
 */
export function WizardSteps(
  { state, current, draft }: {
    state: State;
    current: StepSlug;
    draft?: { id: string; items: { id: string }[] };
  },
) {
  const at = STEPS.findIndex((s) => s.slug === current);
  const href = (slug: StepSlug) => {
    if (!draft) return null;
    const base = `/famiglie/domande/${draft.id}`;
    if (slug !== "dettagli") return `${base}/${slug}`;
    return draft.items[0] ? `${base}/dettagli/${draft.items[0].id}` : null;
  };
  return (
    <nav aria-label={state.tr("Passaggi della domanda", "Application steps")} class="mb-4">
      <p class="small text-secondary mb-1">
        {state.tr(`Passaggio ${at + 1} di ${STEPS.length}`, `Step ${at + 1} of ${STEPS.length}`)}
        {" · "}
        {state.tr(
          "La bozza è salvata a ogni passaggio.",
          "The draft is saved at every step.",
        )}
      </p>
      <ol class="list-inline mb-0 small">
        {STEPS.map((s, i) => {
          const label = (
            <>
              {i + 1}. {state.lang === "it" ? s.it : s.en}
              {i < at && <span class="visually-hidden">{state.tr(" (fatto)", " (done)")}</span>}
            </>
          );
          const link = i < at ? href(s.slug) : null;
          return (
            <li
              class={`list-inline-item me-3${i === at ? " fw-bold" : ""}`}
              aria-current={i === at ? "step" : undefined}
              key={s.slug}
            >
              {link ? <a href={link}>{label}</a> : label}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

const OUTCOMES: Record<string, [string, string, string]> = {
  pending: ["In istruttoria", "Under review", "secondary"],
  accepted: ["Accolta", "Accepted", "success"],
  rejected: ["Respinta", "Rejected", "danger"],
  waitlisted: ["In lista d'attesa", "Waiting list", "warning"],
  needs_integration: ["Da integrare", "Needs more documents", "warning"],
};
const STATUSES: Record<string, [string, string, string]> = {
  draft: ["Bozza", "Draft", "secondary"],
  submitted: ["Inviata", "Submitted", "primary"],
  withdrawn: ["Ritirata", "Withdrawn", "dark"],
};

export const outcomeText = (state: State, o: string) =>
  state.tr(OUTCOMES[o]?.[0] ?? o, OUTCOMES[o]?.[1] ?? o);

/** The outcome of one child × service, as a badge with its words (never colour alone). */
export function OutcomeBadge({ state, outcome }: { state: State; outcome: string }) {
  const [it, en, tone] = OUTCOMES[outcome] ?? [outcome, outcome, "secondary"];
  const dark = tone === "warning";
  return <span class={`badge bg-${tone}${dark ? " text-dark" : ""}`}>{state.tr(it, en)}</span>;
}

export function StatusBadge({ state, status }: { state: State; status: string }) {
  const [it, en, tone] = STATUSES[status] ?? [status, status, "secondary"];
  return <span class={`badge bg-${tone}`}>{state.tr(it, en)}</span>;
}

/** A date-time in Europe/Rome as people read it. */
export function romeDateTime(state: State, iso: string): string {
  return new Intl.DateTimeFormat(state.lang === "it" ? "it-IT" : "en-GB", {
    dateStyle: "long",
    timeStyle: "medium",
    timeZone: "Europe/Rome",
  }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as people read it. */
export function calendarDate(state: State, d: string): string {
  return new Intl.DateTimeFormat(state.lang === "it" ? "it-IT" : "en-GB", {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date(`${d}T00:00:00Z`));
}

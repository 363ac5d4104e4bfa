import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { Service } from "../../../../lib/services/db.ts";
import { KIND_LABELS, label, STATUS_LABELS } from "../../../../lib/services/labels.ts";

export type Tab = "general" | "calendar" | "form" | "canteen" | "menus";

const STATUS_BADGE = { draft: "bg-secondary", published: "bg-success", archived: "bg-dark" };

export function StatusBadge({ state, status }: { state: State; status: Service["status"] }) {
  return (
    <span class={`badge ${STATUS_BADGE[status]}`}>{label(STATUS_LABELS, status, state.lang)}</span>
  );
}

/**
 * The top of every page of a service: breadcrumb, title (the page's `<h1>`, so the document
 * title says which service and which tab), status, and the tabs as links.
 */
export function ServiceHeader(
  { state, service, tab }: { state: State; service: Service; tab: Tab },
) {
  const base = `/operatore/servizi/${service.id}`;
  const tabs: [Tab, string, string][] = [
    ["general", base, state.tr("Dati generali", "General")],
    ["calendar", `${base}/calendario`, state.tr("Calendario", "Calendar")],
    ["form", `${base}/modulo`, state.tr("Modulo online", "Online form")],
  ];
  if (service.kind === "canteen") {
    tabs.push(
      ["canteen", `${base}/mensa`, state.tr("Diete e presenze", "Diets and attendance")],
      ["menus", `${base}/menu`, state.tr("Menù", "Menus")],
    );
  }
  const current = tabs.find((t) => t[0] === tab)![2];
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[state.tr("Servizi", "Services"), "/operatore/servizi"], [service.title, base], [
          current,
        ]]}
      />
      <h1>
        {service.title}
        <span class="visually-hidden">: {current}</span>
      </h1>
      <p class="mb-3">
        <span class="me-2">{label(KIND_LABELS, service.kind, state.lang)}</span>
        <span class="me-2">·</span>
        <span class="me-2">
          {state.tr("codice", "code")} <code>{service.code}</code>
        </span>
        <StatusBadge state={state} status={service.status} />
      </p>
      <nav aria-label={state.tr("Sezioni del servizio", "Service sections")} class="mb-4">
        <ul class="nav nav-tabs">
          {tabs.map(([key, href, text]) => (
            <li class="nav-item" key={key}>
              <a
                class={`nav-link${key === tab ? " active" : ""}`}
                href={href}
                aria-current={key === tab ? "page" : undefined}
              >
                {text}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

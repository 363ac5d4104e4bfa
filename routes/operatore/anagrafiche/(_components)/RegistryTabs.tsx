import type { State } from "../../../../lib/http/define.ts";

const TABS: [href: string, it: string, en: string][] = [
  ["/operatore/anagrafiche", "Persone", "People"],
  ["/operatore/anagrafiche/organizzazioni", "Persone giuridiche", "Organizations"],
  ["/operatore/anagrafiche/nuclei", "Nuclei familiari", "Households"],
  ["/operatore/anagrafiche/importa", "Importa da anagrafe", "Import from the anagrafe"],
];

/** The registry's sections, the current one marked. */
export function RegistryTabs({ state, current }: { state: State; current: string }) {
  return (
    <nav class="mb-4" aria-label={state.tr("Sezioni dell'anagrafe", "Registry sections")}>
      <ul class="nav nav-tabs">
        {TABS.map(([href, it, en]) => (
          <li class="nav-item" key={href}>
            <a
              class={`nav-link${href === current ? " active" : ""}`}
              href={href}
              aria-current={href === current ? "page" : undefined}
            >
              {state.tr(it, en)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

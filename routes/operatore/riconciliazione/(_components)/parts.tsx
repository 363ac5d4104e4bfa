import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";

export const BASE = "/operatore/riconciliazione";

/** Links between the three views of reconciliation; the current one is marked. */
export function RecoTabs(
  { state, current }: { state: State; current: "flussi" | "movimenti" | "da-verificare" },
) {
  const tr = state.tr;
  const tabs: [typeof current, string, string][] = [
    ["flussi", BASE, tr("Flussi di rendicontazione", "Reporting flows")],
    ["movimenti", `${BASE}/movimenti`, tr("Movimenti di tesoreria", "Treasury movements")],
    ["da-verificare", `${BASE}/da-verificare`, tr("Da verificare", "To check")],
  ];
  return (
    <nav aria-label={tr("Sezioni della riconciliazione", "Reconciliation sections")} class="mb-4">
      <ul class="nav nav-tabs">
        {tabs.map(([key, href, text]) => (
          <li class="nav-item" key={key}>
            <a
              class={`nav-link${key === current ? " active" : ""}`}
              href={href}
              aria-current={key === current ? "page" : undefined}
            >
              {text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const euro = (state: State, cents: number) => formatEuro(cents, state.lang);
export const day = (state: State, d: string | null) => d ? formatDate(state.lang, d, "short") : "—";

/** A status as a Bootstrap Italia badge: green when all is well, orange otherwise. */
export function StatusBadge({ ok, text }: { ok: boolean; text: string }) {
  return <span class={`badge ${ok ? "bg-success" : "bg-warning"}`}>{text}</span>;
}

/** Page links of a long list; `href(n)` builds each page's address. */
export function Pager(
  { state, total, size, current, href }: {
    state: State;
    total: number;
    size: number;
    current: number;
    href: (n: number) => string;
  },
) {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return null;
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination">
        {Array.from({ length: Math.min(pages, 200) }, (_, i) => i + 1).map((n) => (
          <li class="page-item" key={n}>
            <a
              class={`page-link${n === current ? " active" : ""}`}
              href={href(n)}
              aria-current={n === current ? "page" : undefined}
            >
              <span class="visually-hidden">{state.tr("Pagina", "Page")}</span> {n}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `?pagina=` as a page number within 1..10000. */
export function pageNumber(raw: string | undefined): number {
  return Math.max(1, Math.min(10000, Number.parseInt(raw ?? "1") || 1));
}

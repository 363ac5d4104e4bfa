import { RUN_STATUS_LABELS, type RunStatus } from "../../../../lib/billing/review.ts";
import type { State } from "../../../../lib/http/define.ts";
import { formatDate } from "../../../../lib/i18n/mod.ts";
import { formatEuro } from "../../../../lib/tariffs/money.ts";

/** Euro for the page's language. */
export const euro = (state: State, cents: number) => formatEuro(cents, state.lang);

/** "01/10/2026 – 31/10/2026". */
export const period = (state: State, from: string, to: string) =>
  `${formatDate(state.lang, from, "short")} – ${formatDate(state.lang, to, "short")}`;

/** The run's status as a Bootstrap Italia badge. */
export function RunBadge({ state, status }: { state: State; status: RunStatus }) {
  const l = RUN_STATUS_LABELS[status];
  return (
    <span class={`badge bg-${l.badge}`}>
      {state.tr(l.it, l.en)}
    </span>
  );
}

/** Numbered pages; `href(n)` builds each page's address (keeping the filters). */
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
  const shown = Array.from({ length: pages }, (_, i) => i + 1)
    .filter((n) => n === 1 || n === pages || Math.abs(n - current) <= 3);
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination flex-wrap">
        {shown.map((n) => (
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

/** A page number from the query string (1…10000). */
export const pageNo = (raw: string | undefined) =>
  Math.max(1, Math.min(10000, Number.parseInt(raw ?? "1") || 1));

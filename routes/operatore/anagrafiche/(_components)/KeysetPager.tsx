import type { State } from "../../../../lib/http/define.ts";

/** Previous / next links of a keyset-paged list (hrefs null when there is no such page). */
export function KeysetPager(
  { state, prev, next, first }: {
    state: State;
    prev: string | null;
    next: string | null;
    first: string | null;
  },
) {
  if (!prev && !next) return null;
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination">
        {first && (
          <li class="page-item">
            <a class="page-link" href={first}>{state.tr("Prima pagina", "First page")}</a>
          </li>
        )}
        {prev && (
          <li class="page-item">
            <a class="page-link" href={prev} rel="prev">{state.tr("Precedenti", "Previous")}</a>
          </li>
        )}
        {next && (
          <li class="page-item">
            <a class="page-link" href={next} rel="next">{state.tr("Successivi", "Next")}</a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** Previous / next / numbered links of an offset-paged list (`page` from 1). */
export function OffsetPager(
  { state, page, pages, href }: {
    state: State;
    page: number;
    pages: number;
    href: (n: number) => string;
  },
) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination">
        {shown.map((n) => (
          <li class="page-item" key={n}>
            <a
              class={`page-link${n === page ? " active" : ""}`}
              href={href(n)}
              aria-current={n === page ? "page" : undefined}
            >
              <span class="visually-hidden">{state.tr("Pagina", "Page")}</span> {n}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

import type { State } from "../lib/http/define.ts";

/**
 * Bootstrap Italia breadcrumb from the back office home: `items` are [label, href] pairs, the last
 * being the current page (no link, `aria-current="page"`).
 */
export function Breadcrumb(
  { state, items, home = ["/operatore", state.t("nav.operator")] }: {
    state: State;
    items: [label: string, href?: string][];
    home?: [href: string, label: string];
  },
) {
  const trail: [string, string?][] = [[home[1], home[0]], ...items];
  return (
    <nav
      class="breadcrumb-container"
      aria-label={state.tr("Percorso di navigazione", "Breadcrumb")}
    >
      <ol class="breadcrumb">
        {trail.map(([label, href], i) =>
          href && i < trail.length - 1
            ? (
              <li class="breadcrumb-item" key={i}>
                <a href={href}>{label}</a>
                <span class="separator">/</span>
              </li>
            )
            : <li class="breadcrumb-item active" aria-current="page" key={i}>{label}</li>
        )}
      </ol>
    </nav>
  );
}

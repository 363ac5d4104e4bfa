import type { State } from "../lib/http/define.ts";
import { hasAnyRole } from "../lib/http/guards.ts";
import { currentHref, OPERATOR_NAV } from "./operator_nav.ts";

/** The back office side menu (Bootstrap Italia sidebar); the current page is marked. */
export function OperatorNav({ state, url }: { state: State; url: URL }) {
  const { tr } = state;
  const active = currentHref(url.pathname, OPERATOR_NAV.flatMap((s) => s.links.map((l) => l.href)));
  const current = (href: string) => href === active;
  return (
    <nav
      class="sidebar-wrapper it-line-right-side"
      aria-label={tr("Menu del back office", "Back office menu")}
    >
      {OPERATOR_NAV.map((section) => {
        const links = section.links.filter((l) => !l.roles || hasAnyRole(state, l.roles));
        if (links.length === 0) return null;
        return (
          <div class="sidebar-linklist-wrapper mb-3" key={section.it}>
            <h2 class="h6 text-uppercase text-secondary px-3 mb-1">{tr(section.it, section.en)}</h2>
            <div class="link-list-wrapper">
              <ul class="link-list">
                {links.map((l) => (
                  <li key={l.href}>
                    <a
                      class={`list-item${current(l.href) ? " active" : ""}`}
                      href={l.href}
                      aria-current={current(l.href) ? "page" : undefined}
                    >
                      <span>{tr(l.it, l.en)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        );
      })}
    </nav>
  );
}

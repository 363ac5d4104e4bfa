import type { State } from "../lib/http/define.ts";
import { homeFor } from "../lib/auth/sessions.ts";
import { CsrfField } from "./CsrfField.tsx";

interface NavItem {
  href: string;
  label: string;
}

/** The pages of each area, shown in the menu to people who work in that area only. */
function areaPages(area: string, tr: State["tr"]): NavItem[] {
  switch (area) {
    case "family":
      return [
        { href: "/famiglie/servizi", label: tr("Servizi", "Services") },
        { href: "/famiglie/iscrizioni", label: tr("Iscrizioni", "Enrollments") },
        { href: "/famiglie/disdette", label: tr("Disdetta pasti", "Meal cancellations") },
        { href: "/famiglie/diario", label: tr("Diario", "Diary") },
        { href: "/famiglie/isee", label: "ISEE" },
        { href: "/famiglie/pagamenti", label: tr("Pagamenti", "Payments") },
      ];
    case "teacher":
      return [
        { href: "/docenti/diario", label: tr("Diario", "Diary") },
        { href: "/docenti/scansione", label: tr("Scansione tessere", "Card scanner") },
      ];
    case "provider":
      return [
        { href: "/fornitori/comunicazioni", label: tr("Comunicazioni", "Notices") },
      ];
    default:
      return [];
  }
}

function navFor(state: State): NavItem[] {
  const roles = state.claims?.app_metadata.roles ?? [];
  const t = state.t;
  const items: NavItem[] = [];
  const areas: string[] = [];
  if (roles.includes("admin") || roles.includes("operator")) {
    items.push({ href: "/operatore", label: t("nav.operator") });
    areas.push("operator");
  }
  if (roles.includes("teacher")) {
    items.push({ href: "/docenti", label: t("nav.teacher") });
    areas.push("teacher");
  }
  if (roles.includes("family")) {
    items.push({ href: "/famiglie", label: t("nav.family") });
    areas.push("family");
  }
  if (roles.includes("provider")) {
    items.push({ href: "/fornitori", label: t("nav.provider") });
    areas.push("provider");
  }
  if (roles.includes("superadmin")) items.push({ href: "/piattaforma", label: t("nav.platform") });
  if (areas.length === 1) items.push(...areaPages(areas[0], state.tr));
  return items;
}

/** The menu item the page belongs to: the longest href that is the path or a prefix of it. */
function activeHref(items: NavItem[], path: string): string | null {
  const hits = items.filter((i) => path === i.href || path.startsWith(i.href + "/"));
  return hits.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? null;
}

/** Bootstrap Italia header: slim bar (Ente, language, account), brand, then the role's areas. */
export function Header(
  { state, url, logoUrl = null }: {
    state: State;
    url: URL;
    /** The Ente's logo, shown beside the brand to its signed-in members. */
    logoUrl?: string | null;
  },
) {
  const { t, claims, lang } = state;
  const tenantName = claims?.user_metadata?.tenant_name;
  const nav = navFor(state);
  const current = activeHref(nav, url.pathname);
  const home = claims ? homeFor(claims.app_metadata.roles) : "/";
  const other = lang === "it" ? "en" : "it";
  const switchUrl = new URL(url);
  switchUrl.searchParams.set("lang", other);
  return (
    <header class="it-header-wrapper">
      <div class="it-header-slim-wrapper">
        <div class="container">
          <div class="row">
            <div class="col-12">
              <div class="it-header-slim-wrapper-content">
                <span class="d-lg-block navbar-brand">{tenantName ?? t("app.name")}</span>
                <div
                  class="it-header-slim-right-zone"
                  role="navigation"
                  aria-label={t("nav.language")}
                >
                  <a
                    class="btn btn-sm text-white me-2"
                    href={switchUrl.pathname + switchUrl.search}
                    lang={other}
                    hreflang={other}
                  >
                    {other === "en" ? "English" : "Italiano"}
                  </a>
                  {claims
                    ? (
                      <form method="post" action="/esci" class="d-inline">
                        <CsrfField state={state} />
                        <a
                          class="text-white me-2"
                          href="/profilo"
                          aria-current={url.pathname === "/profilo" ? "page" : undefined}
                        >
                          <span class="d-none d-md-inline">
                            {claims.user_metadata?.full_name}
                            <span class="visually-hidden">, {t("nav.profile")}</span>
                          </span>
                          <span class="d-md-none">{t("nav.profile")}</span>
                        </a>
                        <button type="submit" class="btn btn-primary btn-sm">
                          {t("nav.signOut")}
                        </button>
                      </form>
                    )
                    : <a class="btn btn-primary btn-sm" href="/accedi">{t("nav.signIn")}</a>}
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
      <div class="it-nav-wrapper">
        <div class="it-header-center-wrapper">
          <div class="container">
            <div class="row">
              <div class="col-12">
                <div class="it-header-center-content-wrapper">
                  <div class="it-brand-wrapper">
                    <a href={home}>
                      {logoUrl && (
                        // Decorative: the Ente's name is written in the bar above.
                        <img src={logoUrl} alt="" height={48} class="me-2 me-lg-3 tenant-logo" />
                      )}
                      <div class="it-brand-text">
                        <div class="it-brand-title">{t("app.name")}</div>
                        <div class="it-brand-tagline d-none d-md-block">{t("app.tagline")}</div>
                      </div>
                    </a>
                  </div>
                </div>
              </div>
            </div>
          </div>
        </div>
        {nav.length > 0 && (
          <div class="it-header-navbar-wrapper">
            <div class="container">
              <div class="row">
                <div class="col-12">
                  <nav class="navbar navbar-expand" aria-label={t("nav.main")}>
                    <div class="navbar-collapsable d-block piazza-nav">
                      <div class="menu-wrapper">
                        <ul class="navbar-nav">
                          {nav.map((item) => {
                            const active = item.href === current;
                            return (
                              <li class="nav-item" key={item.href}>
                                <a
                                  class={`nav-link${active ? " active" : ""}`}
                                  href={item.href}
                                  aria-current={active ? "page" : undefined}
                                >
                                  <span>{item.label}</span>
                                </a>
                              </li>
                            );
                          })}
                        </ul>
                      </div>
                    </div>
                  </nav>
                </div>
              </div>
            </div>
          </div>
        )}
      </div>
    </header>
  );
}

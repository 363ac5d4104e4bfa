import type { State } from "../lib/http/define.ts";
import { homeFor } from "../lib/auth/sessions.ts";
import { CsrfField } from "./CsrfField.tsx";

interface NavItem {
  href: string;
  label: string;
}

function navFor(state: State): NavItem[] {
  const roles = state.claims?.app_metadata.roles ?? [];
  const t = state.t;
  const items: NavItem[] = [];
  if (roles.includes("admin") || roles.includes("operator")) {
    items.push({ href: "/operatore", label: t("nav.operator") });
  }
  if (roles.includes("teacher")) items.push({ href: "/docenti", label: t("nav.teacher") });
  if (roles.includes("family")) items.push({ href: "/famiglie", label: t("nav.family") });
  if (roles.includes("provider")) items.push({ href: "/fornitori", label: t("nav.provider") });
  if (roles.includes("superadmin")) items.push({ href: "/piattaforma", label: t("nav.platform") });
  return items;
}

/** Bootstrap Italia header: slim bar (Ente, language, account), brand, then the role's areas. */
export function Header({ state, url }: { state: State; url: URL }) {
  const { t, claims, lang } = state;
  const tenantName = claims?.user_metadata?.tenant_name;
  const nav = navFor(state);
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
                    <div class="navbar-collapsable d-block">
                      <div class="menu-wrapper">
                        <ul class="navbar-nav">
                          {nav.map((item) => {
                            const active = url.pathname === item.href ||
                              url.pathname.startsWith(item.href + "/");
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

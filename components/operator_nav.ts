import type { Role } from "../lib/db/types.ts";

export interface NavLink {
  href: string;
  it: string;
  en: string;
  /** Who sees the link; everyone of the back office when absent. */
  roles?: Role[];
}

export interface NavSection {
  it: string;
  en: string;
  links: NavLink[];
}

/**
 * The back office menu. Each area adds its pages here (one line each), in the order an office
 * works: configuration, people and enrollment, the daily service, payments, then the Ente's
 * administration.
 */
export const OPERATOR_NAV: NavSection[] = [
  {
    it: "Configurazione",
    en: "Configuration",
    links: [
      { href: "/operatore", it: "Cruscotto", en: "Dashboard" },
      { href: "/operatore/anni-scolastici", it: "Anni scolastici", en: "School years" },
      { href: "/operatore/servizi", it: "Servizi", en: "Services" },
      { href: "/operatore/plessi", it: "Plessi", en: "Sites" },
      { href: "/operatore/classi", it: "Classi", en: "Classes" },
      { href: "/operatore/trasporto", it: "Trasporto: linee e fermate", en: "Transport routes" },
      { href: "/operatore/tariffe", it: "Tariffe", en: "Tariffs" },
    ],
  },
  {
    it: "Utenti e iscrizioni",
    en: "People and enrollment",
    links: [
      { href: "/operatore/anagrafiche", it: "Anagrafiche", en: "Registry" },
      { href: "/operatore/domande", it: "Domande", en: "Applications" },
      { href: "/operatore/graduatorie", it: "Graduatorie", en: "Rankings" },
      { href: "/operatore/isee", it: "ISEE", en: "ISEE" },
      { href: "/operatore/iscrizioni", it: "Iscrizioni", en: "Enrollments" },
    ],
  },
  {
    it: "Servizio quotidiano",
    en: "Daily service",
    links: [
      { href: "/operatore/presenze", it: "Presenze", en: "Attendance" },
      { href: "/operatore/pasti", it: "Pasti", en: "Meals" },
      { href: "/operatore/comunicazioni", it: "Comunicazioni", en: "Notices" },
    ],
  },
  {
    it: "Pagamenti e contabilità",
    en: "Payments and accounts",
    links: [
      { href: "/operatore/fatturazione", it: "Fatturazione", en: "Billing" },
      { href: "/operatore/posizioni", it: "Posizioni debitorie", en: "Debt positions" },
      { href: "/operatore/posizioni/solleciti", it: "Solleciti", en: "Reminders" },
      {
        href: "/operatore/posizioni/riscossione",
        it: "Riscossione coattiva",
        en: "Enforced collection",
      },
      {
        href: "/operatore/posizioni/rateizzazioni",
        it: "Richieste di rateizzazione",
        en: "Instalment plan requests",
      },
      {
        href: "/operatore/posizioni/piani",
        it: "Piani di rateizzazione",
        en: "Instalment plans",
      },
      { href: "/operatore/ricevute", it: "Ricevute pagoPA", en: "pagoPA receipts" },
      {
        href: "/operatore/ricevute/per-servizio",
        it: "Incassi per servizio",
        en: "Revenue by service",
      },
      { href: "/operatore/riconciliazione", it: "Riconciliazione", en: "Reconciliation" },
      { href: "/operatore/fatture", it: "Fatture", en: "Invoices" },
      { href: "/operatore/borsellini", it: "Borsellini prepagati", en: "Prepaid wallets" },
    ],
  },
  {
    it: "Amministrazione",
    en: "Administration",
    links: [
      { href: "/operatore/utenti", it: "Utenti e profili", en: "Users and roles" },
      { href: "/operatore/ente", it: "Dati dell'Ente", en: "Ente details" },
      { href: "/operatore/chiavi-api", it: "Chiavi API", en: "API keys", roles: ["admin"] },
      { href: "/operatore/posta", it: "Posta in uscita", en: "Outgoing mail", roles: ["admin"] },
      {
        href: "/operatore/registro-attivita",
        it: "Registro attività",
        en: "Audit log",
        roles: ["admin"],
      },
    ],
  },
];

/**
 * The menu entry of the page at `pathname`: the longest href that is the path or one of its
 * parents, so that "Incassi per servizio" (/operatore/ricevute/per-servizio) is marked rather than
 * "Ricevute pagoPA" as well. The dashboard (/operatore) matches only itself.
 */
export function currentHref(pathname: string, hrefs: readonly string[]): string | null {
  let best: string | null = null;
  for (const href of hrefs) {
    const matches = href === "/operatore"
      ? pathname === href
      : pathname === href || pathname.startsWith(href + "/");
    if (matches && (best === null || href.length > best.length)) best = href;
  }
  return best;
}

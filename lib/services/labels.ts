/**
 * Names of the service configuration's values, Italian and English, for pages and messages.
 * The codes are the ones stored in the database and used by the API.
 *
 * @module
 */

export type Lang = "it" | "en";
type Labels<K extends string> = Record<K, { it: string; en: string }>;

export const SERVICE_KINDS = [
  "canteen",
  "transport",
  "nursery",
  "pre_school",
  "post_school",
  "summer_camp",
  "custom",
] as const;
export type ServiceKind = typeof SERVICE_KINDS[number];

export const KIND_LABELS: Labels<ServiceKind> = {
  canteen: { it: "Refezione scolastica (mensa)", en: "School canteen" },
  transport: { it: "Trasporto scolastico", en: "School transport" },
  nursery: { it: "Asilo nido", en: "Nursery" },
  pre_school: { it: "Pre-scuola", en: "Before-school care" },
  post_school: { it: "Post-scuola", en: "After-school care" },
  summer_camp: { it: "Centro estivo", en: "Summer camp" },
  custom: { it: "Altro servizio dell'Ente", en: "Other service of the Ente" },
};

export const SERVICE_STATUSES = ["draft", "published", "archived"] as const;
export type ServiceStatus = typeof SERVICE_STATUSES[number];

export const STATUS_LABELS: Labels<ServiceStatus> = {
  draft: { it: "Bozza", en: "Draft" },
  published: { it: "Pubblicato", en: "Published" },
  archived: { it: "Archiviato", en: "Archived" },
};

export const BILLING_MODES = ["pagopa_notice", "invoice", "prepaid_wallet"] as const;
export type BillingMode = typeof BILLING_MODES[number];

export const BILLING_LABELS: Labels<BillingMode> = {
  pagopa_notice: { it: "Avviso di pagamento pagoPA", en: "pagoPA payment notice" },
  invoice: { it: "Fattura", en: "Invoice" },
  prepaid_wallet: { it: "Prepagato (borsellino elettronico)", en: "Prepaid wallet" },
};

export const DIET_KINDS = ["medical", "religious", "ethical"] as const;
export type DietKind = typeof DIET_KINDS[number];

export const DIET_KIND_LABELS: Labels<DietKind> = {
  medical: { it: "Sanitaria", en: "Medical" },
  religious: { it: "Religiosa", en: "Religious" },
  ethical: { it: "Etica", en: "Ethical" },
};

export const COURSES = ["first", "second", "side", "fruit", "dessert", "snack", "single"] as const;
export type Course = typeof COURSES[number];

export const COURSE_LABELS: Labels<Course> = {
  first: { it: "Primo", en: "First course" },
  second: { it: "Secondo", en: "Main course" },
  side: { it: "Contorno", en: "Side dish" },
  fruit: { it: "Frutta", en: "Fruit" },
  dessert: { it: "Dessert", en: "Dessert" },
  snack: { it: "Merenda", en: "Snack" },
  single: { it: "Piatto unico", en: "One-dish meal" },
};

export const RANGE_KINDS = ["period", "break"] as const;
export type RangeKind = typeof RANGE_KINDS[number];

export const RANGE_KIND_LABELS: Labels<RangeKind> = {
  period: { it: "Periodo di servizio", en: "Service period" },
  break: { it: "Sospensione (vacanze)", en: "Break (holidays)" },
};

export const CLOSURE_KIND_LABELS = {
  strike: { it: "Sciopero", en: "Strike" },
  weather: { it: "Maltempo o neve", en: "Bad weather or snow" },
  election: { it: "Consultazione elettorale", en: "Election" },
  maintenance: { it: "Lavori o manutenzione", en: "Works or maintenance" },
  other: { it: "Altro motivo", en: "Other reason" },
} as const;

/** `label(KIND_LABELS, 'canteen', 'it')` */
export function label<K extends string>(labels: Labels<K>, key: K, lang: Lang): string {
  return labels[key]?.[lang] ?? key;
}

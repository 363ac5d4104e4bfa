/**
 * The registry's vocabularies (kinds of subject, household roles) and their names in the UI.
 *
 * @module
 */

import type { Lang } from "../i18n/mod.ts";

type Label = [it: string, en: string];

/** What a natural person is for the Ente's services (several at once). */
export const PERSON_KINDS = ["applicant", "beneficiary", "teacher"] as const;
export type PersonKind = typeof PERSON_KINDS[number];

export const ORGANIZATION_KINDS = ["provider", "school", "other"] as const;
export type OrganizationKind = typeof ORGANIZATION_KINDS[number];

export const PROVIDER_KINDS = ["caterer", "bus_company", "cooperative", "other"] as const;
export type ProviderKind = typeof PROVIDER_KINDS[number];

/** Two parents have equal rights: no role outranks another within `parent`. */
export const HOUSEHOLD_ROLES = ["parent", "legal_guardian", "other_adult", "minor"] as const;
export type HouseholdRole = typeof HOUSEHOLD_ROLES[number];

export const SEXES = ["F", "M"] as const;
export type Sex = typeof SEXES[number];

const LABELS: Record<string, Label> = {
  "kind.applicant": ["Richiedente", "Applicant"],
  "kind.beneficiary": ["Fruitore", "Beneficiary"],
  "kind.teacher": ["Docente", "Teacher"],
  "org.provider": ["Soggetto erogatore", "Provider"],
  "org.school": ["Scuola", "School"],
  "org.other": ["Altro", "Other"],
  "provider.caterer": ["Ristorazione", "Caterer"],
  "provider.bus_company": ["Trasporto (autolinee)", "Bus company"],
  "provider.cooperative": ["Cooperativa", "Cooperative"],
  "provider.other": ["Altro erogatore", "Other provider"],
  "role.parent": ["Genitore", "Parent"],
  "role.legal_guardian": ["Tutore legale", "Legal guardian"],
  "role.other_adult": ["Altro adulto", "Other adult"],
  "role.minor": ["Minore", "Minor"],
  "sex.F": ["Femmina", "Female"],
  "sex.M": ["Maschio", "Male"],
};

function label(key: string, lang: Lang): string {
  const l = LABELS[key];
  return l ? l[lang === "en" ? 1 : 0] : key;
}

export const personKindLabel = (k: PersonKind, lang: Lang) => label(`kind.${k}`, lang);
export const organizationKindLabel = (k: OrganizationKind, lang: Lang) => label(`org.${k}`, lang);
export const providerKindLabel = (k: ProviderKind, lang: Lang) => label(`provider.${k}`, lang);
export const householdRoleLabel = (r: HouseholdRole, lang: Lang) => label(`role.${r}`, lang);
export const sexLabel = (s: Sex, lang: Lang) => label(`sex.${s}`, lang);

/** "Soggetto erogatore — Ristorazione": an organization's kind as the UI shows it. */
export function organizationTypeLabel(
  kind: OrganizationKind,
  providerKind: ProviderKind | null,
  lang: Lang,
): string {
  const base = organizationKindLabel(kind, lang);
  return providerKind ? `${base} — ${providerKindLabel(providerKind, lang)}` : base;
}

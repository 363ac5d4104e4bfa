/**
 * The pagoPA taxonomy codes ("dati specifici di incasso", transferCategory) a Comune uses for
 * school-related services, copied from the official list
 * (`specs/pagopa/taxonomy/comune_school_related_codes.csv`, version 33, codice tipo ente 01).
 *
 * @module
 */

export interface TaxonomyCode {
  code: string;
  it: string;
  en: string;
  /** Service kinds this code fits, to suggest it first. */
  kinds: readonly string[];
}

export const TAXONOMY_CODES: readonly TaxonomyCode[] = [
  { code: "9/0107101TS/", it: "Mense scolastiche", en: "School canteens", kinds: ["canteen"] },
  {
    code: "9/0107102SP/",
    it: "Trasporto scolastico",
    en: "School transport",
    kinds: ["transport"],
  },
  { code: "9/0107106SP/", it: "Nido", en: "Nursery", kinds: ["nursery"] },
  { code: "9/0107103SP/", it: "Prescuola", en: "Before-school care", kinds: ["pre_school"] },
  { code: "9/0107104SP/", it: "Interscuola", en: "Lunch-break care", kinds: [] },
  { code: "9/0107105SP/", it: "Doposcuola", en: "After-school care", kinds: ["post_school"] },
  {
    code: "9/0108103TS/",
    it: "Centri estivi e centri gioco",
    en: "Summer and play centres",
    kinds: ["summer_camp"],
  },
  { code: "9/0107100TS/", it: "Rette scolastiche", en: "School fees", kinds: ["custom"] },
  {
    code: "9/0107107AP/",
    it: "Duplicato tesserino di riconoscimento",
    en: "Duplicate identity card",
    kinds: [],
  },
  {
    code: "9/0109100SP/",
    it: "Servizi alla persona e servizi sociali",
    en: "Personal and social services",
    kinds: [],
  },
];

const BY_CODE = new Map(TAXONOMY_CODES.map((t) => [t.code, t]));

/** The entry of a code, if it is one of the Comune's school-related codes. */
export const taxonomyOf = (code: string): TaxonomyCode | undefined => BY_CODE.get(code);

/** The code suggested for a service kind (the canteen's for anything unknown). */
export function defaultTaxonomy(kind: string): string {
  return TAXONOMY_CODES.find((t) => t.kinds.includes(kind))?.code ?? "9/0107100TS/";
}

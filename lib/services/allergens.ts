/**
 * The 14 substances or products causing allergies or intolerances of Regulation (EU)
 * No 1169/2011, Annex II, in its order, with the Italian wording of the Regulation (consolidated
 * text: point 1 as amended, "grano (farro e grano khorasan)") and a short name for menus.
 * A canteen menu must show them for every dish (art. 9 and 44).
 *
 * @module
 */

export interface Allergen {
  code: string;
  /** Number in Annex II. */
  n: number;
  /** Short name for menus and checkboxes. */
  it: string;
  en: string;
  /** The wording of Annex II (without the listed exceptions). */
  annex: string;
}

export const ALLERGENS = [
  {
    code: "gluten",
    n: 1,
    it: "Glutine",
    en: "Gluten",
    annex:
      "Cereali contenenti glutine, vale a dire: grano (farro e grano khorasan), segale, orzo, avena o i loro ceppi ibridati e prodotti derivati",
  },
  {
    code: "crustaceans",
    n: 2,
    it: "Crostacei",
    en: "Crustaceans",
    annex: "Crostacei e prodotti a base di crostacei",
  },
  { code: "eggs", n: 3, it: "Uova", en: "Eggs", annex: "Uova e prodotti a base di uova" },
  { code: "fish", n: 4, it: "Pesce", en: "Fish", annex: "Pesce e prodotti a base di pesce" },
  {
    code: "peanuts",
    n: 5,
    it: "Arachidi",
    en: "Peanuts",
    annex: "Arachidi e prodotti a base di arachidi",
  },
  { code: "soybeans", n: 6, it: "Soia", en: "Soybeans", annex: "Soia e prodotti a base di soia" },
  {
    code: "milk",
    n: 7,
    it: "Latte",
    en: "Milk",
    annex: "Latte e prodotti a base di latte (incluso lattosio)",
  },
  {
    code: "nuts",
    n: 8,
    it: "Frutta a guscio",
    en: "Nuts",
    annex:
      "Frutta a guscio, vale a dire: mandorle, nocciole, noci, noci di acagiù, noci di pecan, noci del Brasile, pistacchi, noci macadamia o noci del Queensland, e i loro prodotti",
  },
  { code: "celery", n: 9, it: "Sedano", en: "Celery", annex: "Sedano e prodotti a base di sedano" },
  {
    code: "mustard",
    n: 10,
    it: "Senape",
    en: "Mustard",
    annex: "Senape e prodotti a base di senape",
  },
  {
    code: "sesame",
    n: 11,
    it: "Sesamo",
    en: "Sesame",
    annex: "Semi di sesamo e prodotti a base di semi di sesamo",
  },
  {
    code: "sulphites",
    n: 12,
    it: "Anidride solforosa e solfiti",
    en: "Sulphur dioxide and sulphites",
    annex:
      "Anidride solforosa e solfiti in concentrazioni superiori a 10 mg/kg o 10 mg/litro in termini di SO2 totale",
  },
  { code: "lupin", n: 13, it: "Lupini", en: "Lupin", annex: "Lupini e prodotti a base di lupini" },
  {
    code: "molluscs",
    n: 14,
    it: "Molluschi",
    en: "Molluscs",
    annex: "Molluschi e prodotti a base di molluschi",
  },
] as const satisfies readonly Allergen[];

export type AllergenCode = typeof ALLERGENS[number]["code"];
export const ALLERGEN_CODES = ALLERGENS.map((a) => a.code) as [AllergenCode, ...AllergenCode[]];

export function isAllergen(code: string): code is AllergenCode {
  return (ALLERGEN_CODES as string[]).includes(code);
}

/** Codes sorted in Annex II order, without duplicates or unknown codes. */
export function normalizeAllergens(codes: Iterable<string>): AllergenCode[] {
  const set = new Set(codes);
  return ALLERGEN_CODES.filter((c) => set.has(c));
}

/** "Glutine, Latte" — in Annex II order. */
export function allergenNames(codes: readonly string[], lang: "it" | "en"): string {
  return ALLERGENS.filter((a) => codes.includes(a.code)).map((a) => a[lang]).join(", ");
}

/**
 * Words for the determinants, in Italian and English: condition descriptions ("dal terzo
 * figlio", "ISEE fino a 4.500,00 €"), switch values and units, used by explanations and forms.
 */
import { formatEuro } from "./money.ts";
import type { Condition, Mode, SchoolLevel, SwitchField, Unit } from "./schema.ts";

export type Lang = "it" | "en";
type Pair = [it: string, en: string];
const pick = (p: Pair, lang: Lang) => lang === "it" ? p[0] : p[1];

export const LEVEL_LABELS: Record<SchoolLevel, Pair> = {
  nido: ["nido d'infanzia", "nursery"],
  infanzia: ["scuola dell'infanzia", "pre-school"],
  primaria: ["scuola primaria", "primary school"],
  secondaria_primo_grado: ["scuola secondaria di primo grado", "lower secondary school"],
  secondaria_secondo_grado: ["scuola secondaria di secondo grado", "upper secondary school"],
};

export const MODE_LABELS: Record<Mode, Pair> = {
  full_time: ["tempo pieno", "full time"],
  part_time: ["tempo parziale", "part time"],
  morning: ["solo mattino", "mornings only"],
  afternoon: ["solo pomeriggio", "afternoons only"],
  round_trip: ["andata e ritorno", "round trip"],
  one_way: ["sola andata o solo ritorno", "one way"],
};

export const UNIT_LABELS: Record<Unit, { one: Pair; many: Pair }> = {
  meal: { one: ["pasto", "meal"], many: ["pasti", "meals"] },
  ride: { one: ["corsa", "ride"], many: ["corse", "rides"] },
  day: { one: ["giorno di presenza", "day of attendance"], many: ["giorni", "days"] },
  use: { one: ["utilizzo", "use"], many: ["utilizzi", "uses"] },
};

export const FIELD_LABELS: Record<SwitchField, Pair> = {
  resident: ["residenza", "residency"],
  schoolLevel: ["livello scolastico", "school level"],
  grade: ["classe", "grade"],
  mode: ["modalità di frequenza", "attendance mode"],
  siblingRank: ["ordine del figlio", "child's rank among siblings"],
  minorsInHousehold: ["minori nel nucleo", "minors in the household"],
  disability: ["disabilità", "disability"],
  month: ["mese", "month"],
};

const ORDINALS_IT = [
  "",
  "primo",
  "secondo",
  "terzo",
  "quarto",
  "quinto",
  "sesto",
  "settimo",
  "ottavo",
  "nono",
  "decimo",
];
const ORDINALS_EN = [
  "",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
];
const MONTHS_IT = [
  "gennaio",
  "febbraio",
  "marzo",
  "aprile",
  "maggio",
  "giugno",
  "luglio",
  "agosto",
  "settembre",
  "ottobre",
  "novembre",
  "dicembre",
];
const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function monthName(month: number, lang: Lang): string {
  return (lang === "it" ? MONTHS_IT : MONTHS_EN)[month - 1];
}

function ordinal(n: number, lang: Lang): string {
  const list = lang === "it" ? ORDINALS_IT : ORDINALS_EN;
  return list[n] ?? (lang === "it" ? `${n}°` : `${n}th`);
}

function joinOr(items: string[], lang: Lang): string {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${lang === "it" ? "o" : "or"} ${items.at(-1)}`;
}

function range(
  r: { min?: number; max?: number },
  lang: Lang,
  what: Pair,
  fmt: (n: number) => string = String,
): string {
  const w = pick(what, lang);
  if (r.min !== undefined && r.max !== undefined) {
    if (r.min === r.max) return `${w} ${fmt(r.min)}`;
    return lang === "it"
      ? `${w} da ${fmt(r.min)} a ${fmt(r.max)}`
      : `${w} from ${fmt(r.min)} to ${fmt(r.max)}`;
  }
  if (r.min !== undefined) return lang === "it" ? `${w} da ${fmt(r.min)}` : `${w} ${fmt(r.min)}+`;
  if (r.max !== undefined) {
    return lang === "it" ? `${w} fino a ${fmt(r.max)}` : `${w} up to ${fmt(r.max)}`;
  }
  return w;
}

export function siblingLabel(r: { min?: number; max?: number }, lang: Lang): string {
  const child = lang === "it" ? "figlio" : "child";
  if (r.min !== undefined && r.max !== undefined && r.min === r.max) {
    return `${ordinal(r.min, lang)} ${child}`;
  }
  if (r.min !== undefined && r.max === undefined) {
    return lang === "it"
      ? `dal ${ordinal(r.min, lang)} figlio`
      : `${ordinal(r.min, lang)} child onwards`;
  }
  if (r.min === undefined && r.max !== undefined) {
    return lang === "it"
      ? `fino al ${ordinal(r.max, lang)} figlio`
      : `up to the ${ordinal(r.max, lang)} child`;
  }
  if (r.min !== undefined && r.max !== undefined) {
    return lang === "it"
      ? `dal ${ordinal(r.min, lang)} al ${ordinal(r.max, lang)} figlio`
      : `${ordinal(r.min, lang)} to ${ordinal(r.max, lang)} child`;
  }
  return child;
}

/** The value of a switch field as a family reads it: "non residente", "tempo pieno", "classe 3ª". */
export function valueLabel(field: SwitchField, value: unknown, lang: Lang): string {
  switch (field) {
    case "resident":
      return value ? pick(["residente", "resident"], lang) : pick(
        ["non residente", "non-resident"],
        lang,
      );
    case "disability":
      return value ? pick(["con disabilità", "with a disability"], lang) : pick(
        ["senza disabilità", "without a disability"],
        lang,
      );
    case "schoolLevel":
      return LEVEL_LABELS[value as SchoolLevel]
        ? pick(LEVEL_LABELS[value as SchoolLevel], lang)
        : String(value);
    case "mode":
      return MODE_LABELS[value as Mode] ? pick(MODE_LABELS[value as Mode], lang) : String(value);
    case "grade":
      return lang === "it" ? `classe ${value}ª` : `grade ${value}`;
    case "siblingRank":
      return siblingLabel({ min: Number(value), max: Number(value) }, lang);
    case "minorsInHousehold":
      return lang === "it" ? `${value} minori nel nucleo` : `${value} minors in the household`;
    case "month":
      return monthName(Number(value), lang);
  }
}

function startDayLabel(r: { min?: number; max?: number }, lang: Lang): string {
  if (r.min !== undefined && r.max !== undefined) {
    return lang === "it"
      ? `inizio della frequenza tra il giorno ${r.min} e il giorno ${r.max} del mese`
      : `started between day ${r.min} and day ${r.max} of the month`;
  }
  if (r.min !== undefined) {
    return lang === "it"
      ? `inizio della frequenza dal giorno ${r.min} del mese`
      : `started on day ${r.min} of the month or later`;
  }
  return lang === "it"
    ? `inizio della frequenza entro il giorno ${r.max} del mese`
    : `started by day ${r.max} of the month`;
}

/** A condition in words, its tests joined by commas: "dal terzo figlio, residente". */
export function describeCondition(c: Condition | undefined, lang: Lang): string {
  if (!c) return "";
  const out: string[] = [];
  const euro = (n: number) => formatEuro(n, lang);
  if (c.resident !== undefined) out.push(valueLabel("resident", c.resident, lang));
  if (c.siblingRank) out.push(siblingLabel(c.siblingRank, lang));
  if (c.minorsInHousehold) {
    out.push(range(c.minorsInHousehold, lang, ["minori nel nucleo", "minors in the household"]));
  }
  if (c.schoolLevel) out.push(joinOr(c.schoolLevel.map((l) => pick(LEVEL_LABELS[l], lang)), lang));
  if (c.grade) {
    out.push(
      lang === "it"
        ? `classe ${joinOr(c.grade.map((g) => `${g}ª`), lang)}`
        : `grade ${joinOr(c.grade.map(String), lang)}`,
    );
  }
  if (c.mode) out.push(joinOr(c.mode.map((m) => pick(MODE_LABELS[m], lang)), lang));
  if (c.disability !== undefined) out.push(valueLabel("disability", c.disability, lang));
  if (c.isee) out.push(range(c.isee, lang, ["ISEE", "ISEE"], euro));
  if (c.iseeMissing !== undefined) {
    out.push(
      c.iseeMissing
        ? pick(["ISEE non presentato o scaduto", "no valid ISEE"], lang)
        : pick(["con ISEE valido", "with a valid ISEE"], lang),
    );
  }
  if (c.settlingIn !== undefined) {
    out.push(
      c.settlingIn
        ? pick(["mese di inserimento", "settling-in month"], lang)
        : pick(["dopo il mese di inserimento", "after the settling-in month"], lang),
    );
  }
  if (c.daysPresent) out.push(range(c.daysPresent, lang, ["giorni di presenza", "days present"]));
  if (c.daysAbsent) out.push(range(c.daysAbsent, lang, ["giorni di assenza", "days absent"]));
  if (c.startDay) out.push(startDayLabel(c.startDay, lang));
  if (c.months) {
    const names = c.months.map((m) => monthName(m, lang));
    out.push(
      lang === "it"
        ? `${names.length > 1 ? "mesi di" : "mese di"} ${joinOr(names, lang)}`
        : `in ${joinOr(names, lang)}`,
    );
  }
  if (c.flags) out.push(c.flags.map((f) => f.replaceAll("_", " ")).join(", "));
  return out.join(", ");
}

import { en } from "./en.ts";
import { it, type MessageKey } from "./it.ts";

export type { MessageKey } from "./it.ts";
export const LANGS = ["it", "en"] as const;
export type Lang = typeof LANGS[number];
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { it, en };

export function isLang(v: unknown): v is Lang {
  return v === "it" || v === "en";
}

/** A translator for one language; `{name}` placeholders are filled from `params`. */
export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) => {
    const text = dict[key] ?? it[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, p) => String(params[p] ?? m)) : text;
  };
}

/** Dates are Europe/Rome calendar dates, whatever the server's time zone. */
export function romeDate(d: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome" }).format(d);
}

/**
 * A short date as Italian offices write it, with the whole year: "04/11/2026" (Intl's short
 * style gives "04/11/26" in Italian, ambiguous on a birth date or a deadline).
 */
const SHORT_DATE: Intl.DateTimeFormatOptions = {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
};

export function formatDate(lang: Lang, d: Date | string, style: "long" | "short" = "long"): string {
  const date = typeof d === "string" ? new Date(`${d}T12:00:00Z`) : d;
  return new Intl.DateTimeFormat(lang === "it" ? "it-IT" : "en-GB", {
    ...(style === "long" ? { dateStyle: "full" } : SHORT_DATE),
    timeZone: "Europe/Rome",
  }).format(date);
}

export function formatDateTime(lang: Lang, d: Date | string): string {
  return new Intl.DateTimeFormat(lang === "it" ? "it-IT" : "en-GB", {
    ...SHORT_DATE,
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Rome",
  }).format(typeof d === "string" ? new Date(d) : d);
}

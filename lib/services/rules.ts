/**
 * Validation of the service configuration, shared by the back-office pages and the REST API so
 * both accept the same values. Pure: each check returns the normalized value or a problem with an
 * Italian and an English message.
 *
 * @module
 */

import { isIsoDate, isoWeekday, romeInstant } from "../calendar/dates.ts";
import { CLOSURE_KINDS, type ClosureKind } from "../calendar/service_calendar.ts";
import { type Checked, checkEmail } from "../tenancy/rules.ts";
import {
  BILLING_MODES,
  type BillingMode,
  type Course,
  COURSES,
  DIET_KINDS,
  type DietKind,
  RANGE_KINDS,
  type RangeKind,
  SERVICE_KINDS,
  type ServiceKind,
} from "./labels.ts";

export type { Checked } from "../tenancy/rules.ts";

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = (code: string, it: string, en: string): Checked<never> => ({
  ok: false,
  problem: { code, it, en },
});
const squash = (s: string) => s.trim().replace(/\s+/g, " ");

function oneOf<T extends string>(list: readonly T[], input: string, it: string, en: string) {
  const v = list.find((x) => x === input.trim());
  return v ? ok(v) : no("choice", it, en);
}

function text(input: string, min: number, max: number, code: string, it: string, en: string) {
  const v = squash(input);
  return v.length >= min && v.length <= max ? ok(v) : no(code, it, en);
}

/** Service code: `mensa-1` → `MENSA-1`; 2–20 letters, digits, `-` and `_`. */
export function checkServiceCode(input: string): Checked<string> {
  const v = input.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9_-]{1,19}$/.test(v) ? ok(v) : no(
    "code",
    "Il codice deve avere da 2 a 20 caratteri: lettere, cifre, - e _ (ad esempio MENSA).",
    "The code has 2 to 20 characters: letters, digits, - and _ (e.g. CANTEEN).",
  );
}

export function checkTitle(input: string): Checked<string> {
  return text(
    input,
    2,
    200,
    "title",
    "Scrivi il nome del servizio (da 2 a 200 caratteri).",
    "Write the service's name (2 to 200 characters).",
  );
}

/** Long text with line breaks kept; empty is null. */
export function checkLongText(input: string, max: number): Checked<string | null> {
  const v = input.replace(/\r\n/g, "\n").trim();
  if (v === "") return ok(null);
  return v.length <= max ? ok(v) : no(
    "too_long",
    `Il testo può avere al massimo ${max} caratteri (ora ${v.length}).`,
    `The text can have at most ${max} characters (now ${v.length}).`,
  );
}

export function checkKind(input: string): Checked<ServiceKind> {
  return oneOf(SERVICE_KINDS, input, "Scegli il tipo di servizio.", "Choose the kind of service.");
}

export function checkBillingMode(input: string): Checked<BillingMode> {
  return oneOf(BILLING_MODES, input, "Scegli come si paga il servizio.", "Choose how it is paid.");
}

/** A school year label, `2026/27`: two consecutive years. */
export function checkSchoolYearLabel(input: string): Checked<string> {
  const m = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(input.trim());
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2].slice(-2));
    if ((first + 1) % 100 === second) return ok(`${first}/${m[2].slice(-2)}`);
  }
  return no(
    "label",
    "Scrivi l'anno scolastico come 2026/27 (due anni consecutivi).",
    "Write the school year as 2026/27 (two consecutive years).",
  );
}

/** A date as `YYYY-MM-DD` (date inputs) or `gg/mm/aaaa`. */
export function checkDate(input: string): Checked<string> {
  const s = input.trim();
  const it = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = it ? `${it[3]}-${it[2].padStart(2, "0")}-${it[1].padStart(2, "0")}` : s;
  return isIsoDate(iso) ? ok(iso) : no(
    "date",
    "Scrivi una data valida, ad esempio 15/09/2026.",
    "Write a valid date, e.g. 15/09/2026.",
  );
}

/** `from` ≤ `to`, both valid. */
export function checkDateRange(from: string, to: string): Checked<{ from: string; to: string }> {
  const a = checkDate(from);
  const b = checkDate(to === "" ? from : to);
  if (!a.ok) return a;
  if (!b.ok) return b;
  return a.value <= b.value ? ok({ from: a.value, to: b.value }) : no(
    "range",
    "La data di fine non può precedere quella di inizio.",
    "The end date cannot come before the start date.",
  );
}

/** A Rome wall-clock time from a `datetime-local` input; empty is null. */
export function checkRomeDateTime(input: string): Checked<Date | null> {
  if (input.trim() === "") return ok(null);
  const d = romeInstant(input);
  return d ? ok(d) : no(
    "datetime",
    "Scrivi data e ora valide, ad esempio 01/05/2026 09:00.",
    "Write a valid date and time, e.g. 01/05/2026 09:00.",
  );
}

/** The enrollment window closes after it opens. */
export function checkWindow(opens: Date | null, closes: Date | null): Checked<true> {
  if (opens && closes && closes <= opens) {
    return no(
      "window",
      "La chiusura delle iscrizioni deve essere successiva all'apertura.",
      "Enrollment must close after it opens.",
    );
  }
  return ok(true);
}

/** ISO weekdays (1–7), sorted, without duplicates. */
export function checkWeekdays(input: (string | number)[]): Checked<number[]> {
  const days = [...new Set(input.map(Number))].sort((a, b) => a - b);
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    return no("weekdays", "Giorni della settimana non validi.", "Invalid weekdays.");
  }
  return ok(days);
}

/** A day of the year as `gg/mm` (`24/06`); empty is null. */
export function checkDayMonth(input: string): Checked<{ month: number; day: number } | null> {
  const s = input.trim();
  if (s === "") return ok(null);
  const m = /^(\d{1,2})[/.-](\d{1,2})$/.exec(s);
  if (m) {
    const [day, month] = [Number(m[1]), Number(m[2])];
    if (isIsoDate(`2000-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`)) {
      return ok({ month, day });
    }
  }
  return no(
    "patron_day",
    "Scrivi giorno e mese della festa come gg/mm, ad esempio 24/06.",
    "Write the feast's day and month as dd/mm, e.g. 24/06.",
  );
}

export function checkPatronName(input: string): Checked<string> {
  return text(
    input,
    2,
    100,
    "patron_name",
    "Scrivi il nome del santo patrono (da 2 a 100 caratteri).",
    "Write the patron saint's name (2 to 100 characters).",
  );
}

export function checkRangeKind(input: string): Checked<RangeKind> {
  return oneOf(RANGE_KINDS, input, "Scegli se è un periodo o una sospensione.", "Choose a kind.");
}

export function checkRangeLabel(input: string): Checked<string> {
  return text(
    input,
    2,
    100,
    "label",
    "Scrivi una descrizione (da 2 a 100 caratteri), ad esempio «Vacanze natalizie».",
    "Write a description (2 to 100 characters), e.g. “Christmas holidays”.",
  );
}

export function checkClosureKind(input: string): Checked<ClosureKind> {
  return oneOf(CLOSURE_KINDS, input, "Scegli il motivo della chiusura.", "Choose a reason.");
}

export function checkClosureReason(input: string): Checked<string> {
  return text(
    input,
    3,
    200,
    "reason",
    "Spiega il motivo della chiusura (da 3 a 200 caratteri): lo leggono anche le famiglie.",
    "Explain the closure (3 to 200 characters): families read it too.",
  );
}

export function checkDietCode(input: string): Checked<string> {
  const v = input.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9_-]{1,19}$/.test(v) ? ok(v) : no(
    "code",
    "Il codice della dieta deve avere da 2 a 20 caratteri: lettere, cifre, - e _ (ad esempio CELIACHIA).",
    "The diet code has 2 to 20 characters: letters, digits, - and _.",
  );
}

export function checkDietName(input: string): Checked<string> {
  return text(
    input,
    2,
    100,
    "name",
    "Scrivi il nome della dieta (da 2 a 100 caratteri).",
    "Write the diet's name (2 to 100 characters).",
  );
}

export function checkDietKind(input: string): Checked<DietKind> {
  return oneOf(DIET_KINDS, input, "Scegli il tipo di dieta.", "Choose the kind of diet.");
}

export function checkMenuName(input: string): Checked<string> {
  return text(
    input,
    2,
    100,
    "name",
    "Scrivi il nome del menù (da 2 a 100 caratteri), ad esempio «Menù invernale».",
    "Write the menu's name (2 to 100 characters), e.g. “Winter menu”.",
  );
}

export function checkRotationWeeks(input: string | number): Checked<number> {
  const n = Number(input);
  return Number.isInteger(n) && n >= 1 && n <= 8 ? ok(n) : no(
    "rotation_weeks",
    "Il menù ruota su un numero di settimane da 1 a 8.",
    "A menu rotates over 1 to 8 weeks.",
  );
}

/** The first day of a menu: a Monday (week 1 of the rotation starts then). */
export function checkMenuStart(input: string): Checked<string> {
  const d = checkDate(input);
  if (!d.ok) return d;
  return isoWeekday(d.value) === 1 ? d : no(
    "starts_on",
    "Il menù deve iniziare di lunedì (la prima settimana della rotazione).",
    "A menu starts on a Monday (the first week of its rotation).",
  );
}

export function checkCourse(input: string): Checked<Course> {
  return oneOf(COURSES, input, "Scegli la portata.", "Choose the course.");
}

export function checkDish(input: string): Checked<string> {
  return text(
    input,
    2,
    200,
    "dish",
    "Scrivi il piatto (da 2 a 200 caratteri).",
    "Write the dish (2 to 200 characters).",
  );
}

/** `9.30` or `09:30` → `09:30`. */
export function checkTime(input: string): Checked<string> {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(input.trim());
  if (m && Number(m[1]) <= 23 && Number(m[2]) <= 59) return ok(`${m[1].padStart(2, "0")}:${m[2]}`);
  return no("time", "Scrivi l'ora come hh:mm, ad esempio 09:30.", "Write the time as hh:mm.");
}

/** E-mail addresses separated by commas, semicolons or new lines; at most 20. */
export function checkRecipients(input: string | string[]): Checked<string[]> {
  const parts = (Array.isArray(input) ? input : input.split(/[,;\n]/)).map((s) => s.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const r = checkEmail(p);
    if (!r.ok) {
      return no(
        "recipients",
        `L'indirizzo «${p}» non è valido: scrivi indirizzi completi, separati da virgole.`,
        `“${p}” is not a valid address: write full addresses, separated by commas.`,
      );
    }
    if (!out.includes(r.value)) out.push(r.value);
  }
  return out.length <= 20
    ? ok(out)
    : no("recipients", "Al massimo 20 destinatari.", "At most 20 recipients.");
}

/** What a service still needs before it can be published. */
export interface Readiness {
  schoolYears: number;
  weekdays: number;
}

/** The problems that prevent publication (empty when it can be published). */
export function publicationProblems(r: Readiness): { code: string; it: string; en: string }[] {
  const out: { code: string; it: string; en: string }[] = [];
  if (r.schoolYears === 0) {
    out.push({
      code: "no_school_year",
      it: "Indica almeno un anno scolastico in cui il servizio è attivo.",
      en: "Choose at least one school year in which the service runs.",
    });
  }
  if (r.weekdays === 0) {
    out.push({
      code: "no_calendar",
      it: "Configura il calendario del servizio con almeno un giorno della settimana.",
      en: "Set up the service calendar with at least one weekday.",
    });
  }
  return out;
}

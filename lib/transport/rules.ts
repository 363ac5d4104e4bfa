/**
 * Validation of transport routes and stops, shared by the back-office forms and the REST API so
 * both accept exactly the same values. Pure functions: each returns the normalized value or a
 * problem with an Italian and an English message that says what to write instead.
 *
 * @module
 */

import type { Checked } from "../tenancy/rules.ts";

export type { Checked, Problem } from "../tenancy/rules.ts";

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = (code: string, it: string, en: string): Checked<never> => ({
  ok: false,
  problem: { code, it, en },
});

export const ROUTE_CODE = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;
export const COLOR = /^#[0-9a-f]{6}$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MAX_STOPS = 100;
export const MAX_CAPACITY = 200;
export const DEFAULT_COLOR = "#0066cc";
/** Six decimals of a degree are about 10 cm: more is noise from a click or a GPS. */
const COORD_DECIMALS = 6;

const squash = (s: string) => s.trim().replace(/\s+/g, " ");

/** A route's short code, uppercased: `checkRouteCode(" a1 ") // "A1"`. */
export function checkRouteCode(input: string): Checked<string> {
  const value = input.trim().toUpperCase();
  if (ROUTE_CODE.test(value)) return ok(value);
  return no(
    "code",
    "Il codice della linea va da 1 a 20 caratteri tra lettere, cifre, trattino e trattino basso, ad esempio A o L1-NORD.",
    "The route code is 1 to 20 letters, digits, hyphens or underscores, e.g. A or L1-NORTH.",
  );
}

/** A route's or a stop's name: 2–200 characters after trimming. */
export function checkName(input: string, what: "route" | "stop"): Checked<string> {
  const value = squash(input);
  if (value.length >= 2 && value.length <= 200) return ok(value);
  return what === "route"
    ? no(
      "name",
      "Inserisci il nome della linea (da 2 a 200 caratteri), ad esempio «Linea A – Rifredi».",
      "Enter the route's name (2 to 200 characters), e.g. “Line A – Rifredi”.",
    )
    : no(
      "name",
      "Inserisci il nome della fermata (da 2 a 200 caratteri), ad esempio «Piazza Dalmazia».",
      "Enter the stop's name (2 to 200 characters), e.g. “Piazza Dalmazia”.",
    );
}

/** Optional free text up to `max` characters; empty becomes null. */
export function checkNotes(input: string, max = 2000): Checked<string | null> {
  const value = input.trim();
  if (value.length <= max) return ok(value || null);
  return no(
    "notes",
    `Il testo è troppo lungo: al massimo ${max} caratteri.`,
    `The text is too long: at most ${max} characters.`,
  );
}

/** A line colour, `#rrggbb`, lowercased. */
export function checkColor(input: string): Checked<string> {
  const value = input.trim().toLowerCase();
  if (COLOR.test(value)) return ok(value);
  return no(
    "color",
    "Il colore non è valido: scegli un colore o scrivilo come #rrggbb, ad esempio #0066cc.",
    "The colour is not valid: pick one or write it as #rrggbb, e.g. #0066cc.",
  );
}

/** Seats on the vehicle, 1–200; empty is null (not known). */
export function checkCapacity(input: string | number | null): Checked<number | null> {
  if (input === null || (typeof input === "string" && input.trim() === "")) return ok(null);
  const n = typeof input === "number" ? input : Number(input.trim());
  if (Number.isInteger(n) && n >= 1 && n <= MAX_CAPACITY) return ok(n);
  return no(
    "capacity",
    `Indica i posti del mezzo con un numero intero da 1 a ${MAX_CAPACITY}, oppure lascia vuoto.`,
    `Give the vehicle's seats as a whole number from 1 to ${MAX_CAPACITY}, or leave it empty.`,
  );
}

/** Decimal degrees as people type them: `43,7731`, `43.7731`, `+11.25`. */
const DECIMAL = /^[+-]?\d{1,3}([.,]\d+)?$/;

function checkDegrees(
  input: string | number,
  axis: "latitude" | "longitude",
): Checked<number> {
  const lat = axis === "latitude";
  const [it, en, max, example] = lat
    ? ["latitudine", "latitude", 90, "43,7731"]
    : ["longitudine", "longitude", 180, "11,2560"];
  let n: number;
  if (typeof input === "number") n = input;
  else {
    const s = input.trim();
    if (s === "") {
      return no(
        axis,
        `Inserisci la ${it} della fermata in gradi decimali, ad esempio ${example}, oppure fai clic sulla mappa.`,
        `Enter the stop's ${en} in decimal degrees, e.g. ${
          example.replace(",", ".")
        }, or click on the map.`,
      );
    }
    if (/[°'"′″]|\d\s+\d/.test(s)) {
      return no(
        axis,
        `Scrivi la ${it} in gradi decimali, ad esempio ${example}, non in gradi, primi e secondi.`,
        `Write the ${en} in decimal degrees, e.g. ${
          example.replace(",", ".")
        }, not in degrees, minutes and seconds.`,
      );
    }
    if (!DECIMAL.test(s)) {
      return no(
        axis,
        `La ${it} non è un numero: scrivila in gradi decimali, ad esempio ${example}.`,
        `The ${en} is not a number: write it in decimal degrees, e.g. ${
          example.replace(",", ".")
        }.`,
      );
    }
    n = Number(s.replace(",", "."));
  }
  if (!Number.isFinite(n)) {
    return no(
      axis,
      `La ${it} non è un numero: scrivila in gradi decimali, ad esempio ${example}.`,
      `The ${en} is not a number: write it in decimal degrees, e.g. ${example.replace(",", ".")}.`,
    );
  }
  if (n < -max || n > max) {
    return no(
      axis,
      `La ${it} deve essere compresa tra -${max} e ${max} gradi: ${
        String(n).replace(".", ",")
      } è fuori dall'intervallo.${
        lat && Math.abs(n) <= 180 ? " Hai forse scambiato latitudine e longitudine?" : ""
      }`,
      `The ${en} must be between -${max} and ${max} degrees: ${n} is out of range.${
        lat && Math.abs(n) <= 180 ? " Did you swap latitude and longitude?" : ""
      }`,
    );
  }
  const f = 10 ** COORD_DECIMALS;
  return ok(Math.round(n * f) / f);
}

/** Latitude in decimal degrees (−90…90), rounded to 6 decimals; Italian decimal comma accepted. */
export function checkLatitude(input: string | number): Checked<number> {
  return checkDegrees(input, "latitude");
}

/** Longitude in decimal degrees (−180…180), rounded to 6 decimals. */
export function checkLongitude(input: string | number): Checked<number> {
  return checkDegrees(input, "longitude");
}

/**
 * A position as a whole: 0, 0 is in the Gulf of Guinea, never a bus stop — it is what an empty
 * GPS fix or a forgotten field looks like.
 */
export function checkPosition(latitude: number, longitude: number): Checked<[number, number]> {
  if (latitude === 0 && longitude === 0) {
    return no(
      "position",
      "La posizione 0, 0 è nell'Oceano Atlantico: controlla latitudine e longitudine della fermata.",
      "Position 0, 0 is in the Atlantic Ocean: check the stop's latitude and longitude.",
    );
  }
  return ok([latitude, longitude]);
}

/**
 * A time of day as `HH:MM`, or null when empty. Accepts `7:45` and the Italian `7.45`.
 * `checkTime("7.45", "there") // "07:45"`
 */
export function checkTime(input: string | null, which: "there" | "back"): Checked<string | null> {
  const s = (input ?? "").trim();
  if (s === "") return ok(null);
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(s);
  const value = m ? `${m[1].padStart(2, "0")}:${m[2]}` : "";
  if (TIME.test(value)) return ok(value);
  const [it, en] = which === "there" ? ["di andata", "outbound"] : ["di ritorno", "return"];
  return no(
    which === "there" ? "time_there" : "time_back",
    `L'orario ${it} non è valido: usa ore e minuti da 00:00 a 23:59, ad esempio 07:45.`,
    `The ${en} time is not valid: use hours and minutes from 00:00 to 23:59, e.g. 07:45.`,
  );
}

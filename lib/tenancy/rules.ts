/**
 * Validation of the Ente's details and of invitations, shared by the back-office forms and the
 * REST API so both accept exactly the same values. Pure functions: each returns the normalized
 * value or a problem with an Italian and an English message.
 *
 * @module
 */

import { validateCodiceFiscale, validateCodiceNumerico, validateIstatCode } from "../codes/mod.ts";
import { MEMBER_ROLES, type MemberRole } from "../db/types.ts";

export interface Problem {
  code: string;
  it: string;
  en: string;
}
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = (code: string, it: string, en: string): Checked<never> => ({
  ok: false,
  problem: { code, it, en },
});

/** Domain labels of letters, digits and inner hyphens, at least two of them. */
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{4,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
const PHONE = /^[+(]?[0-9][0-9 ./()-]{4,28}[0-9]$/;

/** A person's or an Ente's name: 2–200 characters after trimming. */
export function checkName(input: string, what: "person" | "ente"): Checked<string> {
  const value = input.trim().replace(/\s+/g, " ");
  if (value.length >= 2 && value.length <= 200) return ok(value);
  return what === "person"
    ? no(
      "name",
      "Inserisci nome e cognome (da 2 a 200 caratteri).",
      "Enter the full name (2 to 200 characters).",
    )
    : no(
      "name",
      "Inserisci la denominazione dell'Ente (da 2 a 200 caratteri).",
      "Enter the Ente's name (2 to 200 characters).",
    );
}

/** An e-mail address (also a PEC address), lowercased: `checkEmail(" A@B.it ") // a@b.it`. */
export function checkEmail(input: string, what: "email" | "pec" = "email"): Checked<string> {
  const value = input.trim().toLowerCase();
  if (EMAIL.test(value)) return ok(value);
  return what === "pec"
    ? no(
      "pec",
      "L'indirizzo PEC non è valido: scrivilo per intero, ad esempio protocollo@pec.comune.esempio.it.",
      "The PEC address is not valid: write it in full, e.g. protocollo@pec.comune.example.it.",
    )
    : no(
      "email",
      "L'indirizzo e-mail non è valido: scrivilo per intero, ad esempio nome@esempio.it.",
      "The e-mail address is not valid: write it in full, e.g. name@example.com.",
    );
}

/** A telephone number: digits with spaces, dots, dashes, slashes or brackets, optional `+`. */
export function checkPhone(input: string): Checked<string> {
  const value = input.trim().replace(/\s+/g, " ");
  if (PHONE.test(value)) return ok(value);
  return no(
    "phone",
    "Il numero di telefono non è valido: usa solo cifre, spazi e il prefisso +39 se serve.",
    "The phone number is not valid: use digits, spaces and an optional + prefix.",
  );
}

/** A postal address: 5–300 characters. */
export function checkAddress(input: string): Checked<string> {
  const value = input.trim().replace(/\s+/g, " ");
  if (value.length >= 5 && value.length <= 300) return ok(value);
  return no(
    "address",
    "L'indirizzo deve avere da 5 a 300 caratteri.",
    "The address must have 5 to 300 characters.",
  );
}

/** A public web address (http or https, with a host name): `https://www.comune.esempio.it`. */
export function checkWebsite(input: string): Checked<string> {
  const value = input.trim();
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (
    url && (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".") &&
    !url.username && !url.password && value.length <= 300
  ) {
    return ok(value);
  }
  return no(
    "website",
    "Il sito web non è valido: scrivi l'indirizzo completo, ad esempio https://www.comune.esempio.it.",
    "The website is not valid: write the full address, e.g. https://www.comune.example.it.",
  );
}

/** The Ente's codice fiscale: 11 digits with a valid check digit (never a temporary code). */
export function checkEnteTaxCode(input: string): Checked<string> {
  const r = validateCodiceNumerico(input);
  if (!r.ok) {
    return no(
      `tax_code.${r.code}`,
      `${r.message}.`,
      "The Ente's codice fiscale is not valid: it has 11 digits and a correct check digit.",
    );
  }
  if (r.kind === "provvisorio") {
    return no(
      "tax_code.provvisorio",
      "Il codice fiscale indicato è un codice provvisorio di persona fisica, non quello di un Ente.",
      "This is a temporary codice fiscale of a person, not an Ente's.",
    );
  }
  return ok(r.value);
}

/** The 6-digit ISTAT code of the Comune (`48099` is read as `048099`). */
export function checkIstatCode(input: string): Checked<string> {
  const r = validateIstatCode(input, { padLeadingZeros: true });
  if (r.ok) return ok(r.value);
  return no(
    `istat_code.${r.code}`,
    `${r.message}.`,
    "The ISTAT code is not valid: it has 6 digits, e.g. 058091.",
  );
}

/** A person's codice fiscale (16 characters, omocodia accepted), uppercased. */
export function checkPersonTaxCode(input: string): Checked<string> {
  const r = validateCodiceFiscale(input);
  if (r.ok) return ok(r.value);
  return no(
    `tax_code.${r.code}`,
    `${r.message}.`,
    "The codice fiscale is not valid: 16 letters and digits with a correct check character.",
  );
}

/** One of the roles a member can hold in an Ente. */
export function checkRole(input: string): Checked<MemberRole> {
  const role = MEMBER_ROLES.find((r) => r === input);
  if (role) return ok(role);
  return no("role", "Scegli un profilo.", "Choose a role.");
}

/** Runs `check` on an optional text: empty means null (the field is cleared). */
export function optional<T>(input: string, check: (s: string) => Checked<T>): Checked<T | null> {
  return input.trim() === "" ? ok(null) : check(input);
}

/**
 * Collects the checks of a form: `{ values, errors }` where `errors` maps each field to its message
 * in `lang`. `collect("it", { email: checkEmail(form.email) })`.
 */
export function collect<T extends Record<string, Checked<unknown>>>(
  lang: "it" | "en",
  checks: T,
): {
  values: { [K in keyof T]: T[K] extends Checked<infer V> ? V : never };
  errors: Record<string, string>;
} {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [field, r] of Object.entries(checks)) {
    if (r.ok) values[field] = r.value;
    else errors[field] = r.problem[lang];
  }
  // deno-lint-ignore no-explicit-any
  return { values: values as any, errors };
}

/**
 * What Piazza reads from an OpenID Connect identity (ID token claims merged with userinfo): the
 * codice fiscale, the e-mail and the names. SPID and CIE gateways name the fiscal number in several
 * ways (`fiscalNumber` "TINIT-RSSMRA85T10A562S", `fiscal_number`, `https://attributes.eid.gov.it/
 * fiscal_number`); all are read, the TINIT- prefix is stripped and the code is validated.
 *
 * @module
 */
import { validateCodiceFiscale } from "../codes/codice_fiscale.ts";

export const FISCAL_NUMBER_CLAIMS = [
  "fiscal_number",
  "fiscalNumber",
  "https://attributes.eid.gov.it/fiscal_number",
  "https://attributes.spid.gov.it/fiscalNumber",
] as const;

export type FiscalNumber =
  | { ok: true; value: string; canonical: string }
  | { ok: false; reason: "missing" | "foreign" | "invalid"; raw?: string };

/**
 * The Italian codice fiscale of the identity. "TINIT-" (Italian tax identification number, eIDAS
 * notation) is dropped; other countries' TINs are refused as `foreign`; numeric codes (temporary
 * codes of companies) are not a person's and are `invalid`.
 */
export function fiscalNumberFrom(claims: Record<string, unknown>): FiscalNumber {
  let raw: string | undefined;
  for (const name of FISCAL_NUMBER_CLAIMS) {
    const v = claims[name];
    if (typeof v === "string" && v.trim()) {
      raw = v.trim();
      break;
    }
  }
  if (!raw) return { ok: false, reason: "missing" };
  let code = raw.replace(/\s+/g, "").toUpperCase();
  const tin = /^TIN([A-Z]{2})-(.*)$/.exec(code);
  if (tin) {
    if (tin[1] !== "IT") return { ok: false, reason: "foreign", raw };
    code = tin[2];
  }
  const r = validateCodiceFiscale(code);
  if (!r.ok || r.kind !== "persona_fisica") return { ok: false, reason: "invalid", raw };
  return { ok: true, value: r.value, canonical: r.info.canonical };
}

/** The e-mail the provider asserted, lower-cased; null when absent or malformed. */
export function emailFrom(claims: Record<string, unknown>): string | null {
  const v = claims.email;
  if (typeof v !== "string") return null;
  const email = v.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) && email.length <= 254 ? email : null;
}

/** "Nome Cognome" from given/family name (SPID: name/familyName), else `name`; null if none. */
export function fullNameFrom(claims: Record<string, unknown>): string | null {
  const str = (k: string) => typeof claims[k] === "string" ? (claims[k] as string).trim() : "";
  const given = str("given_name");
  const family = str("family_name") || str("familyName");
  const joined = [given, family].filter(Boolean).join(" ") || str("name");
  return joined.length >= 2 ? joined.slice(0, 200) : null;
}

/** ID token claims completed by userinfo; the ID token wins where both speak (it is signed). */
export function mergeClaims(
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | null,
): Record<string, unknown> {
  return { ...(userinfo ?? {}), ...idToken };
}

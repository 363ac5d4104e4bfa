/**
 * Text as FatturaPA accepts it: the "Latin" string types allow Basic Latin and Latin-1 only, with
 * a maximum length, and a customer's sede needs street, CAP and comune as separate fields, which
 * the registry keeps as one line ("Via Roma 12, 50099 Valdiponte (FI)").
 *
 * @module
 */

const REPLACEMENTS: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u20AC": "EUR",
  "\u00A0": " ",
};

/**
 * `s` folded into Latin-1 (typographic quotes and dashes become ASCII, other characters outside
 * Latin-1 lose their accents or become "?"), spaces collapsed, cut to `max` characters.
 */
export function latin(s: string, max: number): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (REPLACEMENTS[ch]) out += REPLACEMENTS[ch];
    else if (code < 32 || code === 127) out += " ";
    else if (code <= 0xff) out += ch;
    else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += [...base].every((c) => c.codePointAt(0)! <= 0xff) && base ? base : "?";
    }
  }
  out = out.replace(/\s+/g, " ").trim();
  return [...out].slice(0, max).join("").trim();
}

/** XML text escaping for element content and attributes. */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export interface Address {
  street: string;
  number: string | null;
  postalCode: string;
  municipality: string;
  province: string | null;
  country: string;
}

/**
 * Splits an Italian address line into the fields of a FatturaPA sede. Accepts "Via Roma 12,
 * 50099 Valdiponte (FI)", "Via Roma, 12 - 50099 Valdiponte FI", "Piazza Duomo 1 20121 Milano".
 * Null when no CAP is found (the invoice cannot be made: the office completes the address).
 */
export function parseAddress(line: string | null | undefined): Address | null {
  if (!line) return null;
  const text = line.replace(/\s+/g, " ").trim();
  const m = text.match(/^(.+?)[\s,;-]+(\d{5})\s+(.+?)(?:\s*\(([A-Za-z]{2})\)|\s+([A-Z]{2}))?\s*$/);
  if (!m) return null;
  const [, head, postalCode, town, prov1, prov2] = m;
  const province = (prov1 ?? prov2 ?? null)?.toUpperCase() ?? null;
  const n = head.match(
    /^(.+?)[\s,]+(\d{1,5}(?:\s?[A-Za-z])?(?:\/[A-Za-z0-9]{1,3})?|s\.?n\.?c\.?)$/i,
  );
  const street = (n ? n[1] : head).replace(/[\s,;-]+$/, "").trim();
  const number = n ? n[2].replace(/\s/g, "").slice(0, 8) : null;
  if (street.length < 2 || town.trim().length < 2) return null;
  return {
    street: latin(street, 60),
    number: number && /^[A-Za-z0-9/.]{1,8}$/.test(number) ? number : null,
    postalCode,
    municipality: latin(town, 60),
    province,
    country: "IT",
  };
}

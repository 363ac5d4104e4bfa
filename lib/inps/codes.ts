/**
 * The vocabulary of INPS's ISEE consultation (`ConsultazioneISEE_v2.8_PDND.xsd`,
 * `ISEE_TipiComuni.xsd`): prestazioni by service kind, indicator types, Esito messages, DSU
 * protocol numbers and exact money. Pure functions only.
 *
 * @module
 */

/** Codes of `PrestazioneDaErogareType` with the names INPS gives them (XSD comments, in order). */
export const PRESTAZIONI: Record<string, string> = {
  "A1.07": "Contributi e integrazioni a rette per asili nido",
  "A1.09": "Contributi economici per i servizi scolastici",
  "A1.16": "Contributi economici per servizio trasporto e mobilità",
  "A2.10": "Servizi integrativi per la prima infanzia",
  "A2.11": "Sostegno socio-educativo scolastico",
  "A2.12": "Mensa scolastica",
  "A3.03": "Asilo Nido",
  "Z9.99": "Altro",
};

/** The prestazione a Comune declares to INPS for a service of this kind (`services.kind`). */
export function prestazioneFor(serviceKind: string | null | undefined): string {
  switch (serviceKind) {
    case "canteen":
      return "A2.12";
    case "nursery":
      return "A3.03";
    case "transport":
      return "A1.16";
    case "pre_school":
    case "post_school":
      return "A2.11";
    default:
      return "Z9.99";
  }
}

/** `TipoIndicatoreSinteticoEnum` ↔ `isee_attestations.kind`. */
export const TIPO_TO_KIND = {
  Ordinario: "ordinario",
  Minorenne: "minorenni",
  Universitario: "universitario",
  SocioSanitario: "socio_sanitario",
  Dottorato: "dottorato",
  Residenziale: "residenziale",
} as const;
export type TipoIndicatore = keyof typeof TIPO_TO_KIND;
export type IseeKind = typeof TIPO_TO_KIND[TipoIndicatore];
export const TIPI = Object.keys(TIPO_TO_KIND) as TipoIndicatore[];
export const REQUESTABLE_KINDS = ["ordinario", "minorenni"] as const;

export function kindOf(tipo: string): IseeKind | null {
  return (TIPO_TO_KIND as Record<string, IseeKind>)[tipo] ?? null;
}

export function tipoOf(kind: string): TipoIndicatore | null {
  for (const t of TIPI) if (TIPO_TO_KIND[t] === kind) return t;
  return null;
}

export const KIND_LABELS: Record<string, { it: string; en: string }> = {
  ordinario: { it: "ISEE ordinario", en: "Standard ISEE" },
  minorenni: { it: "ISEE per prestazioni ai minorenni", en: "ISEE for benefits to minors" },
  universitario: { it: "ISEE università", en: "University ISEE" },
  socio_sanitario: { it: "ISEE socio-sanitario", en: "Social-health ISEE" },
  residenziale: { it: "ISEE socio-sanitario residenze", en: "Residential-care ISEE" },
  dottorato: { it: "ISEE dottorato", en: "Doctorate ISEE" },
  corrente: { it: "ISEE corrente", en: "Current ISEE" },
};

export const STATUS_LABELS: Record<string, { it: string; en: string }> = {
  valid: { it: "Valida", en: "Valid" },
  to_verify: { it: "Da verificare", en: "To verify" },
  not_found: { it: "Non trovata in INPS", en: "Not found at INPS" },
  mismatch: { it: "Difforme da INPS", en: "Differs from INPS" },
  superseded: { it: "Sostituita", en: "Superseded" },
};

export const SOURCE_LABELS: Record<string, { it: string; en: string }> = {
  inps: { it: "INPS (PDND)", en: "INPS (PDND)" },
  self_declared: { it: "Dichiarata dalla famiglia", en: "Declared by the family" },
  operator: { it: "Inserita dall'ufficio", en: "Entered by the office" },
};

export const ESITI = [
  "OK",
  "RICHIESTA_INVALIDA",
  "DATI_NON_TROVATI",
  "DATABASE_OFFLINE",
  "ERRORE_INTERNO",
  "RISCONTRO_NON_VALIDO",
] as const;
export type Esito = typeof ESITI[number];

/** What each Esito means for the office, and whether trying again later may help. */
export const ESITO_INFO: Record<Esito, { it: string; en: string; transient: boolean }> = {
  OK: { it: "Attestazione ISEE trovata.", en: "ISEE attestation found.", transient: false },
  DATI_NON_TROVATI: {
    it: "INPS non ha un'attestazione ISEE valida per questo codice fiscale alla data richiesta: " +
      "la famiglia deve presentare la DSU (anche tramite un CAF) oppure il codice fiscale va " +
      "controllato.",
    en: "INPS has no valid ISEE attestation for this codice fiscale at the requested date: the " +
      "family must file a DSU (also through a CAF) or the codice fiscale must be checked.",
    transient: false,
  },
  RICHIESTA_INVALIDA: {
    it: "INPS ha respinto la richiesta perché non valida (codice fiscale, tipo di ISEE o " +
      "prestazione non accettati).",
    en: "INPS refused the request as invalid (codice fiscale, ISEE type or benefit not accepted).",
    transient: false,
  },
  DATABASE_OFFLINE: {
    it: "La banca dati ISEE dell'INPS non è al momento disponibile. Riprovare più tardi.",
    en: "INPS's ISEE database is currently unavailable. Try again later.",
    transient: true,
  },
  ERRORE_INTERNO: {
    it: "Errore interno del servizio INPS. Riprovare più tardi; se persiste, segnalarlo " +
      "all'assistenza.",
    en: "Internal error of the INPS service. Try again later; report it if it persists.",
    transient: true,
  },
  RISCONTRO_NON_VALIDO: {
    it: "INPS non ha accettato il riscontro della richiesta: verificare la finalità PDND e i " +
      "dati della domanda di prestazione.",
    en: "INPS did not accept the request's reference: check the PDND purpose and the benefit " +
      "application data.",
    transient: false,
  },
};

export function isEsito(v: unknown): v is Esito {
  return typeof v === "string" && (ESITI as readonly string[]).includes(v);
}

/** `TypeProtocollo`: INPS-ISEE-AAAA-NNNNNNNNX-NN. */
export const DSU_PROTOCOL = /^INPS-ISEE-[0-9]{4}-[0-9]{8}[A-Z]-[0-9]{2}$/;

/** Normalizes and checks a DSU protocol number; null when it does not match the pattern. */
export function normalizeDsuProtocol(raw: string): string | null {
  const s = raw.trim().toUpperCase().replace(/\s+/g, "");
  return DSU_PROTOCOL.test(s) ? s : null;
}

/** The year a DSU protocol was filed in: "INPS-ISEE-2026-…" → 2026. */
export function dsuYear(protocol: string): number | null {
  return DSU_PROTOCOL.test(protocol) ? Number(protocol.slice(10, 14)) : null;
}

/**
 * An `xs:decimal` with at most two significant fraction digits (TypeDecimal) as integer cents,
 * exactly: "12804.88" → 1280488, "12804.8" → 1280480, "12804" → 1280400. Null when not a
 * non-negative decimal with at most two (non-zero) fraction digits.
 */
export function decimalToCents(raw: string): number | null {
  const m = /^\+?([0-9]*)(?:\.([0-9]*))?$/.exec(raw.trim());
  if (!m || (m[1] === "" && !m[2])) return null;
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > 2) return null;
  const cents = BigInt(m[1] || "0") * 100n + BigInt(frac.padEnd(2, "0") || "0");
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(cents);
}

/** Integer cents as an `xs:decimal` with two fraction digits: 1280488 → "12804.88". */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`cents: ${cents}`);
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * An amount a person types ("12.804,88", "12804.88", "12 804,88 €") as integer cents, or null.
 * A single separator followed by exactly three digits is read as thousands ("12.804").
 */
export function parseEuroInput(raw: string): number | null {
  let s = raw.replace(/[€\s]/g, "");
  if (!s) return null;
  if (/^[0-9]{1,3}(\.[0-9]{3})+(,[0-9]{1,2})?$/.test(s)) s = s.replaceAll(".", "");
  else if (/^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?$/.test(s)) s = s.replaceAll(",", "");
  s = s.replace(",", ".");
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(s)) return null;
  return decimalToCents(s);
}

/**
 * The end of an ISEE's validity: a DSU filed in a year is valid until 31 December of that year
 * (art. 10 DPCM 159/2013 as amended by DL 34/2019).
 */
export function validUntil(presentedOn: string): string {
  return `${presentedOn.slice(0, 4)}-12-31`;
}

/** Compares a self-declared ISEE with INPS's: equal to the cent and same DSU → valid. */
export function compareDeclared(
  declared: { value_cents: number; protocol: string | null },
  inps: { value_cents: number; protocol: string },
): { status: "valid" | "mismatch"; difference_cents: number; protocol_matches: boolean } {
  const difference = inps.value_cents - declared.value_cents;
  const protocolMatches = declared.protocol === null || declared.protocol === inps.protocol;
  return {
    status: difference === 0 && protocolMatches ? "valid" : "mismatch",
    difference_cents: difference,
    protocol_matches: protocolMatches,
  };
}

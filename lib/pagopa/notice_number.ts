/**
 * Numero avviso (NAV, codice avviso) and IUV, per SACI 3.x: 18 digits, `<aux digit><IUV>`.
 * The Ente issues only aux digit 3: `3 + segregation code (2) + base (13) + check (2)` where
 * check = int("3" + segregation + base) mod 93. Older notices (aux 0, 1, 2) can still arrive in
 * receipts and reporting flows, so the parser reads every form and says precisely what is wrong.
 * The SQL twin is `app.notice_number(seg, base)` (billing migration): both must always agree.
 *
 * @module
 */

/** Largest 13-digit base. */
export const MAX_BASE = 9_999_999_999_999;

export type NoticeNumberErrorCode =
  | "empty"
  | "length"
  | "not_digits"
  | "aux_digit"
  | "check_digit"
  | "segregation";

export type ParsedNoticeNumber = {
  ok: true;
  /** The 18 digits, spaces removed. */
  nav: string;
  auxDigit: 0 | 1 | 2 | 3;
  /** 17 digits (aux 1/2/3) or 15 (aux 0). */
  iuv: string;
  /** Segregation code (aux 3) or application code (aux 0). */
  segregationCode?: string;
  applicationCode?: string;
  /** The two check digits (not for aux 1). */
  checkDigits?: string;
  /** aux 1 and 2 are deprecated since SACI 3.1.0: still readable, never issued. */
  deprecated: boolean;
};

export type NoticeNumberError = {
  ok: false;
  code: NoticeNumberErrorCode;
  message: string;
  message_en: string;
};

/** `int(digits) mod 93` for a string of digits of any length, as 2 digits. */
export function mod93(digits: string): string {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 10 + digits.charCodeAt(i) - 48) % 93;
  return String(r).padStart(2, "0");
}

function assertSegregation(seg: string): void {
  if (!/^[0-9]{2}$/.test(seg)) {
    throw new RangeError(`Codice di segregazione non valido: deve avere 2 cifre ("${seg}").`);
  }
}

/** The 18-digit NAV for aux digit 3: `noticeNumber("02", 1) // "302000000000000188"`. */
export function noticeNumber(segregationCode: string, base: number | bigint): string {
  assertSegregation(segregationCode);
  const b = typeof base === "bigint" ? base : Number.isSafeInteger(base) ? BigInt(base) : -1n;
  if (b < 0n || b > BigInt(MAX_BASE)) {
    throw new RangeError(`Base IUV non valida: deve essere un intero da 0 a ${MAX_BASE}.`);
  }
  const head = `3${segregationCode}${b.toString().padStart(13, "0")}`;
  return head + mod93(head);
}

/** The 17-digit IUV of an aux-3 NAV (its last 17 digits). */
export const iuvOf = (nav: string) => nav.slice(1);

/** The IUV of any NAV (15 digits for aux 0, 17 otherwise), or null when the NAV is not valid. */
export function iuvOfNav(nav: string): string | null {
  const p = parseNoticeNumber(nav);
  return p.ok ? p.iuv : null;
}

function fail(code: NoticeNumberErrorCode, message: string, message_en: string): NoticeNumberError {
  return { ok: false, code, message, message_en };
}

/**
 * Reads a NAV as people type it (spaces and dots allowed between groups) and checks it:
 * length, digits, aux digit, check digits. `parseNoticeNumber("3020 3200 2700 0002 51")`.
 */
export function parseNoticeNumber(input: string): ParsedNoticeNumber | NoticeNumberError {
  const nav = (input ?? "").replace(/[\s.]/g, "");
  if (nav === "") {
    return fail("empty", "Inserisci il codice avviso.", "Enter the notice code.");
  }
  if (!/^[0-9]+$/.test(nav)) {
    return fail(
      "not_digits",
      "Il codice avviso deve contenere solo cifre.",
      "The notice code must contain digits only.",
    );
  }
  if (nav.length !== 18) {
    return fail(
      "length",
      `Il codice avviso deve avere 18 cifre (ne ha ${nav.length}).`,
      `The notice code must have 18 digits (it has ${nav.length}).`,
    );
  }
  const aux = Number(nav[0]);
  if (aux > 3) {
    return fail(
      "aux_digit",
      `Il codice avviso non può iniziare con ${aux}: la prima cifra (aux digit) è 0, 1, 2 o 3.`,
      `The notice code cannot start with ${aux}: the first digit (aux digit) is 0, 1, 2 or 3.`,
    );
  }
  if (aux === 1) {
    return { ok: true, nav, auxDigit: 1, iuv: nav.slice(1), deprecated: true };
  }
  const expected = mod93(nav.slice(0, 16));
  const given = nav.slice(16);
  if (given !== expected) {
    return fail(
      "check_digit",
      `Le cifre di controllo del codice avviso sono errate (${given} invece di ${expected}): ` +
        "controlla di averlo copiato bene.",
      `The notice code's check digits are wrong (${given} instead of ${expected}): check you ` +
        "copied it correctly.",
    );
  }
  if (aux === 0) {
    return {
      ok: true,
      nav,
      auxDigit: 0,
      iuv: nav.slice(3),
      applicationCode: nav.slice(1, 3),
      checkDigits: given,
      deprecated: false,
    };
  }
  if (aux === 2) {
    return { ok: true, nav, auxDigit: 2, iuv: nav.slice(1), checkDigits: given, deprecated: true };
  }
  return {
    ok: true,
    nav,
    auxDigit: 3,
    iuv: nav.slice(1),
    segregationCode: nav.slice(1, 3),
    checkDigits: given,
    deprecated: false,
  };
}

/**
 * True when `nav` is a valid aux-3 NAV of segregation code `seg`: the only kind this Ente issues
 * (a receipt for any other is one we cannot have asked for).
 */
export function isOwnNoticeNumber(nav: string, seg: string): boolean {
  const p = parseNoticeNumber(nav);
  return p.ok && p.auxDigit === 3 && p.segregationCode === seg;
}

/** The NAV in groups of 4 as printed on the notice: "3020 3200 2700 0002 51". */
export function formatNoticeNumber(nav: string): string {
  return nav.replace(/(\d{4})(?=\d)/g, "$1 ");
}

import { isUuid } from "../codes/uuid.ts";

/**
 * The token of a beneficiary's attendance card (the QR, and the code printed under it for
 * keyboard-wedge readers and manual entry): opaque and signed, never the codice fiscale.
 *
 * `PZ1` + Crockford base32 of tenant id (16 bytes) ‖ enrollment id (16 bytes) ‖ HMAC-SHA-256
 * truncated to 10 bytes, keyed by a key derived from the app secret for this one purpose. It
 * names no person: a lost card tells the finder nothing, and a forged or altered one fails the
 * signature. Uppercase base32 keeps the QR in alphanumeric mode (small, easy to scan) and the
 * printed code unambiguous (O→0, I/L→1 on input).
 *
 * @module
 */

export const TOKEN_PREFIX = "PZ1";
const MAC_BYTES = 10;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PURPOSE = new TextEncoder().encode("piazza/attendance-card/v1");

export interface CardIdentity {
  tenantId: string;
  enrollmentId: string;
}

export type VerifyFailure = "malformed" | "bad_signature";

export type VerifyResult =
  | ({ ok: true } & CardIdentity)
  | { ok: false; error: VerifyFailure };

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** The HMAC key of card tokens, derived from the app secret (never the secret itself). */
function cardKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const master = await crypto.subtle.importKey(
        "raw",
        secret as BufferSource,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const derived = new Uint8Array(await crypto.subtle.sign("HMAC", master, PURPOSE));
      return await crypto.subtle.importKey(
        "raw",
        derived,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

function uuidBytes(id: string): Uint8Array {
  if (!isUuid(id)) throw new Error(`not a UUID: ${id}`);
  const hex = id.replaceAll("-", "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function bytesUuid(b: Uint8Array): string {
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

async function mac(secret: Uint8Array, payload: Uint8Array): Promise<Uint8Array> {
  const full = await crypto.subtle.sign("HMAC", await cardKey(secret), payload as BufferSource);
  return new Uint8Array(full).slice(0, MAC_BYTES);
}

/** The card token of an enrollment: `signCardToken(secret, {tenantId, enrollmentId})`. */
export async function signCardToken(secret: Uint8Array, who: CardIdentity): Promise<string> {
  const payload = new Uint8Array(32);
  payload.set(uuidBytes(who.tenantId), 0);
  payload.set(uuidBytes(who.enrollmentId), 16);
  const sig = await mac(secret, payload);
  const all = new Uint8Array(payload.length + sig.length);
  all.set(payload, 0);
  all.set(sig, payload.length);
  return TOKEN_PREFIX + base32Encode(all);
}

/**
 * What a person or a reader typed, as a token: spaces and dashes dropped, uppercase, and the
 * letters people confuse with digits read as those digits.
 */
export function normalizeToken(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** Checks a scanned or typed token; tampering, truncation and other secrets all fail. */
export async function verifyCardToken(secret: Uint8Array, input: string): Promise<VerifyResult> {
  const token = normalizeToken(input);
  if (!token.startsWith(TOKEN_PREFIX)) return { ok: false, error: "malformed" };
  const bytes = base32Decode(token.slice(TOKEN_PREFIX.length));
  if (!bytes || bytes.length !== 32 + MAC_BYTES) return { ok: false, error: "malformed" };
  // One spelling per token: the unused low bits of the last character must be zero.
  if (base32Encode(bytes) !== token.slice(TOKEN_PREFIX.length)) {
    return { ok: false, error: "malformed" };
  }
  const payload = bytes.slice(0, 32);
  const expected = await mac(secret, payload);
  let diff = 0;
  for (let i = 0; i < MAC_BYTES; i++) diff |= expected[i] ^ bytes[32 + i];
  if (diff !== 0) return { ok: false, error: "bad_signature" };
  return {
    ok: true,
    tenantId: bytesUuid(payload.slice(0, 16)),
    enrollmentId: bytesUuid(payload.slice(16, 32)),
  };
}

/** The token in groups of four, as printed under the QR for manual entry. */
export function groupToken(token: string): string {
  return token.match(/.{1,4}/g)!.join(" ");
}

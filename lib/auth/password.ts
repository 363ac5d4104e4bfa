import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt with OWASP's cost (N=2^14, r=8, p=5: same work as N=2^17, p=1, a quarter of the memory).
 * Stored as `scrypt$N$r$p$salt$hash` (base64) so the cost can rise without breaking old hashes.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
  keyLen: number;
}
export const SCRYPT: Readonly<ScryptCost> = { N: 16384, r: 8, p: 5, keyLen: 32 };

function derive(password: string, salt: Buffer, N: number, r: number, p: number, len: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize("NFC"),
      salt,
      len,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (err, key) => err ? reject(err) : resolve(key),
    )
  );
}

export async function hashPassword(password: string, cost: Partial<ScryptCost> = {}) {
  const { N, r, p, keyLen } = { ...SCRYPT, ...cost };
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p, keyLen);
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  const key = await derive(password, salt, N, r, p, expected.length);
  return timingSafeEqual(key, expected);
}

/** A hash of a random password: verified against when the e-mail is unknown, so timing is equal. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return dummy ??= hashPassword(crypto.randomUUID());
}

/** Minimum rules for a new password; returns an i18n message key or null when acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 10) return "password.tooShort";
  if (password.length > 200) return "password.tooLong";
  if (email && password.toLowerCase().includes(email.split("@")[0].toLowerCase())) {
    return "password.containsEmail";
  }
  if (new Set(password).size < 5) return "password.tooSimple";
  return null;
}

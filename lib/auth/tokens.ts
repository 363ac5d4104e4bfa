import { jwtVerify, SignJWT } from "jose";
import type { Claims } from "../db/types.ts";

export const SESSION_COOKIE = "piazza_session";
export const SESSION_HOURS = 10;

/** Signs Supabase-shaped claims (HS256) as a session token valid for SESSION_HOURS. */
export async function signSession(claims: Omit<Claims, "iat" | "exp">, secret: Uint8Array) {
  return await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setAudience("authenticated")
    .setExpirationTime(`${SESSION_HOURS}h`)
    .sign(secret);
}

/** Verifies signature, audience and expiry; null for anything forged, expired or malformed. */
export async function verifySession(token: string, secret: Uint8Array): Promise<Claims | null> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      audience: "authenticated",
    });
    const c = payload as unknown as Claims;
    if (typeof c.sub !== "string" || c.role !== "authenticated" || !c.app_metadata) return null;
    if (!Array.isArray(c.app_metadata.roles)) return null;
    return c;
  } catch {
    return null;
  }
}

/** 32 random bytes, base64url: reset links, API key secrets, CSRF tokens. */
export function randomToken(bytes = 32): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

export async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Socket authentication: the handshake carries the same session cookie as the page, verified
 * exactly as `authMiddleware` does for HTTP (signed JWT, then a live session). API keys do not
 * open sockets.
 *
 * @module
 */
import { sessionIsLive } from "../auth/sessions.ts";
import { SESSION_COOKIE, verifySession } from "../auth/tokens.ts";
import type { Config } from "../config.ts";
import type { Claims, Db } from "../db/types.ts";

/** The value of cookie `name` in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** The session's claims, or null for a missing, forged, expired or revoked session. */
export async function authenticateHandshake(
  db: Db,
  config: Config,
  cookieHeader: string | undefined,
): Promise<Claims | null> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!token) return null;
  const claims = await verifySession(token, config.jwtSecret);
  if (!claims?.session_id) return null;
  return await sessionIsLive(db, claims.session_id) ? claims : null;
}

/** Still signed in: not expired and not revoked (sign-out, password reset). */
export async function sessionStillValid(db: Db, claims: Claims): Promise<boolean> {
  if (claims.exp && claims.exp * 1000 <= Date.now()) return false;
  return !!claims.session_id && await sessionIsLive(db, claims.session_id);
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends `Origin` on a WebSocket or
 * cross-origin request; it must be this server (as addressed, or its public URL). Clients that
 * send no Origin (non-browser) still need the session cookie.
 */
export function originAllowed(
  headers: Record<string, string | string[] | undefined>,
  publicUrl: string,
): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== "string") return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === headers.host) return true;
  try {
    return host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}

import { type InpsConfig, inpsFromEnv } from "./inps/config.ts";
import { type GpdConfig, gpdFromEnv } from "./pagopa/gpd_client.ts";
import { type CheckoutConfig, checkoutFromEnv } from "./pagopa/checkout.ts";

/** Runtime configuration, from environment variables only (see README). */
export interface Config {
  port: number;
  /** Real Postgres / Supabase; when absent the embedded PGlite under `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  /** Root of the local-files storage (uploads): `STORAGE_DIR`, else `<dataDir>/storage`. */
  storageDir: string;
  /** HS256 key of session tokens. */
  jwtSecret: Uint8Array;
  /** Base of links in e-mails (password reset…). */
  publicUrl: string;
  /** Load the demo Comune into an empty database. */
  seedDemo: boolean;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  /** MapLibre style of the transport maps (`MAP_STYLE_URL`); null = plain background, no tiles. */
  mapStyleUrl: string | null;
  /** PDND voucher + INPS ISEE e-service (`PDND_*`, `INPS_*`); null = in-process simulators. */
  inps: InpsConfig | null;
  /** pagoPA GPD (`GPD_URL`, `GPD_SUBSCRIPTION_KEY`); null = in-process simulator. */
  gpd: GpdConfig | null;
  /** pagoPA Checkout (`PAGOPA_CHECKOUT_URL`, `PAGOPA_CHECKOUT_KEY`); null = in-process simulator. */
  checkout: CheckoutConfig | null;
  /** OpenID Connect sign-in (SPID/CIE gateway), when OIDC_ISSUER is set; see lib/auth/oidc.ts. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE only). */
  clientSecret: string | null;
  /** Text of the sign-in button (`OIDC_LABEL`). */
  label: string;
  /** Ente id or ISTAT code families sign in to (`OIDC_TENANT`); null = any Ente of this server. */
  tenant: string | null;
}

/** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_LABEL, OIDC_TENANT. */
function oidcConfig(env: Record<string, string | undefined>): OidcConfig | null {
  if (!env.OIDC_ISSUER) return null;
  let issuer: URL;
  try {
    issuer = new URL(env.OIDC_ISSUER);
  } catch {
    throw new Error(`OIDC_ISSUER non valido: ${env.OIDC_ISSUER}`);
  }
  if (issuer.protocol !== "https:" && issuer.protocol !== "http:") {
    throw new Error(`OIDC_ISSUER deve essere un indirizzo https: ${env.OIDC_ISSUER}`);
  }
  if (!env.OIDC_CLIENT_ID) throw new Error("OIDC_CLIENT_ID è obbligatorio con OIDC_ISSUER");
  return {
    // As given: discovery compares it with the provider's `issuer` character by character.
    issuer: env.OIDC_ISSUER.trim(),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    label: env.OIDC_LABEL || "Entra con SPID o CIE",
    tenant: env.OIDC_TENANT || null,
  };
}

async function embeddedSecret(dataDir: string): Promise<string> {
  const file = `${dataDir}/jwt_secret`;
  try {
    return (await Deno.readTextFile(file)).trim();
  } catch {
    const secret = Array.from(
      crypto.getRandomValues(new Uint8Array(32)),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    await Deno.mkdir(dataDir, { recursive: true });
    await Deno.writeTextFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** MAP_STYLE_URL: an http(s) URL or a path on this server (`/static/map/style.json`). */
function mapStyleUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (/^\/(?!\/)/.test(value)) return value;
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return url.href;
  } catch { /* refused below */ }
  throw new Error(
    `MAP_STYLE_URL non valido (serve un indirizzo http/https o un percorso /…): ${value}`,
  );
}

/**
 * Reads the environment. JWT_SECRET is required with DATABASE_URL (production); the embedded
 * default keeps a random one under `data/` so sessions survive a restart.
 */
export async function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()) {
  const port = Number(env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT non valida: ${env.PORT}`);
  }
  const databaseUrl = env.DATABASE_URL || null;
  const dataDir = env.DATA_DIR ?? "data";
  let secret = env.JWT_SECRET;
  if (!secret) {
    if (databaseUrl) throw new Error("JWT_SECRET è obbligatorio quando è impostato DATABASE_URL");
    secret = await embeddedSecret(dataDir);
  }
  if (secret.length < 32) throw new Error("JWT_SECRET deve essere lungo almeno 32 caratteri");
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port || 8000}`).replace(/\/$/, "");
  return {
    port,
    databaseUrl,
    dataDir,
    storageDir: env.STORAGE_DIR || `${dataDir}/storage`,
    jwtSecret: new TextEncoder().encode(secret),
    publicUrl,
    seedDemo: env.SEED_DEMO !== "false",
    secureCookies: publicUrl.startsWith("https://"),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? "Piazza <noreply@localhost>",
    mapStyleUrl: mapStyleUrl(env.MAP_STYLE_URL),
    inps: await inpsFromEnv(env),
    gpd: gpdFromEnv(env),
    checkout: checkoutFromEnv(env),
    oidc: oidcConfig(env),
  } satisfies Config;
}

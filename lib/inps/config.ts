/**
 * PDND/INPS settings from the environment. All unset: null (the embedded default then runs the
 * simulators in-process). Partly set: refused, naming what is missing.
 *
 * @module
 */

export interface InpsConfig {
  pdndTokenUrl: string;
  pdndClientId: string;
  pdndKid: string;
  pdndPurposeId: string;
  /** PKCS#8 PEM of the key whose public half is registered on the PDND client. */
  pdndPrivateKey: string;
  iseeUrl: string;
  userId: string;
  officeCode: string;
}

const VARS = [
  "PDND_TOKEN_URL",
  "PDND_CLIENT_ID",
  "PDND_KID",
  "PDND_PURPOSE_ID",
  "INPS_ISEE_URL",
  "INPS_USER_ID",
  "INPS_OFFICE_CODE",
] as const;

function httpsUrl(name: string, value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === "https:" || u.protocol === "http:") return u.href;
  } catch { /* refused below */ }
  throw new Error(`${name} non valido (serve un indirizzo https): ${value}`);
}

export async function inpsFromEnv(
  env: Record<string, string | undefined>,
): Promise<InpsConfig | null> {
  const keySet = Boolean(env.PDND_PRIVATE_KEY || env.PDND_PRIVATE_KEY_FILE);
  const set = VARS.filter((v) => env[v]);
  if (set.length === 0 && !keySet) return null;
  const missing: string[] = VARS.filter((v) => !env[v]);
  if (!keySet) missing.push("PDND_PRIVATE_KEY (o PDND_PRIVATE_KEY_FILE)");
  if (missing.length) {
    throw new Error(`Configurazione PDND/INPS incompleta, mancano: ${missing.join(", ")}`);
  }
  const pem = env.PDND_PRIVATE_KEY
    ? env.PDND_PRIVATE_KEY.replace(/\\n/g, "\n")
    : await Deno.readTextFile(env.PDND_PRIVATE_KEY_FILE!);
  if (!/-----BEGIN PRIVATE KEY-----/.test(pem)) {
    throw new Error("PDND_PRIVATE_KEY deve essere una chiave RSA in formato PEM PKCS#8");
  }
  return {
    pdndTokenUrl: httpsUrl("PDND_TOKEN_URL", env.PDND_TOKEN_URL!),
    pdndClientId: env.PDND_CLIENT_ID!,
    pdndKid: env.PDND_KID!,
    pdndPurposeId: env.PDND_PURPOSE_ID!,
    pdndPrivateKey: pem,
    iseeUrl: httpsUrl("INPS_ISEE_URL", env.INPS_ISEE_URL!),
    userId: env.INPS_USER_ID!,
    officeCode: env.INPS_OFFICE_CODE!,
  };
}

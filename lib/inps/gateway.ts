/**
 * The INPS client of this process: built from the PDND/INPS configuration, or — when none is set
 * (embedded default, tests) — wired to the PDND and INPS simulators running in-process with a key
 * pair generated at start. Pages say "Ambiente di prova: simulatore INPS" when `simulated`.
 *
 * @module
 */

import { exportPKCS8, generateKeyPair } from "jose";
import type { Config } from "../config.ts";
import { createInpsIseeSimulator } from "../../simulators/inps_isee.ts";
import { createPdndAuthSimulator, SIM_ASSERTION_AUDIENCE } from "../../simulators/pdnd_auth.ts";
import { InpsClient } from "./client.ts";
import { assertionAudience, type FetchFn, VoucherSource } from "./pdnd.ts";

export interface InpsGateway {
  client: InpsClient;
  simulated: boolean;
}

const SIM_TOKEN_URL = "http://pdnd.simulatore.invalid/token.oauth2";
const SIM_ISEE_URL = "http://inps.simulatore.invalid/pdnd/soap/ConsultazioneISEE/v1";

/** Simulators on in-process URLs: `fetchFn` routes their hosts to the apps, no sockets. */
export async function simulatedGateway(
  opts: { timeoutMs?: number; retries?: number; backoffMs?: number; slowMs?: number } = {},
) {
  const keys = await generateKeyPair("RS256", { extractable: true });
  const clientId = crypto.randomUUID();
  const purposeId = crypto.randomUUID();
  const pdnd = await createPdndAuthSimulator({
    clients: [{ clientId, kid: "piazza-sim", publicKey: keys.publicKey, purposeIds: [purposeId] }],
  });
  const inps = createInpsIseeSimulator({
    verifyVoucher: (t) => pdnd.verifyVoucher(t),
    slowMs: opts.slowMs,
  });
  const fetchFn: FetchFn = (input, init) => {
    const req = new Request(input, init);
    const host = new URL(req.url).host;
    if (host === "pdnd.simulatore.invalid") return pdnd.fetch(req);
    if (host === "inps.simulatore.invalid") return inps.fetch(req);
    return fetch(req);
  };
  const vouchers = new VoucherSource({
    tokenUrl: SIM_TOKEN_URL,
    clientId,
    kid: "piazza-sim",
    purposeId,
    audience: SIM_ASSERTION_AUDIENCE,
    privateKey: await exportPKCS8(keys.privateKey),
  }, fetchFn);
  const client = new InpsClient({
    url: SIM_ISEE_URL,
    identity: { userId: "SIMULATORE", officeCode: "001" },
    vouchers,
    fetchFn,
    timeoutMs: opts.timeoutMs ?? 5_000,
    retries: opts.retries ?? 1,
    backoffMs: opts.backoffMs ?? 200,
  });
  return { client, simulated: true as const, pdnd, inps, vouchers };
}

const gateways = new WeakMap<Config, Promise<InpsGateway>>();

/** The gateway for `config`, built once per configuration object. */
export function inpsGateway(config: Config): Promise<InpsGateway> {
  let g = gateways.get(config);
  if (!g) {
    g = buildGateway(config);
    gateways.set(config, g);
  }
  return g;
}

/** Replaces the gateway of `config` (tests: short timeouts, a counting simulator). */
export function setInpsGateway(config: Config, gateway: InpsGateway): void {
  gateways.set(config, Promise.resolve(gateway));
}

function buildGateway(config: Config): Promise<InpsGateway> {
  const c = config.inps;
  if (!c) return simulatedGateway();
  const vouchers = new VoucherSource({
    tokenUrl: c.pdndTokenUrl,
    clientId: c.pdndClientId,
    kid: c.pdndKid,
    purposeId: c.pdndPurposeId,
    audience: assertionAudience(c.pdndTokenUrl),
    privateKey: c.pdndPrivateKey,
  });
  return Promise.resolve({
    client: new InpsClient({
      url: c.iseeUrl,
      identity: { userId: c.userId, officeCode: c.officeCode },
      vouchers,
    }),
    simulated: false,
  });
}

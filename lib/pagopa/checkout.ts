/**
 * "Paga con pagoPA": the family portal hands a notice to pagoPA Checkout (`POST /carts`,
 * checkout_v1.json) and sends the browser where Checkout says. With `PAGOPA_CHECKOUT_URL` unset
 * (embedded default, tests) the in-process simulator (`simulators/checkout.ts`, mounted at
 * `/simulatori/checkout`) stands in: on "Paga" it asks our station for the payment data and
 * delivers the receipt with paSendRTV2 to the `pagopa-node` function, as the Nodo would.
 *
 * @module
 */

import type { Claims, Db } from "../db/types.ts";
import type { CheckoutSimulator } from "../../simulators/checkout.ts";

export interface CheckoutConfig {
  /** Base of the Checkout EC API, e.g. `https://api.platform.pagopa.it/checkout/ec/v1`. */
  baseUrl: string;
  subscriptionKey: string;
}

/**
 * PAGOPA_CHECKOUT_URL + PAGOPA_CHECKOUT_KEY; both unset: null (the simulator, embedded default
 * only). `PAGOPA_CHECKOUT_URL=simulator` asks for the simulator on Postgres too (a staging site).
 */
export function checkoutFromEnv(env: Record<string, string | undefined>): CheckoutConfig | null {
  const url = env.PAGOPA_CHECKOUT_URL?.trim();
  const key = env.PAGOPA_CHECKOUT_KEY?.trim();
  if (!url && !key) return null;
  if (url === "simulator") return { baseUrl: SIMULATOR, subscriptionKey: "" };
  if (!url || !key) {
    throw new Error(
      `Configurazione Checkout pagoPA incompleta, manca: ${
        !url ? "PAGOPA_CHECKOUT_URL" : "PAGOPA_CHECKOUT_KEY"
      }`,
    );
  }
  if (!/^https?:\/\//.test(url)) throw new Error(`PAGOPA_CHECKOUT_URL non valido: ${url}`);
  return { baseUrl: url.replace(/\/$/, ""), subscriptionKey: key };
}

export const CHECKOUT_SIM_PATH = "/simulatori/checkout";
const SIMULATOR = "simulator";

interface ConfigLike {
  publicUrl: string;
  databaseUrl?: string | null;
  checkout?: CheckoutConfig | null;
}

/**
 * The simulator marks notices paid without money moving: it answers in the embedded default
 * (PGlite) and where asked for by name, never by omission on a production database.
 */
export function checkoutSimulated(config: ConfigLike): boolean | null {
  const c = config.checkout;
  if (c) return c.baseUrl === SIMULATOR;
  return config.databaseUrl ? null : true;
}

export interface CheckoutGateway {
  fetch: (req: Request) => Promise<Response>;
  baseUrl: string;
  headers: Record<string, string>;
  simulator?: CheckoutSimulator;
}

const gateways = new WeakMap<object, Promise<CheckoutGateway>>();

/** The Checkout of this process: the real one when configured, else the simulator (built once). */
export function checkoutGateway(db: Db, config: ConfigLike): Promise<CheckoutGateway> {
  let g = gateways.get(config);
  if (!g) {
    const c = config.checkout;
    const simulated = checkoutSimulated(config);
    if (simulated === null) {
      return Promise.reject(
        new CheckoutError(
          503,
          "checkout_not_configured",
          "Il pagamento online non è ancora attivo: usare l'avviso presso un prestatore di servizi di pagamento.",
          "Online payment is not configured (PAGOPA_CHECKOUT_URL): pay the notice at a payment provider.",
        ),
      );
    }
    g = c && !simulated
      ? Promise.resolve({
        fetch: (req: Request) => fetch(req),
        baseUrl: c.baseUrl,
        headers: { "Ocp-Apim-Subscription-Key": c.subscriptionKey },
      })
      : simulatedGateway(db, config);
    gateways.set(config, g);
  }
  return g;
}

async function simulatedGateway(db: Db, config: ConfigLike): Promise<CheckoutGateway> {
  const { createCheckoutSimulator } = await import("../../simulators/checkout.ts");
  const node = (await import("../../supabase/functions/pagopa-node/index.ts")).default;
  const simulator = createCheckoutSimulator({
    basePath: CHECKOUT_SIM_PATH,
    // The receipt travels the real path: the pagopa-node function, as mounted.
    node: (req) => node(req, { db, config: config as never }),
  });
  return {
    fetch: (req) => Promise.resolve(simulator.app.fetch(req)),
    baseUrl: `http://checkout.simulatore.invalid${CHECKOUT_SIM_PATH}`,
    headers: {},
    simulator,
  };
}

export class CheckoutError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly it: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/**
 * Starts the payment of one notice (single payment or instalment) the signed-in family can read:
 * returns the URL to send the browser to. `returnUrl` is a path of this site; Checkout comes
 * back to it with `esito=ok|annullato|errore`.
 *
 * ```ts
 * const url = await startCheckout(db, claims, config, noticeId, `/famiglie/pagamenti/${id}/esito`);
 * return c.redirect(url, 303);
 * ```
 */
export async function startCheckout(
  db: Db,
  claims: Claims,
  config: ConfigLike,
  noticeId: string,
  returnUrl: string,
): Promise<string> {
  if (!/^\/(?![/\\])/.test(returnUrl)) {
    throw new CheckoutError(
      422,
      "return_url_invalid",
      "Indirizzo di ritorno non valido.",
      "Invalid return URL.",
    );
  }
  const [n] = await db.asUser(claims, (tx) =>
    tx.query<{
      notice_number: string;
      amount_cents: number;
      status: string;
      description: string;
      position_status: string;
      company: string;
      tax_code: string;
      email: string | null;
    }>(
      `select n.notice_number, n.amount_cents, n.status, d.description, d.status as position_status,
              t.name as company, t.tax_code, u.email
         from public.payment_notices n
         join public.debt_positions d on d.tenant_id = n.tenant_id and d.id = n.debt_position_id
         join public.tenants t on t.id = n.tenant_id
         left join public.users u on u.id = app.user_id()
        where n.id = $1`,
      [noticeId],
    ));
  if (!n) {
    throw new CheckoutError(404, "not_found", "Avviso non trovato.", "Notice not found.");
  }
  if (n.status !== "unpaid" || n.position_status === "cancelled") {
    throw new CheckoutError(
      409,
      n.status === "paid" ? "already_paid" : "not_payable",
      n.status === "paid" ? "L'avviso risulta già pagato." : "L'avviso non è più pagabile.",
      n.status === "paid" ? "The notice is already paid." : "The notice can no longer be paid.",
    );
  }
  const back = (esito: string) =>
    `${config.publicUrl}${returnUrl}${returnUrl.includes("?") ? "&" : "?"}esito=${esito}`;
  const cart = {
    paymentNotices: [{
      noticeNumber: n.notice_number,
      fiscalCode: n.tax_code,
      amount: Number(n.amount_cents),
      companyName: n.company.slice(0, 140),
      description: n.description.slice(0, 140),
    }],
    returnUrls: {
      returnOkUrl: back("ok"),
      returnCancelUrl: back("annullato"),
      returnErrorUrl: back("errore"),
    },
    idCart: noticeId,
    ...(n.email ? { emailNotice: n.email } : {}),
  };
  const g = await checkoutGateway(db, config);
  let res: Response;
  try {
    res = await g.fetch(
      new Request(`${g.baseUrl}/carts`, {
        method: "POST",
        headers: { "content-type": "application/json", ...g.headers },
        body: JSON.stringify(cart),
        redirect: "manual",
      }),
    );
  } catch {
    throw new CheckoutError(
      502,
      "checkout_unreachable",
      "Il servizio pagoPA non risponde: riprovare tra qualche minuto.",
      "pagoPA Checkout does not answer: try again in a few minutes.",
    );
  }
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) {
    throw new CheckoutError(
      502,
      "checkout_refused",
      "pagoPA non ha accettato la richiesta di pagamento: riprovare più tardi.",
      `pagoPA Checkout refused the cart (HTTP ${res.status}).`,
    );
  }
  return location;
}

/**
 * In the embedded default (no PAGOPA_CHECKOUT_URL) the simulator's pages answer at
 * `/simulatori/checkout/…` on this site, outside the app's session and CSRF middleware: it stands
 * for another site.
 */
export async function mountCheckoutSimulator(
  // deno-lint-ignore no-explicit-any
  app: { all: (path: string, h: (c: any) => Response | Promise<Response>) => unknown },
  db: Db,
  config: ConfigLike,
): Promise<void> {
  if (!checkoutSimulated(config)) return;
  const g = await checkoutGateway(db, config);
  const sim = g.simulator!;
  app.all(`${CHECKOUT_SIM_PATH}/*`, (c) => sim.app.fetch(c.req.raw));
}

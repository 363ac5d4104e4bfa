/**
 * pagoPA Checkout simulator (`checkout_v1.json`, `POST /carts`), for the embedded default and the
 * tests. The Ente's portal posts a cart (validated against the spec: a bad one gets the spec's
 * 400 problem); the answer is a 302 to a page "Checkout pagoPA (simulatore)" with the amount and
 * Paga / Annulla. "Paga" does what the Nodo does: paVerifyPaymentNotice and paGetPaymentV2 to the
 * Ente's station, then the receipt with paSendRTV2 (the real `pagopa-node` path), and sends the
 * browser back to the cart's return URL. Carts live in memory for an hour.
 *
 * @module
 */

import { Hono } from "hono";
import { OpenApiValidator } from "../lib/pagopa/openapi_validate.ts";
import { esc, parseSoap, paSendRTV2Request, type Xml } from "../lib/pagopa/rt_xml.ts";
import { amountToCents } from "../lib/pagopa/receipts_rules.ts";
import { formatEuro } from "../lib/tariffs/money.ts";

export interface CartNotice {
  noticeNumber: string;
  fiscalCode: string;
  amount: number;
  companyName: string;
  description: string;
}

export interface Cart {
  id: string;
  paymentNotices: CartNotice[];
  returnUrls: { returnOkUrl: string; returnCancelUrl: string; returnErrorUrl: string };
  emailNotice?: string;
  idCart?: string;
  createdAt: number;
  done?: "paid" | "cancelled" | "error";
}

export interface CheckoutSimulator {
  app: Hono;
  carts: Map<string, Cart>;
  /** Pays a cart as the "Paga" button does; returns where the browser goes. */
  pay(id: string): Promise<string>;
}

const TTL_MS = 3600_000;
let validator: OpenApiValidator | undefined;
const spec = () =>
  validator ??= OpenApiValidator.fromFile(new URL("./openapi/checkout_v1.json", import.meta.url));

function soap(op: string, inner: string) {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ` +
    `xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><soapenv:Body><pafn:${op}>` +
    `${inner}</pafn:${op}></soapenv:Body></soapenv:Envelope>`;
}

function romeNow(): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Rome",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date()).replace(" ", "T");
}

const CSS = "/static/vendor/bootstrap-italia@2.18.3/css/bootstrap-italia.min.css";

function page(title: string, body: string, status = 200): Response {
  return new Response(
    `<!doctype html><html lang="it"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${esc(title)}</title><link rel="stylesheet" href="${CSS}"></head>` +
      `<body><header class="bg-primary text-white p-3"><p class="h5 mb-0">pagoPA — ambiente di prova</p>` +
      `</header><main class="container my-4" id="main"><h1>${
        esc(title)
      }</h1>${body}</main></body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

export function createCheckoutSimulator(opts: {
  basePath: string;
  /** The Ente's station (pagopa-node): a SOAP request in, its response out. */
  node: (req: Request) => Promise<Response>;
  pspName?: string;
}): CheckoutSimulator {
  const carts = new Map<string, Cart>();
  const app = new Hono().basePath(opts.basePath);

  async function station(op: string, inner: string): Promise<Xml | null> {
    const res = await opts.node(
      new Request("http://station.invalid/functions/v1/pagopa-node", {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: op },
        body: soap(op, inner),
      }),
    );
    const msg = parseSoap(await res.text());
    return msg && msg.body.outcome === "OK" ? msg.body : null;
  }

  async function payNotice(n: CartNotice): Promise<boolean> {
    const head = `<idPA>${n.fiscalCode}</idPA><idBrokerPA>${n.fiscalCode}</idBrokerPA>` +
      `<idStation>${n.fiscalCode}_01</idStation>`;
    const qr = `<qrCode><fiscalCode>${n.fiscalCode}</fiscalCode>` +
      `<noticeNumber>${n.noticeNumber}</noticeNumber></qrCode>`;
    const verify = await station("paVerifyPaymentNoticeReq", head + qr);
    if (!verify) return false;
    const got = await station("paGetPaymentV2Request", head + qr);
    const data = got?.data as Xml | undefined;
    if (!data) return false;
    const amount = amountToCents(data.paymentAmount);
    if (amount !== n.amount) return false;
    const t = (data.transferList.transfer as Xml[])[0];
    const debtor = {
      id: String(data.debtor.uniqueIdentifier.entityUniqueIdentifierValue),
      fullName: String(data.debtor.fullName),
    };
    const rt = paSendRTV2Request({
      idPA: n.fiscalCode,
      idBrokerPA: n.fiscalCode,
      idStation: `${n.fiscalCode}_01`,
      receiptId: crypto.randomUUID().replaceAll("-", ""),
      noticeNumber: n.noticeNumber,
      fiscalCodePA: n.fiscalCode,
      amountCents: amount,
      description: String(data.description),
      companyName: String(data.companyName),
      debtor,
      payer: debtor,
      iban: String(t.IBAN),
      remittance: String(t.remittanceInformation),
      taxonomy: String(t.transferCategory),
      idPSP: "SIMPSP00001",
      pspName: opts.pspName ?? "PSP simulato",
      idChannel: "SIMPSP00001_01",
      channelDescription: "simulatore",
      paymentMethod: "creditCard",
      paymentDateTime: romeNow(),
    });
    const res = await opts.node(
      new Request("http://station.invalid/functions/v1/pagopa-node", {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: "paSendRTV2" },
        body: rt,
      }),
    );
    return parseSoap(await res.text())?.body.outcome === "OK";
  }

  async function pay(id: string): Promise<string> {
    const cart = carts.get(id);
    if (!cart) throw new Error("cart not found");
    if (cart.done === "paid") return cart.returnUrls.returnOkUrl;
    for (const n of cart.paymentNotices) {
      if (!(await payNotice(n))) {
        cart.done = "error";
        return cart.returnUrls.returnErrorUrl;
      }
    }
    cart.done = "paid";
    return cart.returnUrls.returnOkUrl;
  }

  const problem = (status: number, detail: string) =>
    Response.json({ type: "about:blank", title: "Bad Request", status, detail }, {
      status,
      headers: { "content-type": "application/problem+json" },
    });

  app.post("/carts", async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const check = spec().validateRequest({
      method: "POST",
      path: "/carts",
      headers: c.req.raw.headers,
      body,
    });
    if (!check.valid) {
      return problem(400, check.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
    }
    const now = Date.now();
    for (const [k, v] of carts) if (now - v.createdAt > TTL_MS) carts.delete(k);
    const id = crypto.randomUUID();
    carts.set(id, { ...(body as Omit<Cart, "id" | "createdAt">), id, createdAt: now });
    return new Response(null, {
      status: 302,
      headers: { location: `${opts.basePath}/carrello/${id}` },
    });
  });

  app.get("/carrello/:id", (c) => {
    const cart = carts.get(c.req.param("id"));
    if (!cart) {
      return page("Carrello non trovato", `<p>Il carrello è scaduto o non esiste.</p>`, 404);
    }
    const total = cart.paymentNotices.reduce((s, n) => s + n.amount, 0);
    const rows = cart.paymentNotices.map((n) =>
      `<tr><td>${esc(n.companyName)}</td><td>${esc(n.description)}</td>` +
      `<td>${n.noticeNumber}</td><td class="text-end">${formatEuro(n.amount)}</td></tr>`
    ).join("");
    const action = `${opts.basePath}/carrello/${cart.id}`;
    return page(
      "Checkout pagoPA (simulatore)",
      `<div class="alert alert-warning" role="note">Questo è un simulatore: nessun addebito reale.</div>` +
        `<div class="table-responsive"><table class="table"><caption>Avvisi da pagare</caption>` +
        `<thead><tr><th scope="col">Ente</th><th scope="col">Oggetto</th>` +
        `<th scope="col">Codice avviso</th><th scope="col" class="text-end">Importo</th></tr>` +
        `</thead><tbody>${rows}</tbody></table></div>` +
        `<p class="h4">Totale: <span data-testid="totale">${formatEuro(total)}</span></p>` +
        `<form method="post" action="${action}" class="d-inline">` +
        `<input type="hidden" name="azione" value="paga">` +
        `<button type="submit" class="btn btn-primary me-2">Paga ${
          formatEuro(total)
        }</button></form>` +
        `<form method="post" action="${action}" class="d-inline">` +
        `<input type="hidden" name="azione" value="annulla">` +
        `<button type="submit" class="btn btn-outline-primary">Annulla</button></form>`,
    );
  });

  app.post("/carrello/:id", async (c) => {
    const cart = carts.get(c.req.param("id"));
    if (!cart) {
      return page("Carrello non trovato", `<p>Il carrello è scaduto o non esiste.</p>`, 404);
    }
    const form = await c.req.parseBody();
    if (form.azione === "annulla") {
      cart.done = "cancelled";
      return c.redirect(cart.returnUrls.returnCancelUrl, 303);
    }
    return c.redirect(await pay(cart.id), 303);
  });

  return { app: app as unknown as Hono, carts, pay };
}

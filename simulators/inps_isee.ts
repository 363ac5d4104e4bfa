/**
 * INPS's `SvcConsultazione` (ConsultazioneISEE v1 over PDND) for tests and the embedded default.
 * Every request must carry a voucher the PDND simulator issued (else HTTP 401) and must validate
 * against the official XSD (else a SOAP 1.1 Client fault listing xmllint's errors). Answers come
 * from a small table of codici fiscali; the decoded XmlEsitoIndicatore/XmlEsitoAttestazione
 * conform to `ISEE_EsitoConsultazioneIndicatore.xsd` / `ISEE_EsitoConsultazioneAttestazione.xsd`.
 *
 * @module
 */

import { XMLParser } from "fast-xml-parser";
import { Hono } from "hono";
import { generateCodiceFiscale } from "../lib/codes/codice_fiscale.ts";
import { centsToDecimal } from "../lib/inps/codes.ts";
import { DEMO_HOUSEHOLDS, demoTaxCode } from "../lib/registry/demo.ts";
import {
  encodeBase64Xml,
  NS_CONSULTAZIONE,
  NS_RIFORMA,
  NS_SOAP,
  xmlEscape,
} from "../lib/inps/soap.ts";
import { validateAgainst } from "./xsd_validate.ts";

export interface SimOmission {
  type:
    | "PatrimoniMobiliari"
    | "RedditiScostamento"
    | "PatrimoniMobiliariSottoSoglia"
    | "PatrimoniMobiliariSopraSoglia";
  bank?: string;
}

export interface SimProfile {
  behaviour: "ok" | "not_found" | "timeout" | "offline" | "internal" | "invalid";
  /** ISEE by TipoIndicatore, cents. */
  isee?: Partial<Record<"Ordinario" | "Minorenne", number>>;
  protocol?: string;
  presentedOn?: string;
  omissions?: SimOmission[];
}

const cf = (surname: string, name: string, sex: "M" | "F", birthDate: string) =>
  generateCodiceFiscale({ surname, name, sex, birthDate, placeCode: "D612" });

/** The test codici fiscali and what INPS answers for each. */
export const SIM_CF = {
  ok: cf("Bianchi", "Laura", "F", "2018-03-05"),
  omissions: cf("Verdi", "Marco", "M", "2019-07-21"),
  notFound: cf("Neri", "Giulia", "F", "2017-11-02"),
  timeout: cf("Gialli", "Paolo", "M", "2016-01-30"),
  offline: cf("Rosa", "Elena", "F", "2020-09-14"),
  internal: cf("Blu", "Andrea", "M", "2015-04-09"),
} as const;

function demoFamily(): Record<string, SimProfile> {
  const out: Record<string, SimProfile> = {};
  const family = DEMO_HOUSEHOLDS.find((h) => h.code === "VD-0101");
  for (const m of family?.members ?? []) {
    out[demoTaxCode(m)] = {
      behaviour: "ok",
      isee: { Ordinario: 2345678, Minorenne: 2134567 },
      protocol: "INPS-ISEE-2026-00004512K-00",
      presentedOn: "2026-01-22",
    };
  }
  return out;
}

export const SIM_PROFILES: Record<string, SimProfile> = {
  [SIM_CF.ok]: {
    behaviour: "ok",
    isee: { Ordinario: 1850000, Minorenne: 1280488 },
    protocol: "INPS-ISEE-2026-00123456A-00",
    presentedOn: "2026-01-15",
  },
  [SIM_CF.omissions]: {
    behaviour: "ok",
    isee: { Ordinario: 915050, Minorenne: 915050 },
    protocol: "INPS-ISEE-2026-00987654B-01",
    presentedOn: "2026-02-03",
    omissions: [{ type: "PatrimoniMobiliari", bank: "BANCA DI VALDIPONTE" }, {
      type: "RedditiScostamento",
    }],
  },
  [SIM_CF.notFound]: { behaviour: "not_found" },
  [SIM_CF.timeout]: { behaviour: "timeout" },
  [SIM_CF.offline]: { behaviour: "offline" },
  [SIM_CF.internal]: { behaviour: "internal" },
  ...demoFamily(),
};

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});

function soapEnvelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS_SOAP}"><s:Body>${body}</s:Body></s:Envelope>`;
}

function fault(code: "s:Client" | "s:Server", message: string, status = 500): Response {
  return new Response(
    soapEnvelope(
      `<s:Fault><faultcode>${code}</faultcode><faultstring xml:lang="it">${
        xmlEscape(message)
      }</faultstring></s:Fault>`,
    ),
    { status, headers: { "content-type": "text/xml; charset=utf-8" } },
  );
}

type Ricerca = Record<string, string | undefined>;

function ricercaAttrs(r: Ricerca): string {
  const names = [
    "CodiceFiscale",
    "DataValidita",
    "PrestazioneDaErogare",
    "ProtocolloDomandaEnteErogatore",
    "StatodomandaPrestazione",
  ];
  return names.filter((n) => r[n] !== undefined).map((n) => ` ${n}="${xmlEscape(r[n]!)}"`)
    .join("");
}

/** The XmlEsitoIndicatore INPS would return for `p` (ISE/ISR/ISP consistent with the ISEE). */
export function indicatoreXml(p: SimProfile, tipo: "Ordinario" | "Minorenne", r: Ricerca): string {
  const isee = p.isee![tipo]!;
  const scala = 246n; // 2.46, a household of four
  const ise = Number((BigInt(isee) * scala) / 100n);
  const isr = Math.round(ise * 0.8);
  const isp = Math.round((ise - isr) * 5);
  return `<?xml version="1.0" encoding="UTF-8"?><Indicatore xmlns="${NS_RIFORMA}" ` +
    `TipoIndicatore="${tipo}" ISE="${centsToDecimal(ise)}" ScalaEquivalenza="2.46" ` +
    `ISEE="${centsToDecimal(isee)}" ISR="${centsToDecimal(isr)}" ISP="${centsToDecimal(isp)}" ` +
    `ProtocolloDSU="${p.protocol}" DataPresentazione="${p.presentedOn}">` +
    `<RicercaCF${ricercaAttrs(r)}/></Indicatore>`;
}

export function attestazioneXml(p: SimProfile, r: Ricerca): string {
  const omissions = (p.omissions ?? []).map((o) =>
    `<OmissioneDifformita TipoOmissioneDifformita="${o.type}" CodiceFiscale="${r.CodiceFiscale}" ` +
    `DataControlloAE="${p.presentedOn}">` +
    (o.bank
      ? `<Rapporto TipoRapporto="01" CodiceFiscaleOperatore="01234567890" ` +
        `DescrizioneOperatoreFinanziario="${xmlEscape(o.bank)}"/>`
      : "") +
    `</OmissioneDifformita>`
  ).join("");
  const year = p.presentedOn!.slice(0, 4);
  return `<?xml version="1.0" encoding="UTF-8"?><EsitoAttestazione xmlns="${NS_RIFORMA}">` +
    `<Attestazione CodiceFiscaleDichiarante="${r.CodiceFiscale}" ` +
    `NumeroProtocolloDSU="${p.protocol}" DataPresentazione="${p.presentedOn}" ` +
    `DataValidita="${p.presentedOn}" DataScadenzaDSUCorrente="${year}-12-31">${omissions}` +
    `</Attestazione><Ricerca><RicercaCF${ricercaAttrs(r)}/></Ricerca></EsitoAttestazione>`;
}

export interface InpsSimulatorOptions {
  verifyVoucher: (token: string) => Promise<unknown | null>;
  profiles?: Record<string, SimProfile>;
  /** How long the "timeout" profile keeps the caller waiting (it gives up on abort). */
  slowMs?: number;
}

export function createInpsIseeSimulator(opts: InpsSimulatorOptions) {
  const profiles = opts.profiles ?? SIM_PROFILES;
  let nextId = 100_000;
  const app = new Hono();
  /** Every request body received, in order (tests validate them again). */
  const received: string[] = [];

  app.post("*", async (c) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m || !(await opts.verifyVoucher(m[1]))) {
      return c.text("Voucher PDND mancante o non valido", 401, {
        "www-authenticate": 'Bearer error="invalid_token"',
      });
    }
    const xml = await c.req.text();
    received.push(xml);
    const check = await validateAgainst("envelope", xml);
    if (!check.valid) return fault("s:Client", `Richiesta non valida: ${check.errors.join("; ")}`);
    const body = (parser.parse(xml).Envelope as Record<string, Record<string, unknown>>).Body;
    const op = Object.keys(body)[0] as "ConsultazioneIndicatore" | "ConsultazioneAttestazione";
    const action = (c.req.header("soapaction") ?? "").replace(/"/g, "");
    if (action && !action.endsWith(`/${op}`)) {
      return fault("s:Client", `SOAPAction ${action} non corrisponde all'operazione ${op}`);
    }
    const request = (body[op] as Record<string, Record<string, unknown>>).request ?? {};
    const ricerca = (request.RicercaCF ?? {}) as Ricerca;
    const tipo = request.TipoIndicatore as string | undefined;
    const id = nextId++;
    const answer = (esito: string, payload?: string, descr?: string) => {
      const field = op === "ConsultazioneIndicatore"
        ? "XmlEsitoIndicatore"
        : "XmlEsitoAttestazione";
      return new Response(
        soapEnvelope(
          `<${op}Response xmlns="${NS_CONSULTAZIONE}"><${op}Result>` +
            `<IdRichiesta>${id}</IdRichiesta><Esito>${esito}</Esito>` +
            (descr ? `<DescrizioneErrore>${xmlEscape(descr)}</DescrizioneErrore>` : "") +
            (payload ? `<${field}>${encodeBase64Xml(payload)}</${field}>` : "") +
            `</${op}Result></${op}Response>`,
        ),
        { status: 200, headers: { "content-type": "text/xml; charset=utf-8" } },
      );
    };
    if (!ricerca.CodiceFiscale) {
      return answer("RICHIESTA_INVALIDA", undefined, "Ricerca per codice fiscale richiesta");
    }
    if (/^\d{11}$/.test(ricerca.CodiceFiscale)) {
      return answer("RICHIESTA_INVALIDA", undefined, "Codice fiscale numerico non ammesso");
    }
    const p = profiles[ricerca.CodiceFiscale] ?? { behaviour: "not_found" };
    switch (p.behaviour) {
      case "timeout":
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, opts.slowMs ?? 60_000);
          c.req.raw.signal.addEventListener("abort", () => {
            clearTimeout(t);
            resolve();
          }, { once: true });
        });
        return answer("ERRORE_INTERNO", undefined, "Tempo scaduto");
      case "offline":
        return answer("DATABASE_OFFLINE", undefined, "Banca dati non disponibile");
      case "internal":
        return answer("ERRORE_INTERNO", undefined, "Errore interno");
      case "invalid":
        return answer("RICHIESTA_INVALIDA", undefined, "Richiesta non valida");
      case "not_found":
        return answer("DATI_NON_TROVATI", undefined, "Nessuna DSU valida");
    }
    if (op === "ConsultazioneAttestazione") return answer("OK", attestazioneXml(p, ricerca));
    const t = tipo === "Minorenne" || tipo === "Ordinario" ? tipo : null;
    if (!t || p.isee?.[t] === undefined) {
      return answer("DATI_NON_TROVATI", undefined, `Nessun ISEE ${tipo}`);
    }
    return answer("OK", indicatoreXml(p, t, ricerca));
  });

  return { app, fetch: async (req: Request): Promise<Response> => await app.fetch(req), received };
}

export type InpsIseeSimulator = ReturnType<typeof createInpsIseeSimulator>;

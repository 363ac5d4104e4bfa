/**
 * The SOAP messages of INPS's `SvcConsultazione` (WSDL `ConsultazioneISEE_v2.8_PDND.wsdl`):
 * requests written element by element in the schema's order, responses read with
 * fast-xml-parser keeping every value as text (amounts become cents without floats).
 *
 * @module
 */

import { XMLParser } from "fast-xml-parser";
import { decimalToCents, DSU_PROTOCOL, isEsito, kindOf, type TipoIndicatore } from "./codes.ts";
import type { Esito, IseeKind } from "./codes.ts";
import { InpsError } from "./errors.ts";

export const NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
export const NS_CONSULTAZIONE = "http://inps.it/ConsultazioneISEE";
export const NS_IDENTITY = "http://inps.it/";
export const NS_RIFORMA = "http://inps.it/ISEERiforma";
export const SOAP_ACTION_BASE = "http://inps.it/ConsultazioneISEE/ISvcConsultazione/";
export type Operation = "ConsultazioneIndicatore" | "ConsultazioneAttestazione";

export interface Identity {
  userId: string;
  officeCode: string;
}

/** `RicercaCFType`, in the schema's order. */
export interface RicercaCF {
  codiceFiscale: string;
  /** Europe/Rome date the ISEE must be valid on. */
  dataValidita?: string;
  prestazione?: string;
  protocolloDomanda?: string;
  statoDomanda?: "Da Erogare" | "Erogata";
}

export function xmlEscape(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

function el(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<con:${name}>${xmlEscape(value)}</con:${name}>`;
}

function ricercaCF(r: RicercaCF): string {
  return "<con:RicercaCF>" + el("CodiceFiscale", r.codiceFiscale) +
    el("DataValidita", r.dataValidita) + el("PrestazioneDaErogare", r.prestazione) +
    el("ProtocolloDomandaEnteErogatore", r.protocolloDomanda) +
    el("StatodomandaPrestazione", r.statoDomanda) + "</con:RicercaCF>";
}

function envelope(identity: Identity, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="${NS_SOAP}" xmlns:con="${NS_CONSULTAZIONE}">` +
    `<soapenv:Header><inps:Identity xmlns:inps="${NS_IDENTITY}">` +
    `<UserId>${xmlEscape(identity.userId)}</UserId>` +
    `<CodiceUfficio>${xmlEscape(identity.officeCode)}</CodiceUfficio>` +
    `</inps:Identity></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export function indicatoreRequest(identity: Identity, tipo: TipoIndicatore, r: RicercaCF): string {
  return envelope(
    identity,
    "<con:ConsultazioneIndicatore><con:request>" + el("TipoIndicatore", tipo) + ricercaCF(r) +
      "</con:request></con:ConsultazioneIndicatore>",
  );
}

export function attestazioneRequest(identity: Identity, r: RicercaCF): string {
  return envelope(
    identity,
    "<con:ConsultazioneAttestazione><con:request>" + ricercaCF(r) +
      "</con:request></con:ConsultazioneAttestazione>",
  );
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === "OmissioneDifformita" || name === "Rapporto",
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v as Node : null;
const text = (v: unknown): string | null =>
  typeof v === "string"
    ? v
    : typeof obj(v)?.["#text"] === "string"
    ? obj(v)!["#text"] as string
    : null;

export function parseXml(xml: string): Node {
  try {
    return parser.parse(xml, true) as Node;
  } catch (e) {
    throw new InpsError("bad_response", { detail: "XML non ben formato", cause: e });
  }
}

export interface SoapResult {
  idRichiesta: number;
  esito: Esito;
  descrizione: string | null;
  /** The decoded XmlEsitoIndicatore / XmlEsitoAttestazione, when present. */
  xml: string | null;
}

/** Decodes a base64Binary payload; honours an ISO-8859-1 declaration (INPS's schemas use it). */
export function decodeBase64Xml(b64: string): string {
  let bytes: Uint8Array;
  try {
    const bin = atob(b64.replace(/\s+/g, ""));
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch (e) {
    throw new InpsError("bad_response", { detail: "base64 non valido", cause: e });
  }
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 100));
  const latin = /encoding=["']iso-8859-1["']/i.test(head);
  return new TextDecoder(latin ? "latin1" : "utf-8").decode(bytes);
}

export function encodeBase64Xml(xml: string): string {
  const bytes = new TextEncoder().encode(xml);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Reads `<Operation>Response/<Operation>Result`; a SOAP Fault becomes `soap_fault`. */
export function parseSoapResponse(xml: string, op: Operation): SoapResult {
  const doc = parseXml(xml);
  const body = obj(obj(doc.Envelope)?.Body);
  if (!body) throw new InpsError("bad_response", { detail: "SOAP Body mancante" });
  const fault = obj(body.Fault);
  if (fault) {
    throw new InpsError("soap_fault", { detail: text(fault.faultstring) ?? "SOAP Fault" });
  }
  const result = obj(obj(body[`${op}Response`])?.[`${op}Result`]);
  if (!result) throw new InpsError("bad_response", { detail: `${op}Result mancante` });
  const id = Number(text(result.IdRichiesta));
  const esito = text(result.Esito);
  if (!Number.isInteger(id) || !isEsito(esito)) {
    throw new InpsError("bad_response", { detail: "IdRichiesta/Esito" });
  }
  const field = op === "ConsultazioneIndicatore" ? "XmlEsitoIndicatore" : "XmlEsitoAttestazione";
  const b64 = text(result[field]);
  return {
    idRichiesta: id,
    esito,
    descrizione: text(result.DescrizioneErrore),
    xml: b64 ? decodeBase64Xml(b64) : null,
  };
}

export interface Indicatore {
  tipo: TipoIndicatore;
  kind: IseeKind;
  isee_cents: number;
  ise_cents: number;
  isr_cents: number;
  isp_cents: number;
  /** Scala di equivalenza as written by INPS ("2.46"). */
  scala: string;
  protocol: string;
  presented_on: string;
}

function cents(attrs: Node, name: string): number {
  const v = decimalToCents(text(attrs[`@${name}`]) ?? "");
  if (v === null) throw new InpsError("bad_response", { detail: `${name} non valido` });
  return v;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The decoded `XmlEsitoIndicatore` (`ISEE_EsitoConsultazioneIndicatore.xsd`). */
export function parseIndicatore(xml: string): Indicatore {
  const ind = obj(parseXml(xml).Indicatore);
  if (!ind) throw new InpsError("bad_response", { detail: "Indicatore mancante" });
  const tipo = text(ind["@TipoIndicatore"]) ?? "";
  const kind = kindOf(tipo);
  const protocol = text(ind["@ProtocolloDSU"]) ?? "";
  const presented = text(ind["@DataPresentazione"]) ?? "";
  if (!kind || !DSU_PROTOCOL.test(protocol) || !DATE.test(presented)) {
    throw new InpsError("bad_response", { detail: "TipoIndicatore/ProtocolloDSU/Data" });
  }
  return {
    tipo: tipo as TipoIndicatore,
    kind,
    isee_cents: cents(ind, "ISEE"),
    ise_cents: cents(ind, "ISE"),
    isr_cents: cents(ind, "ISR"),
    isp_cents: cents(ind, "ISP"),
    scala: text(ind["@ScalaEquivalenza"]) ?? "",
    protocol,
    presented_on: presented,
  };
}

export const OMISSION_LABELS: Record<string, { it: string; en: string }> = {
  PatrimoniMobiliari: {
    it: "Omissione o difformità sul patrimonio mobiliare",
    en: "Omitted or differing movable assets",
  },
  RedditiScostamento: {
    it: "Redditi difformi da quelli noti all'Agenzia delle Entrate",
    en: "Income differing from the Revenue Agency's records",
  },
  PatrimoniMobiliariSottoSoglia: {
    it: "Difformità sul patrimonio mobiliare sotto soglia di tolleranza",
    en: "Movable-asset difference below the tolerance threshold",
  },
  PatrimoniMobiliariSopraSoglia: {
    it: "Difformità sul patrimonio mobiliare sopra soglia di tolleranza",
    en: "Movable-asset difference above the tolerance threshold",
  },
};

export interface Omission {
  type: string;
  detail: string;
  tax_code: string;
  checked_on: string | null;
}

export interface Attestazione {
  protocol: string;
  presented_on: string;
  valid_on: string;
  expires_on: string | null;
  declarant_tax_code: string;
  omissions: Omission[];
}

/** The decoded `XmlEsitoAttestazione`: the header data and every OmissioneDifformita. */
export function parseAttestazione(xml: string): Attestazione | null {
  const esito = obj(parseXml(xml).EsitoAttestazione);
  if (!esito) throw new InpsError("bad_response", { detail: "EsitoAttestazione mancante" });
  const att = obj(esito.Attestazione);
  if (!att) return null;
  const omissions = ((att.OmissioneDifformita as unknown[] | undefined) ?? []).map((o) => {
    const n = obj(o) ?? {};
    const type = text(n["@TipoOmissioneDifformita"]) ?? "";
    const rapporti = ((n.Rapporto as unknown[] | undefined) ?? []).map((r) => {
      const a = obj(r) ?? {};
      return text(a["@DescrizioneOperatoreFinanziario"]) ?? text(a["@CodiceFiscaleOperatore"]);
    }).filter(Boolean);
    const label = OMISSION_LABELS[type]?.it ?? type;
    return {
      type,
      detail: rapporti.length ? `${label}: ${rapporti.join(", ")}` : label,
      tax_code: text(n["@CodiceFiscale"]) ?? "",
      checked_on: text(n["@DataControlloAE"]),
    };
  });
  return {
    protocol: text(att["@NumeroProtocolloDSU"]) ?? "",
    presented_on: text(att["@DataPresentazione"]) ?? "",
    valid_on: text(att["@DataValidita"]) ?? "",
    expires_on: text(att["@DataScadenzaDSUCorrente"]),
    declarant_tax_code: text(att["@CodiceFiscaleDichiarante"]) ?? "",
    omissions,
  };
}

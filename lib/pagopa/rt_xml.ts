/**
 * SOAP messages of the Ente's pagoPA station (`paForNode.wsdl`): parsing the Nodo's requests,
 * building our responses and the receipt the Nodo pushes (paSendRTV2, used by the checkout
 * simulator), and validating every message against `paForNode.xsd` with xmllint-wasm. The
 * schemas are copied unchanged from `../shared/specs/pagopa/` into `xsd/` (relative paths kept);
 * `pa_soap_envelope.xsd` wraps them so a whole envelope is validated strictly.
 *
 * @module
 */

import { XMLParser } from "fast-xml-parser";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";
import { centsToAmount } from "./receipts_rules.ts";

const DIR = new URL("./xsd/", import.meta.url);
const NS = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd";
const ENVELOPE = "pagopa-api/wsdl/xsd/pa_soap_envelope.xsd";
const PRELOAD = [
  "pagopa-api/wsdl/xsd/paForNode.xsd",
  "pagopa-api/xsd-common/sac-common-types-1.0.xsd",
];

const files = new Map<string, XMLFileInfo>();
function file(name: string): XMLFileInfo {
  let f = files.get(name);
  if (!f) {
    f = { fileName: name, contents: Deno.readFileSync(new URL(name, DIR)) };
    files.set(name, f);
  }
  return f;
}

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/** Validates a SOAP envelope whose body is a paForNode element (request or response). */
export async function validatePaForNode(xml: string): Promise<XsdResult> {
  const r = await validateXML({
    xml: { fileName: "message.xml", contents: xml },
    schema: [file(ENVELOPE)],
    preload: PRELOAD.map(file),
  });
  return {
    valid: r.valid,
    errors: r.errors.map((e) => e.message.replace(/^Schemas validity error : /, "")),
  };
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "transfer" || name === "mapEntry",
});

// deno-lint-ignore no-explicit-any
export type Xml = Record<string, any>;

/** The operation element of a SOAP body (`paSendRTV2Request`) and its content; null if none. */
export function parseSoap(xml: string): { operation: string; body: Xml } | null {
  let doc: Xml;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  const body = doc?.Envelope?.Body;
  if (!body || typeof body !== "object") return null;
  const [operation] = Object.keys(body);
  if (!operation) return null;
  return { operation, body: (body[operation] ?? {}) as Xml };
}

export function esc(s: string | number | boolean): string {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** `<name>value</name>` when value is set, else nothing (optional elements). */
function el(name: string, value: string | number | boolean | null | undefined): string {
  return value == null || value === "" ? "" : `<${name}>${esc(value)}</${name}>`;
}

/** Text cut to the schema's length limit (stText140, stText70…). */
export function cut(s: string, max: number): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : t.slice(0, max - 1) + "…";
}

export function envelope(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="${NS}">` +
    `<soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

/** A KO answer of one of the paForNode operations (faults travel in-band, as the WSDL says). */
export interface Fault {
  code: string;
  string: string;
  description?: string;
}

function faultXml(f: Fault, idPA: string): string {
  return `<fault>${el("faultCode", f.code)}${el("faultString", f.string)}<id>${esc(idPA)}</id>${
    el("description", f.description)
  }</fault>`;
}

export function koResponse(responseElement: string, fault: Fault, idPA: string): string {
  return envelope(
    `<pafn:${responseElement}><outcome>KO</outcome>${
      faultXml(fault, idPA)
    }</pafn:${responseElement}>`,
  );
}

export interface Subject {
  /** Codice fiscale (F, 16 characters) or partita IVA (G). */
  id: string;
  fullName: string;
  email?: string | null;
}

function subjectXml(tag: string, s: Subject): string {
  const type = /^[0-9]{11}$/.test(s.id) ? "G" : "F";
  return `<${tag}><uniqueIdentifier><entityUniqueIdentifierType>${type}</entityUniqueIdentifierType>` +
    `<entityUniqueIdentifierValue>${esc(s.id)}</entityUniqueIdentifierValue></uniqueIdentifier>` +
    `<fullName>${esc(cut(s.fullName, 70))}</fullName>${el("e-mail", s.email)}</${tag}>`;
}

export interface VerifyOk {
  amountCents: number;
  dueOn: string;
  detail: string;
  allCCP: boolean;
  description: string;
  fiscalCodePA: string;
  companyName: string;
  officeName?: string | null;
}

export function verifyResponse(v: VerifyOk): string {
  return envelope(
    `<pafn:paVerifyPaymentNoticeRes><outcome>OK</outcome><paymentList><paymentOptionDescription>` +
      `<amount>${centsToAmount(v.amountCents)}</amount><options>EQ</options>` +
      `<dueDate>${v.dueOn}</dueDate>${el("detailDescription", cut(v.detail, 140))}` +
      `<allCCP>${v.allCCP}</allCCP></paymentOptionDescription></paymentList>` +
      `${
        el("paymentDescription", cut(v.description, 140))
      }<fiscalCodePA>${v.fiscalCodePA}</fiscalCodePA>` +
      `${el("companyName", cut(v.companyName, 140))}${
        el("officeName", v.officeName ? cut(v.officeName, 140) : null)
      }</pafn:paVerifyPaymentNoticeRes>`,
  );
}

export interface PaymentData {
  iuv: string;
  amountCents: number;
  dueOn: string;
  retentionDate: string;
  description: string;
  companyName: string;
  officeName?: string | null;
  debtor: Subject;
  fiscalCodePA: string;
  iban: string;
  remittance: string;
  taxonomy: string;
}

export function getPaymentV2Response(d: PaymentData): string {
  return envelope(
    `<pafn:paGetPaymentV2Response><outcome>OK</outcome><data>` +
      `<creditorReferenceId>${d.iuv}</creditorReferenceId>` +
      `<paymentAmount>${
        centsToAmount(d.amountCents)
      }</paymentAmount><dueDate>${d.dueOn}</dueDate>` +
      `<retentionDate>${d.retentionDate}</retentionDate><lastPayment>false</lastPayment>` +
      `<description>${esc(cut(d.description, 140))}</description>` +
      `<companyName>${esc(cut(d.companyName, 140))}</companyName>` +
      el("officeName", d.officeName ? cut(d.officeName, 140) : null) +
      subjectXml("debtor", d.debtor) +
      `<transferList><transfer><idTransfer>1</idTransfer>` +
      `<transferAmount>${centsToAmount(d.amountCents)}</transferAmount>` +
      `<fiscalCodePA>${d.fiscalCodePA}</fiscalCodePA>` +
      `<companyName>${esc(cut(d.companyName, 140))}</companyName><IBAN>${esc(d.iban)}</IBAN>` +
      `<remittanceInformation>${esc(cut(d.remittance, 140))}</remittanceInformation>` +
      `<transferCategory>${esc(d.taxonomy)}</transferCategory></transfer></transferList>` +
      `</data></pafn:paGetPaymentV2Response>`,
  );
}

export function okResponse(responseElement: string): string {
  return envelope(`<pafn:${responseElement}><outcome>OK</outcome></pafn:${responseElement}>`);
}

export interface RtV2 {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
  receiptId: string;
  noticeNumber: string;
  fiscalCodePA: string;
  outcome?: "OK" | "KO";
  amountCents: number;
  description: string;
  companyName: string;
  debtor: Subject;
  payer?: Subject | null;
  iban: string;
  remittance: string;
  taxonomy: string;
  idPSP: string;
  pspName: string;
  idChannel: string;
  channelDescription: string;
  paymentMethod?: string | null;
  feeCents?: number | null;
  /** Local time in Italy, `YYYY-MM-DDTHH:MM:SS` (as the Nodo sends it). */
  paymentDateTime: string;
}

/** The paSendRTV2 request the Nodo sends when a notice is paid (simulators, tests). */
export function paSendRTV2Request(r: RtV2): string {
  const amount = centsToAmount(r.amountCents);
  return envelope(
    `<pafn:paSendRTV2Request><idPA>${r.idPA}</idPA><idBrokerPA>${esc(r.idBrokerPA)}</idBrokerPA>` +
      `<idStation>${esc(r.idStation)}</idStation><receipt>` +
      `<receiptId>${esc(r.receiptId)}</receiptId><noticeNumber>${r.noticeNumber}</noticeNumber>` +
      `<fiscalCode>${r.fiscalCodePA}</fiscalCode><outcome>${r.outcome ?? "OK"}</outcome>` +
      `<creditorReferenceId>${r.noticeNumber.slice(1)}</creditorReferenceId>` +
      `<paymentAmount>${amount}</paymentAmount>` +
      `<description>${esc(cut(r.description, 140))}</description>` +
      `<companyName>${esc(cut(r.companyName, 140))}</companyName>` +
      subjectXml("debtor", r.debtor) +
      `<transferList><transfer><idTransfer>1</idTransfer><transferAmount>${amount}</transferAmount>` +
      `<fiscalCodePA>${r.fiscalCodePA}</fiscalCodePA><IBAN>${esc(r.iban)}</IBAN>` +
      `<remittanceInformation>${esc(cut(r.remittance, 140))}</remittanceInformation>` +
      `<transferCategory>${esc(r.taxonomy)}</transferCategory></transfer></transferList>` +
      `<idPSP>${esc(r.idPSP)}</idPSP><PSPCompanyName>${esc(cut(r.pspName, 70))}</PSPCompanyName>` +
      `<idChannel>${esc(r.idChannel)}</idChannel>` +
      `<channelDescription>${esc(r.channelDescription)}</channelDescription>` +
      (r.payer ? subjectXml("payer", r.payer) : "") +
      el("paymentMethod", r.paymentMethod) +
      (r.feeCents != null ? `<fee>${centsToAmount(r.feeCents)}</fee>` : "") +
      `<paymentDateTime>${r.paymentDateTime}</paymentDateTime>` +
      `<applicationDate>${r.paymentDateTime.slice(0, 10)}</applicationDate>` +
      `</receipt></pafn:paSendRTV2Request>`,
  );
}

/** The request element of the station's operations → its response element. */
export const RESPONSE_OF: Record<string, string> = {
  paVerifyPaymentNoticeReq: "paVerifyPaymentNoticeRes",
  paGetPaymentV2Request: "paGetPaymentV2Response",
  paSendRTV2Request: "paSendRTV2Response",
  paGetPaymentReq: "paGetPaymentRes",
  paSendRTReq: "paSendRTRes",
};

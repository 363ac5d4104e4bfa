/**
 * Reading a reporting flow (FdR, `FlussoRiversamento` 1.0.4): validation against the official
 * schema (copied unchanged into `specs/`) with xmllint-wasm, then the fields the Ente reconciles
 * with. Amounts are read from their decimal text into integer cents, never through a float.
 *
 * @module
 */

import { XMLParser } from "fast-xml-parser";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";
import { romeInstant } from "../calendar/dates.ts";
import { decimalToCents } from "../inps/codes.ts";

export interface Message {
  it: string;
  en: string;
}

/** One payment of a flow, as the Ente stores it. */
export interface FlowPayment {
  idx: number;
  iuv: string;
  iur: string;
  transfer_index: number | null;
  amount_cents: number;
  /** 0 paid, 3 revoked, 4 stand-in, 8 stand-in without RPT, 9 paid without RPT. */
  outcome_code: 0 | 3 | 4 | 8 | 9;
  outcome_date: string;
}

/** A flow, whichever way it arrived (XML upload or FdR 3 REST). */
export interface ParsedFlow {
  flow_ref: string;
  revision: number;
  flow_at: string;
  regulation_ref: string;
  regulation_date: string;
  psp_id: string;
  psp_name: string | null;
  bic: string | null;
  receiver_id: string;
  receiver_name: string | null;
  declared_count: number;
  declared_cents: number;
  payments: FlowPayment[];
}

export type FlowParse =
  | { ok: true; flow: ParsedFlow }
  | { ok: false; errors: Message[] };

/** Largest FdR accepted by upload; bigger flows come through the REST API in pages. */
export const MAX_FLOW_BYTES = 5 * 1024 * 1024;

let schema: XMLFileInfo | undefined;

function schemaFile(): XMLFileInfo {
  return schema ??= {
    fileName: "FlussoRiversamento_1_0_4.xsd",
    contents: Deno.readTextFileSync(
      new URL("./specs/FlussoRiversamento_1_0_4.xsd", import.meta.url),
    )
      .replace(/^\uFEFF/, ""),
  };
}

/** xmllint's verdict against FlussoRiversamento_1_0_4.xsd: the messages, empty when valid. */
export async function validateFlowXml(xml: string): Promise<string[]> {
  const r = await validateXML({
    xml: { fileName: "flusso.xml", contents: xml.replace(/^\uFEFF/, "") },
    schema: [schemaFile()],
  });
  return r.valid ? [] : r.errors.map((e) => e.message.replace(/^Schemas validity error : /, ""));
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "datiSingoliPagamenti",
});

type Node = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const node = (v: unknown): Node => (v && typeof v === "object" ? v as Node : {});

/** `dataOraFlusso` without a zone is Italian wall time (the Nodo's clock): Europe/Rome. */
function instant(text: string): string {
  if (/([zZ]|[+-]\d{2}:\d{2})$/.test(text)) return new Date(text).toISOString();
  return (romeInstant(text.replace(/\.\d+$/, "")) ?? new Date(`${text}Z`)).toISOString();
}

/** Validates and reads an FdR XML. Problems are in Italian and English, one per line. */
export async function parseFlowXml(xml: string): Promise<FlowParse> {
  if (new TextEncoder().encode(xml).length > MAX_FLOW_BYTES) {
    return {
      ok: false,
      errors: [{
        it: "Il file supera i 5 MB: scarica i flussi grandi con il collegamento a pagoPA.",
        en: "The file exceeds 5 MB: fetch large flows through the pagoPA connection.",
      }],
    };
  }
  if (!/<(\w+:)?FlussoRiversamento[\s>]/.test(xml)) {
    return {
      ok: false,
      errors: [{
        it:
          "Il file non è un flusso di rendicontazione pagoPA (manca l'elemento FlussoRiversamento).",
        en: "The file is not a pagoPA reporting flow (the FlussoRiversamento element is missing).",
      }],
    };
  }
  const invalid = await validateFlowXml(xml);
  if (invalid.length) {
    return {
      ok: false,
      errors: invalid.slice(0, 20).map((m) => ({
        it: `Il flusso non è conforme allo schema FlussoRiversamento 1.0.4: ${m}`,
        en: `The flow does not conform to the FlussoRiversamento 1.0.4 schema: ${m}`,
      })),
    };
  }
  const root = node(node(parser.parse(xml)).FlussoRiversamento);
  const sender = node(root.istitutoMittente);
  const receiver = node(root.istitutoRicevente);
  const payments = (root.datiSingoliPagamenti as unknown[]).map((p, i): FlowPayment => {
    const n = node(p);
    const index = str(n.indiceDatiSingoloPagamento);
    return {
      idx: i + 1,
      iuv: str(n.identificativoUnivocoVersamento),
      iur: str(n.identificativoUnivocoRiscossione),
      transfer_index: index ? Number(index) : null,
      amount_cents: decimalToCents(str(n.singoloImportoPagato))!,
      outcome_code: Number(str(n.codiceEsitoSingoloPagamento)) as FlowPayment["outcome_code"],
      outcome_date: str(n.dataEsitoSingoloPagamento),
    };
  });
  return {
    ok: true,
    flow: {
      flow_ref: str(root.identificativoFlusso),
      revision: 1,
      flow_at: instant(str(root.dataOraFlusso)),
      regulation_ref: str(root.identificativoUnivocoRegolamento),
      regulation_date: str(root.dataRegolamento),
      psp_id: str(node(sender.identificativoUnivocoMittente).codiceIdentificativoUnivoco),
      psp_name: str(sender.denominazioneMittente) || null,
      bic: str(root.codiceBicBancaDiRiversamento) || null,
      receiver_id: str(node(receiver.identificativoUnivocoRicevente).codiceIdentificativoUnivoco),
      receiver_name: str(receiver.denominazioneRicevente) || null,
      declared_count: Number(str(root.numeroTotalePagamenti)),
      declared_cents: decimalToCents(str(root.importoTotalePagamenti))!,
      payments,
    },
  };
}

/**
 * What the flow says about itself that does not add up: the declared count or total differs
 * from its payments (revoked payments count, with their amount, as pagoPA reports them).
 */
export function flowInconsistencies(f: ParsedFlow): Message[] {
  const out: Message[] = [];
  const sum = f.payments.reduce((s, p) => s + p.amount_cents, 0);
  if (f.payments.length !== f.declared_count) {
    out.push({
      it: `Il flusso dichiara ${f.declared_count} pagamenti ma ne contiene ${f.payments.length}.`,
      en: `The flow declares ${f.declared_count} payments but holds ${f.payments.length}.`,
    });
  }
  if (sum !== f.declared_cents) {
    out.push({
      it: `Il totale dichiarato (${cents(f.declared_cents)}) non è la somma dei pagamenti (${
        cents(sum)
      }).`,
      en: `The declared total (${cents(f.declared_cents)}) is not the sum of the payments (${
        cents(sum)
      }).`,
    });
  }
  return out;
}

function cents(c: number): string {
  return `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, "0")}`;
}

/**
 * Validation of FatturaPA XML against the official schema 1.2.3 (`xsd/`, copied unchanged from
 * `../shared/specs/fatturapa/`, see its README) with xmllint-wasm. The schema imports xmldsig by
 * its W3C URL: that URL is preloaded from the local copy, so validation never goes online.
 *
 * @module
 */

import { validateXML, type XMLFileInfo } from "xmllint-wasm";

const DIR = new URL("./xsd/", import.meta.url);
const XMLDSIG_URL = "http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd";

let schema: XMLFileInfo | null = null;
let dsig: XMLFileInfo | null = null;

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/** Validates an invoice: `{ valid, errors }` with xmllint's messages. */
export async function validateInvoiceXml(xml: string): Promise<XsdResult> {
  return (await validateInvoicesXml([xml]))[0];
}

/** Validates several invoices in one run of xmllint (one result per document, in order). */
export async function validateInvoicesXml(xmls: string[]): Promise<XsdResult[]> {
  if (xmls.length === 0) return [];
  schema ??= {
    fileName: "Schema_VFPR12_v1.2.3.xsd",
    contents: Deno.readFileSync(new URL("Schema_VFPR12_v1.2.3.xsd", DIR)),
  };
  dsig ??= {
    fileName: XMLDSIG_URL,
    contents: Deno.readFileSync(new URL("xmldsig-core-schema.xsd", DIR)),
  };
  const r = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: `fattura-${i}.xml`, contents })),
    schema: [schema],
    preload: [dsig],
  });
  const out: XsdResult[] = xmls.map(() => ({ valid: true, errors: [] }));
  for (const e of r.errors) {
    const m = e.loc?.fileName.match(/^fattura-(\d+)\.xml$/);
    const targets = m ? [out[Number(m[1])]] : out;
    for (const t of targets) {
      t.valid = false;
      t.errors.push(e.message.replace(/^Schemas validity error : /, ""));
    }
  }
  if (!r.valid && out.every((t) => t.valid)) {
    for (const t of out) t.valid = false;
  }
  return out;
}

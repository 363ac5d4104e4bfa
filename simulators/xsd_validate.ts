/**
 * Validation against the official INPS schemas (copied unchanged from the PagoPA repository into
 * `simulators/xsd/`, see `/work/shared/specs/inps-isee/README.md`) with xmllint-wasm. SOAP
 * envelopes go through `soap_envelope_strict.xsd`, which imports the INPS schemas and validates
 * header block and body strictly.
 *
 * @module
 */

import { validateXML, type XMLFileInfo } from "xmllint-wasm";

const DIR = new URL("./xsd/", import.meta.url);
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

const SCHEMAS = {
  /** A SOAP request or response of SvcConsultazione (ConsultazioneISEE_v2.8_PDND.xsd). */
  envelope: {
    main: "soap_envelope_strict.xsd",
    preload: ["ConsultazioneISEE_v2.8_PDND.xsd", "ConsultazioneISEE_IdentityHeader.xsd"],
  },
  /** The decoded XmlEsitoIndicatore. */
  indicatore: {
    main: "ISEE_EsitoConsultazioneIndicatore.xsd",
    preload: ["ISEE_TipiComuni.xsd"],
  },
  /** The decoded XmlEsitoAttestazione. */
  attestazione: {
    main: "ISEE_EsitoConsultazioneAttestazione.xsd",
    preload: ["ISEE_TipiComuni.xsd", "ISEE_Attestazione.xsd"],
  },
} as const;
export type SchemaName = keyof typeof SCHEMAS;

/** Validates `xml` against one of the INPS schemas: `{ valid, errors }` (xmllint's messages). */
export async function validateAgainst(schema: SchemaName, xml: string): Promise<XsdResult> {
  const s = SCHEMAS[schema];
  const r = await validateXML({
    xml: { fileName: "document.xml", contents: xml },
    schema: [file(s.main)],
    preload: s.preload.map(file),
  });
  return {
    valid: r.valid,
    errors: r.errors.map((e) => e.message.replace(/^Schemas validity error : /, "")),
  };
}

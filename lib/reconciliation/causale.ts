/**
 * What the causale (remittance information) of a credit on the treasury account says about
 * pagoPA (SACI "Specifiche attuative dei codici identificativi di versamento, riversamento e
 * rendicontazione", § riversamento):
 *
 * - cumulative transfer of a PSP: `/PUR/LGPE-RIVERSAMENTO/URI/<identificativoFlusso>` (often with
 *   `/TXT/<text>` before `/URI/`), matched to the reporting flow by id and total;
 * - single transfer of one payment: `/RFB/<IUV>[/<importo>][/TXT/<text>]`, or
 *   `/RFS/<RF creditor reference ISO 11649>[/<importo>]` whose reference carries the IUV.
 *
 * Banks wrap long causali on 35-character lines and sometimes add spaces: both are tolerated.
 *
 * @module
 */

import { decimalToCents } from "../inps/codes.ts";

export type CausaleInfo =
  | { kind: "flow"; flow_ref: string }
  | { kind: "single"; iuv: string; amount_cents: number | null; scheme: "RFB" | "RFS" }
  | { kind: "other" };

const FLOW = /\/PUR\/LGPE-RIVERSAMENTO\/(?:[^]*?\/)?URI\/([A-Za-z0-9_-]{1,35})/i;
const RFB = /\/RFB\/([0-9A-Za-z]{1,35})(?:\/([0-9]+(?:[.,][0-9]{1,2})?))?(?=\/|$)/i;
const RFS = /\/RFS\/(RF[0-9]{2}[0-9A-Za-z]{1,21})(?:\/([0-9]+(?:[.,][0-9]{1,2})?))?(?=\/|$)/i;

/** Removes line breaks and the spaces banks insert when they wrap or pad a causale. */
export function compactCausale(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, "").replace(/\s*\/\s*/g, "/").trim();
}

/** ISO 11649 check of an RF creditor reference (`RF` + 2 check digits + up to 21 chars). */
export function isValidRfReference(ref: string): boolean {
  const r = ref.toUpperCase();
  if (!/^RF[0-9]{2}[0-9A-Z]{1,21}$/.test(r)) return false;
  const moved = r.slice(4) + r.slice(0, 4);
  const digits = [...moved].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55)))
    .join("");
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

function amount(text: string | undefined): number | null {
  return text ? decimalToCents(text.replace(",", ".")) : null;
}

/** Reads a causale: a pagoPA flow transfer, a single-payment transfer, or something else. */
export function parseCausale(text: string): CausaleInfo {
  const c = compactCausale(text);
  const flow = FLOW.exec(c);
  if (flow) return { kind: "flow", flow_ref: flow[1] };
  const rfb = RFB.exec(c);
  if (rfb) {
    return { kind: "single", iuv: rfb[1], amount_cents: amount(rfb[2]), scheme: "RFB" };
  }
  const rfs = RFS.exec(c);
  if (rfs && isValidRfReference(rfs[1])) {
    // The IUV is the reference without "RF" and its check digits.
    return {
      kind: "single",
      iuv: rfs[1].slice(4).toUpperCase(),
      amount_cents: amount(rfs[2]),
      scheme: "RFS",
    };
  }
  return { kind: "other" };
}

/**
 * Reads back the text of a notice PDF produced by `noticePdf` (standard fonts, WinAnsi hex
 * strings), page by page: what tests and the batch's self-check compare with the expected NAV,
 * amounts and fixed texts. Not a general PDF text extractor.
 *
 * @module
 */

import {
  decodePDFRawStream,
  PDFArray,
  PDFDocument,
  PDFName,
  PDFRawStream,
  type PDFRef,
} from "pdf-lib";

/** WinAnsi bytes 0x80–0x9F that differ from Latin-1. */
const WIN_ANSI: Record<number, string> = {
  0x80: "€",
  0x91: "‘",
  0x92: "’",
  0x93: "“",
  0x94: "”",
  0x96: "–",
  0x97: "—",
  0x85: "…",
};

function decodeHex(hex: string): string {
  let s = "";
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    s += WIN_ANSI[b] ?? String.fromCharCode(b);
  }
  return s;
}

/** The content operators of each page, decoded (latin1). */
export async function pageOperators(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const contents = page.node.get(PDFName.of("Contents"));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    let ops = "";
    for (const ref of refs) {
      const stream = doc.context.lookup(ref as PDFRef);
      if (stream instanceof PDFRawStream) {
        ops += new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode()) + "\n";
      }
    }
    return ops;
  });
}

/** The text lines drawn on each page, in drawing order. */
export async function noticePdfText(bytes: Uint8Array): Promise<string[][]> {
  return (await pageOperators(bytes)).map((ops) =>
    [...ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) => decodeHex(m[1]))
  );
}

/**
 * Giving a document (invoice or credit note) its number: the draft is built once unnumbered, so a
 * data error surfaces before a number is taken, then the Ente's next number of the year and SdI
 * progressive are taken (their counter rows stay locked until the transaction ends, so a
 * rolled-back document gives its number back: no gaps) and the document is built with them.
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import {
  buildInvoiceXml,
  type BuiltInvoice,
  type InvoiceInput,
  invoiceNumber,
  sdiFileName,
  transmissionId,
} from "./xml.ts";

export interface NumberedDocument {
  year: number;
  number: number;
  /** As printed and in <Numero> ("FE-12/2026"). */
  numero: string;
  transmissionId: string;
  fileName: string;
  built: BuiltInvoice;
}

/** Numbers and builds `draft` for `tenantId` in `year` (the document's date's year). */
export async function numberDocument(
  tx: Tx,
  tenantId: string,
  year: number,
  numberPrefix: string,
  draft: Omit<InvoiceInput, "number" | "transmissionId">,
): Promise<NumberedDocument> {
  buildInvoiceXml({ ...draft, number: "0", transmissionId: "00000" });
  const [{ number, transmission }] = await tx.query<{ number: number; transmission: number }>(
    "select number, transmission from app.next_invoice_number($1, $2)",
    [tenantId, year],
  );
  const tid = transmissionId(Number(transmission));
  const numero = invoiceNumber(numberPrefix, number, year);
  return {
    year,
    number,
    numero,
    transmissionId: tid,
    fileName: sdiFileName(draft.supplier, tid),
    built: buildInvoiceXml({ ...draft, number: numero, transmissionId: tid }),
  };
}

/**
 * A PDF the browser downloads (`attachment`), kept in no cache: notices, statements, letters and
 * invoices name people and what they owe.
 */
export function pdfAttachment(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/pdf",
      "content-length": String(bytes.length),
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
    },
  });
}

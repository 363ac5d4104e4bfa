/**
 * A worker that renders notice PDFs for `notice_batch.ts`: rendering is CPU-bound (QR masks,
 * deflate), so a batch of thousands spreads it over the cores. Messages: `{ id, input }` in,
 * `{ id, bytes }` or `{ id, error }` out (the bytes' buffer is transferred, not copied).
 *
 * @module
 */

/// <reference lib="deno.worker" />

import type { NoticeInput } from "./notice_data.ts";
import { noticePdf } from "./notice_pdf.ts";

self.onmessage = async (e: MessageEvent<{ id: number; input: NoticeInput }>) => {
  const { id, input } = e.data;
  try {
    const bytes = await noticePdf(input);
    self.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};

/**
 * The notice PDFs of a whole billing run, streamed to storage: positions are read a page at a
 * time (by iupd), each PDF is rendered and stored as soon as it is ready, and only a bounded
 * number are in memory at once, whatever the size of the run. One file per position under
 * `<tenant_id>/<position_id>` (the storage key format: tenant space + a UUID, here the position's
 * own id, so the key is known without bookkeeping). Idempotent: a position whose PDF is already
 * stored is skipped, so a crashed batch resumes where it stopped.
 *
 * Rendering is CPU-bound: with `workers > 0` it runs in a pool of workers
 * (`notice_pdf_worker.ts`), otherwise in this thread.
 *
 * @module
 */

import type { Claims, Db } from "../db/types.ts";
import type { Storage } from "../storage/mod.ts";
import { loadNoticeEnte, loadRunNoticeInputs, type NoticeInput } from "./notice_data.ts";
import { noticePdf } from "./notice_pdf.ts";

export interface NoticeBatchProgress {
  total: number;
  done: number;
  written: number;
  skipped: number;
  failed: number;
}

export interface NoticeBatchOptions {
  storage: Storage;
  /** Positions read per query (200). */
  pageSize?: number;
  /** Render workers (0 = render in this thread). */
  workers?: number;
  /** PDFs rendered or being written at once (2 per worker, at least 4). */
  inFlight?: number;
  /** Regenerate even if a PDF is stored (after a correction of the position). */
  overwrite?: boolean;
  onProgress?: (p: NoticeBatchProgress) => void;
  signal?: AbortSignal;
}

export interface NoticeBatchResult extends NoticeBatchProgress {
  errors: { iupd: string; message: string }[];
}

/** The storage key of a position's notice PDF. */
export function noticeKey(tenantId: string, positionId: string): string {
  return `${tenantId.toLowerCase()}/${positionId.toLowerCase()}`;
}

type Render = (input: NoticeInput) => Promise<Uint8Array>;

/** A pool of render workers; `close()` terminates them. */
export class RenderPool {
  #workers: Worker[] = [];
  #idle: Worker[] = [];
  #waiting: (() => void)[] = [];
  #pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  #next = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL("./notice_pdf_worker.ts", import.meta.url).href, {
        type: "module",
      });
      w.onmessage = (e: MessageEvent<{ id: number; bytes?: Uint8Array; error?: string }>) => {
        const p = this.#pending.get(e.data.id);
        this.#pending.delete(e.data.id);
        this.#release(w);
        if (!p) return;
        if (e.data.bytes) p.resolve(e.data.bytes);
        else p.reject(new Error(e.data.error ?? "render failed"));
      };
      this.#workers.push(w);
      this.#idle.push(w);
    }
  }

  #release(w: Worker) {
    this.#idle.push(w);
    this.#waiting.shift()?.();
  }

  async render(input: NoticeInput): Promise<Uint8Array> {
    while (this.#idle.length === 0) await new Promise<void>((r) => this.#waiting.push(r));
    const w = this.#idle.pop()!;
    const id = this.#next++;
    return await new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ id, input });
    });
  }

  close() {
    for (const w of this.#workers) w.terminate();
    for (const p of this.#pending.values()) p.reject(new Error("pool closed"));
    this.#pending.clear();
  }
}

/**
 * Renders and stores the notices of every non-cancelled position of run `runId`, as `claims`
 * (staff of the run's Ente; each page is read in its own short transaction under RLS).
 */
export async function generateRunNotices(
  db: Db,
  claims: Claims,
  runId: string,
  opts: NoticeBatchOptions,
): Promise<NoticeBatchResult> {
  const tenantId = claims.app_metadata.tenant_id;
  if (!tenantId) throw new Error("generateRunNotices: claims without an Ente");
  const pageSize = opts.pageSize ?? 200;
  const workers = opts.workers ?? 0;
  const inFlight = Math.max(4, opts.inFlight ?? workers * 2);
  const { ente, total } = await db.asUser(claims, async (tx) => {
    const [c] = await tx.query<{ n: number }>(
      `select count(*)::int as n from public.debt_positions
        where tenant_id = app.tenant_id() and run_id = $1 and status <> 'cancelled'`,
      [runId],
    );
    return { ente: await loadNoticeEnte(tx, opts.storage), total: Number(c?.n ?? 0) };
  });
  if (!ente) throw new Error("generateRunNotices: the Ente cannot be read");
  const result: NoticeBatchResult = {
    total,
    done: 0,
    written: 0,
    skipped: 0,
    failed: 0,
    errors: [],
  };
  const pool = workers > 0 ? new RenderPool(workers) : null;
  const render: Render = pool ? (i) => pool.render(i) : noticePdf;
  const running = new Set<Promise<void>>();
  const one = async (input: NoticeInput) => {
    const key = noticeKey(tenantId, input.positionId);
    try {
      if (!opts.overwrite && await opts.storage.get(key) !== null) result.skipped++;
      else {
        await opts.storage.put(key, await render(input));
        result.written++;
      }
    } catch (e) {
      result.failed++;
      if (result.errors.length < 100) {
        result.errors.push({
          iupd: input.iupd,
          message: e instanceof Error ? e.message : String(e),
        });
      }
    }
    result.done++;
    const { total, done, written, skipped, failed } = result;
    opts.onProgress?.({ total, done, written, skipped, failed });
  };
  try {
    let after: string | null = null;
    for (;;) {
      opts.signal?.throwIfAborted();
      const page: NoticeInput[] = await db.asUser(
        claims,
        (tx) => loadRunNoticeInputs(tx, runId, after, pageSize, ente),
      );
      if (page.length === 0) break;
      after = page[page.length - 1].iupd;
      for (const input of page) {
        while (running.size >= inFlight) await Promise.race(running);
        const p: Promise<void> = one(input).finally(() => running.delete(p));
        running.add(p);
      }
    }
    await Promise.all(running);
  } finally {
    pool?.close();
  }
  return result;
}

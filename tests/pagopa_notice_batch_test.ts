import assert from "node:assert/strict";
import { LocalStorage } from "../lib/storage/local.ts";
import {
  generateRunNotices,
  type NoticeBatchProgress,
  noticeKey,
} from "../lib/pagopa/notice_batch.ts";
import {
  memberClaims,
  seedNoticePosition,
  seedNoticeRun,
  seedNoticeSettings,
} from "../lib/pagopa/notice_pdf_testing.ts";
import { noticePdfText } from "../lib/pagopa/notice_pdf_text.ts";
import { formatNoticeNumber } from "../lib/pagopa/notice_number.ts";
import { dbTest } from "./helpers/db.ts";

dbTest("notice batch: one PDF per position, streamed to storage, idempotent", async (db) => {
  await seedNoticeSettings(db, true);
  const dir = await Deno.makeTempDir({ prefix: "piazza-notices-" });
  try {
    const storage = new LocalStorage(dir);
    const { runId, positions } = await db.asOwner(async (tx) => {
      const runId = await seedNoticeRun(tx);
      const positions = [];
      for (let i = 0; i < 7; i++) {
        positions.push(
          await seedNoticePosition(tx, {
            runId,
            newPayer: true,
            cents: 1000 + i,
            instalments: i % 3 === 0 ? [500, 500 + i] : undefined,
            iupd: `PZ-BATCH-${String(i).padStart(3, "0")}`,
          }),
        );
      }
      await tx.query(
        `update public.debt_positions set status = 'cancelled', cancelled_at = now(),
                cancel_reason = 'Posizione sostituita' where id = $1`,
        [positions[6].id],
      );
      return { runId, positions };
    });
    const claims = await memberClaims(db, "m.rossi@comune.valdiponte.example", "operator");
    const seen: NoticeBatchProgress[] = [];
    const first = await generateRunNotices(db, claims, runId, {
      storage,
      pageSize: 2,
      onProgress: (p) => seen.push(p),
    });
    assert.deepEqual(
      { ...first, errors: first.errors.length },
      { total: 6, done: 6, written: 6, skipped: 0, failed: 0, errors: 0 },
    );
    assert.deepEqual(seen.map((p) => p.done), [1, 2, 3, 4, 5, 6]);
    for (const p of positions.slice(0, 6)) {
      const bytes = await storage.get(noticeKey(p.tenantId, p.id));
      assert.ok(bytes, p.iupd);
      const text = (await noticePdfText(bytes)).flat();
      for (const nav of p.navs) assert.ok(text.includes(formatNoticeNumber(nav)), nav);
      assert.ok(text.includes("BOLLETTINO POSTALE PA"));
    }
    assert.equal(await storage.get(noticeKey(positions[6].tenantId, positions[6].id)), null);

    // Again: nothing rewritten. Lose one file: only that one is written.
    const again = await generateRunNotices(db, claims, runId, { storage });
    assert.equal(again.written, 0);
    assert.equal(again.skipped, 6);
    await storage.delete(noticeKey(positions[2].tenantId, positions[2].id));
    const resumed = await generateRunNotices(db, claims, runId, { storage, workers: 2 });
    assert.equal(resumed.written, 1);
    assert.equal(resumed.skipped, 5);
    const bytes = await storage.get(noticeKey(positions[2].tenantId, positions[2].id));
    assert.ok(
      (await noticePdfText(bytes!)).flat().includes(formatNoticeNumber(positions[2].navs[0])),
    );

    // A family member cannot run it over the Ente's positions: nothing is visible to them.
    const chiara = await memberClaims(db, "chiara.colombo@posta.example", "family");
    const fam = await generateRunNotices(db, chiara, runId, { storage, overwrite: true });
    assert.equal(fam.total, 0);
    assert.equal(fam.written, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { MAX_BASE, noticeNumber } from "../lib/pagopa/notice_number.ts";
import { dbTest } from "./helpers/db.ts";

/** Bases spread over the whole 13-digit range, plus the edges. */
function bases(n: number): bigint[] {
  const out = [0n, 1n, 92n, 93n, 9_999_999n, BigInt(MAX_BASE) - 1n, BigInt(MAX_BASE)];
  let x = 987654321n;
  while (out.length < n) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 63n);
    out.push(x % (BigInt(MAX_BASE) + 1n));
  }
  return out;
}

dbTest("notice numbers: app.notice_number (SQL) and noticeNumber (TS) agree", async (db) => {
  const list = bases(3000);
  for (const seg of ["00", "02", "07", "45", "99"]) {
    const rows = await db.asOwner((tx) =>
      tx.query<{ base: string; nav: string }>(
        `select b as base, app.notice_number($1, b::bigint) as nav
           from unnest($2::text[]) as b`,
        [seg, list.map(String)],
      )
    );
    assert.equal(rows.length, list.length);
    for (const r of rows) {
      assert.equal(r.nav, noticeNumber(seg, BigInt(r.base)), `${seg}/${r.base}`);
    }
  }
});

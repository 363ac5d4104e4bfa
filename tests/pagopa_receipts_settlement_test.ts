import assert from "node:assert/strict";
import type { Claims, Db } from "../lib/db/types.ts";
import { romeDate } from "../lib/i18n/mod.ts";
import { SettlementError, settleReceipt } from "../lib/pagopa/receipts_settlement.ts";
import { createTestPositionIn, ingestTestReceipt } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";

const OFFICE = "m.rossi@comune.valdiponte.example";

/** A matched receipt, a double payment, an amount mismatch and two unmatched ones. */
async function problemReceipts(db: Db) {
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  const q = await createTestPositionIn(db, { amountCents: 3000 });
  const n = p.notices[0];
  const t = p.tenantId;
  const matched = await ingestTestReceipt(db, {
    tenantId: t,
    iuv: n.iuv,
    noticeNumber: n.noticeNumber,
    amountCents: 4500,
  });
  const duplicate = await ingestTestReceipt(db, {
    tenantId: t,
    iuv: n.iuv,
    noticeNumber: n.noticeNumber,
    amountCents: 4500,
  });
  const mismatch = await ingestTestReceipt(db, {
    tenantId: t,
    iuv: q.notices[0].iuv,
    noticeNumber: q.notices[0].noticeNumber,
    amountCents: 2500,
  });
  const iuv = () => `99${String(Math.floor(Math.random() * 1e15)).padStart(15, "0")}`;
  const unmatchedIuv = iuv();
  const unmatched = await ingestTestReceipt(db, {
    tenantId: t,
    iuv: unmatchedIuv,
    amountCents: 1200,
  });
  const otherIuv = iuv();
  const other = await ingestTestReceipt(db, { tenantId: t, iuv: otherIuv, amountCents: 800 });
  assert.deepEqual(
    [matched.status, duplicate.status, mismatch.status, unmatched.status, other.status],
    ["matched", "duplicate_payment", "amount_mismatch", "unmatched", "unmatched"],
  );
  const [{ id: walletId }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      "insert into public.wallets (tenant_id, payer_id) values ($1, $2) returning id",
      [t, p.payerId],
    )
  );
  const [{ id: strangerWallet }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `insert into public.wallets (tenant_id, payer_id)
       select tenant_id, id from public.people where tenant_id = $1 and id <> $2
        order by id limit 1 returning id`,
      [t, p.payerId],
    )
  );
  return {
    p,
    matched: matched.id,
    duplicate: duplicate.id,
    duplicateIuv: n.iuv,
    mismatch: mismatch.id,
    unmatched: unmatched.id,
    unmatchedIuv,
    other: other.id,
    otherIuv,
    walletId,
    strangerWallet,
  };
}

const balance = (db: Db, walletId: string) =>
  db.asOwner((tx) =>
    tx.query<{ b: number; n: number }>(
      `select w.balance_cents::int as b,
              (select count(*)::int from public.wallet_movements m where m.wallet_id = w.id) as n
         from public.wallets w where w.id = $1`,
      [walletId],
    )
  ).then(([r]) => r);

const stored = (db: Db, id: string) =>
  db.asOwner((tx) =>
    tx.query<Record<string, unknown>>(
      `select r.settlement, r.settled_at, u.email as settled_by, r.settlement_ref,
              r.settlement_on::text, r.settlement_note, r.wallet_movement_id
         from public.payment_receipts r left join public.users u on u.id = r.settled_by
        where r.id = $1`,
      [id],
    )
  ).then(([r]) => r);

const inDays = (d: number) => romeDate(new Date(Date.now() + d * 86_400_000));

dbTest(
  "the office settles problem receipts on their page: refusals in words, then the outcome",
  async (db) => {
    const s = await problemReceipts(db);
    const c = await signedInClient(db, OFFICE);
    const path = (id: string) => `/operatore/ricevute/${id}`;

    // The list finds what is still to check.
    const todo = await htmlOf(await c.get("/operatore/ricevute?stato=da_verificare"));
    for (const iuv of [s.duplicateIuv, s.unmatchedIuv, s.otherIuv]) {
      assert.match(todo, new RegExp(iuv));
    }
    assert.match(todo, /<option value="da_verificare" selected/);

    const form = await htmlOf(await c.get(path(s.duplicate)));
    assert.match(form, /Esito della verifica/);
    assert.match(form, /la somma va rimborsata o riattribuita/);
    assert.match(form, new RegExp(`action="${path(s.duplicate)}/esito"`));
    assert.match(form, /<input id="esito"[^>]*type="radio"[^>]*value="refunded"/);
    assert.match(form, /value="wallet_credit"/);
    assert.match(form, new RegExp(`<option value="${s.walletId}"[^>]*>Colombo Chiara`));
    assert.doesNotMatch(form, new RegExp(s.strangerWallet));
    // A matched receipt has nothing to settle: no form, and a post is refused.
    assert.doesNotMatch(await htmlOf(await c.get(path(s.matched))), /Esito della verifica/);
    const matched = await htmlOf(
      await c.postForm(`${path(s.matched)}/esito`, { esito: "other", nota: "Nulla da fare qui" }),
      409,
    );
    assert.match(matched, /ha già pagato il suo avviso/);

    // Refusals come back beside their field, with what was typed.
    const post = (id: string, f: Record<string, string>) => c.postForm(`${path(id)}/esito`, f);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{}, "esito", /Scegliere l&#39;esito|Scegliere l'esito/],
      [
        { esito: "refunded", data_rimborso: "2026-02-30", riferimento: "CRO1" },
        "data_rimborso",
        /Data del rimborso mancante o non valida/,
      ],
      [
        { esito: "refunded", data_rimborso: inDays(2), riferimento: "CRO1" },
        "data_rimborso",
        /La data del rimborso non può essere futura/,
      ],
      [
        { esito: "refunded", data_rimborso: romeDate(), riferimento: " " },
        "riferimento",
        /Indicare il riferimento del rimborso/,
      ],
      [{ esito: "other", nota: "ok" }, "nota", /Descrivere che cosa è stato fatto della somma/],
      [
        { esito: "refunded", data_rimborso: romeDate(), riferimento: "CRO1", nota: "no" },
        "nota",
        /La nota deve avere da 5 a 1000 caratteri/,
      ],
      [
        { esito: "wallet_credit", borsellino: crypto.randomUUID() },
        "borsellino",
        /Borsellino non trovato tra quelli del pagatore/,
      ],
      [
        { esito: "wallet_credit", borsellino: s.strangerWallet },
        "borsellino",
        /Borsellino non trovato tra quelli del pagatore/,
      ],
    ];
    for (const [fields, field, message] of cases) {
      const bad = await htmlOf(await post(s.duplicate, { nota: "", ...fields }), 422);
      assert.match(bad, /role="alert"/);
      assert.match(bad, message, JSON.stringify(fields));
      assert.match(bad, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), field);
    }
    assert.equal((await stored(db, s.duplicate)).settlement, null);
    assert.equal((await balance(db, s.walletId)).b, 0);

    // Wallet credit: the receipt's amount, once, even when the form is posted twice.
    const credit = { esito: "wallet_credit", borsellino: s.walletId, nota: "" };
    const ok = await post(s.duplicate, credit);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), `${path(s.duplicate)}?esito=registrato`);
    const again = await post(s.duplicate, credit);
    assert.equal(again.status, 303);
    assert.equal(again.headers.get("location"), `${path(s.duplicate)}?esito=ripetuto`);
    assert.deepEqual(await balance(db, s.walletId), { b: 4500, n: 1 });
    const repeated = await htmlOf(await c.get(again.headers.get("location")!));
    assert.match(repeated, /Esito già registrato/);
    assert.match(repeated, /Accreditato sul borsellino di/);
    assert.match(repeated, new RegExp(`href="/operatore/borsellini/${s.walletId}"`));
    assert.match(repeated, /Registrato da Marco Rossi/);
    assert.doesNotMatch(repeated, /\/esito"/);
    // Settled: the page no longer asks for a refund or a reassignment.
    assert.doesNotMatch(repeated, /la somma va rimborsata o riattribuita/);
    const dup = await stored(db, s.duplicate);
    assert.equal(dup.settlement, "wallet_credit");
    assert.equal(dup.settled_by, OFFICE);
    assert.ok(dup.settled_at);
    assert.ok(dup.wallet_movement_id);
    const [mv] = await db.asOwner((tx) =>
      tx.query<{ reason: string; kind: string }>(
        "select reason, kind from public.wallet_movements where id = $1",
        [dup.wallet_movement_id],
      )
    );
    assert.equal(mv.kind, "adjustment");
    assert.match(mv.reason, new RegExp(`IUV ${s.duplicateIuv} del 20/11/2026`));
    // Another outcome for a settled receipt is refused.
    const final = await htmlOf(
      await post(s.duplicate, { esito: "other", nota: "Ci ho ripensato" }),
      409,
    );
    assert.match(final, /già stato registrato e non si può cambiare/);

    // Refund: reference normalized, date as typed, who and when from the database.
    const refund = await post(s.mismatch, {
      esito: "refunded",
      data_rimborso: romeDate(),
      riferimento: " cro 1234  5678 ",
      nota: "",
      settled_by: crypto.randomUUID(),
    });
    assert.equal(refund.status, 303);
    const refunded = await htmlOf(await c.get(refund.headers.get("location")!));
    assert.match(refunded, /Esito registrato\./);
    const on = romeDate().split("-").reverse().join("/");
    assert.match(refunded, new RegExp(`Rimborsato il ${on} \\(rif\\. CRO 1234 5678\\)`));
    const mis = await stored(db, s.mismatch);
    assert.deepEqual(
      [mis.settlement, mis.settlement_ref, mis.settlement_on, mis.settled_by],
      ["refunded", "CRO 1234 5678", romeDate(), OFFICE],
    );

    // Other, in words.
    const note = "Somma riattribuita a mano all'avviso di dicembre";
    assert.equal((await post(s.unmatched, { esito: "other", nota: note })).status, 303);
    const other = await htmlOf(await c.get(path(s.unmatched)));
    assert.match(other, /Altro: Somma riattribuita a mano/);
    assert.equal((await stored(db, s.unmatched)).settled_by, OFFICE);

    // The list: settled receipts say so; "Da verificare" keeps only the one left.
    const list = await htmlOf(await c.get(`/operatore/ricevute?iuv=${s.duplicateIuv}`));
    assert.match(list, /Pagamento doppio<\/span>\s*<span class="badge bg-secondary ms-1">Risolta/);
    const left = await htmlOf(await c.get("/operatore/ricevute?stato=da_verificare"));
    assert.match(left, new RegExp(s.otherIuv));
    for (const iuv of [s.duplicateIuv, s.unmatchedIuv]) assert.doesNotMatch(left, new RegExp(iuv));

    // Each settlement is audited.
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.audit_log
          where entity = 'payment_receipts' and action = 'update' and entity_id = any($1)`,
        [[s.duplicate, s.mismatch, s.unmatched]],
      )
    );
    assert.equal(n, 3);
  },
);

type Outcome = { rows: number } | { code: string };
async function probe(db: Db, claims: Claims, sql: string, params: unknown[]): Promise<Outcome> {
  try {
    const rows = await db.asUser(claims, (tx) => tx.query(sql, params));
    return { rows: rows.length };
  } catch (e) {
    return { code: String((e as { code?: string }).code) };
  }
}

dbTest(
  "in SQL: only the office settles, once; matched receipts never; who is the database's",
  async (db) => {
    const s = await problemReceipts(db);
    const office = (await demoOperator(db, "operator")).claims;
    const settle = `update public.payment_receipts
      set settlement = 'other', settlement_note = 'Rimborsato a mano' where id = $1 returning 1`;

    for (const role of ["family", "teacher"] as const) {
      const who = (await demoOperator(db, role)).claims;
      const o = await probe(db, who, settle, [s.unmatched]);
      assert.ok("code" in o ? o.code === "42501" : o.rows === 0, `${role}: ${JSON.stringify(o)}`);
      await assert.rejects(
        db.asUser(
          who,
          (tx) => settleReceipt(tx, s.unmatched, { kind: "other", note: "Io pure" }, who.sub),
        ),
        (e) => e instanceof SettlementError && e.status === 403,
      );
    }
    assert.equal((await stored(db, s.unmatched)).settlement, null);
    // Not service_role either: a settlement names a member of the office.
    await assert.rejects(db.asService((tx) => tx.query(settle, [s.unmatched])), { code: "42501" });

    assert.deepEqual(await probe(db, office, settle, [s.matched]), { code: "23514" });
    // Who and when are not the caller's to write.
    assert.deepEqual(
      await probe(db, office, `update public.payment_receipts set settled_by = $2 where id = $1`, [
        s.unmatched,
        office.sub,
      ]),
      { code: "42501" },
    );
    assert.deepEqual(
      await probe(
        db,
        office,
        `update public.payment_receipts set settlement = 'refunded', settlement_ref = 'CRO-1',
          settlement_on = $2 where id = $1 returning 1`,
        [s.unmatched, inDays(2)],
      ),
      { code: "23514" },
    );
    // A wallet credit must be an adjustment of the receipt's amount on its payer's wallet.
    const [{ id: wrongMovement }] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        `insert into public.wallet_movements (tenant_id, wallet_id, kind, amount_cents, day,
         description, reason)
       select tenant_id, id, 'adjustment', 1200, current_date, 'Rettifica: prova', 'Prova di accredito'
         from public.wallets where id = $1 returning id`,
        [s.strangerWallet],
      )
    );
    assert.deepEqual(
      await probe(
        db,
        office,
        `update public.payment_receipts set settlement = 'wallet_credit', wallet_movement_id = $2
        where id = $1 returning 1`,
        [s.unmatched, wrongMovement],
      ),
      { code: "23514" },
    );

    assert.deepEqual(await probe(db, office, settle, [s.unmatched]), { rows: 1 });
    const row = await stored(db, s.unmatched);
    assert.equal(row.settled_by, "m.rossi@comune.valdiponte.example");
    assert.ok(row.settled_at);
    // Final: not settled again, not changed, not undone — the office included.
    for (
      const sql of [
        settle,
        `update public.payment_receipts set settlement_note = 'Cambiata dopo' where id = $1 returning 1`,
        `update public.payment_receipts set settlement = null, settlement_note = null where id = $1 returning 1`,
      ]
    ) {
      assert.deepEqual(await probe(db, office, sql, [s.unmatched]), { code: "55000" }, sql);
    }
    assert.equal((await stored(db, s.unmatched)).settlement_note, "Rimborsato a mano");
  },
);

dbTest("families and teachers cannot post a receipt's outcome", async (db) => {
  const s = await problemReceipts(db);
  for (const email of ["chiara.colombo@posta.example", "l.ferrari@scuola.valdiponte.example"]) {
    const c = await signedInClient(db, email);
    const res = await c.postForm(`/operatore/ricevute/${s.unmatched}/esito`, {
      esito: "other",
      nota: "Rimborsato a mano",
    });
    assert.equal(res.status, 403, email);
  }
  assert.equal((await stored(db, s.unmatched)).settlement, null);
});

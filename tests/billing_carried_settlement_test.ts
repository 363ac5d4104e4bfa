/**
 * Giving back a carried credit (issue 6): a payer whose issued lines total less than zero gets
 * the credit back once — by refund or onto a wallet — and those lines never join a position.
 */
import assert from "node:assert/strict";
import {
  CarriedSettlementError,
  type CarriedSettlementInput,
  carriedSettlementProblem,
  settleCarriedCredit,
} from "../lib/billing/carried_settlement.ts";
import { addLine } from "../lib/billing/lines.ts";
import type { Claims, Db } from "../lib/db/types.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import {
  canteenBilling,
  CHIARA,
  computedRun,
  issuedRun,
  OPERATOR,
} from "./helpers/canteen_billing.ts";
import { dbTest } from "./helpers/db.ts";
import { api } from "./helpers/fixtures_sites.ts";

const CREDIT = 1500;

interface Scene {
  op: Claims;
  chiara: Claims;
  mensa: string;
  payer: string;
}

/** October of the canteen issued with Chiara credited 15,00 € more than her month: carried. */
async function octoberWithCredit(db: Db): Promise<Scene & { oct: string }> {
  const b = await canteenBilling(db);
  const s: Scene = { op: b.op, chiara: b.chiara, mensa: b.mensa, payer: b.chiaraPayer };
  const oct = await computedRun(db, b, "2026-10-01", "2026-10-31");
  await db.asUser(s.op, async (tx) => {
    const [{ cents }] = await tx.query<{ cents: number }>(
      `select coalesce(sum(amount_cents), 0)::bigint as cents from public.charge_lines
        where run_id = $1 and payer_id = $2 and service_id = $3 and deleted_at is null`,
      [oct, s.payer, s.mensa],
    );
    assert.ok(Number(cents) > 0, "Chiara pays the canteen in the demo");
    await addLine(tx, oct, {
      kind: "credit",
      amount_cents: Number(cents) + CREDIT,
      description: "Rimborso pasti non fruiti per sciopero",
      reason: "Sciopero del personale di cucina",
      enrollment_id: null,
      payer_id: s.payer,
      service_id: s.mensa,
    });
  });
  await issuedRun(db, s.op, oct);
  return { ...s, oct };
}

/** Gives Chiara's October credit back as `who`, with `input` (a refund unless said). */
function settle(
  db: Db,
  s: Scene,
  who: Claims,
  over: { expectedCents?: number; input?: CarriedSettlementInput } = {},
) {
  return db.asUser(who, (tx) =>
    settleCarriedCredit(
      tx,
      {
        payerId: s.payer,
        serviceId: s.mensa,
        expectedCents: over.expectedCents ?? CREDIT,
        input: over.input ?? refund,
      },
      who.sub,
      { today: "2026-11-28" },
    ));
}

const refund = {
  kind: "refunded" as const,
  refundedOn: "2026-11-20",
  reference: "  cro 0001 ",
  note: "Bambina ritirata",
};

async function carriedOf(db: Db, payer: string) {
  return await db.asOwner((tx) =>
    tx.query<{ id: string; amount_cents: number; carried_settlement_id: string | null }>(
      `select id, amount_cents, carried_settlement_id from public.charge_lines
        where payer_id = $1 and debt_position_id is null and deleted_at is null order by id`,
      [payer],
    )
  );
}

dbTest("a carried credit is refunded once; its lines never join a position", async (db) => {
  const s = await octoberWithCredit(db);
  const before = await carriedOf(db, s.payer);
  assert.equal(before.reduce((n, l) => n + Number(l.amount_cents), 0), -CREDIT);

  // The office saw another amount: refused, nothing written.
  await assert.rejects(
    settle(db, s, s.op, { expectedCents: CREDIT + 1 }),
    (e) => e instanceof CarriedSettlementError && e.code === "changed" && e.status === 409,
  );
  // A family cannot give itself its credit.
  await assert.rejects(
    settle(db, s, s.chiara),
    (e) => e instanceof CarriedSettlementError && e.code === "forbidden",
  );

  const done = await settle(db, s, s.op);
  const [row] = await db.asOwner((tx) =>
    tx.query<Record<string, unknown>>(
      `select payer_id, service_id, amount_cents, kind, refund_ref, refunded_on::text,
              wallet_movement_id, note, settled_by
         from public.carried_settlements where id = $1`,
      [done.settlementId],
    )
  );
  assert.deepEqual(row, {
    payer_id: s.payer,
    service_id: s.mensa,
    amount_cents: CREDIT,
    kind: "refunded",
    refund_ref: "CRO 0001",
    refunded_on: "2026-11-20",
    wallet_movement_id: null,
    note: "Bambina ritirata",
    settled_by: s.op.sub,
  });
  const after = await carriedOf(db, s.payer);
  assert.deepEqual(after.map((l) => l.carried_settlement_id), before.map(() => done.settlementId));
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.audit_log
        where entity = 'carried_settlements' and entity_id = $1::text and actor_id = $2`,
      [done.settlementId, s.op.sub],
    )
  );
  assert.equal(audit.n, 1, "who gave it back is audited");
  // The family reads what was given back to it.
  const mine = await db.asUser(
    s.chiara,
    (tx) =>
      tx.query<{ amount_cents: number }>("select amount_cents from public.carried_settlements"),
  );
  assert.deepEqual(mine.map((r) => Number(r.amount_cents)), [CREDIT]);

  // Once: a second refund finds no credit.
  await assert.rejects(
    settle(db, s, s.op),
    (e) => e instanceof CarriedSettlementError && e.code === "not_a_credit" && e.status === 409,
  );
  // Lines given back are final: not put on a position, not marked again, not by hand.
  await assert.rejects(
    db.asOwner((tx) =>
      tx.query(
        "update public.charge_lines set carried_settlement_id = null where id = $1",
        [after[0].id],
      )
    ),
    /carried_settled/,
  );
  await assert.rejects(
    db.asOwner((tx) =>
      tx.query(
        `update public.charge_lines set carried_settlement_id = $2
          where id = (select id from public.charge_lines where payer_id <> $1 limit 1)`,
        [s.payer, done.settlementId],
      )
    ),
    /carried_settlement_forbidden/,
  );
  // An issue that read the line before the settlement committed cannot put it on a position.
  await assert.rejects(
    db.asOwner((tx) =>
      tx.query(
        `update public.charge_lines
            set debt_position_id = (select id from public.debt_positions where run_id = $2 limit 1)
          where id = $1`,
        [after[0].id, s.oct],
      )
    ),
    /carried_settled/,
  );

  // November: Chiara's position holds November alone; the credit is not netted a second time.
  const nov = await computedRun(db, s, "2026-11-01", "2026-11-30");
  const [{ due }] = await db.asOwner((tx) =>
    tx.query<{ due: number }>(
      `select coalesce(sum(amount_cents), 0)::bigint as due from public.charge_lines
        where run_id = $1 and payer_id = $2 and service_id = $3 and deleted_at is null`,
      [nov, s.payer, s.mensa],
    )
  );
  await issuedRun(db, s.op, nov);
  const positions = await db.asOwner((tx) =>
    tx.query<{ amount_cents: number }>(
      `select amount_cents from public.debt_positions
        where run_id = $1 and payer_id = $2 and service_id = $3`,
      [nov, s.payer, s.mensa],
    )
  );
  assert.deepEqual(
    positions.map((p) => Number(p.amount_cents)),
    Number(due) > 0 ? [Number(due)] : [],
  );
  assert.deepEqual(
    (await carriedOf(db, s.payer)).map((l) => l.id),
    after.map((l) => l.id),
    "the given-back lines stay without a position",
  );
});

dbTest("a carried credit goes onto a wallet of the payer as one office adjustment", async (db) => {
  const s = await octoberWithCredit(db);
  const [wallet] = await db.asOwner((tx) =>
    tx.query<{ id: string; tenant_id: string }>(
      `insert into public.wallets (tenant_id, payer_id)
       select tenant_id, id from public.people where id = $1 returning id, tenant_id`,
      [s.payer],
    )
  );
  const [otherWallet] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `insert into public.wallets (tenant_id, payer_id)
       select tenant_id, id from public.people
        where tenant_id = $1 and id <> $2 and user_id is null limit 1
       returning id`,
      [wallet.tenant_id, s.payer],
    )
  );
  await assert.rejects(
    settle(db, s, s.op, { input: { kind: "wallet_credit", walletId: otherWallet.id } }),
    (e) => e instanceof CarriedSettlementError && e.code === "wallet_not_found",
  );
  const done = await settle(db, s, s.op, { input: { kind: "wallet_credit", walletId: wallet.id } });
  assert.ok(done.walletMovementId);
  const [w] = await db.asOwner((tx) =>
    tx.query<{ balance_cents: number; kind: string; amount_cents: number; reason: string }>(
      `select w.balance_cents, m.kind, m.amount_cents, m.reason from public.wallets w
         join public.wallet_movements m on m.wallet_id = w.id and m.id = $2
        where w.id = $1`,
      [wallet.id, done.walletMovementId],
    )
  );
  assert.equal(Number(w.balance_cents), CREDIT);
  assert.equal(w.kind, "adjustment");
  assert.equal(Number(w.amount_cents), CREDIT);
  assert.match(w.reason, /Restituzione del credito riportato/);
  const [st] = await db.asOwner((tx) =>
    tx.query<{ kind: string; wallet_movement_id: string }>(
      "select kind, wallet_movement_id from public.carried_settlements where id = $1",
      [done.settlementId],
    )
  );
  assert.deepEqual(st, { kind: "wallet_credit", wallet_movement_id: done.walletMovementId });
});

Deno.test("giving back a credit: the form's refusals, in words", () => {
  const today = "2026-11-28";
  const codes = [
    carriedSettlementProblem({ kind: "other" }, today),
    carriedSettlementProblem(
      { kind: "refunded", refundedOn: "2026-11-29", reference: "CRO1" },
      today,
    ),
    carriedSettlementProblem(
      { kind: "refunded", refundedOn: "2026-11-2", reference: "CRO1" },
      today,
    ),
    carriedSettlementProblem({ kind: "refunded", refundedOn: today, reference: "x" }, today),
    carriedSettlementProblem({ kind: "wallet_credit", walletId: "nope" }, today),
    carriedSettlementProblem(
      { kind: "wallet_credit", walletId: crypto.randomUUID(), note: "no" },
      today,
    ),
  ].map((e) => [e?.code, e?.field, e?.status]);
  assert.deepEqual(codes, [
    ["kind_invalid", "kind", 422],
    ["date_future", "refundedOn", 422],
    ["date_invalid", "refundedOn", 422],
    ["reference_invalid", "reference", 422],
    ["wallet_not_found", "walletId", 422],
    ["note_invalid", "note", 422],
  ]);
  assert.equal(
    carriedSettlementProblem({ kind: "refunded", refundedOn: today, reference: "CRO 1" }, today),
    null,
  );
  assert.match(
    carriedSettlementProblem({ kind: "other" }, today)!.it,
    /rimborso con bonifico o accredito sul borsellino/,
  );
});

dbTest("the office gives a credit back from the carried amounts' page", async (db) => {
  const s = await octoberWithCredit(db);
  const c = await signedInClient(db, OPERATOR);
  const list = await htmlOf(await c.get("/operatore/fatturazione/riportati?classe=credit"));
  const path = `/operatore/fatturazione/riportati/${s.payer}?servizio=${s.mensa}`;
  assert.ok(list.includes(`href="${path}"`), "a credit links to its page");

  const page = await htmlOf(await c.get(path));
  assert.match(page, /<h2 id="restituisci-title"[^>]*>Restituisci il credito<\/h2>/);
  assert.match(page, /Restituire al pagatore il credito di 15,00 €/);
  assert.match(page, /<input type="hidden" name="importo" value="1500"/);
  assert.doesNotMatch(page, /value="other"/, "a credit is refunded or credited, nothing else");

  const fields = {
    esito: "refunded",
    data_rimborso: "2026-11-20",
    riferimento: "x",
    importo: "1500",
  };
  const bad = await htmlOf(await c.postForm(path, fields), 422);
  assert.match(bad, /id="riferimento"[^>]*aria-invalid="true"/);
  assert.match(bad, /CRO\/TRN del bonifico/);

  const family = await signedInClient(db, CHIARA);
  assert.equal((await family.postForm(path, { ...fields, riferimento: "CRO 1" })).status, 403);

  const { location, page: after } = await postAndFollow(c, path, {
    ...fields,
    riferimento: "CRO 0002",
  });
  assert.equal(location, `${path}&restituito=1`);
  assert.match(after, /Credito restituito: le sue righe non saranno più detratte da un avviso\./);
  assert.match(after, /Nessun importo riportato per questo pagatore/);
  assert.match(after, /Bonifico del 20\/11\/2026 \(rif\. CRO 0002\)/);
  const again = await htmlOf(await c.get("/operatore/fatturazione/riportati?classe=credit"));
  assert.ok(!again.includes(path), "the payer leaves the credits");
  // The family no longer reads a credit to deduct, but the money given back.
  const mine = await htmlOf(await family.get("/famiglie/pagamenti"));
  assert.doesNotMatch(mine, /Hai un credito di/);
  assert.match(mine, /Crediti restituiti/);
  assert.match(mine, /15,00 € restituiti con bonifico del 20\/11\/2026 \(rif\. CRO 0002\)/);
});

dbTest("POST /api/v1/carried-balances/settlements gives a credit back once", async (db) => {
  const s = await octoberWithCredit(db);
  const c = await signedInClient(db, OPERATOR);
  const path = "/api/v1/carried-balances/settlements";
  const body = {
    payer_id: s.payer,
    service_id: s.mensa,
    amount_cents: CREDIT,
    kind: "refunded",
    refunded_on: "2026-11-20",
    reference: "cro 9",
  };
  const short = await api(c, "POST", path, { ...body, reference: "x" });
  assert.equal(short.status, 422);
  const changed = await api(c, "POST", path, { ...body, amount_cents: CREDIT - 1 });
  assert.equal(changed.status, 409);
  assert.equal((await changed.json()).code, "changed");
  const family = await api(await signedInClient(db, CHIARA), "POST", path, body);
  assert.equal(family.status, 403);

  const res = await api(c, "POST", path, body);
  const made = await res.json();
  assert.equal(res.status, 201, JSON.stringify(made));
  assert.equal(made.amount_cents, CREDIT);
  assert.equal(made.kind, "refunded");
  assert.equal(made.refund_ref, "CRO 9");
  assert.ok(made.lines >= 2, "the month's lines and the office's credit");
  const twice = await api(c, "POST", path, body);
  assert.equal(twice.status, 409);
  assert.equal((await twice.json()).code, "not_a_credit");
  const listed = await (await api(c, "GET", "/api/v1/carried-balances?class=credit")).json();
  assert.equal(listed.totals.credit.count, 0);
});

dbTest(
  "a credit of a service billed by invoice is given back with its credit note",
  async (db) => {
    const s = await octoberWithCredit(db);
    // Billed by invoice from now on: October was never invoiced (its position was none).
    await db.asOwner(async (tx) => {
      await tx.query(
        "update public.service_billing set mode = 'invoice', vat_nature = 'N4' where service_id = $1",
        [s.mensa],
      );
      await tx.query(
        `insert into public.invoice_settings (tenant_id, vat_number, tax_code, name, address,
           street_number, postal_code, municipality, province)
         select tenant_id, '01234560488', '80001250481', 'Comune di Valdiponte',
                'Piazza del Municipio', '1', '50099', 'Valdiponte', 'FI'
           from public.services where id = $1`,
        [s.mensa],
      );
    });
    const c = await signedInClient(db, OPERATOR);
    const page = await htmlOf(
      await c.get(`/operatore/fatturazione/riportati/${s.payer}?servizio=${s.mensa}`),
    );
    assert.match(page, /Piazza emette una nota di credito per questo importo/);
    assert.match(page, /name="esito"/);
    const done = await settle(db, s, s.op);
    assert.ok(done.creditNote);
    const [note] = await db.asOwner((tx) =>
      tx.query<{ total_cents: number; related_invoices: unknown[]; xml: string }>(
        "select total_cents, related_invoices, xml from public.invoices where id = $1",
        [done.creditNote!.id],
      )
    );
    assert.equal(Number(note.total_cents), CREDIT);
    // No invoice billed October: the credit note names none.
    assert.deepEqual(note.related_invoices, []);
    assert.doesNotMatch(note.xml, /DatiFattureCollegate/);
    assert.match(note.xml, /<Natura>N4<\/Natura>/);
    assert.equal((await carriedOf(db, s.payer)).filter((l) => !l.carried_settlement_id).length, 0);
  },
);

dbTest("a form without the credit's amount is refused in words, not with an error", async (db) => {
  const s = await octoberWithCredit(db);
  const c = await signedInClient(db, OPERATOR);
  const path = `/operatore/fatturazione/riportati/${s.payer}?servizio=${s.mensa}`;
  const page = await htmlOf(
    await c.postForm(path, {
      esito: "refunded",
      data_rimborso: "2026-11-20",
      riferimento: "CRO 5",
      importo: "quindici",
    }),
    409,
  );
  assert.match(
    page,
    /Manca l&#39;importo del credito visto nella pagina|Manca l'importo del credito/,
  );
  assert.equal((await carriedOf(db, s.payer)).filter((l) => l.carried_settlement_id).length, 0);
});

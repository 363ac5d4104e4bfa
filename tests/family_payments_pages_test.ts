/**
 * The families' payments: both parents of a household see its positions, with the lines per
 * child and their explanation, the payment options and the receipts; another household sees
 * none of them (404 on every page and in the API).
 */
import assert from "node:assert/strict";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import {
  addOtherFamily,
  CHIARA,
  LUCA,
  OTHER_FAMILY,
  seedPosition,
} from "./family_payments_seed_test.ts";

const count = (html: string, re: RegExp) => (html.match(new RegExp(re, "g")) ?? []).length;

dbTest(
  "family payments: both parents see the household's positions, lines and options",
  async (db) => {
    const open = await seedPosition(db, { instalments: [3000, 4000] });
    const paid = await seedPosition(db, {
      periodStart: "2026-09-01",
      periodEnd: "2026-09-30",
      label: "Settembre 2026",
      paid: true,
    });
    for (const who of [CHIARA, LUCA]) {
      const c = await signedInClient(db, who);
      const list = await htmlOf(await c.get("/famiglie/pagamenti"));
      assert.match(list, /<h1>Pagamenti<\/h1>/);
      assert.match(
        list,
        new RegExp(`href="/famiglie/pagamenti/${open.id}"`),
        `${who} sees the open one`,
      );
      assert.match(
        list,
        new RegExp(`href="/famiglie/pagamenti/${paid.id}"`),
        `${who} sees the paid one`,
      );
      assert.match(list, /Da pagare/);
      assert.match(list, /Pagato/);
      assert.match(list, /totale 70,00 €/);
      // To pay comes before paid.
      assert.ok(list.indexOf(open.id) < list.indexOf(paid.id));
      // One tap from the card: the whole amount (the instalments are on the position's page).
      assert.equal(count(list, /Paga 70,00 €/), 1, "only the open one has a pay button");
      assert.match(list, new RegExp(`name="avviso" value="${open.notices[0].id}"`));
      assert.match(list, new RegExp(`href="/famiglie/pagamenti/${open.id}/avviso"`));
      assert.match(list, /Paga a rate/);
      assert.doesNotMatch(list, new RegExp(`href="/famiglie/pagamenti/${paid.id}/avviso"`));
    }
    const c = await signedInClient(db, LUCA);
    const page = await htmlOf(await c.get(`/famiglie/pagamenti/${open.id}`));
    assert.match(page, /<h1>Refezione scolastica – Ottobre 2026<\/h1>/);
    assert.match(page, /Sofia Ricci – Ottobre 2026<\/caption>/);
    assert.match(page, /Tommaso Ricci – Ottobre 2026<\/caption>/);
    assert.match(page, /10 pasti a 4,50 € \(fascia ISEE 2\)/, "the explanation's summary");
    assert.match(page, /<summary>Come è calcolato/);
    assert.match(page, /<li>Presenze: 10<\/li>/, "the explanation's steps");
    assert.match(page, /Accredito<\/span>Rimborso pasti non fruiti per sciopero/);
    assert.match(page, /−5,00 €/, "credits subtract");
    // On a phone the item alone says quantity and unit price: those columns are for wider screens.
    assert.match(page, /<th scope="col" class="text-end d-none d-md-table-cell">\s*Quantità/);
    assert.match(page, /Quota fissa mensile, riduzione secondo figlio/);
    assert.match(page, new RegExp(`href="/famiglie/pagamenti/${open.id}/avviso"`));
    assert.equal(count(page, /Paga con pagoPA/), 3, "single payment and both instalments");
    assert.match(page, /Pagamento in unica soluzione/);
    assert.match(page, /Rata 2 di 2/);
    assert.match(page, new RegExp(open.notices[0].notice_number.replace(/(\d{4})(?=\d)/g, "$1 ")));
    assert.match(page, /Nessun pagamento ricevuto/);

    const done = await htmlOf(await c.get(`/famiglie/pagamenti/${paid.id}`));
    assert.match(done, /Refezione scolastica – Settembre 2026/);
    assert.doesNotMatch(done, /Paga con pagoPA/);
    assert.match(done, /Intesa Sanpaolo/);
    assert.match(done, /Carta di pagamento/);
    const receipt = await htmlOf(
      await c.get(`/famiglie/pagamenti/${paid.id}/ricevuta/${paid.receiptId}`),
    );
    assert.match(receipt, /<h1>Ricevuta di pagamento pagoPA<\/h1>/);
    assert.match(receipt, /Comune di Valdiponte/);
    assert.match(receipt, new RegExp(`RCPT-${paid.notices[0].notice_number}`));
    assert.match(receipt, /70,00 €/);
    assert.match(receipt, /CLMCHR88M61D612P/);
    assert.match(receipt, /Sofia Ricci/);

    // English.
    const en = await htmlOf(await c.get(`/famiglie/pagamenti/${open.id}?lang=en`));
    assert.match(en, /10 meals at €4.50/);
    assert.match(en, /Pay with pagoPA/);
    assert.match(en, /Instalment 1 of 2/);
  },
);

dbTest(
  "family payments: overdue, paid in part, year filter, top-ups, deleted lines",
  async (db) => {
    const late = await seedPosition(db, { dueOn: "2026-10-31" });
    const old = await seedPosition(db, {
      periodStart: "2025-12-01",
      periodEnd: "2025-12-31",
      label: "Dicembre 2025",
      paid: true,
    });
    const topUp = await seedPosition(db, { purpose: "top_up" });
    const part = await seedPosition(db, { instalments: [3000, 4000], dueOn: "2026-12-20" });
    await db.asOwner(async (tx) => {
      await tx.query(
        `update public.payment_notices set status = case instalment when 1 then 'paid' else 'cancelled' end
        where debt_position_id = $1 and instalment in (0, 1)`,
        [part.id],
      );
      await tx.query(
        "update public.debt_positions set status = 'partially_paid', paid_cents = 3000 where id = $1",
        [part.id],
      );
      await tx.query(
        `update public.charge_lines set deleted_at = now(), delete_reason = 'Riga emessa per errore'
        where id = $1`,
        [late.lines[2]],
      );
    });
    const c = await signedInClient(db, CHIARA);
    const list = await htmlOf(await c.get("/famiglie/pagamenti"));
    assert.match(list, /Scaduto/);
    assert.match(list, /Pagato in parte/);
    assert.match(list, /Ancora da pagare/);
    assert.match(list, /Ricarica del borsellino/);
    assert.match(list, /Ricarica borsellino/);
    // Overdue first.
    assert.ok(list.indexOf(late.id) < list.indexOf(part.id));
    // Paid in part: the card pays the next instalment, the single payment is closed.
    assert.match(list, /Paga la rata 2: 40,00 €/);
    assert.match(list, new RegExp(`name="avviso" value="${part.notices[2].id}"`));
    assert.match(list, /<option value="2025"/);
    const y2025 = await htmlOf(await c.get("/famiglie/pagamenti?anno=2025"));
    assert.match(y2025, new RegExp(old.id));
    assert.doesNotMatch(y2025, new RegExp(late.id));
    assert.doesNotMatch(y2025, new RegExp(topUp.id));

    const partPage = await htmlOf(await c.get(`/famiglie/pagamenti/${part.id}`));
    assert.equal(count(partPage, /Paga con pagoPA/), 1, "only the unpaid instalment");
    assert.match(partPage, /Non più pagabile/);
    const latePage = await htmlOf(await c.get(`/famiglie/pagamenti/${late.id}`));
    assert.doesNotMatch(latePage, /Quota fissa mensile/, "a deleted line is not shown");
    assert.doesNotMatch(latePage, /Tommaso Ricci – Ottobre 2026<\/caption>/);
    const topUpPage = await htmlOf(await c.get(`/famiglie/pagamenti/${topUp.id}`));
    assert.match(topUpPage, /<h1>Ricarica del borsellino<\/h1>/);
    assert.match(topUpPage, /20,00 €/);
  },
);

dbTest(
  "family payments: another household sees nothing (404), nor does the office as payer",
  async (db) => {
    const open = await seedPosition(db);
    const paid = await seedPosition(db, { paid: true });
    await addOtherFamily(db);
    const other = await signedInClient(db, OTHER_FAMILY);
    const list = await htmlOf(await other.get("/famiglie/pagamenti"));
    assert.doesNotMatch(list, new RegExp(open.id));
    assert.match(list, /Non ci sono pagamenti da fare/);
    for (
      const path of [
        `/famiglie/pagamenti/${open.id}`,
        `/famiglie/pagamenti/${paid.id}/ricevuta/${paid.receiptId}`,
        `/famiglie/pagamenti/${open.id}/esito?avviso=${open.notices[0].id}`,
        "/famiglie/pagamenti/not-a-uuid",
      ]
    ) {
      const res = await other.get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get("content-type")!, /^text\/html/);
      assert.doesNotMatch(await res.text(), /Sofia|Tommaso/);
    }
    // A receipt under another position's URL is not found either.
    const chiara = await signedInClient(db, CHIARA);
    const wrong = await chiara.get(`/famiglie/pagamenti/${open.id}/ricevuta/${paid.receiptId}`);
    assert.equal(wrong.status, 404);
    await wrong.body?.cancel();

    const api = await other.get("/api/v1/my-positions");
    assert.equal(api.status, 200);
    assert.match(api.headers.get("content-type")!, /^application\/json/);
    assert.deepEqual((await api.json()).items, []);
    const one = await other.get(`/api/v1/my-positions/${open.id}`);
    assert.equal(one.status, 404);
    assert.match(one.headers.get("content-type")!, /^application\/problem\+json/);
    assert.equal((await one.json()).code, "not_found");

    // The office reads every position elsewhere; as "my positions" it owes nothing.
    const op = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const mine = await op.get(`/api/v1/my-positions/${open.id}`);
    assert.equal(mine.status, 404);
    await mine.body?.cancel();
    const page = await op.get(`/famiglie/pagamenti/${open.id}`);
    assert.equal(page.status, 403, "the families' area is for families");
    await page.body?.cancel();
  },
);

dbTest(
  "my-positions API: the household's positions with notices, lines and receipts",
  async (db) => {
    const open = await seedPosition(db, { instalments: [3000, 4000] });
    const paid = await seedPosition(db, {
      paid: true,
      periodStart: "2025-10-01",
      periodEnd: "2025-10-31",
    });
    const c = await signedInClient(db, LUCA);
    const res = await c.get("/api/v1/my-positions");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^application\/json/);
    const body = await res.json();
    assert.deepEqual(body.items.map((p: { id: string }) => p.id), [open.id, paid.id]);
    assert.deepEqual(body.years, [2026, 2025]);
    assert.equal(body.items[0].state, "to_pay");
    assert.equal(body.items[0].notices.length, 3);
    assert.equal(body.items[1].state, "paid");
    const y = await (await c.get("/api/v1/my-positions?year=2025")).json();
    assert.deepEqual(y.items.map((p: { id: string }) => p.id), [paid.id]);
    const bad = await c.get("/api/v1/my-positions?year=abc");
    assert.equal(bad.status, 422);
    assert.match(bad.headers.get("content-type")!, /^application\/problem\+json/);
    assert.equal((await bad.json()).code, "validation_failed");

    const one = await c.get(`/api/v1/my-positions/${paid.id}`);
    assert.equal(one.status, 200);
    const d = await one.json();
    assert.equal(d.lines.length, 3);
    assert.equal(
      d.lines.find((l: { kind: string }) => l.kind === "usage").explanation.summary.it,
      "10 pasti a 4,50 € (fascia ISEE 2)",
    );
    assert.equal(d.receipts[0].receipt_ref, `RCPT-${paid.notices[0].notice_number}`);
    assert.equal(d.receipts[0].amount_cents, 7000);
  },
);

dbTest("payment return page: in verification until the receipt, then the receipt", async (db) => {
  const open = await seedPosition(db);
  const n = open.notices[0];
  const c = await signedInClient(db, CHIARA);
  const url = `/famiglie/pagamenti/${open.id}/esito?avviso=${n.id}`;
  const waiting = await htmlOf(await c.get(url));
  assert.match(waiting, /<h1>Pagamento in corso di verifica<\/h1>/);
  assert.match(waiting, /role="status" aria-live="polite"/, "the waiting island's live region");
  const poll = await c.get(url, { accept: "application/json" });
  assert.equal(poll.status, 200);
  assert.match(poll.headers.get("content-type")!, /^application\/json/);
  assert.deepEqual(await poll.json(), { paid: false, status: "unpaid", receipt_id: null });
  const cancelled = await c.get(`${url}&esito=annullato`);
  assert.equal(cancelled.status, 303);
  assert.equal(cancelled.headers.get("location"), `/famiglie/pagamenti/${open.id}?esito=annullato`);
  const back = await htmlOf(await c.get(`/famiglie/pagamenti/${open.id}?esito=annullato`));
  assert.match(back, /Il pagamento non è stato completato/);

  // The receipt arrives (as the receipts path records it).
  const receiptId = await db.asOwner(async (tx) => {
    const [r] = await tx.query<{ id: string }>(
      `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, notice_number,
         payment_notice_id, amount_cents, paid_at, psp_name, source, status)
       select tenant_id, 'CHK-' || iuv, iuv, notice_number, id, amount_cents, now(), 'PSP simulato',
              'checkout', 'matched'
         from public.payment_notices where id = $1 returning id`,
      [n.id],
    );
    await tx.query(
      "update public.payment_notices set status = 'paid', paid_at = now(), receipt_id = $2 where id = $1",
      [n.id, r.id],
    );
    await tx.query(
      "update public.debt_positions set status = 'paid', paid_cents = amount_cents, paid_at = now() where id = $1",
      [open.id],
    );
    return r.id;
  });
  const now = await (await c.get(url, { accept: "application/json" })).json();
  assert.deepEqual(now, { paid: true, status: "paid", receipt_id: receiptId });
  const done = await htmlOf(await c.get(url));
  assert.match(done, /<h1>Pagamento ricevuto<\/h1>/);
  assert.match(done, new RegExp(`/famiglie/pagamenti/${open.id}/ricevuta/${receiptId}`));
  const list = await htmlOf(await c.get("/famiglie/pagamenti"));
  assert.match(list, /Non ci sono pagamenti da fare/);
});

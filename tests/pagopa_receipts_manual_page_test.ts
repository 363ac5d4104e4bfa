import assert from "node:assert/strict";
import { romeDate } from "../lib/i18n/mod.ts";
import { ingestReceipts } from "../lib/pagopa/receipts.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

dbTest(
  "the office records a cash payment on the position's page; the family sees it paid",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 4500 });
    const n = p.notices[0];
    const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const path = `/operatore/posizioni/${p.positionId}`;

    const before = await htmlOf(await c.get(path));
    assert.match(before, /Pagamenti ricevuti fuori pagoPA/);
    assert.match(before, new RegExp(`action="${path}/pagamento#registra-`));
    assert.match(before, /Registra pagamento – Pagamento unico/);
    assert.match(before, new RegExp(`id="importo-${n.id}"[^>]*value="45,00"[^>]*readonly`, "i"));
    assert.match(before, new RegExp(`id="data-${n.id}"[^>]*value="${romeDate()}"`));
    assert.match(before, /<option value="bank_transfer"[^>]*>Bonifico<\/option>/);

    // A refusal comes back beside its field, in Italian, with what was typed.
    const fields = {
      avviso: n.id,
      importo: "45,00",
      data: romeDate(),
      metodo: "cash",
      riferimento: "x",
      nota: "Allo sportello",
    };
    const bad = await htmlOf(await c.postForm(`${path}/pagamento`, fields), 422);
    assert.match(bad, /role="alert"/);
    assert.match(bad, new RegExp(`id="riferimento-${n.id}"[^>]*aria-invalid="true"`));
    assert.match(bad, /Indicare il riferimento del pagamento/);
    assert.match(bad, />Allo sportello<\/textarea>/);
    const wrong = await htmlOf(
      await c.postForm(`${path}/pagamento`, { ...fields, importo: "40,00", riferimento: "SC-1" }),
      422,
    );
    assert.match(wrong, /un pagamento parziale non si registra come ricevuta/);

    // Recorded: back to the position, the notice is paid and its form is gone.
    const res = await c.postForm(`${path}/pagamento`, { ...fields, riferimento: "SC-0042" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `${path}?pagamento=registrato`);
    const after = await htmlOf(await c.get(res.headers.get("location")!));
    assert.match(
      after,
      /Pagamento registrato: l&#39;avviso risulta pagato\.|Pagamento registrato: l'avviso risulta pagato\./,
    );
    assert.match(after, /<td>\s*Pagato/);
    assert.doesNotMatch(after, new RegExp(`registra-${n.id}`));
    assert.match(after, /Fuori pagoPA: Contanti/);

    // The same reference again is said to be a repeat; nothing changes.
    const again = await c.postForm(`${path}/pagamento`, { ...fields, riferimento: "sc-0042" });
    assert.equal(again.status, 303);
    assert.equal(again.headers.get("location"), `${path}?pagamento=ripetuto`);
    // Another reference for the paid notice is refused in words.
    const paid = await htmlOf(
      await c.postForm(`${path}/pagamento`, { ...fields, riferimento: "SC-0043" }),
      409,
    );
    assert.match(paid, /L&#39;avviso è già pagato\.|L'avviso è già pagato\./);

    // The receipts list shows the method and who recorded it.
    const list = await htmlOf(await c.get(`/operatore/ricevute?iuv=${n.iuv}`));
    assert.match(list, /Contanti/);
    assert.match(list, /registrata da Marco Rossi/);

    // The family sees the position paid.
    const family = await signedInClient(db, "chiara.colombo@posta.example");
    const mine = await htmlOf(await family.get(`/famiglie/pagamenti/${p.positionId}`));
    assert.match(mine, /Pagato/);
    assert.doesNotMatch(mine, /Nessun pagamento ricevuto/);
    assert.match(mine, /Vedi la ricevuta/);
    assert.match(mine, /Contanti \(fuori pagoPA\)/);
    // Its receipt says how it was paid, not that pagoPA sent it.
    const link = mine.match(/href="(\/famiglie\/pagamenti\/[^"]+\/ricevuta\/[^"]+)"/);
    assert.ok(link, "a link to the receipt");
    const receipt = await htmlOf(await family.get(link[1]));
    assert.match(receipt, /<h1>\s*Ricevuta di pagamento\s*<\/h1>/);
    assert.match(receipt, /Contanti \(fuori pagoPA\)/);
    assert.match(receipt, /fuori da pagoPA e registrato dall/);
    assert.doesNotMatch(receipt, /dati trasmessi da pagoPA/);

    // The family had also paid online: pagoPA's receipt is kept and named a duplicate payment.
    const [online] = await db.asService((tx) =>
      ingestReceipts(tx, [{
        tenantId: p.tenantId,
        receiptRef: `RT-DUP-${n.iuv}`,
        iuv: n.iuv,
        noticeNumber: n.noticeNumber,
        amountCents: 4500,
        paidAt: new Date().toISOString(),
        source: "gpd",
        pspName: "Banca Demo",
      }])
    );
    assert.equal(online.ok, true);
    const twice = await htmlOf(await c.get(path));
    assert.match(twice, /Banca Demo<\/td>\s*<td>Pagamento doppio<\/td>/);
    assert.match(twice, /Fuori pagoPA: Contanti<\/td>\s*<td>Abbinata<\/td>/);
  },
);

dbTest("a notice of another position is not recorded from this position's page", async (db) => {
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  const other = await createTestPositionIn(db, { amountCents: 4500 });
  const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
  const page = await htmlOf(
    await c.postForm(`/operatore/posizioni/${p.positionId}/pagamento`, {
      avviso: other.notices[0].id,
      importo: "45,00",
      data: romeDate(),
      metodo: "pos",
      riferimento: "POS-77",
    }),
    404,
  );
  assert.match(page, /Avviso non trovato in questo Ente\./);
});

dbTest("families and teachers cannot post a manual payment", async (db) => {
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  for (const email of ["chiara.colombo@posta.example", "l.ferrari@scuola.valdiponte.example"]) {
    const c = await signedInClient(db, email);
    const res = await c.postForm(`/operatore/posizioni/${p.positionId}/pagamento`, {
      avviso: p.notices[0].id,
      importo: "45,00",
      data: romeDate(),
      metodo: "cash",
      riferimento: "SC-1",
    });
    assert.equal(res.status, 403, email);
  }
});

dbTest(
  "with instalments each notice's form folds under its title; a refusal opens its own",
  async (db) => {
    const p = await createTestPositionIn(db, { amountCents: 6000, instalments: [3000, 3000] });
    const c = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const path = `/operatore/posizioni/${p.positionId}`;
    const page = await htmlOf(await c.get(path));
    assert.equal(page.match(/<details class="mb-3">/g)?.length, p.notices.length);
    assert.match(page, /<summary id="registra-[^"]+-title"[^>]*>Registra pagamento – Rata 1/);
    // The actions come after what the position holds: lines and receipts first.
    assert.ok(page.indexOf("Righe addebitate") < page.indexOf("Pagamenti ricevuti fuori pagoPA"));

    const second = p.notices[1];
    const bad = await htmlOf(
      await c.postForm(`${path}/pagamento`, {
        avviso: second.id,
        importo: "30,00",
        data: romeDate(),
        metodo: "cash",
        riferimento: "x",
      }),
      422,
    );
    assert.equal(bad.match(/<details class="mb-3" open/g)?.length, 1);
    assert.match(
      bad,
      new RegExp(`<details class="mb-3" open[^>]*>\\s*<summary id="registra-${second.id}-title"`),
    );
  },
);

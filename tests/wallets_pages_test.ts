import assert from "node:assert/strict";
import { dbTest } from "./helpers/db.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import { setupPrepaidCanteen } from "./helpers/fixtures_wallets.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const PARENT = "chiara.colombo@posta.example";

dbTest(
  "wallet pages: a family tops up, pays, and sees the credit with its explanation",
  async (db) => {
    const s = await setupPrepaidCanteen(db);
    const fam = await signedInClient(db, PARENT);
    let html = await htmlOf(await fam.get("/famiglie/borsellino"));
    assert.match(html, /<h1>Borsellino<\/h1>/);
    assert.match(html, /Borsellino di Colombo Chiara/);
    assert.match(html, /Saldo: <strong>0,00 €<\/strong>/);
    assert.match(html, /Da 5,00 € a 500,00 €/);
    const walletId = /name="borsellino"[^>]*>\s*<option value="([0-9a-f-]{36})"/.exec(html)?.[1];
    assert.ok(walletId, "the wallet is offered in the top-up form");

    // Bad amounts: a specific message, nothing stored.
    const bad = await fam.postForm("/famiglie/borsellino", { borsellino: walletId, importo: "2" });
    html = await htmlOf(bad, 422);
    assert.match(html, /role="alert"/);
    assert.match(html, /La ricarica deve essere tra 5,00 € e 500,00 €/);
    assert.match(html, /id="importo"[^>]*aria-invalid="true"/);
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.wallet_top_ups")
    );
    assert.equal(n, 0);

    const { location, page } = await postAndFollow(fam, "/famiglie/borsellino", {
      borsellino: walletId,
      importo: "25,00",
    });
    const positionId = /ricarica=([0-9a-f-]{36})/.exec(location)?.[1];
    assert.ok(positionId);
    assert.match(page, /Ricarica di 25,00 € creata: avviso pagoPA n\. 307\d{15}/);
    assert.ok(page.includes(`href="/famiglie/pagamenti/${positionId}"`));
    assert.ok(page.includes(`href="/famiglie/pagamenti/${positionId}/avviso"`));
    assert.match(page, /Ricariche da pagare/);

    // The receipts code marks the position paid: credited once.
    for (let i = 0; i < 2; i++) {
      await db.asService((tx) =>
        tx.query(
          "update public.debt_positions set status = 'paid', paid_at = now(), paid_cents = amount_cents where id = $1",
          [positionId],
        )
      );
    }
    html = await htmlOf(await fam.get("/famiglie/borsellino"));
    assert.match(html, /Saldo: <strong>25,00 €<\/strong>/);
    assert.match(html, /Ricarica di 25,00 € pagata con pagoPA \(avviso 307\d{15}\)\./);
    assert.equal(html.match(/<strong>Ricarica<\/strong>/g)?.length, 1);

    // The other parent of the household sees the same wallet.
    const dad = await signedInClient(db, "luca.ricci@posta.example");
    assert.match(await htmlOf(await dad.get("/famiglie/borsellino")), /Saldo: <strong>25,00 €/);
    assert.ok(s.enrollmentId);
  },
);

dbTest(
  "wallet pages: the office filters, adjusts with a reason and sets thresholds",
  async (db) => {
    await setupPrepaidCanteen(db);
    const fam = await signedInClient(db, PARENT);
    await htmlOf(await fam.get("/famiglie/borsellino")); // the family's wallet exists
    const op = await signedInClient(db, OPERATOR);
    let html = await htmlOf(await op.get("/operatore/borsellini"));
    assert.match(html, /<h1>Borsellini prepagati<\/h1>/);
    assert.match(html, /<caption>Borsellini: \d+, dal saldo più basso<\/caption>/);
    const walletId = new RegExp(`href="/operatore/borsellini/([0-9a-f-]{36})">Colombo Chiara`)
      .exec(html)?.[1];
    assert.ok(walletId);
    html = await htmlOf(await op.get("/operatore/borsellini?filtro=negative"));
    assert.doesNotMatch(html, /Colombo Chiara/);

    // The reason is mandatory.
    const path = `/operatore/borsellini/${walletId}`;
    html = await htmlOf(
      await op.postForm(path, { azione: "rettifica", importo: "-30", motivo: "" }),
      422,
    );
    assert.match(html, /Scrivere il motivo della rettifica/);
    assert.match(html, /id="motivo"[^>]*aria-invalid="true"/);
    const done = await postAndFollow(op, path, {
      azione: "rettifica",
      importo: "-30",
      motivo: "Pasti di settembre non registrati",
    });
    assert.match(done.page, /Rettifica registrata\./);
    assert.match(done.page, /<strong>−30,00 €<\/strong>/);
    assert.match(
      done.page,
      /Rettifica dell'ufficio di -30,00 €: Pasti di settembre non registrati/,
    );
    assert.match(done.page, /Oltre la tolleranza/);
    html = await htmlOf(await op.get("/operatore/borsellini?filtro=over_grace"));
    assert.match(html, /Colombo Chiara/);
    assert.match(html, /borsellini sono oltre la tolleranza concessa/);

    const limits = await postAndFollow(op, path, {
      azione: "soglie",
      soglia: "15",
      tolleranza: "40",
    });
    assert.match(limits.page, /Soglia e tolleranza salvate\./);
    assert.match(limits.page, /Negativo/, "beyond zero but within the new 40,00 € grace");

    // Settings: the scope cannot change once wallets hold movements.
    html = await htmlOf(await op.get("/operatore/borsellini/impostazioni"));
    assert.match(html, /<h1>Impostazioni dei borsellini<\/h1>/);
    const refused = await op.postForm("/operatore/borsellini/impostazioni", {
      ambito: "beneficiary",
      soglia: "10",
      tolleranza: "5",
      minimo: "5",
      massimo: "500",
      giorni: "31",
    });
    assert.match(await htmlOf(refused, 409), /I borsellini hanno già dei movimenti/);
    const saved = await postAndFollow(op, "/operatore/borsellini/impostazioni", {
      ambito: "payer",
      soglia: "12",
      tolleranza: "5",
      minimo: "10",
      massimo: "300",
      giorni: "45",
    });
    assert.match(saved.page, /Impostazioni salvate\./);
    assert.match(saved.page, /value="12,00"/);

    // Families cannot reach the office's pages.
    assert.equal((await fam.get("/operatore/borsellini")).status, 403);
  },
);

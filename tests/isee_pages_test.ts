import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, postAndFollow, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const CHIARA = "chiara.colombo@posta.example";

async function person(db: Db, name: string) {
  const [p] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      "select id from public.people where surname = 'Ricci' and name = $1 and merged_into is null",
      [name],
    )
  );
  return p.id;
}

dbTest("operator retrieves an ISEE, a family declares one, the office verifies it", async (db) => {
  const op = await signedInClient(db, OPERATOR);
  const home = await htmlOf(await op.get("/operatore/isee?q=Ricci"));
  assert.match(home, /Ambiente di prova: simulatore INPS/);
  assert.match(home, /Sofia/);
  assert.match(home, /<caption>Persone trovate/);
  const sofia = await person(db, "Sofia");
  const got = await htmlOf(
    await op.postForm("/operatore/isee?q=Ricci", { persona: sofia, tipo: "", servizio: "canteen" }),
  );
  assert.match(got, /ISEE recuperato da INPS e registrato/);
  assert.match(got, /21\.345,67/);
  assert.match(got, /INPS-ISEE-2026-00004512K-00/);

  const fam = await signedInClient(db, CHIARA);
  const form = await htmlOf(await fam.get("/famiglie/isee"));
  assert.match(form, /ISEE del nucleo/);
  const tommaso = await person(db, "Tommaso");
  const bad = await fam.postForm("/famiglie/isee", {
    persona: tommaso,
    tipo: "minorenni",
    valore: "abc",
    protocollo: "INPS-ISEE-26-1",
    data: "2026-01-22",
  });
  const badPage = await htmlOf(bad, 422);
  assert.match(badPage, /role="alert"/);
  assert.match(badPage, /INPS-ISEE-AAAA-NNNNNNNNX-NN/);
  assert.match(badPage, /aria-invalid="true"/);
  const { page } = await postAndFollow(fam, "/famiglie/isee", {
    persona: tommaso,
    tipo: "minorenni",
    valore: "21.000,00",
    protocollo: "inps-isee-2026-00004512k-00",
    data: "2026-01-22",
  });
  assert.match(page, /Dichiarazione ricevuta/);
  assert.match(page, /Da verificare/);

  const list = await htmlOf(await op.get("/operatore/isee?fonte=self_declared&stato=to_verify"));
  const id = /name="id" value="([0-9a-f-]{36})"/.exec(list)![1];
  const verified = await htmlOf(await op.postForm("/operatore/isee", { azione: "verifica", id }));
  assert.match(verified, /Dichiarazione difforme da INPS: differenza 345,67/);

  const missing = await htmlOf(await op.get("/operatore/isee/mancanti"));
  assert.match(missing, /Richiedenti senza ISEE valido/);
  const denied = await fam.get("/operatore/isee");
  assert.notEqual(denied.status, 200);
  await denied.body?.cancel();
});

import assert from "node:assert/strict";
import { romeDate } from "../lib/i18n/mod.ts";
import { GpdClient, setGpdGateway } from "../lib/pagopa/gpd_client.ts";
import { createTestPositionIn } from "../lib/pagopa/receipts_testing.ts";
import { htmlOf, signedInClient, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OFFICE = "m.rossi@comune.valdiponte.example";
const REASON = "Iscrizione ritirata prima dell'inizio del servizio";

/** The position's status, GPD status and notice statuses, read as the owner. */
async function stored(db: Parameters<Parameters<typeof dbTest>[1]>[0], id: string) {
  return await db.asOwner(async (tx) => {
    const [p] = await tx.query<{ status: string; gpd_status: string; cancel_reason: string }>(
      "select status, gpd_status, cancel_reason from public.debt_positions where id = $1",
      [id],
    );
    const notices = await tx.query<{ status: string }>(
      "select status from public.payment_notices where debt_position_id = $1 order by instalment",
      [id],
    );
    return { ...p, notices: notices.map((n) => n.status) };
  });
}

dbTest("the office cancels an open position from its page; pagoPA is told", async (db) => {
  const p = await createTestPositionIn(db, { amountCents: 4500, instalments: [2000, 2500] });
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${p.positionId}`;

  const before = await htmlOf(await c.get(path));
  assert.match(before, /<h2 id="annulla-title"[^>]*>Annulla la posizione<\/h2>/);
  assert.match(before, new RegExp(`action="${path}/annulla#annulla-title"`));
  assert.match(before, /la famiglia vede la posizione annullata/);
  assert.match(
    before,
    /<textarea id="motivo-annullamento" name="motivo"[^>]*maxLength="1000"[^>]*required[^>]*aria-describedby="motivo-annullamento-hint"/i,
  );
  assert.match(before, /<label for="motivo-annullamento"[^>]*>Motivo/);
  assert.match(before, /class="btn btn-danger">Annulla la posizione<\/button>/);

  // A reason too short comes back beside the field, in Italian, with what was typed.
  const bad = await htmlOf(await c.postForm(`${path}/annulla`, { motivo: "boh" }), 422);
  assert.match(bad, /role="alert"/);
  assert.match(bad, /id="motivo-annullamento"[^>]*aria-invalid="true"/);
  assert.match(
    bad,
    /aria-describedby="motivo-annullamento-hint motivo-annullamento-error"/,
  );
  assert.match(
    bad,
    /id="motivo-annullamento-error">Indicare il motivo dell(?:'|&#39;)annullamento \(almeno 5 caratteri\)\.</,
  );
  assert.match(bad, />boh<\/textarea>/);
  assert.equal((await stored(db, p.positionId)).status, "open");

  // Cancelled: back to the position, which says so and offers neither form any more.
  const res = await c.postForm(`${path}/annulla`, { motivo: REASON });
  assert.equal(res.status, 303);
  // The simulator never saw this position: GPD answers "not found", which counts as invalidated.
  assert.equal(res.headers.get("location"), `${path}?annullamento=fatto&pagopa=informata`);
  const after = await htmlOf(await c.get(res.headers.get("location")!));
  assert.match(after, /role="status">Posizione annullata\. pagoPA è stato informato/);
  assert.match(after, /<span class="badge bg-dark">Annullata<\/span>/);
  assert.match(
    after,
    /Motivo dell(?:'|&#39;)annullamento<\/dt>\s*<dd[^>]*>Iscrizione ritirata prima/,
  );
  assert.match(after, /<dt class="col-sm-3">GPD<\/dt>\s*<dd class="col-sm-9">Invalidata/);
  assert.equal(after.match(/<td>\s*Annullato\s*<\/td>/g)?.length, 3);
  assert.doesNotMatch(after, /Da pagare<\/td>/);
  assert.doesNotMatch(after, /annulla-title/);
  assert.doesNotMatch(after, new RegExp(`action="${path}/annulla[#"]`));
  assert.doesNotMatch(after, /Pagamenti ricevuti fuori pagoPA/);
  assert.deepEqual(await stored(db, p.positionId), {
    status: "cancelled",
    gpd_status: "invalidated",
    cancel_reason: REASON,
    notices: ["cancelled", "cancelled", "cancelled"],
  });

  // In English too.
  const en = await htmlOf(await c.get(`${res.headers.get("location")}&lang=en`));
  assert.match(en, /Position cancelled\. pagoPA has been told/);

  // The family sees it cancelled.
  const family = await signedInClient(db, "chiara.colombo@posta.example");
  const mine = await htmlOf(await family.get(`/famiglie/pagamenti/${p.positionId}`));
  assert.match(mine, /<span class="badge bg-secondary me-1">Annullato<\/span>/);

  // GET of the action goes back to the position; a malformed id is not found.
  const get = await c.get(`${path}/annulla`);
  assert.equal(get.status, 303);
  assert.equal(get.headers.get("location"), path);
  await htmlOf(await c.postForm("/operatore/posizioni/nope/annulla", { motivo: REASON }), 404);
});

dbTest("pagoPA unreachable or never told: the page says what happens next", async (db) => {
  const down = await createTestPositionIn(db, { amountCents: 3000 });
  const never = await createTestPositionIn(db, { amountCents: 3000 });
  await db.asOwner((tx) =>
    tx.query("update public.debt_positions set gpd_status = 'none' where id = $1", [
      never.positionId,
    ])
  );
  const { client, config } = await testApp(db);
  setGpdGateway(config, {
    client: new GpdClient({
      baseUrl: "http://gpd.invalid",
      subscriptionKey: "k",
      fetchFn: () => Promise.reject(new TypeError("connection refused")),
      retries: 0,
    }),
    simulated: false,
  });
  const c = client();
  assert.equal((await c.signIn(OFFICE)).status, 303);

  const a = await c.postForm(`/operatore/posizioni/${down.positionId}/annulla`, { motivo: REASON });
  assert.equal(a.status, 303);
  assert.match(a.headers.get("location")!, /\?annullamento=fatto&pagopa=in-coda$/);
  const queued = await htmlOf(await c.get(a.headers.get("location")!));
  assert.match(queued, /Posizione annullata\. pagoPA non ha risposto: sarà informato/);
  assert.match(queued, /Da invalidare/);
  assert.equal((await stored(db, down.positionId)).gpd_status, "to_invalidate");

  const b = await c.postForm(`/operatore/posizioni/${never.positionId}/annulla`, {
    motivo: REASON,
  });
  assert.equal(b.status, 303);
  assert.match(b.headers.get("location")!, /\?annullamento=fatto&pagopa=non-pubblicata$/);
  const none = await htmlOf(await c.get(b.headers.get("location")!));
  assert.match(none, /La posizione non era pubblicata su pagoPA/);
  assert.equal((await stored(db, never.positionId)).status, "cancelled");
});

dbTest("a paid position has no cancel form and a forged cancel is refused", async (db) => {
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  const c = await signedInClient(db, OFFICE);
  const path = `/operatore/posizioni/${p.positionId}`;
  const paid = await c.postForm(`${path}/pagamento`, {
    avviso: p.notices[0].id,
    importo: "45,00",
    data: romeDate(),
    metodo: "cash",
    riferimento: "SC-0100",
  });
  assert.equal(paid.status, 303);

  const page = await htmlOf(await c.get(path));
  assert.match(page, /<span class="badge bg-success">Pagata<\/span>/);
  assert.doesNotMatch(page, /annulla-title/);
  assert.doesNotMatch(page, new RegExp(`action="${path}/annulla[#"]`));

  const forged = await htmlOf(await c.postForm(`${path}/annulla`, { motivo: REASON }), 409);
  assert.match(
    forged,
    /role="alert">La posizione è già pagata \(anche in parte\): non può essere annullata\.</,
  );
  assert.doesNotMatch(forged, new RegExp(`action="${path}/annulla[#"]`));
  const s = await stored(db, p.positionId);
  assert.equal(s.status, "paid");
  assert.deepEqual(s.notices, ["paid"]);
});

dbTest("families and teachers cannot cancel a position", async (db) => {
  const p = await createTestPositionIn(db, { amountCents: 4500 });
  for (const email of ["chiara.colombo@posta.example", "l.ferrari@scuola.valdiponte.example"]) {
    const c = await signedInClient(db, email);
    const res = await c.postForm(`/operatore/posizioni/${p.positionId}/annulla`, {
      motivo: REASON,
    });
    assert.equal(res.status, 403, email);
  }
  assert.equal((await stored(db, p.positionId)).status, "open");
});

import assert from "node:assert/strict";
import { romeInstant } from "../lib/calendar/dates.ts";
import { freezeDue } from "../lib/jobs/cutoff.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { enrollDemoFamilyInCanteen } from "./helpers/fixtures_meals.ts";

dbTest(
  "meals pages: a family cancels a coming day and undoes it; errors are explained",
  async (db) => {
    const s = await enrollDemoFamilyInCanteen(db);
    const c = await signedInClient(db, "chiara.colombo@posta.example");
    const html = await htmlOf(await c.get("/famiglie/disdette"));
    assert.match(html, /<h1>Disdetta pasti<\/h1>/);
    assert.match(html, /Sofia Ricci/);
    assert.match(html, new RegExp(`value="${s.nextDay}"`));

    const bad = await c.postForm("/famiglie/disdette", {
      iscrizione: s.enrollmentId,
      azione: "cancel",
    });
    const badHtml = await htmlOf(bad, 422);
    assert.match(badHtml, /role="alert"/);
    assert.match(badHtml, /Scegliere almeno un giorno/);

    const ok = await c.postForm("/famiglie/disdette", [
      ["iscrizione", s.enrollmentId],
      ["giorno", s.nextDay],
      ["azione", "cancel"],
    ]);
    const okHtml = await htmlOf(ok);
    assert.match(okHtml, /registrato/);
    assert.match(okHtml, new RegExp(`data-day="${s.nextDay}">Pasto disdetto`));
    const undo = await htmlOf(
      await c.postForm("/famiglie/disdette", [
        ["iscrizione", s.enrollmentId],
        ["giorno", s.nextDay],
        ["azione", "restore"],
      ]),
    );
    assert.match(undo, new RegExp(`data-day="${s.nextDay}">Pasto previsto`));
  },
);

dbTest("meals pages: the provider's board and CSV; the office closes a day", async (db) => {
  const s = await enrollDemoFamilyInCanteen(db);
  await freezeDue(db, romeInstant(`${s.nextDay}T09:45`)!);
  const p = await signedInClient(db, "ordini@ristorazionecolli.example");
  const board = await htmlOf(await p.get(`/fornitori?servizio=${s.serviceId}&giorno=${s.nextDay}`));
  assert.match(board, /Pasti del giorno/);
  assert.match(board, /Pasti per plesso, classe e dieta/);
  assert.match(board, /Conteggio congelato e inviato/);
  const csv = await p.get(`/fornitori/csv?servizio=${s.serviceId}&giorno=${s.nextDay}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type")!, /^text\/csv/);
  assert.match(await csv.text(), /Plesso;Classe;Iscritti;Pasti/);
  const api = await p.get(
    `/api/v1/attendance/meal-counts?service_id=${s.serviceId}&day=${s.nextDay}`,
  );
  assert.equal(api.status, 200);
  assert.match(api.headers.get("content-type")!, /json/);
  const json = await api.json();
  assert.ok(json.totals.meals > 0);
  assert.ok(json.frozen);

  const op = await signedInClient(db, "m.rossi@comune.valdiponte.example");
  const page = await htmlOf(
    await op.get(`/operatore/pasti?servizio=${s.serviceId}&giorno=${s.pastDay}`),
  );
  assert.match(page, /Chiudi la giornata/);
  const invalid = await op.postForm("/operatore/pasti", {
    servizio: s.serviceId,
    giorno: s.pastDay,
    tipo: "",
    motivo: "x",
  });
  const invalidHtml = await htmlOf(invalid, 422);
  assert.match(invalidHtml, /Scegliere il motivo/);
  assert.match(invalidHtml, /aria-invalid="true"/);
  const closed = await op.postForm("/operatore/pasti", {
    servizio: s.serviceId,
    giorno: s.pastDay,
    tipo: "strike",
    motivo: "Sciopero generale",
    conferma: "1",
  });
  assert.equal(closed.status, 303);
  const after = await htmlOf(await op.get(closed.headers.get("location")!));
  assert.match(after, /Giornata chiusa/);

  const changes = await htmlOf(
    await op.get(`/operatore/pasti/variazioni?servizio=${s.serviceId}&giorno=${s.nextDay}`),
  );
  assert.match(changes, /Sofia/);
  const changed = await op.postForm("/operatore/pasti/variazioni", {
    servizio: s.serviceId,
    giorno: s.nextDay,
    iscrizione: s.enrollmentId,
    azione: "white",
  });
  assert.match(await htmlOf(changed), /pasto in bianco registrato/);

  // A family may not open the boards.
  const fam = await signedInClient(db, "chiara.colombo@posta.example");
  const denied = await fam.get("/fornitori");
  assert.notEqual(denied.status, 200);
  await denied.body?.cancel();
});

import assert from "node:assert/strict";
import { diaryScene } from "../lib/diary/testing.ts";
import { dbTest } from "./helpers/db.ts";
import { htmlOf, postAndFollow, signedInClient, type TestClient } from "./helpers/app.ts";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function postMultipart(c: TestClient, path: string, fields: [string, string | File][]) {
  const form = new FormData();
  form.set("_csrf", await c.csrf());
  for (const [k, v] of fields) form.append(k, v);
  return await c.request(path, { method: "POST", body: form });
}

dbTest(
  "diary pages: photos checked by their bytes, family sees the post, teacher the receipt",
  async (db) => {
    const s = await diaryScene(db);
    const teacher = await signedInClient(db, "l.ferrari@scuola.valdiponte.example");
    const list = await htmlOf(await teacher.get("/docenti/diario"));
    assert.match(list, new RegExp(`/docenti/diario/${s.classId}`));

    const fake = new File([new TextEncoder().encode("not an image")], "gita.jpg", {
      type: "image/jpeg",
    });
    const refused = await htmlOf(
      await postMultipart(teacher, `/docenti/diario/${s.classId}`, [
        ["target", "class"],
        ["body", "La gita al parco"],
        ["photos", fake],
        ["alt_text", "I bambini al parco"],
      ]),
      422,
    );
    assert.match(refused, /role="alert"/);
    assert.match(
      refused,
      /non è un&#39;immagine JPEG, PNG o WebP|non è un'immagine JPEG, PNG o WebP/,
    );
    const noAlt = await htmlOf(
      await postMultipart(teacher, `/docenti/diario/${s.classId}`, [
        ["target", "class"],
        ["body", "La gita al parco"],
        ["photos", new File([PNG], "gita.png", { type: "image/png" })],
      ]),
      422,
    );
    assert.match(noAlt, /Descrivi le foto/);
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.diary_posts where class_id = $1",
        [s.classId],
      )
    );
    assert.equal(n, 0, "nothing stored for a refused post");

    const ok = await postMultipart(teacher, `/docenti/diario/${s.classId}`, [
      ["target", "class"],
      ["body", "La gita al parco"],
      ["photos", new File([PNG], "gita.png", { type: "image/png" })],
      ["alt_text", "I bambini al parco"],
    ]);
    assert.equal(ok.status, 303);
    const page = await htmlOf(await teacher.get(`/docenti/diario/${s.classId}`));
    assert.match(page, /La gita al parco/);
    assert.match(page, /Non ancora letto/);
    const photoUrl = page.match(/\/api\/v1\/diary\/photos\/[0-9a-f-]{36}/)![0];
    const img = await teacher.get(photoUrl);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get("content-type"), "image/png");
    assert.deepEqual(new Uint8Array(await img.arrayBuffer()), PNG);

    const parent = await signedInClient(db, "chiara.colombo@posta.example");
    const family = await htmlOf(await parent.get("/famiglie/diario"));
    assert.match(family, /La gita al parco/);
    assert.equal((await parent.get(photoUrl)).status, 200);
    // Another Ente's or an unrelated family's caller gets a 404 for the photo.
    const provider = await signedInClient(db, "ordini@ristorazionecolli.example");
    assert.equal((await provider.get(photoUrl)).status, 404);

    const after = await htmlOf(await teacher.get(`/docenti/diario/${s.classId}`));
    assert.match(after, /Letto da: Chiara Colombo/);

    // Another class's diary is not the teacher's.
    assert.equal((await teacher.get(`/docenti/diario/${s.otherClassId}`)).status, 404);
  },
);

dbTest("communication pages: preview, send, history with read counts", async (db) => {
  const s = await diaryScene(db);
  const operator = await signedInClient(db, "m.rossi@comune.valdiponte.example");
  const form = await htmlOf(await operator.get("/operatore/comunicazioni"));
  assert.match(form, /Comunicazioni alle famiglie/);
  const previewRes = await operator.postForm("/operatore/comunicazioni", {
    service_id: s.serviceId,
    class_id: s.classId,
    subject: "",
    body: "",
    action: "preview",
  });
  const preview = await htmlOf(previewRes);
  assert.match(preview, /Destinatari: 2 adulti di 1 bambini/);

  const empty = await htmlOf(
    await operator.postForm("/operatore/comunicazioni", {
      service_id: s.serviceId,
      subject: "",
      body: "",
      action: "send",
    }),
    422,
  );
  assert.match(empty, /Scrivi l&#39;oggetto|Scrivi l'oggetto/);

  const { page } = await postAndFollow(operator, "/operatore/comunicazioni", {
    service_id: s.serviceId,
    class_id: s.classId,
    subject: "Festa di Natale",
    body: "Venerdì 18 dicembre alle 16.",
    action: "send",
  });
  assert.match(page, /Comunicazione inviata/);
  assert.match(page, /Festa di Natale/);
  assert.match(page, /0 \/ 2/);

  const parent = await signedInClient(db, "chiara.colombo@posta.example");
  assert.match(await htmlOf(await parent.get("/famiglie/diario")), /Festa di Natale/);
  assert.match(await htmlOf(await operator.get("/operatore/comunicazioni")), /1 \/ 2/);

  const provider = await signedInClient(db, "ordini@ristorazionecolli.example");
  const providerPage = await htmlOf(await provider.get("/fornitori/comunicazioni"));
  assert.match(providerPage, /Refezione scolastica/);
  assert.doesNotMatch(providerPage, /Post-scuola/);
});

dbTest("diary pages: the author edits a message and deletes it after confirming", async (db) => {
  const s = await diaryScene(db);
  const teacher = await signedInClient(db, "l.ferrari@scuola.valdiponte.example");
  const { page: posted } = await postAndFollow(teacher, `/docenti/diario/${s.classId}`, [
    ["target", s.enrollmentId],
    ["body", "Sofia ha dimenticato la borraccia."],
  ]);
  const id = posted.match(/\/docenti\/diario\/messaggio\/([0-9a-f-]{36})/)![1];
  const edit = `/docenti/diario/messaggio/${id}`;

  const form = await htmlOf(await teacher.get(edit));
  assert.match(form, /<h1>Modifica il messaggio<\/h1>/);
  assert.match(form, /Sofia ha dimenticato la borraccia\./);
  const refused = await htmlOf(await teacher.postForm(edit, { action: "save", body: " " }), 422);
  assert.match(refused, /role="alert"/);
  assert.match(refused, /aria-invalid="true"/);
  assert.match(refused, /Scrivi il testo del messaggio/);

  const { location, page } = await postAndFollow(teacher, edit, {
    action: "save",
    body: "Sofia ha dimenticato la borraccia rossa.",
  });
  assert.match(location, new RegExp(`/docenti/diario/${s.classId}\\?modificato=1`));
  assert.match(page, /Messaggio modificato\./);
  assert.match(page, /borraccia rossa/);
  assert.match(page, /modificato/);

  // Nobody else edits it: another teacher, or the family, finds no such page.
  const romano = await signedInClient(db, "a.romano@scuola.valdiponte.example");
  assert.equal((await romano.get(edit)).status, 404);
  assert.equal((await romano.postForm(edit, { action: "delete" })).status, 404);
  const parent = await signedInClient(db, "chiara.colombo@posta.example");
  assert.equal((await parent.get(edit)).status, 403);

  const confirm = await htmlOf(await teacher.get(`${edit}?elimina=1`));
  assert.match(confirm, /<h1>Eliminare il messaggio\?<\/h1>/);
  assert.match(confirm, /Sì, elimina il messaggio/);
  const { location: after, page: gone } = await postAndFollow(teacher, edit, {
    action: "delete",
  });
  assert.match(after, /\?eliminato=1$/);
  assert.match(gone, /Messaggio eliminato\./);
  assert.doesNotMatch(gone, /borraccia/);
  assert.equal((await teacher.get(edit)).status, 404);
  const actions = await db.asOwner((tx) =>
    tx.query<{ action: string }>(
      "select action from public.audit_log where entity = 'diary_posts' and entity_id = $1 order by id",
      [id],
    )
  );
  assert.deepEqual(actions.map((a) => a.action), ["insert", "update", "delete"]);
});

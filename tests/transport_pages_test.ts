/**
 * The back-office pages of transport routes, without JavaScript: list, create (with errors),
 * add stops (coordinates checked with specific Italian messages), reorder, edit, move on the map
 * (the form the map posts), delete; and who may open them.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, signedInClient, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const FAMILY = "chiara.colombo@posta.example";

const signedIn = (db: Db, email = OPERATOR) => signedInClient(db, email);
const html = htmlOf;

function location(res: Response, status = 303): string {
  assert.equal(res.status, status);
  return res.headers.get("location")!;
}

/** The stops table as [position, name] rows. */
function stopRows(page: string): [string, string][] {
  return [
    ...page.matchAll(
      /<tr id="fermata-[^"]+" data-stop-id="[^"]+"><td>(\d+)<\/td><th scope="row">([^<]*)<\/th>/g,
    ),
  ]
    .map((m) => [m[1], m[2]]);
}

const stopIds = (page: string) => [...page.matchAll(/data-stop-id="([^"]+)"/g)].map((m) => m[1]);

/** The text of the element with `id` (first level only: enough for error messages). */
const textOf = (page: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(page)?.[1];

dbTest("pages: the list shows each transport service's routes and the map", async (db) => {
  const c = await signedIn(db);
  const page = await html(await c.get("/operatore/trasporto"));
  assert.match(page, /<h1>Trasporto scolastico: linee e fermate<\/h1>/);
  assert.match(page, /href="\/operatore\/trasporto" aria-current="page"/, "menu entry is current");
  assert.match(page, /Linea A – Rifredi/);
  assert.match(page, /Linea B – Gavinana/);
  assert.match(page, /07:25–07:55/, "first and last time of the outbound run");
  assert.match(page, /data-map-status="static"/);
  assert.match(page, /La mappa si vede con JavaScript attivo/);

  const family = await signedIn(db, FAMILY);
  assert.equal((await family.get("/operatore/trasporto")).status, 403);
  const { client } = await testApp(db);
  assert.match(location(await client().get("/operatore/trasporto")), /^\/accedi\?next=/);
});

dbTest(
  "pages: create a route, add stops with checked coordinates, reorder, edit, delete",
  async (db) => {
    const c = await signedIn(db);
    const form = await html(await c.get("/operatore/trasporto/nuova"));
    const serviceId = /<option value="([0-9a-f-]{36})"/.exec(form)?.[1];
    assert.ok(serviceId, "a transport service to choose");

    // Errors: every field says what to write.
    let page = await html(
      await c.postForm("/operatore/trasporto/nuova", {
        service_id: serviceId,
        code: "linea a!",
        name: "",
        color: "rosso",
        capacity: "0",
      }),
      422,
    );
    assert.match(page, /role="alert"/);
    assert.match(textOf(page, "code-error")!, /^Il codice della linea va da 1 a 20 caratteri/);
    assert.match(textOf(page, "name-error")!, /^Inserisci il nome della linea/);
    assert.match(textOf(page, "color-error")!, /^Il colore non è valido/);
    assert.match(textOf(page, "capacity-error")!, /numero intero da 1 a 200/);
    assert.match(page, /id="code"[^>]*aria-invalid="true"/);
    assert.match(page, /value="linea a!"/, "what was typed is shown again");

    page = await html(
      await c.postForm("/operatore/trasporto/nuova", {
        service_id: serviceId,
        code: "a",
        name: "Doppione",
        color: "#0066cc",
      }),
      422,
    );
    assert.match(textOf(page, "code-error")!, /già una linea con il codice A/);

    const created = location(
      await c.postForm("/operatore/trasporto/nuova", {
        service_id: serviceId,
        code: "c",
        name: "Linea C – Campo di Marte",
        color: "#008055",
        vehicle: "Pulmino 16 posti",
        capacity: "16",
        active: "on",
      }),
    );
    const id = /^\/operatore\/trasporto\/([0-9a-f-]{36})\?creata=1$/.exec(created)![1];
    const base = `/operatore/trasporto/${id}`;
    page = await html(await c.get(created));
    assert.match(page, /<h1>Linea C – Campo di Marte<\/h1>/);
    assert.match(page, /Linea creata/);
    assert.match(page, /La linea non ha ancora fermate/);

    // Coordinates: each mistake has its own message; nothing is saved.
    page = await html(
      await c.postForm(base, {
        name: "Stadio",
        latitude: "95",
        longitude: "11°16'",
        time_there: "7:70",
        time_back: "",
        notes: "",
      }),
      422,
    );
    assert.equal(
      textOf(page, "stop-latitude-error"),
      "La latitudine deve essere compresa tra -90 e 90 gradi: 95 è fuori dall'intervallo. Hai forse scambiato latitudine e longitudine?",
    );
    assert.match(
      textOf(page, "stop-longitude-error")!,
      /^Scrivi la longitudine in gradi decimali, ad esempio 11,2560, non in gradi, primi e secondi/,
    );
    assert.match(textOf(page, "stop-time_there-error")!, /^L'orario di andata non è valido/);
    assert.match(page, /href="#stop-latitude"/, "the summary links to the field");
    assert.deepEqual(stopRows(page), []);
    page = await html(
      await c.postForm(base, { name: "Boa", latitude: "0", longitude: "0" }),
      422,
    );
    assert.match(textOf(page, "stop-latitude-error")!, /0, 0 è nell'Oceano Atlantico/);

    // Three stops, Italian decimal commas and times.
    const stops = [
      ["Stadio Franchi", "43,7809", "11,2822", "7.40", "13:30"],
      ["Piazza Beccaria", "43,7697", "11,2697", "07:48", "13:22"],
      ["Scuola Verdi", "43,7752", "11,2751", "07:55", "13:15"],
    ];
    for (const [name, latitude, longitude, time_there, time_back] of stops) {
      const to = location(
        await c.postForm(base, { name, latitude, longitude, time_there, time_back, notes: "" }),
      );
      assert.match(to, new RegExp(`^${base}\\?fermata=aggiunta#fermata-[0-9a-f-]{36}$`));
    }
    page = await html(await c.get(`${base}?fermata=aggiunta`));
    assert.match(page, /Fermata aggiunta in fondo alla linea/);
    assert.deepEqual(stopRows(page), [
      ["1", "Stadio Franchi"],
      ["2", "Piazza Beccaria"],
      ["3", "Scuola Verdi"],
    ]);
    assert.match(page, /<td>43,7809<\/td><td>11,2822<\/td><td>07:40<\/td><td>13:30<\/td>/);
    const [first, second, third] = stopIds(page);

    // Reorder with the buttons: the first goes down, then the last goes up.
    location(await c.postForm(`${base}/fermate/${first}/sposta`, { direzione: "giu" }));
    location(await c.postForm(`${base}/fermate/${third}/sposta`, { direzione: "su" }));
    page = await html(await c.get(base));
    assert.deepEqual(stopRows(page).map((r) => r[1]), [
      "Piazza Beccaria",
      "Scuola Verdi",
      "Stadio Franchi",
    ]);
    // Already first: nothing moves.
    location(await c.postForm(`${base}/fermate/${second}/sposta`, { direzione: "su" }));
    assert.equal(
      (await c.postForm(`${base}/fermate/${second}/sposta`, { direzione: "x" })).status,
      422,
    );
    page = await html(await c.get(base));
    assert.equal(stopRows(page)[0][1], "Piazza Beccaria");
    assert.doesNotMatch(page.split(`fermata-${second}`)[1].split("</tr>")[0], /Su<span/);

    // Edit a stop: the form shows the stored values, errors keep what was typed.
    page = await html(await c.get(`${base}/fermate/${first}`));
    assert.match(page, /<h1>Modifica la fermata «Stadio Franchi»<\/h1>/);
    assert.match(page, /id="stop-latitude"[^>]*value="43,7809"/);
    page = await html(
      await c.postForm(`${base}/fermate/${first}`, {
        name: "Stadio Artemio Franchi",
        latitude: "43,7809",
        longitude: "11,2822",
        time_there: "25:00",
        time_back: "",
        notes: "Lato Maratona",
      }),
      422,
    );
    assert.match(textOf(page, "stop-time_there-error")!, /andata non è valido/);
    location(
      await c.postForm(`${base}/fermate/${first}`, {
        name: "Stadio Artemio Franchi",
        latitude: "43,7809",
        longitude: "11,2822",
        time_there: "07:41",
        time_back: "",
        notes: "Lato Maratona",
      }),
    );

    // The map's drag posts the new position.
    location(
      await c.postForm(`${base}/fermate/${first}/posizione`, {
        latitude: "43.781234",
        longitude: "11.283456",
      }),
    );
    assert.equal(
      (await c.postForm(`${base}/fermate/${first}/posizione`, { latitude: "99", longitude: "11" }))
        .status,
      422,
    );
    page = await html(await c.get(`${base}?fermata=spostata`));
    assert.match(page, /Nuova posizione della fermata salvata/);
    assert.match(
      page,
      /Stadio Artemio Franchi<\/th><td>43,781234<\/td><td>11,283456<\/td><td>07:41<\/td><td>—<\/td><td class="small">Lato Maratona/,
    );

    // Delete the middle stop: confirm first, then positions close up.
    page = await html(await c.get(`${base}/fermate/${third}/elimina`));
    assert.match(page, /<h1>Eliminare la fermata «Scuola Verdi»\?<\/h1>/);
    assert.match(
      location(await c.postForm(`${base}/fermate/${third}/elimina`, {})),
      /fermata=eliminata/,
    );
    page = await html(await c.get(base));
    assert.deepEqual(stopRows(page), [["1", "Piazza Beccaria"], ["2", "Stadio Artemio Franchi"]]);
    assert.equal((await c.get(`${base}/fermate/${third}`)).status, 404);

    // Edit the route, then delete it.
    page = await html(await c.get(`${base}/modifica`));
    assert.match(page, /id="name"[^>]*value="Linea C – Campo di Marte"/);
    assert.match(page, /id="active"[^>]*checked/);
    assert.equal(
      location(
        await c.postForm(`${base}/modifica`, {
          service_id: serviceId,
          code: "C",
          name: "Linea C – Coverciano",
          color: "#008055",
          vehicle: "",
          capacity: "",
        }),
      ),
      `${base}?salvata=1`,
    );
    page = await html(await c.get(`${base}?salvata=1`));
    assert.match(page, /<h1>Linea C – Coverciano<\/h1>/);
    assert.match(page, /Non attiva: nascosta alle famiglie/);

    page = await html(await c.get(`${base}/elimina`));
    assert.match(page, /Verranno eliminate anche le sue 2 fermate/);
    assert.equal(
      location(await c.postForm(`${base}/elimina`, {})),
      "/operatore/trasporto?eliminata=1",
    );
    page = await html(await c.get("/operatore/trasporto?eliminata=1"));
    assert.match(page, /Linea eliminata/);
    assert.doesNotMatch(page, /Coverciano/);
    assert.equal((await c.get(base)).status, 404);
  },
);

dbTest("pages: CSRF, unknown ids, another Ente, English", async (db) => {
  const c = await signedIn(db);
  const list = await html(await c.get("/operatore/trasporto"));
  const id = /href="\/operatore\/trasporto\/([0-9a-f-]{36})"/.exec(list)![1];
  const page = await html(await c.get(`/operatore/trasporto/${id}`));
  const [stop] = stopIds(page);

  const forged = await c.postForm(
    `/operatore/trasporto/${id}/fermate/${stop}/elimina`,
    {},
    { csrf: false },
  );
  assert.equal(forged.status, 403);
  await forged.body?.cancel();
  assert.equal((await c.get("/operatore/trasporto/non-esiste")).status, 404);
  assert.equal((await c.get(`/operatore/trasporto/${crypto.randomUUID()}`)).status, 404);
  assert.equal(
    (await c.get(`/operatore/trasporto/${id}/fermate/${crypto.randomUUID()}`)).status,
    404,
  );

  await addOtherTenant(db);
  const other = await signedIn(db, OTHER_ADMIN);
  assert.equal((await other.get(`/operatore/trasporto/${id}`)).status, 404);
  const move = await other.postForm(`/operatore/trasporto/${id}/fermate/${stop}/sposta`, {
    direzione: "giu",
  });
  assert.equal(move.status, 404);
  const otherList = await html(await other.get("/operatore/trasporto"));
  assert.match(otherList, /non ha ancora un servizio di tipo «trasporto»/);
  assert.doesNotMatch(otherList, /Rifredi/);

  const en = await html(
    await c.postForm(`/operatore/trasporto/${id}?lang=en`, { name: "X", latitude: "-91" }),
    422,
  );
  assert.match(textOf(en, "stop-latitude-error")!, /^The latitude must be between -90 and 90/);
  assert.match(en, /Add the stop/);
});

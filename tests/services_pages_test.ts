/**
 * The back-office pages of services, driven like a browser without JavaScript: create a service,
 * fill in its data, calendar, closures and online form, preview the form, publish; the canteen's
 * diets and menus; school years.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { htmlOf, postAndFollow, signedInClient, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!.email;
const FAMILY = DEMO_USERS.find((u) => u.role === "family")!.email;

const signedIn = (db: Db, email = OPERATOR) => signedInClient(db, email);
const html = htmlOf;
const post = (c: TestClient, path: string, fields: Record<string, string> | [string, string][]) =>
  c.postForm(path, fields);

async function createService(c: TestClient, kind = "pre_school", code = "PRE-NORD") {
  const { location } = await postAndFollow(c, "/operatore/servizi/nuovo", {
    kind,
    code,
    title: "Pre-scuola plesso nord",
  });
  return /\/operatore\/servizi\/([0-9a-f-]{36})\?creato=1$/.exec(location)![1];
}

dbTest("services list and new service form, with errors in Italian", async (db) => {
  const c = await signedIn(db);
  const list = await html(await c.get("/operatore/servizi"));
  assert.match(list, /<h1>Servizi<\/h1>/);
  assert.match(list, /Refezione scolastica/);
  assert.match(list, /<caption>6 servizi<\/caption>/);
  assert.match(list, /href="\/operatore\/servizi" aria-current="page"><span>Servizi<\/span>/);
  const filtered = await html(await c.get("/operatore/servizi?stato=draft"));
  assert.match(filtered, /Nessun servizio corrisponde ai filtri\./);

  const bad = await html(
    await post(c, "/operatore/servizi/nuovo", { kind: "", code: "x", title: "" }),
    422,
  );
  assert.match(bad, /role="alert"/);
  assert.match(bad, /Scegli il tipo di servizio\./);
  assert.match(bad, /Il codice deve avere da 2 a 20 caratteri/);
  assert.match(bad, /Scrivi il nome del servizio/);
  assert.match(bad, /id="code"[^>]*aria-invalid="true"/);
  const taken = await html(
    await post(c, "/operatore/servizi/nuovo", {
      kind: "canteen",
      code: "mensa",
      title: "Altra mensa",
    }),
    409,
  );
  assert.match(taken, /ha già questo codice/);

  const id = await createService(c);
  const general = await html(await c.get(`/operatore/servizi/${id}?creato=1`));
  assert.match(general, /Servizio creato in bozza/);
  assert.match(general, /<title>Pre-scuola plesso nord: Dati generali/);
  assert.match(general, /Per pubblicare il servizio manca ancora:/);
  assert.match(general, /Indica almeno un anno scolastico/);
});

dbTest("general data, calendar with closures, then publication", async (db) => {
  const c = await signedIn(db);
  const id = await createService(c);
  const base = `/operatore/servizi/${id}`;

  const early = await postAndFollow(c, `${base}/stato`, { status: "published" });
  assert.match(early.location, /errore=pubblicazione/);
  assert.match(early.page, /Il servizio non può ancora essere pubblicato:/);

  const general = await html(await c.get(base));
  const year = /name="years" type="checkbox" value="([0-9a-f-]{36})"/.exec(general)![1];
  const badWindow = await html(
    await post(c, base, {
      title: "Pre-scuola plesso nord",
      code: "PRE-NORD",
      billing_mode: "pagopa_notice",
      opens: "2026-06-30T09:00",
      closes: "2026-05-01T09:00",
    }),
    422,
  );
  assert.match(
    badWindow,
    /La chiusura delle iscrizioni deve essere successiva all&#39;apertura\.|La chiusura delle iscrizioni deve essere successiva all'apertura\./,
  );
  const saved = await postAndFollow(c, base, [
    ["title", "Pre-scuola plesso nord"],
    ["code", "PRE-NORD"],
    ["billing_mode", "invoice"],
    ["years", year],
    ["opens", "2026-05-04T09:00"],
    ["closes", "2026-06-30T23:59"],
    ["citizen_info", "Accoglienza dalle 7:30."],
    ["notices", "on"],
  ]);
  assert.match(saved.page, /Dati del servizio salvati\./);
  assert.match(saved.page, /value="2026-05-04T09:00"/, "shown back in Italian time");
  assert.match(saved.page, /value="invoice" checked/);

  // Calendar: no calendar yet, then weekdays and patron saint.
  const empty = await html(await c.get(`${base}/calendario?mese=2026-11`));
  assert.match(empty, /Il servizio non ha ancora un calendario/);
  const settingsBad = await html(
    await post(c, `${base}/calendario`, {
      action: "settings",
      mese: "2026-11",
      patron_name: "San Martino",
      patron_day: "31/11",
    }),
    422,
  );
  assert.match(settingsBad, /Scrivi giorno e mese della festa come gg\/mm/);
  const settings = await postAndFollow(c, `${base}/calendario`, [
    ["action", "settings"],
    ["mese", "2026-11"],
    ...["1", "2", "3", "4", "5"].map((d) => ["weekdays", d] as [string, string]),
    ["national_holidays", "on"],
    ["patron_name", "San Martino"],
    ["patron_day", "11/11"],
  ]);
  assert.match(settings.page, /Giorni di servizio e santo patrono salvati\./);
  assert.match(settings.page, /novembre 2026: 20 giorni di servizio/);
  assert.match(settings.page, /data-date="2026-11-11"[^>]*>.*?Santo patrono: San Martino/s);

  const preset = await postAndFollow(c, `${base}/calendario`, {
    action: "preset",
    mese: "2026-11",
    preset_year: "2026/27",
  });
  assert.match(preset.location, /mese=2026-09/);
  assert.match(preset.page, /settembre 2026: 12 giorni di servizio/);
  assert.match(preset.page, /Vacanze natalizie/);

  const closureBad = await html(
    await post(c, `${base}/calendario`, {
      action: "add_closure",
      mese: "2026-11",
      closure_kind: "strike",
      closure_reason: "",
      closure_from: "2026-11-20",
      closure_to: "2026-11-19",
    }),
    422,
  );
  assert.match(closureBad, /Spiega il motivo della chiusura/);
  assert.match(closureBad, /La data di fine non può precedere quella di inizio\./);
  const closure = await postAndFollow(c, `${base}/calendario`, {
    action: "add_closure",
    mese: "2026-09",
    closure_kind: "strike",
    closure_reason: "Sciopero del personale ausiliario",
    closure_from: "2026-11-20",
    closure_to: "",
  });
  assert.match(closure.location, /mese=2026-11/, "the month of the closure is shown");
  assert.match(closure.page, /novembre 2026: 19 giorni di servizio/);
  assert.match(closure.page, /Chiusura: Sciopero del personale ausiliario/);
  const closureId = /name="closure_id" value="([0-9a-f-]{36})"/.exec(closure.page)![1];
  const removed = await postAndFollow(c, `${base}/calendario`, {
    action: "delete_closure",
    mese: "2026-11",
    closure_id: closureId,
  });
  assert.match(removed.page, /novembre 2026: 20 giorni di servizio/);

  const published = await postAndFollow(c, `${base}/stato`, { status: "published" });
  assert.match(published.page, /Servizio pubblicato: le famiglie lo vedono\./);
  assert.match(published.page, /class="badge bg-success">Pubblicato</);

  const family = await signedIn(db, FAMILY);
  const api = await family.get(`/api/v1/services/${id}`);
  assert.equal(api.status, 200, "a family now sees it");
  await api.body?.cancel();
  const forbidden = await family.get(base);
  assert.equal(forbidden.status, 403, "but not the back office");
  await forbidden.body?.cancel();
});

dbTest(
  "form builder: fields with errors, a condition, order, and a preview that validates",
  async (db) => {
    const c = await signedIn(db);
    const id = await createService(c, "summer_camp", "ESTATE-2");
    const base = `/operatore/servizi/${id}/modulo`;
    const start = await html(await c.get(base));
    assert.match(start, /Il modulo non ha ancora campi\./);

    const bad = await html(
      await post(c, base, { action: "save_field", b_type: "radio", b_label: "X" }),
      422,
    );
    assert.match(bad, /Scrivi la domanda \(da 2 a 200 caratteri\)\./);
    assert.match(bad, /href="#b_label"/);
    assert.match(bad, /id="b_label"[^>]*aria-invalid="true"/);

    await postAndFollow(c, base, {
      action: "save_field",
      b_type: "radio",
      b_label: "Ha bisogno del pranzo?",
      b_options: "si = Sì\nno = No",
      b_required: "on",
    });
    await postAndFollow(c, base, {
      action: "save_field",
      b_type: "select",
      b_label: "Tipo di pasto",
      b_options: "Normale\nSenza glutine\nVegetariano",
      b_required: "on",
      b_show_if_field: "ha_bisogno_del_pranzo",
      b_show_if_equals: "si",
    });
    const third = await postAndFollow(c, base, [
      ["action", "save_field"],
      ["b_type", "file"],
      ["b_label", "Certificato del pediatra"],
      ["b_accept", "application/pdf"],
      ["b_max_size_mb", "2"],
    ]);
    assert.match(third.page, /Campo salvato/);
    assert.match(
      third.page,
      /<caption>3 campi, nell&#39;ordine in cui compaiono<\/caption>|<caption>3 campi, nell'ordine in cui compaiono<\/caption>/,
    );
    assert.match(third.page, /Ha bisogno del pranzo\? = Sì/);
    // The preview is the real form: labels, the conditional stylesheet, the file input.
    assert.match(third.page, /<form id="anteprima"[^>]*enctype="multipart\/form-data"/i);
    assert.match(
      third.page,
      /#anteprima:not\(:has\(input\[name="f_ha_bisogno_del_pranzo"\]\[value="si"\]:checked\)\) #f_tipo_di_pasto-wrap\{display:none\}/,
    );
    assert.match(
      third.page,
      /<label for="f_certificato_del_pediatra" class="active">Certificato del pediatra/,
    );

    const blocked = await html(
      await post(c, base, { action: "move_field", field: "tipo_di_pasto", dir: "up" }),
      422,
    );
    assert.match(blocked, /Un campo con una condizione deve seguire il campo da cui dipende\./);
    const cannotRemove = await html(
      await post(c, base, { action: "remove_field", field: "ha_bisogno_del_pranzo" }),
      422,
    );
    assert.match(cannotRemove, /«Tipo di pasto» dipende da questo/);

    const edit = await html(await c.get(`${base}?campo=certificato_del_pediatra`));
    assert.match(edit, /Modifica il campo «Certificato del pediatra»/);
    assert.match(edit, /name="replacing" value="certificato_del_pediatra"/);
    const moved = await postAndFollow(c, base, {
      action: "move_field",
      field: "certificato_del_pediatra",
      dir: "up",
    });
    assert.match(moved.page, /Ordine dei campi aggiornato\./);

    // Preview: try the check with a multipart form, as the browser sends it.
    const form = new FormData();
    form.set("_csrf", await c.csrf());
    form.set("action", "preview");
    form.set("f_ha_bisogno_del_pranzo", "si");
    form.set(
      "f_certificato_del_pediatra",
      new File(["ciao"], "certificato.pdf", { type: "application/pdf" }),
    );
    const tried = await html(await c.request(base, { method: "POST", body: form }), 422);
    assert.match(tried, /Scegli una risposta per «Tipo di pasto»\./);
    assert.match(
      tried,
      /Il contenuto del file allegato in «Certificato del pediatra» non è un PDF valido\./,
    );
    assert.match(tried, /href="#f_tipo_di_pasto"/);
    const good = new FormData();
    good.set("_csrf", await c.csrf());
    good.set("action", "preview");
    good.set("f_ha_bisogno_del_pranzo", "no");
    const ok = await html(await c.request(base, { method: "POST", body: good }));
    assert.match(ok, /Le risposte sono valide/);

    const api = await c.get(`/api/v1/services/${id}/form`);
    const def = await api.json();
    assert.deepEqual(def.fields.map((f: { name: string }) => f.name), [
      "ha_bisogno_del_pranzo",
      "certificato_del_pediatra",
      "tipo_di_pasto",
    ]);
  },
);

dbTest("school years page: list, suggestion, create, overlap refused", async (db) => {
  const c = await signedIn(db);
  const page = await html(await c.get("/operatore/anni-scolastici"));
  assert.match(page, /<th scope="row">2026\/27<\/th>/);
  assert.match(page, /id="label"[^>]*value="2027\/28"/);
  const created = await postAndFollow(c, "/operatore/anni-scolastici", {
    label: "2027/28",
    starts_on: "2027-09-01",
    ends_on: "2028-08-31",
  });
  assert.match(created.page, /Anno scolastico creato\./);
  const overlap = await html(
    await post(c, "/operatore/anni-scolastici", {
      label: "2028/29",
      starts_on: "2028-08-01",
      ends_on: "2029-07-31",
    }),
    422,
  );
  assert.match(overlap, /Le date si sovrappongono a un altro anno scolastico\./);
  const invalid = await html(
    await post(c, "/operatore/anni-scolastici", {
      label: "2028/2030",
      starts_on: "2028-09-01",
      ends_on: "2028-01-01",
    }),
    422,
  );
  assert.match(
    invalid,
    /Scrivi l&#39;anno scolastico come 2026\/27|Scrivi l'anno scolastico come 2026\/27/,
  );
  const en = await html(await c.get("/operatore/anni-scolastici?lang=en"));
  assert.match(en, /<h1>School years<\/h1>/);
});

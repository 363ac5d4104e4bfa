import assert from "node:assert/strict";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const PAGES = [
  { path: "/note-legali", it: "Note legali", en: "Legal notes" },
  { path: "/privacy", it: "Informativa sul trattamento dei dati personali", en: "Privacy notice" },
  { path: "/accessibilita", it: "Dichiarazione di accessibilità", en: "Accessibility statement" },
];

dbTest("every footer page answers 200 in Italian and English", async (db) => {
  const { client } = await testApp(db);
  const anonymous = client();
  const home = await anonymous.get("/");
  assert.equal(home.status, 200);
  const footer = await home.text();
  for (const p of PAGES) {
    assert.ok(footer.includes(`href="${p.path}"`), `the footer links ${p.path}`);
    for (const lang of ["it", "en"] as const) {
      const res = await anonymous.get(`${p.path}?lang=${lang}`);
      assert.equal(res.status, 200, `${p.path} ${lang}`);
      assert.match(res.headers.get("content-type")!, /^text\/html/);
      const body = await res.text();
      assert.ok(body.includes(`<html lang="${lang}">`), `${p.path} ${lang}: document language`);
      assert.ok(body.includes(`<h1>${p[lang]}</h1>`), `${p.path} ${lang}: heading`);
      assert.match(body, /<h2[ >]/, `${p.path} ${lang}: sections`);
    }
  }
});

dbTest("signed in, the privacy notice and the statement name the user's Ente", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn("chiara.colombo@posta.example")).status, 303);
  const privacy = await c.get("/privacy?lang=it");
  assert.equal(privacy.status, 200);
  assert.match(privacy.headers.get("content-type")!, /^text\/html/);
  const body = await privacy.text();
  assert.match(body, /Il titolare del trattamento è <strong>Comune di Valdiponte<\/strong>/);
  assert.match(body, /protocollo@pec\.comune\.valdiponte\.example/);
  assert.match(body, /articolo 9, paragrafo 2, lettera g\)/);
  assert.match(body, /garanteprivacy\.it/);

  const statement = await c.get("/accessibilita");
  assert.equal(statement.status, 200);
  assert.match(statement.headers.get("content-type")!, /^text\/html/);
  const text = await statement.text();
  assert.match(text, /mailto:servizi\.scolastici@comune\.valdiponte\.example/);
  assert.match(text, /form\.agid\.gov\.it/);
});

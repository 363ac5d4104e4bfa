import assert from "node:assert/strict";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { BOOTSTRAP_ITALIA_VERSION } from "../lib/app.ts";
import { FONT_FILES } from "../lib/http/fonts.ts";

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

dbTest("pages load Bootstrap Italia's typefaces, and every font file is served", async (db) => {
  const { client } = await testApp(db);
  const anonymous = client();
  const home = await (await anonymous.get("/")).text();
  const vendor = `/static/vendor/bootstrap-italia@${BOOTSTRAP_ITALIA_VERSION}`;
  assert.ok(home.includes(`<link rel="stylesheet" href="${vendor}/css/fonts.css"/>`));
  const css = await anonymous.get(`${vendor}/css/fonts.css`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get("content-type")!, /^text\/css/);
  assert.match(css.headers.get("cache-control")!, /immutable/);
  const text = await css.text();
  for (const family of ["Titillium Web", "Lora", "Roboto Mono"]) {
    assert.ok(text.includes(`font-family:"${family}";font-style:normal;font-weight:400`), family);
  }
  const urls = [...text.matchAll(/url\("\.\.\/([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual(urls, [...FONT_FILES]);
  for (const file of FONT_FILES) {
    const res = await anonymous.get(`${vendor}/${file}`);
    assert.equal(res.status, 200, file);
    assert.equal(res.headers.get("content-type"), "font/woff2", file);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 4)), "wOF2", `${file} is WOFF2`);
  }
});

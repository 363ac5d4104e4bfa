/**
 * Photos of a site: uploaded through the back office, judged by their bytes and size, stored by
 * the storage adapter, served at `/files/…` only to people of the same Ente who can see the site.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { MAX_IMAGE_BYTES } from "../lib/storage/images.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { idOf, PEOPLE, signedIn, TINY_PNG } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const PASCOLI = "select id from sites where name = 'Scuola primaria Giovanni Pascoli'";

async function upload(
  c: TestClient,
  siteId: string,
  file: Blob,
  name: string,
  altText = "Ingresso della scuola con il giardino",
) {
  const form = new FormData();
  form.set("_csrf", await c.csrf());
  form.set("alt_text", altText);
  form.set("photo", file, name);
  return await c.request(`/operatore/plessi/${siteId}/foto`, { method: "POST", body: form });
}

async function withStorage(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "piazza_sites_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const photoRows = (db: Db) =>
  db.asOwner((tx) =>
    tx.query<{ storage_key: string; content_type: string; size_bytes: number; alt_text: string }>(
      "select storage_key, content_type, size_bytes, alt_text from site_photos order by created_at",
    )
  );

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isDirectory) out.push(...filesUnder(`${dir}/${e.name}`).map((f) => `${e.name}/${f}`));
    else out.push(e.name);
  }
  return out;
}

dbTest(
  "a PNG is accepted, stored and served to the Ente's staff and the site's teachers only",
  async (db) => {
    await withStorage(async (dir) => {
      const site = await idOf(db, PASCOLI);
      const op = await signedIn(db, PEOPLE.operator, dir);
      const form = await op.get(`/operatore/plessi/${site}/foto`);
      assert.equal(form.status, 200);
      assert.match(await form.text(), /enctype="multipart\/form-data"/);

      // The declared type and name do not matter: the bytes are a PNG.
      const res = await upload(
        op,
        site,
        new Blob([TINY_PNG], { type: "application/octet-stream" }),
        "x.bin",
      );
      assert.equal(res.status, 303, await res.text());
      assert.equal(res.headers.get("location"), `/operatore/plessi/${site}?foto=aggiunta#foto`);
      const [row] = await photoRows(db);
      assert.equal(row.content_type, "image/png");
      assert.equal(row.size_bytes, TINY_PNG.length);
      assert.equal(row.alt_text, "Ingresso della scuola con il giardino");
      assert.deepEqual(filesUnder(dir), [row.storage_key]);

      const page = await op.get(`/operatore/plessi/${site}?foto=aggiunta`);
      const html = await page.text();
      assert.match(
        html,
        new RegExp(`<img src="/files/${row.storage_key}" alt="Ingresso della scuola`),
      );
      assert.match(html, /Foto aggiunta/);

      const url = `/files/${row.storage_key}`;
      const served = await op.get(url);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get("content-type"), "image/png");
      assert.match(served.headers.get("cache-control")!, /^private/);
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), TINY_PNG);

      const teacher = await signedIn(db, PEOPLE.ferrari, dir); // teaches 1A and 2A here
      assert.equal((await teacher.get(url)).status, 200);
      const notHere = await signedIn(db, PEOPLE.family, dir);
      const refused = await notHere.get(url);
      assert.equal(refused.status, 404);
      assert.match(refused.headers.get("content-type")!, /text\/html/);
      await addOtherTenant(db);
      const otherEnte = await signedIn(db, OTHER_ADMIN, dir);
      assert.equal((await otherEnte.get(url)).status, 404);
      const { client } = await testApp(db, { config: { storageDir: dir } });
      assert.equal((await client().get(url)).status, 401, "anonymous");
      for (const bad of ["/files/x/y", `/files/${row.storage_key.split("/")[0]}/..%2F..%2Fetc`]) {
        assert.equal((await op.get(bad)).status, 404, bad);
      }

      // Deleting removes the row and the bytes.
      const id = await idOf(db, "select id from site_photos");
      const del = await op.postForm(`/operatore/plessi/${site}/foto/${id}`, {});
      assert.equal(del.status, 303);
      assert.deepEqual(await photoRows(db), []);
      assert.deepEqual(filesUnder(dir), []);
      assert.equal((await op.get(url)).status, 404);
    });
  },
);

dbTest(
  "a text file named .jpg and a 6 MiB image are refused with their own message",
  async (db) => {
    await withStorage(async (dir) => {
      const site = await idOf(db, PASCOLI);
      const op = await signedIn(db, PEOPLE.operator, dir);

      const text = new Blob(["Questa non è una foto, è un testo."], { type: "image/jpeg" });
      const fake = await upload(op, site, text, "foto.jpg");
      assert.equal(fake.status, 422);
      assert.match(fake.headers.get("content-type")!, /text\/html/);
      const fakeHtml = await fake.text();
      assert.match(
        fakeHtml,
        /Il file non è un&#39;immagine JPEG, PNG o WebP|Il file non è un'immagine JPEG, PNG o WebP/,
      );
      assert.match(fakeHtml, /href="#photo"/);
      assert.match(fakeHtml, /aria-invalid="true"/);

      const big = new Uint8Array(6 * 1024 * 1024);
      big.set(TINY_PNG);
      const tooBig = await upload(op, site, new Blob([big], { type: "image/png" }), "grande.png");
      assert.equal(tooBig.status, 422);
      assert.match(await tooBig.text(), /La foto pesa 6 MB: il massimo è 5 MB/);

      const exact = new Uint8Array(MAX_IMAGE_BYTES);
      exact.set(TINY_PNG);
      const noAlt = await upload(op, site, new Blob([exact]), "giusta.png", " ");
      assert.equal(noAlt.status, 422);
      assert.match(await noAlt.text(), /Descrivi che cosa mostra la foto/);

      const english = await op.get(`/operatore/plessi/${site}/foto?lang=en`);
      assert.equal(english.status, 200);
      const fakeEn = await upload(op, site, text, "photo.jpg");
      assert.match(await fakeEn.text(), /The file is not a JPEG, PNG or WebP image/);

      // Beyond the upload body limit the request never reaches the form.
      const huge = new Uint8Array(9 * 1024 * 1024);
      const tooLarge = await upload(op, site, new Blob([huge]), "enorme.png");
      assert.equal(tooLarge.status, 413);

      assert.deepEqual(await photoRows(db), []);
      assert.deepEqual(filesUnder(dir), []);

      // The exact limit is fine.
      assert.equal((await upload(op, site, new Blob([exact]), "giusta.png")).status, 303);
      assert.equal((await photoRows(db)).length, 1);
    });
  },
);

dbTest(
  "only the back office uploads: teachers and other Enti cannot reach the form",
  async (db) => {
    await withStorage(async (dir) => {
      const site = await idOf(db, PASCOLI);
      const teacher = await signedIn(db, PEOPLE.ferrari, dir);
      assert.equal((await upload(teacher, site, new Blob([TINY_PNG]), "a.png")).status, 403);
      await addOtherTenant(db);
      const other = await signedIn(db, OTHER_ADMIN, dir);
      assert.equal((await other.get(`/operatore/plessi/${site}/foto`)).status, 404);
      assert.equal((await upload(other, site, new Blob([TINY_PNG]), "a.png")).status, 404);
      assert.deepEqual(await photoRows(db), []);
      assert.deepEqual(filesUnder(dir), []);
    });
  },
);

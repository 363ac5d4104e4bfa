/**
 * `/api/v1/sites/{id}/photos`: list, upload (multipart/form-data, judged by the bytes and size
 * like the back office form) and delete; with API keys, teachers and another Ente.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/auth/api_keys.ts";
import type { Db } from "../lib/db/types.ts";
import { MAX_IMAGE_BYTES } from "../lib/storage/images.ts";
import { jsonOf, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, idOf, PEOPLE, signedIn, TINY_PNG } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const PASCOLI = "select id from sites where name = 'Scuola primaria Giovanni Pascoli'";

async function upload(
  c: TestClient,
  siteId: string,
  fields: { photo?: Blob; alt_text?: string },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  if (fields.alt_text !== undefined) form.set("alt_text", fields.alt_text);
  if (fields.photo) form.set("photo", fields.photo, "foto.bin");
  return await c.request(`/api/v1/sites/${siteId}/photos`, {
    method: "POST",
    headers: { "x-csrf-token": await c.csrf(), ...headers },
    body: form,
  });
}

async function withStorage(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "piazza_photos_api_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const storedFiles = (dir: string) =>
  [...Deno.readDirSync(dir)].flatMap((d) =>
    d.isDirectory ? [...Deno.readDirSync(`${dir}/${d.name}`)].map((f) => f.name) : []
  );

const photoCount = (db: Db) =>
  db.asOwner((tx) => tx.query<{ n: number }>("select count(*)::int as n from site_photos"))
    .then(([r]) => r.n);

dbTest("API: upload, list and delete the photos of a site", async (db) => {
  await withStorage(async (dir) => {
    const site = await idOf(db, PASCOLI);
    const op = await signedIn(db, PEOPLE.operator, dir);
    assert.deepEqual(await jsonOf(await api(op, "GET", `/api/v1/sites/${site}/photos`), 200), {
      items: [],
    });

    const created = await jsonOf(
      await upload(op, site, {
        photo: new Blob([TINY_PNG], { type: "application/octet-stream" }),
        alt_text: "  Ingresso della scuola  ",
      }),
      201,
    );
    assert.equal(created.content_type, "image/png");
    assert.equal(created.size_bytes, TINY_PNG.length);
    assert.equal(created.alt_text, "Ingresso della scuola");
    assert.match(created.url, /^\/files\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    assert.equal(created.storage_key, undefined);
    assert.equal(storedFiles(dir).length, 1);

    const listed = await jsonOf(await api(op, "GET", `/api/v1/sites/${site}/photos`), 200);
    assert.deepEqual(listed, { items: [created] });
    const file = await op.get(created.url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get("content-type"), "image/png");
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), TINY_PNG);
    const siteJson = await jsonOf(await api(op, "GET", `/api/v1/sites/${site}`), 200);
    assert.deepEqual(siteJson.photos, [created]);

    const del = await api(op, "DELETE", `/api/v1/sites/${site}/photos/${created.id}`);
    assert.equal(del.status, 204);
    assert.deepEqual(storedFiles(dir), []);
    await jsonOf(await api(op, "DELETE", `/api/v1/sites/${site}/photos/${created.id}`), 404);
    assert.deepEqual(await jsonOf(await api(op, "GET", `/api/v1/sites/${site}/photos`), 200), {
      items: [],
    });
  });
});

dbTest("API: a bad upload is refused with its reasons and nothing is stored", async (db) => {
  await withStorage(async (dir) => {
    const site = await idOf(db, PASCOLI);
    const op = await signedIn(db, PEOPLE.operator, dir);

    const text = await jsonOf(
      await upload(op, site, {
        photo: new Blob(["Questa non è una foto"], { type: "image/jpeg" }),
        alt_text: "x",
      }),
      422,
    );
    assert.equal(text.code, "validation_failed");
    assert.deepEqual(text.errors.map((e: { path: string; code: string }) => [e.path, e.code]), [
      ["body.alt_text", "alt_text"],
      ["body.photo", "image.type"],
    ]);

    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(TINY_PNG);
    const tooBig = await jsonOf(
      await upload(op, site, { photo: new Blob([big]), alt_text: "Il giardino" }),
      422,
    );
    assert.equal(tooBig.errors[0].code, "image.too_large");
    assert.match(tooBig.errors[0].message, /the maximum is 5 MB/);

    const missing = await jsonOf(await upload(op, site, { alt_text: "Il giardino" }), 422);
    assert.equal(missing.errors[0].path, "body.photo");

    const asJson = await jsonOf(
      await api(op, "POST", `/api/v1/sites/${site}/photos`, { alt_text: "Il giardino" }),
      415,
    );
    assert.equal(asJson.code, "unsupported_media_type");
    assert.equal(await photoCount(db), 0);
    assert.deepEqual(storedFiles(dir).length, 0);

    const nowhere = await jsonOf(
      await upload(op, crypto.randomUUID(), { photo: new Blob([TINY_PNG]), alt_text: "Giardino" }),
      404,
    );
    assert.equal(nowhere.code, "not_found");
  });
});

dbTest(
  "API: API keys need the write scope to upload; teachers read; others see nothing",
  async (db) => {
    await withStorage(async (dir) => {
      const site = await idOf(db, PASCOLI);
      const machine = (await testApp(db, { config: { storageDir: dir } })).client();
      const keys = await db.asOwner(async (tx) => {
        const [{ tenant_id, user_id }] = await tx.query<{ tenant_id: string; user_id: string }>(
          `select m.tenant_id, m.user_id from memberships m join users u on u.id = m.user_id
          where u.email = $1 and m.role = 'admin'`,
          [PEOPLE.admin],
        );
        const read = await createApiKey(tx, {
          tenantId: tenant_id,
          createdBy: user_id,
          name: "Lettura",
          scopes: ["read"],
        });
        const write = await createApiKey(tx, {
          tenantId: tenant_id,
          createdBy: user_id,
          name: "Gestionale",
          scopes: ["read", "write"],
        });
        return { read: read.token, write: write.token };
      });
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      const refused = await jsonOf(
        await upload(
          machine,
          site,
          { photo: new Blob([TINY_PNG]), alt_text: "Il giardino" },
          bearer(keys.read),
        ),
        403,
      );
      assert.equal(refused.code, "insufficient_scope");
      const created = await jsonOf(
        await upload(
          machine,
          site,
          { photo: new Blob([TINY_PNG]), alt_text: "Il giardino" },
          bearer(keys.write),
        ),
        201,
      );

      const teacher = await signedIn(db, PEOPLE.ferrari, dir);
      const seen = await jsonOf(await api(teacher, "GET", `/api/v1/sites/${site}/photos`), 200);
      assert.deepEqual(seen.items.map((p: { id: string }) => p.id), [created.id]);
      await jsonOf(
        await upload(teacher, site, { photo: new Blob([TINY_PNG]), alt_text: "Giardino" }),
        403,
      );

      await addOtherTenant(db);
      const stranger = await signedIn(db, OTHER_ADMIN, dir);
      await jsonOf(await api(stranger, "GET", `/api/v1/sites/${site}/photos`), 404);
      await jsonOf(
        await api(stranger, "DELETE", `/api/v1/sites/${site}/photos/${created.id}`),
        404,
      );
      assert.equal((await stranger.get(created.url)).status, 404);
      assert.equal(await photoCount(db), 1);
    });
  },
);

dbTest("API: a photo id that is not one is a 404, like a photo of another site", async (db) => {
  const site = await idOf(db, PASCOLI);
  const op = await signedIn(db, PEOPLE.operator);
  const res = await jsonOf(
    await api(op, "DELETE", `/api/v1/sites/${site}/photos/not-a-photo`),
    404,
  );
  assert.equal(res.code, "not_found");
  const doc = await jsonOf(await api(op, "GET", "/api/v1/openapi.json"), 200);
  const post = doc.paths["/sites/{id}/photos"].post;
  assert.deepEqual(Object.keys(post.requestBody.content), ["multipart/form-data"]);
  const schema = post.requestBody.content["multipart/form-data"].schema;
  assert.equal(schema.properties.photo.format, "binary");
  assert.deepEqual(schema.required.sort(), ["alt_text", "photo"]);
  assert.ok(post.responses["415"] && post.responses["422"] && post.responses["201"]);
});

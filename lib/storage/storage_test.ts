import assert from "node:assert/strict";
import { checkImage, MAX_IMAGE_BYTES, MAX_LOGO_BYTES, sniffImage } from "./images.ts";
import { LocalStorage } from "./local.ts";
import { isStorageKey, newStorageKey, storageFor } from "./mod.ts";

const TENANT = "0b7e8a4c-1d2f-4e5a-9b6c-7d8e9f0a1b2c";

/** A 1×1 transparent PNG. */
const TINY_PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

Deno.test("storage keys: only <tenant uuid>/<uuid>, lowercase", () => {
  const key = newStorageKey(TENANT.toUpperCase());
  assert.ok(isStorageKey(key));
  assert.ok(key.startsWith(`${TENANT}/`));
  for (
    const bad of [
      "",
      TENANT,
      `${TENANT}/`,
      `${TENANT}/../../etc/passwd`,
      `../${TENANT}/${crypto.randomUUID()}`,
      `${TENANT}/${crypto.randomUUID()}/x`,
      `${TENANT.toUpperCase()}/${crypto.randomUUID()}`,
      `${TENANT}\\${crypto.randomUUID()}`,
      `${TENANT}/${crypto.randomUUID()}\n`,
    ]
  ) {
    assert.equal(isStorageKey(bad), false, JSON.stringify(bad));
  }
  assert.throws(() => newStorageKey("../x"));
});

Deno.test("local storage: put, get, replace, delete; nothing outside the root", async () => {
  const root = await Deno.makeTempDir({ prefix: "piazza_storage_" });
  try {
    const s = new LocalStorage(root);
    const key = newStorageKey(TENANT);
    assert.equal(await s.get(key), null);
    await s.put(key, TINY_PNG);
    assert.deepEqual(await s.get(key), TINY_PNG);
    assert.equal(s.pathOf(key), `${root}/${key}`);
    await s.put(key, new Uint8Array([1, 2, 3]));
    assert.deepEqual(await s.get(key), new Uint8Array([1, 2, 3]));
    // No temporary file is left behind.
    const names = [...Deno.readDirSync(`${root}/${TENANT}`)].map((e) => e.name);
    assert.deepEqual(names, [key.split("/")[1]]);
    await s.delete(key);
    await s.delete(key);
    assert.equal(await s.get(key), null);
    for (const bad of ["../outside", `${TENANT}/../../x`, "/etc/passwd"]) {
      await assert.rejects(s.get(bad), /not a storage key/);
      await assert.rejects(s.put(bad, TINY_PNG), /not a storage key/);
      await assert.rejects(s.delete(bad), /not a storage key/);
    }
    assert.equal(storageFor({ storageDir: root }), storageFor({ storageDir: root }));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("images: the bytes decide, not the name", () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  const webp = new TextEncoder().encode("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00");
  assert.equal(sniffImage(jpeg), "image/jpeg");
  assert.equal(sniffImage(TINY_PNG), "image/png");
  assert.equal(sniffImage(webp), "image/webp");
  assert.equal(sniffImage(new TextEncoder().encode("RIFF\x24\x00\x00\x00WAVEfmt ")), null);
  assert.equal(
    sniffImage(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>")),
    null,
  );
  assert.equal(sniffImage(new TextEncoder().encode("GIF89a")), null);
  assert.equal(sniffImage(new Uint8Array([0xff, 0xd8])), null);

  assert.deepEqual(checkImage(TINY_PNG), { ok: true, value: "image/png" });
  const text = checkImage(new TextEncoder().encode("Questa non è una foto"));
  assert.equal(text.ok, false);
  assert.match(!text.ok ? text.problem.it : "", /non è un'immagine JPEG, PNG o WebP/);
  const empty = checkImage(new Uint8Array());
  assert.equal(!empty.ok && empty.problem.code, "image.empty");

  const big = new Uint8Array(6 * 1024 * 1024);
  big.set(TINY_PNG);
  const tooBig = checkImage(big);
  assert.equal(!tooBig.ok && tooBig.problem.code, "image.too_large");
  assert.match(!tooBig.ok ? tooBig.problem.it : "", /La foto pesa 6 MB: il massimo è 5 MB/);
  const limit = new Uint8Array(MAX_IMAGE_BYTES);
  limit.set(TINY_PNG);
  assert.equal(checkImage(limit).ok, true);
});

Deno.test("images: a logo has its own cap and words", () => {
  const big = new Uint8Array(MAX_LOGO_BYTES + 1);
  big.set(TINY_PNG);
  const tooBig = checkImage(big, { maxBytes: MAX_LOGO_BYTES, what: "logo" });
  assert.equal(!tooBig.ok && tooBig.problem.code, "image.too_large");
  assert.match(!tooBig.ok ? tooBig.problem.it : "", /^Il logo pesa 1,1 MB: il massimo è 1 MB\./);
  const empty = checkImage(new Uint8Array(), { what: "logo" });
  assert.match(!empty.ok ? empty.problem.it : "", /file del logo/);
  const text = checkImage(new TextEncoder().encode("<svg/>"), { what: "logo" });
  assert.match(!text.ok ? text.problem.en : "", /Choose a logo in one of these formats/);
  assert.equal(checkImage(TINY_PNG, { maxBytes: MAX_LOGO_BYTES, what: "logo" }).ok, true);
});

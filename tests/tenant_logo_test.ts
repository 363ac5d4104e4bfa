/**
 * The Ente's logo: administrators upload, replace and remove it on the Ente's page; it is stored
 * through the storage adapter, served to every member of the Ente (not to other Enti) and shown
 * in the header of the pages of the Ente's signed-in people.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { MAX_LOGO_BYTES } from "../lib/storage/images.ts";
import { htmlOf, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { PEOPLE, signedIn, TINY_PNG } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

async function postLogo(c: TestClient, file: Blob | null, azione = "logo") {
  const form = new FormData();
  form.set("_csrf", await c.csrf());
  form.set("azione", azione);
  if (file) form.set("logo", file, "logo.png");
  return await c.request("/operatore/ente", { method: "POST", body: form });
}

async function withStorage(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "piazza_logo_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const logoRow = (db: Db) =>
  db.asOwner((tx) =>
    tx.query<
      { logo_key: string | null; logo_content_type: string | null; logo_url: string | null }
    >(
      "select logo_key, logo_content_type, logo_url from tenants where name = 'Comune di Valdiponte'",
    )
  ).then(([r]) => r);

const HEADER_LOGO =
  /<img src="(\/files\/[0-9a-f-]{36}\/[0-9a-f-]{36})" alt(?:="")? height="48" class="[^"]*tenant-logo"/;

dbTest(
  "an administrator uploads the logo; every member of the Ente sees it in the header",
  async (db) => {
    await withStorage(async (dir) => {
      const admin = await signedIn(db, PEOPLE.admin, dir);
      const before = await htmlOf(await admin.get("/operatore/ente"));
      assert.match(before, /Nessun logo caricato\./);
      assert.match(before, /enctype="multipart\/form-data"/);
      assert.doesNotMatch(before, HEADER_LOGO);

      const res = await postLogo(admin, new Blob([TINY_PNG], { type: "application/octet-stream" }));
      assert.equal(res.status, 303, await res.text());
      assert.equal(res.headers.get("location"), "/operatore/ente?logo=1#logo-ente");
      const row = await logoRow(db);
      assert.equal(row.logo_content_type, "image/png");
      assert.equal(row.logo_url, `/files/${row.logo_key}`);
      assert.deepEqual(await Deno.readFile(`${dir}/${row.logo_key}`), TINY_PNG);

      const after = await htmlOf(await admin.get("/operatore/ente?logo=1"));
      assert.match(after, /Logo salvato/);
      assert.match(
        after,
        new RegExp(`<img src="${row.logo_url}" alt="Logo di Comune di Valdiponte"`),
      );
      assert.equal(HEADER_LOGO.exec(after)?.[1], row.logo_url);

      // Teachers and families of the Ente see it in their header and may fetch it.
      for (const [who, home] of [[PEOPLE.ferrari, "/docenti"], [PEOPLE.family, "/famiglie"]]) {
        const c = await signedIn(db, who, dir);
        const page = await htmlOf(await c.get(home));
        assert.equal(HEADER_LOGO.exec(page)?.[1], row.logo_url, who);
        const file = await c.get(row.logo_url!);
        assert.equal(file.status, 200, who);
        assert.equal(file.headers.get("content-type"), "image/png");
        assert.equal(file.headers.get("cache-control"), "private, max-age=3600");
        assert.deepEqual(new Uint8Array(await file.arrayBuffer()), TINY_PNG);
      }

      // Another Ente's people get a 404 and no logo in their header; anonymous visitors neither.
      await addOtherTenant(db);
      const stranger = await signedIn(db, OTHER_ADMIN, dir);
      assert.equal((await stranger.get(row.logo_url!)).status, 404);
      assert.doesNotMatch(await htmlOf(await stranger.get("/operatore")), HEADER_LOGO);
      const anonymous = await signedIn(db, PEOPLE.admin, dir);
      anonymous.cookies.delete("piazza_session");
      assert.doesNotMatch(await htmlOf(await anonymous.get("/accedi")), HEADER_LOGO);
    });
  },
);

dbTest("replacing the logo deletes the old file; removing it clears the header", async (db) => {
  await withStorage(async (dir) => {
    const admin = await signedIn(db, PEOPLE.admin, dir);
    assert.equal((await postLogo(admin, new Blob([TINY_PNG]))).status, 303);
    const first = (await logoRow(db)).logo_key!;
    assert.equal((await postLogo(admin, new Blob([TINY_PNG]))).status, 303);
    const second = (await logoRow(db)).logo_key!;
    assert.notEqual(first, second);
    await assert.rejects(Deno.stat(`${dir}/${first}`), Deno.errors.NotFound);
    assert.match(await htmlOf(await admin.get("/operatore/ente")), /Sostituisci il logo/);

    const removed = await postLogo(admin, null, "rimuovi-logo");
    assert.equal(removed.status, 303);
    assert.equal(removed.headers.get("location"), "/operatore/ente?logo-rimosso=1#logo-ente");
    assert.deepEqual(await logoRow(db), {
      logo_key: null,
      logo_content_type: null,
      logo_url: null,
    });
    await assert.rejects(Deno.stat(`${dir}/${second}`), Deno.errors.NotFound);
    const page = await htmlOf(await admin.get("/operatore/ente?logo-rimosso=1"));
    assert.match(page, /Logo rimosso\./);
    assert.doesNotMatch(page, HEADER_LOGO);
    assert.equal((await admin.get(`/files/${second}`)).status, 404);

    const audit = await db.asOwner((tx) =>
      tx.query<{ after: { logo_key: string | null } }>(
        `select after from audit_log where entity = 'tenants' and action = 'update'
          and before->>'logo_key' is distinct from after->>'logo_key' order by id`,
      )
    );
    assert.deepEqual(audit.map((a) => a.after.logo_key), [first, second, null]);
  });
});

dbTest(
  "a file that is not an image, or too large, is refused; operators cannot change it",
  async (db) => {
    await withStorage(async (dir) => {
      const admin = await signedIn(db, PEOPLE.admin, dir);
      const text = await htmlOf(await postLogo(admin, new Blob(["<svg onload=alert(1)/>"])), 422);
      assert.match(text, /role="alert"/);
      assert.match(
        text,
        /Il file non è un&#39;immagine JPEG, PNG o WebP|Il file non è un'immagine JPEG, PNG o WebP/,
      );
      assert.match(text, /aria-invalid="true"/);
      const big = new Uint8Array(MAX_LOGO_BYTES + 200_000);
      big.set(TINY_PNG);
      const tooBig = await htmlOf(await postLogo(admin, new Blob([big])), 422);
      assert.match(tooBig, /Il logo pesa 1,2 MB: il massimo è 1 MB/);
      const none = await htmlOf(await postLogo(admin, null), 422);
      assert.match(none, /Scegli il file del logo/);
      assert.equal((await logoRow(db)).logo_key, null);
      assert.deepEqual([...Deno.readDirSync(dir)], []);

      const operator = await signedIn(db, PEOPLE.operator, dir);
      const res = await postLogo(operator, new Blob([TINY_PNG]));
      assert.equal(res.status, 403);
      await res.body?.cancel();
      assert.equal((await logoRow(db)).logo_key, null);
    });
  },
);

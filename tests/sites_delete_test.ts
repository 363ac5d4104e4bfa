/**
 * Deleting sites and classes, from the back office (with a confirmation step) and the API: refused
 * with a clear message while classes, applications or enrollments refer to them; a site's photos
 * go with it, stored files included; the audit log keeps what was deleted.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { describeReferences, type References } from "../lib/sites/deletion.ts";
import { newStorageKey, storageFor } from "../lib/storage/mod.ts";
import { htmlOf, jsonOf, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, idOf, PEOPLE, signedIn, TINY_PNG } from "./helpers/fixtures_sites.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";

const PASCOLI = "select id from sites where name = 'Scuola primaria Giovanni Pascoli'";

/** A new empty site of the demo Ente, with one photo whose bytes are in `dir`. */
async function siteWithPhoto(db: Db, dir: string): Promise<{ id: string; key: string }> {
  return await db.asOwner(async (tx) => {
    const [{ id, tenant_id }] = await tx.query<{ id: string; tenant_id: string }>(
      `insert into sites (tenant_id, name, kind, address, postal_code, municipality)
       select id, 'Centro estivo Le Querce', 'other', 'Via delle Querce 4', '50099', 'Valdiponte'
         from tenants where name like 'Comune di Valdiponte%' returning id, tenant_id`,
    );
    const key = newStorageKey(tenant_id);
    await storageFor({ storageDir: dir }).put(key, TINY_PNG);
    await tx.query(
      `insert into site_photos (tenant_id, site_id, storage_key, content_type, size_bytes, alt_text)
       values ($1, $2, $3, 'image/png', $4, 'Il cortile con le querce')`,
      [tenant_id, id, key, TINY_PNG.length],
    );
    await tx.query(
      `insert into site_services (tenant_id, site_id, service_id)
       select $1, $2, id from services where tenant_id = $1 limit 1`,
      [tenant_id, id],
    );
    return { id, key };
  });
}

/** Enrolls the demo child Sofia Ricci in the first class of `siteSql` (as the owner). */
async function enrollSofia(db: Db, classSql: string): Promise<string> {
  const classId = await idOf(db, classSql);
  return await idOf(
    db,
    `insert into enrollments (tenant_id, service_id, school_year_id, beneficiary_id, payer_id,
                              site_id, class_id, starts_on, ends_on)
     select c.tenant_id, sv.id, c.school_year_id, child.id, parent.id, c.site_id, c.id,
            y.starts_on, y.ends_on
       from classes c
       join school_years y on y.tenant_id = c.tenant_id and y.id = c.school_year_id
       join services sv on sv.tenant_id = c.tenant_id and sv.kind = 'canteen'
       join people child on child.tenant_id = c.tenant_id and child.name = 'Sofia'
                        and child.surname = 'Ricci'
       join people parent on parent.tenant_id = c.tenant_id and parent.name = 'Chiara'
                         and parent.surname = 'Colombo'
      where c.id = $1 limit 1
     returning id`,
    [classId],
  );
}

async function withStorage(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "piazza_sites_delete_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** What refers to the site or class `id` right now (the demo may hold enrollments too). */
const refsOf = (db: Db, column: "site_id" | "class_id", id: string) =>
  db.asOwner(async (tx) => {
    const n = async (sql: string) =>
      (await tx.query<{ n: number }>(`select count(*)::int as n ${sql} where ${column} = $1`, [
        id,
      ]))[0].n;
    return {
      classes: column === "site_id" ? await n("from classes") : 0,
      application_items: await n("from application_items"),
      enrollments: await n("from enrollments"),
    } satisfies References;
  });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const auditOf = (db: Db, table: string, id: string) =>
  db.asOwner((tx) =>
    tx.query<{ action: string }>(
      "select action from audit_log where entity = $1 and entity_id = $2 order by id",
      [table, id],
    )
  );

dbTest(
  "back office: a site is deleted after confirmation, with its photos and files",
  async (db) => {
    await withStorage(async (dir) => {
      const { id, key } = await siteWithPhoto(db, dir);
      const op = await signedIn(db, PEOPLE.operator, dir);
      const sitePage = await htmlOf(await op.get(`/operatore/plessi/${id}`));
      assert.match(sitePage, new RegExp(`href="/operatore/plessi/${id}/elimina"`));

      const confirm = await htmlOf(await op.get(`/operatore/plessi/${id}/elimina`));
      assert.match(confirm, /<h1>Eliminare il plesso Centro estivo Le Querce\?<\/h1>/);
      assert.match(confirm, /le foto \(1\), compresi i file archiviati/);
      assert.match(
        confirm,
        /L&#39;operazione non si può annullare|L'operazione non si può annullare/,
      );
      assert.match(confirm, new RegExp(`action="/operatore/plessi/${id}/elimina"`));
      // Nothing is deleted by looking at the confirmation.
      assert.equal(await Deno.stat(`${dir}/${key}`).then(() => true), true);

      const res = await op.postForm(`/operatore/plessi/${id}/elimina`, {});
      assert.equal(res.status, 303, await res.text());
      assert.equal(res.headers.get("location"), "/operatore/plessi?eliminato=1");
      const list = await htmlOf(await op.get("/operatore/plessi?eliminato=1"));
      assert.match(list, /Plesso eliminato\./);
      assert.doesNotMatch(list, /Le Querce/);
      const left = await db.asOwner((tx) =>
        tx.query(
          `select (select count(*)::int from sites where id = $1) as sites,
                (select count(*)::int from site_photos where site_id = $1) as photos,
                (select count(*)::int from site_services where site_id = $1) as services`,
          [id],
        )
      );
      assert.deepEqual(left, [{ sites: 0, photos: 0, services: 0 }]);
      await assert.rejects(Deno.stat(`${dir}/${key}`), Deno.errors.NotFound);
      assert.deepEqual((await auditOf(db, "sites", id)).map((r) => r.action), ["insert", "delete"]);
      assert.equal(
        (await htmlOf(await op.get(`/operatore/plessi/${id}/elimina`), 404)).length > 0,
        true,
      );
    });
  },
);

dbTest("back office: a site with classes or enrollments is refused with the reason", async (db) => {
  const site = await idOf(db, PASCOLI);
  const op = await signedIn(db, PEOPLE.operator);
  const confirm = await htmlOf(await op.get(`/operatore/plessi/${site}/elimina`));
  const before = await refsOf(db, "site_id", site);
  assert.equal(before.classes, 5);
  assert.match(
    confirm,
    new RegExp(
      'role="alert"[^>]*>Il plesso non si può eliminare: vi fanno riferimento ' +
        `${escape(describeReferences(before, "it"))}\\.`,
    ),
  );
  assert.doesNotMatch(confirm, /Elimina il plesso<\/button>/);
  // Posting anyway (a stale page) is refused the same way, and nothing changes.
  const refused = await htmlOf(await op.postForm(`/operatore/plessi/${site}/elimina`, {}), 409);
  assert.match(refused, /Il plesso non si può eliminare/);
  assert.equal(
    (await db.asOwner((tx) => tx.query("select 1 from sites where id = $1", [site]))).length,
    1,
  );

  await enrollSofia(
    db,
    `select c.id from classes c where c.site_id = '${site}' order by name limit 1`,
  );
  const again = await htmlOf(await op.get(`/operatore/plessi/${site}/elimina?lang=en`));
  const after = await refsOf(db, "site_id", site);
  assert.equal(after.enrollments, before.enrollments + 1);
  assert.match(
    again,
    new RegExp(
      `The site cannot be deleted: ${escape(describeReferences(after, "en"))} refer to it`,
    ),
  );
  assert.match(describeReferences(after, "en"), /^5 classes.* and \d+ enrollments?$/);
});

dbTest(
  "back office: a class is deleted after confirmation unless enrollments name it",
  async (db) => {
    const site = await idOf(db, PASCOLI);
    const [first, second] = await db.asOwner(async (tx) => {
      const [first] = await tx.query<{ id: string; school_year_id: string }>(
        "select id, school_year_id from classes where site_id = $1 order by name limit 1",
        [site],
      );
      // A class nothing refers to, whatever the demo holds.
      const [second] = await tx.query<{ id: string; school_year_id: string }>(
        `insert into classes (tenant_id, school_year_id, site_id, name, school_level, grade)
         select tenant_id, school_year_id, site_id, '5Z', 'primaria', 5 from classes
          where id = $1 returning id, school_year_id`,
        [first.id],
      );
      return [first, second];
    });
    await enrollSofia(db, `select '${first.id}'::uuid as id`);
    const op = await signedIn(db, PEOPLE.operator);
    const edit = await htmlOf(await op.get(`/operatore/classi/${first.id}`));
    assert.match(edit, new RegExp(`href="/operatore/classi/${first.id}/elimina"`));
    const blocked = await htmlOf(await op.get(`/operatore/classi/${first.id}/elimina`));
    assert.match(
      blocked,
      new RegExp(
        "La classe non si può eliminare: vi fanno riferimento " +
          `${escape(describeReferences(await refsOf(db, "class_id", first.id), "it"))}\\.`,
      ),
    );
    await htmlOf(await op.postForm(`/operatore/classi/${first.id}/elimina`, {}), 409);

    const confirm = await htmlOf(await op.get(`/operatore/classi/${second.id}/elimina`));
    assert.match(confirm, /<h1>Eliminare la classe /);
    assert.match(confirm, /Elimina la classe<\/button>/);
    const res = await op.postForm(`/operatore/classi/${second.id}/elimina`, {});
    assert.equal(res.status, 303, await res.text());
    assert.equal(
      res.headers.get("location"),
      `/operatore/classi?anno=${second.school_year_id}&eliminata=1`,
    );
    assert.match(await htmlOf(await op.get(res.headers.get("location")!)), /Classe eliminata\./);
    const rows = await db.asOwner((tx) =>
      tx.query("select 1 from classes where id = any($1::uuid[])", [[first.id, second.id]])
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(
      (await auditOf(db, "classes", second.id)).map((r) => r.action).at(-1),
      "delete",
    );
  },
);

dbTest("back office: teachers and families cannot delete", async (db) => {
  const site = await idOf(db, PASCOLI);
  for (const who of [PEOPLE.ferrari, PEOPLE.family]) {
    const c: TestClient = await signedIn(db, who);
    const res = await c.postForm(`/operatore/plessi/${site}/elimina`, {});
    assert.equal(res.status, 403, who);
    await res.body?.cancel();
  }
});

dbTest("API: DELETE sites and classes, 409 with references while in use", async (db) => {
  await withStorage(async (dir) => {
    const { id, key } = await siteWithPhoto(db, dir);
    const op = await signedIn(db, PEOPLE.operator, dir);
    const pascoli = await idOf(db, PASCOLI);

    const inUse = await jsonOf(await api(op, "DELETE", `/api/v1/sites/${pascoli}`), 409);
    assert.equal(inUse.code, "site_in_use");
    assert.deepEqual(inUse.references, await refsOf(db, "site_id", pascoli));
    assert.equal(inUse.references.classes, 5);
    assert.match(inUse.detail, /^The site cannot be deleted: 5 classes.* refer to it\./);

    const classId = await idOf(db, `select id from classes where site_id = $1 order by name`, [
      pascoli,
    ]);
    await enrollSofia(db, `select '${classId}'::uuid as id`);
    const classInUse = await jsonOf(await api(op, "DELETE", `/api/v1/classes/${classId}`), 409);
    assert.equal(classInUse.code, "class_in_use");
    assert.deepEqual(classInUse.references, await refsOf(db, "class_id", classId));
    assert.ok(classInUse.references.enrollments >= 1);

    // A class nothing refers to, whatever the demo holds.
    const other = await idOf(
      db,
      `insert into classes (tenant_id, school_year_id, site_id, name, school_level, grade)
       select tenant_id, school_year_id, site_id, '5Z', 'primaria', 5 from classes
        where id = $1 returning id`,
      [classId],
    );
    const gone = await op.request(`/api/v1/classes/${other}`, {
      method: "DELETE",
      headers: { "x-csrf-token": await op.csrf() },
    });
    assert.equal(gone.status, 204);
    await jsonOf(await api(op, "GET", `/api/v1/classes/${other}`), 404);
    await jsonOf(await api(op, "DELETE", `/api/v1/classes/${other}`), 404);

    const deleted = await api(op, "DELETE", `/api/v1/sites/${id}`);
    assert.equal(deleted.status, 204, await deleted.text());
    await assert.rejects(Deno.stat(`${dir}/${key}`), Deno.errors.NotFound);
    await jsonOf(await api(op, "GET", `/api/v1/sites/${id}`), 404);
    assert.equal(
      (await jsonOf(await api(op, "DELETE", "/api/v1/sites/nope"), 422)).code,
      "validation_failed",
    );

    // Teachers may not delete; another Ente's site is a 404.
    const teacher = await signedIn(db, PEOPLE.ferrari);
    assert.equal(
      (await jsonOf(await api(teacher, "DELETE", `/api/v1/sites/${pascoli}`), 403)).code,
      "forbidden",
    );
    await addOtherTenant(db);
    const stranger = await signedIn(db, OTHER_ADMIN);
    await jsonOf(
      await api(stranger, "DELETE", `/api/v1/classes/${classId}`),
      404,
    );
  });
});

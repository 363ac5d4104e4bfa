import assert from "node:assert/strict";
import { diaryPushTargets } from "../lib/diary/posts.ts";
import { DEMO_DIARY_POSTS } from "../lib/diary/demo.ts";
import { diaryScene } from "../lib/diary/testing.ts";
import { storageFor } from "../lib/storage/mod.ts";
import { jsonOf, testConfig } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { signedInClient, type TestClient } from "./helpers/app.ts";

const TEACHER = "l.ferrari@scuola.valdiponte.example";
const PARENT = "chiara.colombo@posta.example";

async function postJson(c: TestClient, path: string, body: unknown) {
  return await c.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": await c.csrf() },
    body: JSON.stringify(body),
  });
}

/** A diary post through the API: multipart/form-data, photos as repeated `photos` parts. */
async function postPost(c: TestClient, fields: Record<string, string>, photos: File[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const p of photos) form.append("photos", p);
  return await c.request("/api/v1/diary/posts", {
    method: "POST",
    headers: { "x-csrf-token": await c.csrf() },
    body: form,
  });
}

dbTest(
  "diary API: teacher posts to own class, family reads it and leaves a receipt",
  async (db) => {
    const s = await diaryScene(db);
    const teacher = await signedInClient(db, TEACHER);
    const created = await jsonOf(
      await postPost(teacher, {
        class_id: s.classId,
        body: "  Oggi abbiamo fatto i biscotti.  ",
      }),
      201,
    );
    assert.equal(created.body, "Oggi abbiamo fatto i biscotti.");
    assert.equal(created.author_name, "Laura Ferrari");
    assert.deepEqual(created.readers, []);

    // Live hints queued for the teacher's class and the child's room, delivered at commit.
    const events = await db.asOwner((tx) =>
      tx.query<{ room: string; event: string }>(
        "select room, event from private.realtime_outbox where event like 'diary.%' order by id",
      )
    );
    assert.deepEqual(events.map((e) => `${e.event} ${e.room}`).sort(), [
      `diary.post child:${s.enrollmentId}`,
      `diary.post class:${s.classId}`,
    ]);

    // Web push goes to both parents' accounts.
    const targets = await db.asService((tx) => diaryPushTargets(tx, s.tenantId, created.id));
    assert.deepEqual(targets.sort(), [...s.parentIds].sort());

    // To one child of the class.
    const toChild = await jsonOf(
      await postPost(teacher, {
        enrollment_id: s.enrollmentId,
        body: "Sofia ha dimenticato il cappello.",
      }),
      201,
    );
    assert.equal(toChild.enrollment_id, s.enrollmentId);

    // Another class: refused, nothing stored.
    const refused = await jsonOf(
      await postPost(teacher, { class_id: s.otherClassId, body: "Ciao" }),
      403,
    );
    assert.equal(refused.code, "diary.not_your_class");
    const bad = await jsonOf(
      await postPost(teacher, { class_id: s.classId, body: "   " }),
      422,
    );
    assert.equal(bad.errors[0].code, "diary.body_required");

    const parent = await signedInClient(db, PARENT);
    const feed = await jsonOf(await parent.get("/api/v1/diary/posts"), 200);
    assert.deepEqual(feed.items.map((p: { id: string }) => p.id), [toChild.id, created.id]);
    assert.equal(feed.items[0].child_name, "Sofia Ricci");
    assert.equal(feed.items[1].read_by_me, false);

    const read = await jsonOf(
      await postJson(parent, `/api/v1/diary/posts/${created.id}/read`, {}),
      200,
    );
    assert.equal(read.new_receipt, true);
    const again = await jsonOf(
      await postJson(parent, `/api/v1/diary/posts/${created.id}/read`, {}),
      200,
    );
    assert.equal(again.new_receipt, false, "a receipt is recorded once");
    const [readEvent] = await db.asOwner((tx) =>
      tx.query<{ room: string }>(
        "select room from private.realtime_outbox where event = 'diary.read'",
      )
    );
    assert.equal(readEvent.room, `class:${s.classId}`);

    const teacherView = await jsonOf(
      await teacher.get(`/api/v1/diary/posts?class_id=${s.classId}`),
      200,
    );
    const seen = teacherView.items.find((p: { id: string }) => p.id === created.id);
    assert.deepEqual(seen.readers.map((r: { name: string }) => r.name), ["Chiara Colombo"]);

    // Families cannot post.
    await jsonOf(
      await postPost(parent, { class_id: s.classId, body: "x" }),
      403,
    );
    // Receipts are the families': anyone else finds no such post to read.
    await jsonOf(await postJson(teacher, `/api/v1/diary/posts/${created.id}/read`, {}), 404);
  },
);

dbTest("diary API: a family reads only its own children's posts", async (db) => {
  const s = await diaryScene(db);
  const teacher = await signedInClient(db, TEACHER);
  // A child of the class from another household, in the same diary service.
  const otherChild = await db.asOwner(async (tx) => {
    const [e] = await tx.query<{ id: string }>(
      `insert into public.enrollments (tenant_id, service_id, school_year_id, beneficiary_id,
         payer_id, household_id, site_id, class_id, starts_on, ends_on)
       select e.tenant_id, $2, c.school_year_id, e.beneficiary_id, e.payer_id, e.household_id,
              c.site_id, c.id, '2026-09-14', '2027-06-30'
         from public.enrollments e, public.classes c
        where c.id = $1 and e.tenant_id = c.tenant_id and e.service_id <> $2
          and e.household_id is not null
          and e.household_id <> (select household_id from public.enrollments where id = $3)
          and not exists (select 1 from public.enrollments x where x.service_id = $2
                             and x.beneficiary_id = e.beneficiary_id)
        order by e.created_at limit 1
       returning id`,
      [s.classId, s.serviceId, s.enrollmentId],
    );
    return e.id;
  });
  const mine = await jsonOf(
    await postPost(teacher, {
      enrollment_id: s.enrollmentId,
      body: "Per Sofia",
    }),
    201,
  );
  const theirs = await jsonOf(
    await postPost(teacher, {
      enrollment_id: otherChild,
      body: "Per un altro bambino",
    }),
    201,
  );
  const parent = await signedInClient(db, PARENT);
  const feed = await jsonOf(await parent.get("/api/v1/diary/posts"), 200);
  assert.deepEqual(feed.items.map((p: { id: string }) => p.id), [mine.id]);
  await jsonOf(await postJson(parent, `/api/v1/diary/posts/${theirs.id}/read`, {}), 404);
  // The second parent of the household sees the same posts.
  const other = await signedInClient(db, "luca.ricci@posta.example");
  const feed2 = await jsonOf(await other.get("/api/v1/diary/posts"), 200);
  assert.deepEqual(feed2.items.map((p: { id: string }) => p.id), [mine.id]);
});

dbTest("diary API: refused by the database when the diary is disabled", async (db) => {
  const s = await diaryScene(db, { diary: false });
  const teacher = await signedInClient(db, TEACHER);
  for (
    const target of [{ class_id: s.classId }, { enrollment_id: s.enrollmentId }] as Record<
      string,
      string
    >[]
  ) {
    const res = await jsonOf(
      await postPost(teacher, { ...target, body: "Ciao" }),
      422,
    );
    assert.equal(res.errors[0].code, "diary.disabled");
  }
  // Even as the owner (no RLS), the database refuses it.
  await assert.rejects(
    db.asOwner((tx) =>
      tx.query(
        `insert into public.diary_posts (tenant_id, class_id, author_id, author_name, body)
         values ($1, $2, $3, 'x', 'Ciao')`,
        [s.tenantId, s.classId, s.teacherId],
      )
    ),
    /diary_disabled/,
  );
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.diary_posts
        where tenant_id = $1 and (class_id = $2 or enrollment_id = $3)`,
      [s.tenantId, s.classId, s.enrollmentId],
    )
  );
  assert.equal(n, 0);
});

dbTest(
  "communications API: reaches the right families, refused when notices are disabled",
  async (db) => {
    const s = await diaryScene(db);
    const operator = await signedInClient(db, "m.rossi@comune.valdiponte.example");
    const preview = await jsonOf(
      await postJson(operator, "/api/v1/communications", {
        service_id: s.serviceId,
        class_id: s.classId,
        subject: "Uscita didattica",
        body: "Giovedì il post-scuola termina alle 17.",
        dry_run: true,
      }),
      201,
    );
    assert.equal(preview.communication, null);
    assert.deepEqual(preview.preview, {
      children: 1,
      recipients: 2,
      with_email: 2,
      with_account: 2,
    });

    const sent = await jsonOf(
      await postJson(operator, "/api/v1/communications", {
        service_id: s.serviceId,
        class_id: s.classId,
        subject: "Uscita didattica",
        body: "Giovedì il post-scuola termina alle 17.",
      }),
      201,
    );
    assert.equal(sent.communication.recipient_count, 2);
    assert.equal(sent.communication.sender_kind, "office");
    const mails = await db.asOwner((tx) =>
      tx.query<{ to_address: string; subject: string }>(
        "select to_address, subject from public.mail_outbox where subject like '%Uscita didattica' order by to_address",
      )
    );
    assert.deepEqual(mails.map((m) => m.to_address), [
      "chiara.colombo@posta.example",
      "luca.ricci@posta.example",
    ]);

    const parent = await signedInClient(db, PARENT);
    const got = await jsonOf(await parent.get("/api/v1/communications"), 200);
    assert.deepEqual(got.items.map((c: { subject: string }) => c.subject), ["Uscita didattica"]);
    assert.equal(got.items[0].read_at, null);
    // A family of the Ente with no child in the class receives nothing.
    const teacherList = await signedInClient(db, TEACHER);
    await jsonOf(await teacherList.get("/api/v1/communications"), 403);

    const invalid = await jsonOf(
      await postJson(operator, "/api/v1/communications", {
        service_id: s.serviceId,
        subject: "x",
        body: "",
      }),
      422,
    );
    assert.deepEqual(invalid.errors.map((e: { code: string }) => e.code), [
      "notice.subject_required",
      "notice.body_required",
    ]);

    await db.asOwner((tx) =>
      tx.query("update public.services set notices_enabled = false where id = $1", [s.serviceId])
    );
    const disabled = await jsonOf(
      await postJson(operator, "/api/v1/communications", {
        service_id: s.serviceId,
        subject: "Sciopero",
        body: "Il servizio non è garantito.",
      }),
      422,
    );
    assert.equal(disabled.errors[0].code, "notice.disabled");
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from public.communications where subject = 'Sciopero'",
      )
    );
    assert.equal(n, 0);

    // The provider of another service cannot write to these families.
    const provider = await signedInClient(db, "ordini@ristorazionecolli.example");
    await db.asOwner((tx) =>
      tx.query("update public.services set notices_enabled = true where id = $1", [s.serviceId])
    );
    await jsonOf(
      await postJson(provider, "/api/v1/communications", {
        service_id: s.serviceId,
        subject: "Menu",
        body: "Nuovo menu invernale.",
      }),
      403,
    );
  },
);

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const png = (name: string) => new File([PNG], name, { type: "image/png" });

async function countPosts(db: Parameters<Parameters<typeof dbTest>[1]>[0], classId: string) {
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.diary_posts p
         left join public.enrollments e on e.id = p.enrollment_id
        where p.class_id = $1 or e.class_id = $1`,
      [classId],
    )
  );
  return n;
}

dbTest(
  "diary API: photos as multipart, checked like the page, nothing stored when refused",
  async (db) => {
    const s = await diaryScene(db);
    const teacher = await signedInClient(db, TEACHER);

    const fake = new File([new TextEncoder().encode("<svg/>")], "gita.png", { type: "image/png" });
    const badType = await jsonOf(
      await postPost(teacher, { class_id: s.classId, body: "Gita", alt_text: "Il parco" }, [
        png("a.png"),
        fake,
      ]),
      422,
    );
    assert.equal(badType.errors[0].path, "body.photos");
    assert.equal(badType.errors[0].code, "image.type");
    const noAlt = await jsonOf(
      await postPost(teacher, { class_id: s.classId, body: "Gita" }, [png("a.png")]),
      422,
    );
    assert.equal(noAlt.errors[0].code, "diary.alt_text");
    const seven = await jsonOf(
      await postPost(
        teacher,
        { class_id: s.classId, body: "Gita", alt_text: "Il parco" },
        Array.from({ length: 7 }, (_, i) => png(`${i}.png`)),
      ),
      422,
    );
    assert.equal(seven.errors[0].code, "diary.too_many_photos");
    const notAFile = await teacher.request("/api/v1/diary/posts", {
      method: "POST",
      headers: { "x-csrf-token": await teacher.csrf() },
      body: (() => {
        const f = new FormData();
        f.set("class_id", s.classId);
        f.set("body", "Gita");
        f.append("photos", png("a.png"));
        f.append("photos", "not a file");
        return f;
      })(),
    });
    assert.equal((await jsonOf(notAFile, 422)).errors[0].path, "body.photos");
    // JSON is not the documented body of this operation.
    const asJson = await postJson(teacher, "/api/v1/diary/posts", {
      class_id: s.classId,
      body: "x",
    });
    assert.equal((await jsonOf(asJson, 415)).code, "unsupported_media_type");
    assert.equal(await countPosts(db, s.classId), 0, "nothing stored for refused posts");
    const [{ photos }] = await db.asOwner((tx) =>
      tx.query<{ photos: number }>("select count(*)::int as photos from public.diary_photos")
    );
    assert.equal(photos, 0);

    const created = await jsonOf(
      await postPost(
        teacher,
        { enrollment_id: s.enrollmentId, body: "Sofia al parco", alt_text: "Sofia sullo scivolo" },
        [png("1.png"), png("2.png")],
      ),
      201,
    );
    assert.equal(created.photos.length, 2);
    assert.deepEqual(created.photos.map((p: { alt_text: string }) => p.alt_text), [
      "Sofia sullo scivolo",
      "Sofia sullo scivolo",
    ]);
    const parent = await signedInClient(db, PARENT);
    const img = await parent.get(created.photos[1].url);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get("content-type"), "image/png");
    assert.deepEqual(new Uint8Array(await img.arrayBuffer()), PNG);
  },
);

dbTest("diary API: the author edits and deletes a post, audited, announced live", async (db) => {
  const s = await diaryScene(db);
  const teacher = await signedInClient(db, TEACHER);
  const created = await jsonOf(
    await postPost(
      teacher,
      { class_id: s.classId, body: "Domani gita", alt_text: "La classe in cortile" },
      [png("1.png")],
    ),
    201,
  );
  assert.equal(created.mine, true);
  const patch = (c: TestClient, body: unknown) =>
    c.csrf().then((token) =>
      c.request(`/api/v1/diary/posts/${created.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "x-csrf-token": token },
        body: JSON.stringify(body),
      })
    );
  const del = (c: TestClient) =>
    c.csrf().then((token) =>
      c.request(`/api/v1/diary/posts/${created.id}`, {
        method: "DELETE",
        headers: { "x-csrf-token": token },
      })
    );

  const empty = await jsonOf(await patch(teacher, { body: "  " }), 422);
  assert.equal(empty.errors[0].code, "diary.body_required");
  const edited = await jsonOf(await patch(teacher, { body: "Domani gita al museo " }), 200);
  assert.equal(edited.body, "Domani gita al museo");
  assert.ok(edited.edited_at);
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ before: { body: string }; after: { body: string }; actor_id: string }>(
      `select before, after, actor_id from public.audit_log
        where entity = 'diary_posts' and entity_id = $1 and action = 'update'`,
      [created.id],
    )
  );
  assert.equal(audit.before.body, "Domani gita");
  assert.equal(audit.after.body, "Domani gita al museo");
  assert.equal(audit.actor_id, s.teacherId);

  // The family sees the new text, not a post of its own to change.
  const parent = await signedInClient(db, PARENT);
  const seen = await jsonOf(await parent.get(`/api/v1/diary/posts/${created.id}`), 200);
  assert.equal(seen.body, "Domani gita al museo");
  assert.equal(seen.mine, false);
  await jsonOf(await patch(parent, { body: "x" }), 403);
  await jsonOf(await del(parent), 403);
  // Another teacher, or the office, cannot change it either.
  const romano = await signedInClient(db, "a.romano@scuola.valdiponte.example");
  await jsonOf(await patch(romano, { body: "x" }), 404);
  await jsonOf(await del(romano), 404);
  const office = await signedInClient(db, "m.rossi@comune.valdiponte.example");
  await jsonOf(await patch(office, { body: "x" }), 404);
  await jsonOf(await del(office), 404);

  const [{ storage_key }] = await db.asOwner((tx) =>
    tx.query<{ storage_key: string }>(
      "select storage_key from public.diary_photos where post_id = $1",
      [created.id],
    )
  );
  const storage = storageFor(await testConfig());
  assert.ok(await storage.get(storage_key), "photo stored");
  const gone = await del(teacher);
  assert.equal(gone.status, 204);
  assert.equal(await storage.get(storage_key), null, "the photo's file is removed too");
  await jsonOf(await del(teacher), 404);
  await jsonOf(await parent.get(`/api/v1/diary/posts/${created.id}`), 404);
  const logged = await db.asOwner((tx) =>
    tx.query<{ entity: string; action: string }>(
      `select entity, action from public.audit_log
        where action = 'delete' and (entity_id = $1 or before ->> 'post_id' = $1)
        order by entity`,
      [created.id],
    )
  );
  assert.deepEqual(logged.map((l) => `${l.entity} ${l.action}`), [
    "diary_photos delete",
    "diary_posts delete",
  ]);
  const events = await db.asOwner((tx) =>
    tx.query<{ room: string; event: string }>(
      `select room, event from private.realtime_outbox
        where event in ('diary.edited', 'diary.deleted') order by id`,
    )
  );
  assert.deepEqual(events.map((e) => `${e.event} ${e.room}`).sort(), [
    `diary.deleted child:${s.enrollmentId}`,
    `diary.deleted class:${s.classId}`,
    `diary.edited child:${s.enrollmentId}`,
    `diary.edited class:${s.classId}`,
  ]);
});

dbTest(
  "demo: the canteen keeps a diary the demo teacher reads and writes in class 2A",
  async (db) => {
    const classId = await db.asOwner(async (tx) => {
      const [svc] = await tx.query<{ diary_enabled: boolean; notices_enabled: boolean }>(
        "select diary_enabled, notices_enabled from public.services where code = 'MENSA'",
      );
      assert.deepEqual(svc, { diary_enabled: true, notices_enabled: true });
      const [c] = await tx.query<{ id: string }>(
        `select c.id from public.classes c join public.school_years y on y.id = c.school_year_id
        where c.name = '2A' and y.label = '2026/27'`,
      );
      return c.id;
    });
    const teacher = await signedInClient(db, TEACHER);
    const feed = await jsonOf(await teacher.get(`/api/v1/diary/posts?class_id=${classId}`), 200);
    assert.equal(feed.items.length, DEMO_DIARY_POSTS.length);
    assert.deepEqual(
      feed.items.map((p: { child_name: string | null }) => p.child_name),
      [...DEMO_DIARY_POSTS].reverse().map(([, , child]) => child),
    );
    assert.ok(
      feed.items.every((p: { mine: boolean; author_name: string }) =>
        p.mine && p.author_name === "Laura Ferrari"
      ),
    );
    // Live hints are for news: the demo's history queued none.
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        "select count(*)::int as n from private.realtime_outbox where event like 'diary.%'",
      )
    );
    assert.equal(n, 0);
    const created = await jsonOf(
      await postPost(teacher, { class_id: classId, body: "Domani menu speciale d'autunno." }),
      201,
    );
    assert.equal(created.class_name, "2A");
  },
);

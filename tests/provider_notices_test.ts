import assert from "node:assert/strict";
import { htmlOf, jsonOf, signedInClient, type TestClient } from "./helpers/app.ts";
import type { Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";

const PROVIDER = "ordini@ristorazionecolli.example";

async function postJson(c: TestClient, path: string, body: unknown) {
  return await c.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": await c.csrf() },
    body: JSON.stringify(body),
  });
}

/** The canteen (run by the provider's company) with communications on; ids by name. */
async function scene(db: Db) {
  return await db.asOwner(async (tx) => {
    const [s] = await tx.query<{ mensa: string; post: string }>(
      `update public.services set notices_enabled = true
        where code in ('MENSA', 'POSTSCUOLA')
        returning (select id from public.services where code = 'MENSA') as mensa,
                  (select id from public.services where code = 'POSTSCUOLA') as post`,
    );
    const ids = await tx.query<{ name: string; id: string; site_id: string }>(
      `select c.name, c.id, c.site_id from public.classes c
        where c.name in ('3A', '5A', 'Lattanti')`,
    );
    const cls = (n: string) => ids.find((c) => c.name === n)!;
    // The adults a notice to the canteen's class 3A must reach: parents and guardians of the
    // children enrolled there today, and their payers.
    const expected = await tx.query<{ id: string }>(
      `select distinct x.id from (
         select m.person_id as id from public.enrollments e
           join public.household_members m on m.household_id = e.household_id
                                          and m.role in ('parent', 'legal_guardian')
          where e.service_id = $1 and e.class_id = $2
            and coalesce(e.withdrawn_on, e.ends_on) >= current_date
         union
         select e.payer_id from public.enrollments e
          where e.service_id = $1 and e.class_id = $2
            and coalesce(e.withdrawn_on, e.ends_on) >= current_date) x
       order by x.id`,
      [s.mensa, cls("3A").id],
    );
    return {
      mensa: s.mensa,
      postscuola: s.post,
      class3A: cls("3A").id,
      class5A: cls("5A").id,
      nidoClass: cls("Lattanti").id,
      nidoSite: cls("Lattanti").site_id,
      expected: expected.map((r) => r.id),
    };
  });
}

async function countCommunications(db: Db) {
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from public.communications")
  );
  return n;
}

dbTest("provider notices: a class of its service reaches only those families", async (db) => {
  const s = await scene(db);
  assert.ok(s.expected.length > 0, "the demo has canteen children in 3A");
  const provider = await signedInClient(db, PROVIDER);

  // The choices: only the sites and classes with canteen children, by name.
  const targets = await jsonOf(await provider.get("/api/v1/communications/targets"), 200);
  const classIds = targets.items.map((t: { class_id: string }) => t.class_id);
  assert.ok(classIds.includes(s.class3A) && classIds.includes(s.class5A));
  assert.ok(!classIds.includes(s.nidoClass), "no nursery class: not its service");
  assert.ok(targets.items.every((t: { service_id: string }) => t.service_id === s.mensa));

  const preview = await jsonOf(
    await postJson(provider, "/api/v1/communications", {
      service_id: s.mensa,
      class_id: s.class3A,
      subject: "Menu di dicembre",
      body: "Dal 1° dicembre il menu invernale.",
      dry_run: true,
    }),
    201,
  );
  assert.equal(preview.communication, null);
  assert.equal(preview.preview.recipients, s.expected.length);

  const sent = await jsonOf(
    await postJson(provider, "/api/v1/communications", {
      service_id: s.mensa,
      class_id: s.class3A,
      subject: "Menu di dicembre",
      body: "Dal 1° dicembre il menu invernale.",
    }),
    201,
  );
  assert.equal(sent.communication.sender_kind, "provider");
  assert.equal(sent.communication.class_name, "3A");
  assert.equal(sent.communication.recipient_count, s.expected.length);
  const got = await db.asOwner((tx) =>
    tx.query<{ person_id: string }>(
      `select person_id from public.communication_recipients where communication_id = $1
        order by person_id`,
      [sent.communication.id],
    )
  );
  assert.deepEqual(got.map((r) => r.person_id), s.expected);

  // The history shows it with its class; the families of 5A did not get it.
  const list = await jsonOf(await provider.get("/api/v1/communications"), 200);
  assert.equal(list.items[0].subject, "Menu di dicembre");
  assert.equal(list.items[0].class_id, s.class3A);
  const [{ outsiders }] = await db.asOwner((tx) =>
    tx.query<{ outsiders: number }>(
      `select count(*)::int as outsiders from public.communication_recipients r
        where r.communication_id = $1 and r.person_id not in (
          select m.person_id from public.enrollments e
            join public.household_members m on m.household_id = e.household_id
           where e.class_id = $2
          union select e.payer_id from public.enrollments e where e.class_id = $2)`,
      [sent.communication.id, s.class3A],
    )
  );
  assert.equal(outsiders, 0);

  // The page offers the same choices and sends to a site.
  const page = await htmlOf(await provider.get("/fornitori/comunicazioni"));
  assert.match(page, /id="class_id"/);
  assert.match(page, new RegExp(`value="${s.class3A}"`));
  assert.doesNotMatch(page, new RegExp(`value="${s.nidoClass}"`));
  assert.match(page, /Menu di dicembre/);
  const counted = await htmlOf(
    await provider.postForm("/fornitori/comunicazioni", {
      service_id: s.mensa,
      class_id: s.class3A,
      subject: "",
      body: "",
      action: "preview",
    }),
  );
  assert.match(counted, new RegExp(`Destinatari: ${s.expected.length} adulti`));
});

dbTest(
  "provider notices: another provider's site or class is refused, nothing stored",
  async (db) => {
    const s = await scene(db);
    const provider = await signedInClient(db, PROVIDER);
    const before = await countCommunications(db);
    const text = { subject: "Menu", body: "Nuovo menu." };
    for (
      const audience of [
        { service_id: s.mensa, class_id: s.nidoClass }, // a class with no canteen child
        { service_id: s.mensa, site_id: s.nidoSite }, // a site with no canteen child
        { service_id: s.postscuola, class_id: s.class3A }, // another company's service
      ]
    ) {
      const res = await jsonOf(
        await postJson(provider, "/api/v1/communications", { ...audience, ...text }),
        403,
      );
      assert.equal(res.code, "forbidden", JSON.stringify(audience));
      await jsonOf(
        await postJson(provider, "/api/v1/communications", { ...audience, ...text, dry_run: true }),
        403,
      );
    }
    // The page refuses a forged choice with a message on the field.
    const refused = await htmlOf(
      await provider.postForm("/fornitori/comunicazioni", {
        service_id: s.mensa,
        class_id: s.nidoClass,
        ...text,
        action: "send",
      }),
      422,
    );
    assert.match(refused, /role="alert"/);
    assert.match(refused, /Nessun bambino è iscritto al servizio scelto/);
    assert.match(
      refused,
      /id="class_id"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="class_id"/,
    );

    // Communications off: the same refusal as for the whole service.
    await db.asOwner((tx) =>
      tx.query("update public.services set notices_enabled = false where id = $1", [s.mensa])
    );
    const off = await jsonOf(
      await postJson(provider, "/api/v1/communications", {
        service_id: s.mensa,
        class_id: s.class3A,
        ...text,
      }),
      422,
    );
    assert.equal(off.errors[0].code, "notice.disabled");
    assert.equal(await countCommunications(db), before);
  },
);

dbTest("provider notices: a provider without its organization link has no choices", async (db) => {
  const s = await scene(db);
  await db.asOwner((tx) =>
    tx.query(
      `update public.memberships m set organization_id = null from public.users u
        where u.id = m.user_id and u.email = $1 and m.role = 'provider'`,
      [PROVIDER],
    )
  );
  const provider = await signedInClient(db, PROVIDER);
  assert.deepEqual(await jsonOf(await provider.get("/api/v1/communications/targets"), 200), {
    items: [],
  });
  const page = await htmlOf(await provider.get("/fornitori/comunicazioni"));
  assert.doesNotMatch(page, /Refezione scolastica/);
  assert.doesNotMatch(page, /id="class_id"/);
  await jsonOf(
    await postJson(provider, "/api/v1/communications", {
      service_id: s.mensa,
      subject: "Menu",
      body: "Nuovo menu.",
    }),
    403,
  );
  assert.equal(await countCommunications(db), 0);
});

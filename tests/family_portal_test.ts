import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { dbTest } from "./helpers/db.ts";
import { htmlOf, signedInClient, type TestClient } from "./helpers/app.ts";

const CHIARA = "chiara.colombo@posta.example";
const LUCA = "luca.ricci@posta.example";

async function ids(db: Db) {
  return await db.asOwner(async (tx) => {
    const [s] = await tx.query<{ id: string }>(
      "select id from public.services where code = 'ESTATE'",
    );
    const [m] = await tx.query<{ id: string }>(
      "select id from public.services where code = 'MENSA'",
    );
    const kids = await tx.query<{ id: string; name: string }>(
      `select id, name from public.people where surname = 'Ricci' and name in ('Sofia', 'Tommaso')
        order by name`,
    );
    const [chiara] = await tx.query<{ id: string }>(
      "select id from public.people where surname = 'Colombo' and name = 'Chiara'",
    );
    return { camp: s.id, canteen: m.id, kids, chiara: chiara.id };
  });
}

async function post(c: TestClient, path: string, fields: [string, string][]) {
  const res = await c.postForm(path, fields);
  const text = res.status === 303 ? "" : await res.text();
  return { status: res.status, location: res.headers.get("location") ?? "", text };
}

async function multipart(c: TestClient, path: string, form: FormData) {
  form.set("_csrf", await c.csrf());
  return await c.request(path, { method: "POST", body: form });
}

/** Chiara: step 1 → 4 for both children in the summer camp; returns the draft's id. */
async function draft(c: TestClient, o: Awaited<ReturnType<typeof ids>>) {
  const s1 = await post(c, "/famiglie/domande/nuova", [
    ["services", o.camp],
    ["kind", "new"],
    ["applicant_id", o.chiara],
    ["email", "chiara.colombo@posta.example"],
  ]);
  assert.equal(s1.status, 303, s1.text.slice(0, 2000));
  const id = s1.location.split("/")[3];
  const s2 = await post(
    c,
    `/famiglie/domande/${id}/bambini`,
    o.kids.map((k) => ["pick", `${k.id}:${o.camp}`]),
  );
  assert.equal(s2.status, 303, s2.text.slice(0, 2000));
  for (let n = 0; n < 2; n++) {
    const step = (await c.get(`/famiglie/domande/${id}`)).headers.get("location")!;
    assert.match(step, /\/dettagli\//);
    const form = new FormData();
    form.set("f_turni", "tutti");
    const r = await multipart(c, step, form);
    assert.equal(r.status, 303, await r.text());
  }
  assert.match((await c.get(`/famiglie/domande/${id}`)).headers.get("location")!, /dichiarazioni$/);
  const decl = await post(c, `/famiglie/domande/${id}/dichiarazioni`, [
    ["decl_truthful", "on"],
    ["decl_other_parent", "on"],
    ["decl_rules", "on"],
    ["decl_privacy", "on"],
  ]);
  assert.equal(decl.location, `/famiglie/domande/${id}/riepilogo`);
  return id;
}

dbTest(
  "family portal: a draft saved step by step, submitted once, seen by both parents",
  async (db) => {
    const o = await ids(db);
    const c = await signedInClient(db, CHIARA);
    const home = await htmlOf(await c.get("/famiglie"));
    assert.match(home, /Iscrizioni aperte/);
    assert.match(home, /Estate insieme/);

    // Missing choices: specific messages, nothing stored.
    const bad = await post(c, "/famiglie/domande/nuova", [["email", "x"]]);
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Scegli almeno un servizio/);
    assert.match(bad.text, /role="alert"/);
    const count = async () =>
      (await db.asOwner((tx) =>
        tx.query<{ n: number }>(
          "select count(*)::int as n from public.applications where channel = 'online'",
        )
      ))[0].n;
    const before = await count();

    const id = await draft(c, o);
    const [row] = await db.asOwner((tx) =>
      tx.query<{ status: string; n: number }>(
        `select a.status, (select count(*)::int from public.application_items i where i.application_id = a.id) as n
         from public.applications a where a.id = $1`,
        [id],
      )
    );
    assert.deepEqual(row, { status: "draft", n: 2 });
    assert.equal(await count(), before + 1);

    // Submit twice: one protocol, one set of mails.
    const s1 = await post(c, `/famiglie/domande/${id}/riepilogo`, []);
    assert.equal(s1.status, 303, s1.text.slice(0, 3000));
    const s2 = await post(c, `/famiglie/domande/${id}/riepilogo`, []);
    assert.equal(s2.status, 303);
    const page = await htmlOf(await c.get(s1.location));
    assert.match(page, /Domanda inviata/);
    const [sub] = await db.asOwner((tx) =>
      tx.query<{ protocol_number: string }>(
        "select protocol_number from public.applications where id = $1",
        [id],
      )
    );
    assert.match(sub.protocol_number, /^\d{4}\/\d{6}$/);
    assert.ok(page.includes(sub.protocol_number));
    const mails = await db.asOwner((tx) =>
      tx.query<{ to_address: string }>(
        "select to_address from public.mail_outbox where subject like $1 order by to_address",
        [`%${sub.protocol_number}%`],
      )
    );
    assert.equal(mails.length, 2, JSON.stringify(mails));

    // The receipt.
    const pdf = await c.get(`/famiglie/domande/${id}/ricevuta.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get("content-type"), "application/pdf");
    assert.equal(new TextDecoder().decode((await pdf.bytes()).slice(0, 5)), "%PDF-");

    // The other parent sees it, and cannot apply again for the same children.
    const luca = await signedInClient(db, LUCA);
    const seen = await htmlOf(await luca.get(`/famiglie/domande/${id}`));
    assert.ok(seen.includes(sub.protocol_number));
    const again = await draft(luca, o);
    const dup = await post(luca, `/famiglie/domande/${again}/riepilogo`, []);
    assert.equal(dup.status, 409);
    assert.match(dup.text, /esiste già una domanda/);
    const [st] = await db.asOwner((tx) =>
      tx.query<{ status: string }>("select status from public.applications where id = $1", [again])
    );
    assert.equal(st.status, "draft");

    // Another family of the Ente sees nothing.
    const other = await db.asOwner((tx) =>
      tx.query<{ email: string }>(
        `select u.email from public.users u join public.memberships m on m.user_id = u.id
        where m.role = 'family' and u.email not in ($1, $2) limit 1`,
        [CHIARA, LUCA],
      )
    );
    if (other[0]) {
      const x = await signedInClient(db, other[0].email);
      const r = await x.get(`/famiglie/domande/${id}`);
      assert.equal(r.status, 404);
      await r.body?.cancel();
    }
  },
);

dbTest("family portal: window closed and wrong certificate refused, nothing stored", async (db) => {
  const o = await ids(db);
  const c = await signedInClient(db, CHIARA);
  const id = await draft(c, o);
  await db.asOwner((tx) =>
    tx.query(
      `update public.services set enrollment_opens_at = now() - interval '2 days',
              enrollment_closes_at = now() - interval '1 day' where id = $1`,
      [o.camp],
    )
  );
  const closed = await post(c, `/famiglie/domande/${id}/riepilogo`, []);
  assert.equal(closed.status, 409);
  assert.match(closed.text, /Le iscrizioni non sono aperte/);

  // Canteen: a medical diet needs a real PDF/JPEG/PNG certificate.
  await db.asOwner((tx) =>
    tx.query(
      `update public.services set enrollment_opens_at = now() - interval '1 day',
              enrollment_closes_at = now() + interval '1 day' where id = $1`,
      [o.canteen],
    )
  );
  const s1 = await post(c, "/famiglie/domande/nuova", [
    ["services", o.canteen],
    ["kind", "renewal"],
    ["applicant_id", o.chiara],
    ["email", "chiara.colombo@posta.example"],
  ]);
  const cid = s1.location.split("/")[3];
  await post(c, `/famiglie/domande/${cid}/bambini`, [["pick", `${o.kids[0].id}:${o.canteen}`]]);
  const step = (await c.get(`/famiglie/domande/${cid}`)).headers.get("location")!;
  const [diet] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      "select id from public.canteen_diets where service_id = $1 and certificate_required limit 1",
      [o.canteen],
    )
  );
  const form = new FormData();
  form.set("_diet", diet.id);
  form.set(
    "_certificate",
    new File([new TextEncoder().encode("MZ not a pdf")], "cert.pdf", { type: "application/pdf" }),
  );
  const r = await multipart(c, step, form);
  const html = await r.text();
  assert.equal(r.status, 422);
  assert.match(html, /deve essere un file PDF, JPEG o PNG/);
  const big = new Uint8Array(5 * 1024 * 1024 + 10);
  big.set(new TextEncoder().encode("%PDF-1.7"));
  form.set("_certificate", new File([big], "cert.pdf", { type: "application/pdf" }));
  const r2 = await multipart(c, step, form);
  assert.equal(r2.status, 422);
  assert.match(await r2.text(), /supera il massimo di 5 MB/);
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.application_documents where application_id = $1",
      [cid],
    )
  );
  assert.equal(n, 0);
  // A real PDF is stored with its row.
  form.set(
    "_certificate",
    new File([new TextEncoder().encode("%PDF-1.4\n1 0 obj\n")], "certificato.pdf", {
      type: "application/pdf",
    }),
  );
  const r3 = await multipart(c, step, form);
  assert.ok([303, 422].includes(r3.status), await r3.text());
});

dbTest("family portal: an enrollment window closes on Rome's day, not UTC's", async (db) => {
  // 00:30 in Rome on 1 March is still 28 February in UTC.
  await db.asOwner((tx) =>
    tx.query(
      `update public.services set enrollment_opens_at = now() - interval '1 day',
              enrollment_closes_at = '2027-03-01T00:30:00+01:00'
        where title like '%Estate insieme%'`,
    )
  );
  const c = await signedInClient(db, CHIARA);
  const home = await htmlOf(await c.get("/famiglie"));
  assert.match(home, /Estate insieme»<\/a> \(fino al 1 marzo 2027\)/);
});

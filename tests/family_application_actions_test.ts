/**
 * What a family does with an application after step 1: replies in the thread, sends an
 * integration document when asked, withdraws (before the outcome only), downloads its documents
 * (audited, 404 for another household), changes step 1 of a draft, removes a child, deletes the
 * draft, reads the wizard and the receipt (PDF and e-mail) in English, sees the bus stops on a map.
 */
import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import type { Db } from "../lib/db/types.ts";
import {
  canteenBody,
  clearApplications,
  demoFacts,
  fileApplication,
} from "../lib/enrollment/review_testing.ts";
import { newStorageKey, storageFor } from "../lib/storage/mod.ts";
import { htmlOf, signedInClient, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const CHIARA = "chiara.colombo@posta.example";
const LUCA = "luca.ricci@posta.example";
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n");

const q = <T>(db: Db, sql: string, params: unknown[] = []) =>
  db.asOwner((tx) => tx.query<T>(sql, params));

async function multipart(c: TestClient, path: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("_csrf", await c.csrf());
  return await c.request(path, { method: "POST", body: form });
}

/** A submitted canteen application of the Ricci children (filed at the counter). */
async function submitted(db: Db) {
  await clearApplications(db);
  const f = await demoFacts(db);
  const id = await fileApplication(db, canteenBody(f));
  const items = await q<{ id: string; name: string }>(
    db,
    `select id, child ->> 'name' as name from public.application_items
      where application_id = $1 order by child ->> 'name'`,
    [id],
  );
  return { f, id, sofia: items[0].id, tommaso: items[1].id };
}

/** Chiara's draft for both children in the summer camp, details done; returns its id. */
async function campDraft(db: Db, c: TestClient, lang = "") {
  const [camp] = await q<{ id: string }>(
    db,
    "select id from public.services where code = 'ESTATE'",
  );
  const f = await demoFacts(db);
  const s1 = await c.postForm(`/famiglie/domande/nuova${lang}`, [
    ["services", camp.id],
    ["kind", "new"],
    ["applicant_id", f.applicant.id],
    ["email", CHIARA],
  ]);
  assert.equal(s1.status, 303, await s1.text());
  const id = s1.headers.get("location")!.split("/")[3];
  const s2 = await c.postForm(
    `/famiglie/domande/${id}/bambini${lang}`,
    f.kids.map((k): [string, string] => ["pick", `${k.id}:${camp.id}`]),
  );
  assert.equal(s2.status, 303);
  return { id, camp: camp.id, f };
}

dbTest(
  "family replies in the thread; a bad or empty reply is refused with its message",
  async (db) => {
    const { id } = await submitted(db);
    const c = await signedInClient(db, CHIARA);
    const empty = await c.postForm(`/famiglie/domande/${id}`, { body: "  " });
    const html = await htmlOf(empty, 422);
    assert.match(html, /role="alert"/);
    assert.match(html, /Scrivi il messaggio per l&#39;ufficio|Scrivi il messaggio per l'ufficio/);
    assert.match(html, /aria-invalid="true"/);
    // A file when no integration was asked for: refused, nothing stored.
    const file = await multipart(c, `/famiglie/domande/${id}`, {
      body: "Vi mando il certificato",
      file: new File([PDF], "cert.pdf", { type: "application/pdf" }),
    });
    assert.match(await htmlOf(file, 422), /non ha chiesto documenti/);

    const ok = await c.postForm(`/famiglie/domande/${id}`, { body: "Sofia inizia a ottobre." });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), `/famiglie/domande/${id}?risposta=1#messages-title`);
    const rows = await q<{ direction: string; body: string; channel: string }>(
      db,
      "select direction, body, channel from public.application_messages where application_id = $1 and direction = 'from_family'",
      [id],
    );
    assert.deepEqual(rows, [{
      direction: "from_family",
      body: "Sofia inizia a ottobre.",
      channel: "portal",
    }]);
    // The other parent reads it in the thread.
    const luca = await signedInClient(db, LUCA);
    const page = await htmlOf(await luca.get(`/famiglie/domande/${id}`));
    assert.match(page, /Sofia inizia a ottobre\./);
  },
);

dbTest(
  "needs_integration: the family attaches the document, checked by its bytes, and downloads it",
  async (db) => {
    const { id, tommaso } = await submitted(db);
    await q(
      db,
      `update public.application_items set outcome = 'needs_integration',
            outcome_reason = 'Manca il certificato del pediatra', reviewed_at = now() where id = $1`,
      [tommaso],
    );
    const dir = await Deno.makeTempDir();
    const c = await signedInClient(db, CHIARA, { config: { storageDir: dir } });
    const page = await htmlOf(await c.get(`/famiglie/domande/${id}`));
    assert.match(page, /Da integrare/);
    assert.match(page, /Manca il certificato del pediatra/);
    assert.match(page, /Documento di integrazione/);
    const bad = await multipart(c, `/famiglie/domande/${id}`, {
      body: "",
      file: new File([new TextEncoder().encode("MZ not a pdf")], "c.pdf", {
        type: "application/pdf",
      }),
    });
    assert.match(await htmlOf(bad, 422), /deve essere un file PDF, JPEG o PNG/);
    const ok = await multipart(c, `/famiglie/domande/${id}`, {
      body: "Ecco il certificato.",
      file: new File([PDF], "certificato pediatra.pdf", { type: "application/pdf" }),
    });
    assert.equal(ok.status, 303, await ok.text());
    const docs = await q<{ id: string; item_id: string; file_name: string; storage_key: string }>(
      db,
      "select id, item_id, file_name, storage_key from public.application_documents where application_id = $1",
      [id],
    );
    assert.equal(docs.length, 1);
    assert.equal(docs[0].item_id, tommaso);
    const [msg] = await q<{ subject: string; item_id: string }>(
      db,
      "select subject, item_id from public.application_messages where application_id = $1 and direction = 'from_family'",
      [id],
    );
    assert.deepEqual(msg, { subject: "Integrazione documentale", item_id: tommaso });
    // The page links it; the download streams the stored bytes.
    const after = await htmlOf(await c.get(`/famiglie/domande/${id}`));
    assert.ok(after.includes(`/famiglie/domande/${id}/documenti/${docs[0].id}`));
    const dl = await c.get(`/famiglie/domande/${id}/documenti/${docs[0].id}`);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get("content-type"), "application/pdf");
    assert.match(
      dl.headers.get("content-disposition")!,
      /attachment; filename="certificato pediatra\.pdf"/,
    );
    assert.deepEqual(new Uint8Array(await dl.arrayBuffer()), PDF);
    await Deno.remove(dir, { recursive: true });
  },
);

dbTest(
  "downloads: own diet certificate audited; another household and bad ids get 404",
  async (db) => {
    const { id, sofia } = await submitted(db);
    const dir = await Deno.makeTempDir();
    const [t] = await q<{ tenant_id: string }>(
      db,
      "select tenant_id from public.applications where id = $1",
      [id],
    );
    const key = newStorageKey(t.tenant_id);
    await storageFor({ storageDir: dir }).put(key, PDF);
    const [doc] = await q<{ id: string }>(
      db,
      `insert into public.application_documents (tenant_id, application_id, item_id, kind,
       storage_key, file_name, content_type, size_bytes)
     values ($1, $2, $3, 'diet_certificate', $4, 'dieta.pdf', 'application/pdf', $5) returning id`,
      [t.tenant_id, id, sofia, key, PDF.length],
    );
    const url = `/famiglie/domande/${id}/documenti/${doc.id}`;
    const c = await signedInClient(db, CHIARA, { config: { storageDir: dir } });
    assert.match(
      await htmlOf(await c.get(`/famiglie/domande/${id}`)),
      /Certificato medico per la dieta/,
    );
    const res = await c.get(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), PDF);
    const audit = await q<{ action: string; entity: string; entity_id: string; actor: string }>(
      db,
      `select l.action, l.entity, l.entity_id, u.email as actor from public.audit_log l
         join public.users u on u.id = l.actor_id
        where l.entity = 'application_documents' and l.action = 'download'`,
    );
    assert.deepEqual(audit, [{
      action: "download",
      entity: "application_documents",
      entity_id: doc.id,
      actor: CHIARA,
    }]);

    // Luca moves to a household of his own: no longer his application, nor its documents.
    await q(
      db,
      `with h as (insert into public.households (tenant_id, name) select tenant_id, 'Famiglia Ricci'
                 from public.applications where id = $1 returning id)
     update public.household_members set household_id = (select id from h)
      where person_id = (select id from public.people where surname = 'Ricci' and name = 'Luca')`,
      [id],
    );
    const luca = await signedInClient(db, LUCA, { config: { storageDir: dir } });
    for (const path of [url, `/famiglie/domande/${id}`, `/famiglie/domande/${id}/documenti/nope`]) {
      const r = await luca.get(path);
      assert.equal(r.status, 404, path);
      await r.body?.cancel();
    }
    const r2 = await c.get(`/famiglie/domande/${id}/documenti/${crypto.randomUUID()}`);
    assert.equal(r2.status, 404);
    await r2.body?.cancel();
    await Deno.remove(dir, { recursive: true });
  },
);

dbTest(
  "withdrawal: allowed before the outcome, refused after acceptance with a clear message",
  async (db) => {
    const { id, sofia } = await submitted(db);
    await q(
      db,
      "update public.application_items set outcome = 'accepted', reviewed_at = now() where id = $1",
      [sofia],
    );
    const c = await signedInClient(db, CHIARA);
    const before = await htmlOf(await c.get(`/famiglie/domande/${id}`));
    assert.doesNotMatch(before, /Ritira la domanda/);
    const refused = await c.postForm(`/famiglie/domande/${id}/ritira`, { reason: "Trasloco" });
    assert.equal(refused.status, 303);
    const shown = await htmlOf(await c.get(refused.headers.get("location")!));
    assert.match(
      shown,
      /La domanda è già stata accolta: per ritirarla contatta l&#39;ufficio|già stata accolta/,
    );
    const [still] = await q<{ status: string }>(
      db,
      "select status from public.applications where id = $1",
      [id],
    );
    assert.equal(still.status, "submitted");

    await q(
      db,
      "update public.application_items set outcome = 'pending', reviewed_at = null where id = $1",
      [sofia],
    );
    assert.match(await htmlOf(await c.get(`/famiglie/domande/${id}`)), /Ritira la domanda/);
    const ok = await c.postForm(`/famiglie/domande/${id}/ritira`, { reason: "Trasloco" });
    assert.equal(ok.headers.get("location"), `/famiglie/domande/${id}?ritirata=1`);
    const [row] = await q<{ status: string; withdrawal_reason: string }>(
      db,
      "select status, withdrawal_reason from public.applications where id = $1",
      [id],
    );
    assert.deepEqual(row, { status: "withdrawn", withdrawal_reason: "Trasloco" });
    const page = await htmlOf(await c.get(`/famiglie/domande/${id}?ritirata=1`));
    assert.match(page, /Domanda ritirata/);
    assert.match(page, /Ritirata/);
    assert.doesNotMatch(page, /Invia il messaggio/);
  },
);

dbTest("drafts: step 1 changed, a child removed, the draft deleted", async (db) => {
  await clearApplications(db);
  const c = await signedInClient(db, CHIARA);
  const { id, camp, f } = await campDraft(db, c);
  const edit = await htmlOf(await c.get(`/famiglie/domande/${id}/richiedente`));
  assert.match(edit, /checked/);
  const bad = await c.postForm(`/famiglie/domande/${id}/richiedente`, [["kind", "renewal"]]);
  assert.match(await htmlOf(bad, 422), /Scegli almeno un servizio/);
  const ok = await c.postForm(`/famiglie/domande/${id}/richiedente`, [
    ["services", camp],
    ["kind", "renewal"],
    ["applicant_id", f.applicant.id],
    ["email", "chiara.nuova@posta.example"],
    ["mobile", "+39 333 1234567"],
  ]);
  assert.equal(ok.status, 303, await ok.text());
  assert.match(ok.headers.get("location")!, /\/bambini\?servizi=/);
  const [a] = await q<{ kind: string; email: string; n: number }>(
    db,
    `select kind, applicant ->> 'email' as email,
            (select count(*)::int from public.application_items where application_id = a.id) as n
       from public.applications a where id = $1`,
    [id],
  );
  assert.deepEqual(a, { kind: "renewal", email: "chiara.nuova@posta.example", n: 2 });

  // Remove Tommaso from the review page.
  const review = await htmlOf(await c.get(`/famiglie/domande/${id}/riepilogo`));
  assert.match(review, /Togli Tommaso dalla domanda/);
  const tommaso = f.kids.find((k) => k.name === "Tommaso")!;
  const rm = await c.postForm(`/famiglie/domande/${id}/rimuovi-bambino`, {
    tax_code: tommaso.tax_code,
  });
  assert.equal(rm.headers.get("location"), `/famiglie/domande/${id}/riepilogo?rimosso=1`);
  const kids = await q<{ name: string }>(
    db,
    "select child ->> 'name' as name from public.application_items where application_id = $1",
    [id],
  );
  assert.deepEqual(kids, [{ name: "Sofia" }]);
  const again = await c.postForm(`/famiglie/domande/${id}/rimuovi-bambino`, {
    tax_code: tommaso.tax_code,
  });
  assert.equal(again.status, 404);
  await again.body?.cancel();

  // Delete: confirmation page, then gone; the other parent cannot reach it either.
  assert.match(
    await htmlOf(await c.get(`/famiglie/domande/${id}/elimina`)),
    /non si può annullare/,
  );
  const del = await c.postForm(`/famiglie/domande/${id}/elimina`, {});
  assert.equal(del.headers.get("location"), "/famiglie?bozza=eliminata");
  assert.match(await htmlOf(await c.get("/famiglie?bozza=eliminata")), /Bozza eliminata/);
  const left = await q(db, "select 1 from public.applications where id = $1", [id]);
  assert.equal(left.length, 0);
  const gone = await c.get(`/famiglie/domande/${id}`);
  assert.equal(gone.status, 404);
  await gone.body?.cancel();

  // A submitted application cannot be deleted as a draft.
  const { id: sub } = await submitted(db);
  const no = await c.postForm(`/famiglie/domande/${sub}/elimina`, {});
  assert.equal(no.headers.get("location"), `/famiglie/domande/${sub}`);
  assert.equal((await q(db, "select 1 from public.applications where id = $1", [sub])).length, 1);
});

dbTest(
  "English: the wizard, the receipt PDF and the receipt e-mail follow the family's language",
  async (db) => {
    await clearApplications(db);
    const c = await signedInClient(db, CHIARA);
    const step1 = await htmlOf(await c.get("/famiglie/domande/nuova?lang=en"));
    assert.match(step1, /<html lang="en"/);
    assert.match(step1, /New application/);
    assert.match(step1, /Who applies and pays/);
    const bad = await c.postForm("/famiglie/domande/nuova?lang=en", [["email", "x"]]);
    const err = await htmlOf(bad, 422);
    assert.match(err, /Choose at least one service open for enrollment/);
    assert.match(err, /The e-mail address is not valid/);
    const { id } = await campDraft(db, c, "?lang=en");
    const kids = await htmlOf(await c.get(`/famiglie/domande/${id}/bambini?lang=en`));
    assert.match(kids, /Children in your household/);
    const step = (await c.get(`/famiglie/domande/${id}`)).headers.get("location")!;
    const details = await htmlOf(await c.get(`${step}?lang=en`));
    assert.match(details, /Step 3 of 5/);
    for (let n = 0; n < 2; n++) {
      const at = (await c.get(`/famiglie/domande/${id}`)).headers.get("location")!;
      const r = await multipart(c, `${at}?lang=en`, { f_turni: "tutti" });
      assert.equal(r.status, 303, await r.text());
    }
    const decl = await htmlOf(await c.get(`/famiglie/domande/${id}/dichiarazioni?lang=en`));
    assert.match(decl, /I have read the privacy notice/);
    const d = await c.postForm(`/famiglie/domande/${id}/dichiarazioni?lang=en`, [
      ["decl_truthful", "on"],
      ["decl_other_parent", "on"],
      ["decl_rules", "on"],
    ]);
    assert.match(await htmlOf(d, 422), /Accept the privacy notice to submit the application/);
    await c.postForm(`/famiglie/domande/${id}/dichiarazioni?lang=en`, [
      ["decl_truthful", "on"],
      ["decl_other_parent", "on"],
      ["decl_rules", "on"],
      ["decl_privacy", "on"],
    ]);
    assert.match(
      await htmlOf(await c.get(`/famiglie/domande/${id}/riepilogo?lang=en`)),
      /Submit the application/,
    );
    const sent = await c.postForm(`/famiglie/domande/${id}/riepilogo?lang=en`, []);
    assert.equal(sent.status, 303);
    const page = await htmlOf(await c.get(`/famiglie/domande/${id}?inviata=1&lang=en`));
    assert.match(page, /Application submitted/);
    const [a] = await q<{ protocol_number: string }>(
      db,
      "select protocol_number from public.applications where id = $1",
      [id],
    );
    const mails = await q<{ subject: string; body_text: string }>(
      db,
      "select subject, body_text from public.mail_outbox where subject like $1",
      [`%${a.protocol_number}%`],
    );
    assert.ok(mails.length >= 2);
    for (const m of mails) {
      assert.equal(
        m.subject,
        `Enrollment application received – protocol no. ${a.protocol_number}`,
      );
      assert.match(m.body_text, /^Dear family,/);
      assert.match(m.body_text, /\?lang=en/);
    }
    const pdf = await c.get(`/famiglie/domande/${id}/ricevuta.pdf?lang=en`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get("content-type"), "application/pdf");
    assert.match(pdf.headers.get("content-disposition")!, /receipt-\d{4}-\d{6}\.pdf/);
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    assert.equal(doc.getTitle(), `Application receipt ${a.protocol_number}`);
    // Italian is the default.
    const it = await c.get(`/famiglie/domande/${id}/ricevuta.pdf?lang=it`);
    const itDoc = await PDFDocument.load(new Uint8Array(await it.arrayBuffer()));
    assert.equal(itDoc.getTitle(), `Ricevuta domanda ${a.protocol_number}`);
  },
);

dbTest("transport: the stops are a list to choose from and also a read-only map", async (db) => {
  await clearApplications(db);
  const [t] = await q<{ id: string }>(
    db,
    `update public.services set enrollment_opens_at = now() - interval '1 day',
            enrollment_closes_at = now() + interval '1 day', status = 'published'
      where code = 'TRASPORTO' returning id`,
  );
  const stops = await q<{ id: string; name: string }>(
    db,
    `select st.id, st.name from public.transport_stops st
       join public.transport_routes r on r.id = st.route_id
      where r.service_id = $1 and r.active order by r.code, st.position`,
    [t.id],
  );
  assert.ok(stops.length > 0, "the demo has transport stops");
  const c = await signedInClient(db, CHIARA);
  const f = await demoFacts(db);
  const s1 = await c.postForm("/famiglie/domande/nuova", [
    ["services", t.id],
    ["kind", "new"],
    ["applicant_id", f.applicant.id],
    ["email", CHIARA],
  ]);
  const id = s1.headers.get("location")!.split("/")[3];
  await c.postForm(`/famiglie/domande/${id}/bambini`, [["pick", `${f.kids[0].id}:${t.id}`]]);
  const step = (await c.get(`/famiglie/domande/${id}`)).headers.get("location")!;
  const html = await htmlOf(await c.get(step));
  assert.match(html, /<select[^>]*id="_stop"/);
  assert.ok(html.includes(stops[0].name.replaceAll("'", "&#39;")) || html.includes(stops[0].name));
  assert.match(html, /Le fermate sulla mappa/);
  assert.match(html, /class="route-map/);
  assert.doesNotMatch(html, /<form[^>]*method="post"[^>]*hidden/, "read-only: no move form");
  // The list, the primary control, numbers the stops as the map does.
  assert.match(html, /<option value="[^"]+">1\. /);
  // Without a stop: the specific message.
  const r = await multipart(c, step, { _stop: "" });
  assert.match(await htmlOf(r, 422), /Scegli la fermata dello scuolabus/);
  const ok = await multipart(c, step, { _stop: stops[0].id });
  assert.equal(ok.status, 303, await ok.text());
});

import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import {
  canteenBody,
  clearApplications,
  demoFacts,
  fileApplication,
} from "../lib/enrollment/review_testing.ts";
import { newStorageKey, storageFor } from "../lib/storage/mod.ts";
import { htmlOf, signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";

async function twoChildren(db: Db) {
  await clearApplications(db);
  const f = await demoFacts(db);
  const id = await fileApplication(db, canteenBody(f));
  const items = await db.asOwner((tx) =>
    tx.query<{ id: string; name: string }>(
      `select id, child ->> 'name' as name from public.application_items
        where application_id = $1 order by child ->> 'name'`,
      [id],
    )
  );
  return { f, id, sofia: items[0].id, tommaso: items[1].id };
}

dbTest("review: accept one child, waitlist the other, communicate by e-mail", async (db) => {
  const { id, sofia, tommaso } = await twoChildren(db);
  const c = await signedInClient(db, OPERATOR);
  const page = await htmlOf(await c.get(`/operatore/domande/${id}`));
  assert.match(page, /Sofia Ricci/);
  assert.match(page, /L&#39;alunno ha allergie o intolleranze alimentari\?|L'alunno ha allergie/);

  // A rejection without its reason is refused and nothing changes.
  const bad = await c.postForm(`/operatore/domande/${id}`, {
    _action: "review",
    item: sofia,
    esito: "rejected",
    motivo: "",
  });
  const badPage = await htmlOf(bad, 422);
  assert.match(badPage, /role="alert"/);
  assert.match(badPage, /Indica il motivo del rigetto/);
  assert.match(
    badPage,
    new RegExp(
      `id="motivo-${sofia}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="motivo-${sofia}"`,
    ),
  );

  for (const [item, esito] of [[sofia, "accepted"], [tommaso, "waitlisted"]]) {
    const r = await c.postForm(`/operatore/domande/${id}`, {
      _action: "review",
      item,
      esito,
      motivo: "",
      note: esito === "waitlisted" ? "Posti esauriti nel turno" : "",
    });
    assert.equal(r.status, 303);
  }
  const before = await db.asOwner((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from public.mail_outbox")
  );
  const r = await c.postForm(`/operatore/domande/${id}`, {
    _action: "communicate",
    canale: "email",
  });
  assert.equal(r.status, 303);
  const items = await db.asOwner((tx) =>
    tx.query<{ outcome: string; communicated_at: Date; communicated_via: string; notes: string }>(
      `select i.outcome, i.communicated_at, i.communicated_via, n.notes
         from public.application_items i
         left join public.application_review_notes n on n.item_id = i.id
        where i.application_id = $1 order by i.child ->> 'name'`,
      [id],
    )
  );
  assert.deepEqual(items.map((i) => i.outcome), ["accepted", "waitlisted"]);
  assert.deepEqual(items.map((i) => i.communicated_via), ["email", "email"]);
  assert.ok(items.every((i) => Date.now() - new Date(i.communicated_at).getTime() < 60_000));
  assert.equal(items[1].notes, "Posti esauriti nel turno");
  const mails = await db.asOwner((tx) =>
    tx.query<{ to_address: string; subject: string; body_text: string }>(
      "select to_address, subject, body_text from public.mail_outbox order by created_at",
    )
  );
  assert.equal(mails.length, before[0].n + 1);
  const mail = mails.at(-1)!;
  assert.equal(mail.to_address, "chiara.colombo@posta.example");
  assert.match(mail.subject, /^Esito della domanda n\. \d{4}\/\d{6}$/);
  assert.match(mail.body_text, /Sofia Ricci, Refezione scolastica: accolta/);
  assert.match(mail.body_text, /Tommaso Ricci, Refezione scolastica: in lista d'attesa/);
  assert.doesNotMatch(mail.body_text, /Posti esauriti/, "internal notes stay internal");
  const [msg] = await db.asOwner((tx) =>
    tx.query<{ direction: string; channel: string }>(
      `select direction, channel from public.application_messages
        where application_id = $1 and direction = 'to_family'`,
      [id],
    )
  );
  assert.deepEqual(msg, { direction: "to_family", channel: "email" });

  // Nothing left to communicate: the form says so, a second post is refused.
  const again = await c.postForm(`/operatore/domande/${id}`, {
    _action: "communicate",
    canale: "email",
  });
  assert.match(await htmlOf(again, 422), /Non ci sono esiti da comunicare/);

  // The history shows submission, outcomes and the communication.
  const detail = await htmlOf(await c.get(`/operatore/domande/${id}`));
  assert.match(detail, /Domanda inviata, protocollo \d{4}\/\d{6}/);
  assert.match(detail, /Esito per Sofia Ricci: Accolta/);
  assert.match(detail, /Esito comunicato per Tommaso Ricci \(E-mail\)/);

  const en = await htmlOf(await c.get(`/operatore/domande/${id}?lang=en`));
  assert.match(en, /Declared data/);
  assert.match(en, /Outcome communicated on .* – E-mail/);
  await htmlOf(await c.get(`/operatore/domande/${id}?lang=it`));

  // A rejected item is final; an accepted one can only be revoked.
  const back = await c.postForm(`/operatore/domande/${id}`, {
    _action: "review",
    item: sofia,
    esito: "waitlisted",
  });
  assert.match(await htmlOf(back, 422), /non si può passare/);
});

dbTest("review: list filters, bulk outcome for pending items, bulk communicate", async (db) => {
  const { f, id } = await twoChildren(db);
  // A second application, for another child of another family, by the counter.
  const other = canteenBody(f, []);
  const [anna] = await db.asOwner((tx) =>
    tx.query<{ id: string; tax_code: string; name: string; surname: string; birth_date: string }>(
      `select p.id, p.tax_code, p.name, p.surname, p.birth_date::text from public.people p
        where p.tax_code is not null and p.birth_date between '2015-01-01' and '2023-12-31'
          and p.merged_into is null and app.cf_canonical(p.tax_code) not in (
            select app.cf_canonical(r.tax_code) from public.people r
             where r.surname = 'Ricci' and r.tax_code is not null)
        order by p.surname, p.name limit 1`,
    )
  );
  const secondId = await fileApplication(db, {
    ...other,
    household_id: undefined,
    applicant_id: undefined,
    kind: "renewal",
    applicant: {
      ...other.applicant,
      surname: "Verdi",
      name: "Paolo",
      email: "p.verdi@example.org",
    },
    items: [{
      ...canteenBody(f).items[0],
      child_id: anna.id,
      child: {
        surname: anna.surname,
        name: anna.name,
        tax_code: anna.tax_code,
        birth_date: anna.birth_date,
      },
      answers: {
        codice_fiscale_alunno: anna.tax_code,
        data_nascita: anna.birth_date,
        allergie: "no",
        consenso: true,
      },
    }],
  });
  const c = await signedInClient(db, OPERATOR);
  const list = await htmlOf(await c.get("/operatore/domande"));
  assert.match(list, /2 domande, in ordine di ricezione/);
  // Order of receipt: the first filed comes first.
  const [p1, p2] = await db.asOwner((tx) =>
    tx.query<{ protocol_number: string }>(
      "select protocol_number from public.applications where id = any($1) order by submitted_at",
      [[id, secondId]],
    )
  );
  assert.ok(list.indexOf(p1.protocol_number) < list.indexOf(p2.protocol_number));
  assert.match(await htmlOf(await c.get("/operatore/domande?tipo=renewal")), /1 domande/);
  assert.match(await htmlOf(await c.get("/operatore/domande?q=tommaso")), /1 domande/);
  assert.match(await htmlOf(await c.get(`/operatore/domande?q=${p2.protocol_number}`)), /Verdi/);
  assert.match(await htmlOf(await c.get("/operatore/domande?esito=accepted")), /Nessuna domanda/);

  // Accept one of Sofia's items by hand, then bulk-waitlist both applications: only pending change.
  const [sofia] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      "select id from public.application_items where application_id = $1 and child ->> 'name' = 'Sofia'",
      [id],
    )
  );
  await c.postForm(`/operatore/domande/${id}`, {
    _action: "review",
    item: sofia.id,
    esito: "accepted",
  });
  const noReason = await c.postForm("/operatore/domande", [
    ["id", id],
    ["_action", "outcome"],
    ["esito", "rejected"],
    ["motivo", ""],
  ]);
  assert.match(await htmlOf(noReason, 422), /Indica il motivo del rigetto/);
  const bulk = await c.postForm("/operatore/domande", [
    ["id", id],
    ["id", secondId],
    ["_action", "outcome"],
    ["esito", "waitlisted"],
    ["motivo", ""],
  ]);
  assert.match(
    await htmlOf(bulk),
    /Esito registrato per 2 richieste di 2 domande; 1 richieste già istruite/,
  );
  const outcomes = await db.asOwner((tx) =>
    tx.query<{ name: string; outcome: string }>(
      "select child ->> 'name' as name, outcome from public.application_items order by 1",
    )
  );
  assert.deepEqual(
    Object.fromEntries(outcomes.map((o) => [o.name, o.outcome])),
    { [anna.name]: "waitlisted", Sofia: "accepted", Tommaso: "waitlisted" },
  );
  const comm = await c.postForm("/operatore/domande", [
    ["id", id],
    ["id", secondId],
    ["_action", "communicate"],
    ["canale", "pec"],
  ]);
  assert.match(await htmlOf(comm), /Esiti comunicati per 2 domande \(3 richieste\)/);
  const listed = await htmlOf(await c.get("/operatore/domande?esito=waitlisted"));
  assert.match(listed, /2 domande/);
  assert.doesNotMatch(listed, /<td>—<\/td>\s*<td>[12]<\/td>/, "communication time is shown");

  // CSV export of the filtered list, audited.
  const csv = await c.get("/operatore/domande/esporta?tipo=renewal");
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type")!, /^text\/csv/);
  const text = await csv.text();
  assert.match(text, /^\uFEFFProtocollo;Ricevuta il;/);
  assert.equal(text.trim().split("\r\n").length, 2);
  assert.match(text, /Verdi Paolo/);
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where action = 'export' and entity = 'applications'",
    )
  );
  assert.equal(n, 1);
});

dbTest("review: a health document's download is audited; messages reach the family", async (db) => {
  const { id, sofia } = await twoChildren(db);
  const dir = await Deno.makeTempDir();
  const key = await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ tenant_id: string }>(
      "select tenant_id from public.applications where id = $1",
      [id],
    );
    const key = newStorageKey(t.tenant_id);
    await tx.query(
      `insert into public.application_documents (tenant_id, application_id, item_id, kind,
         storage_key, file_name, content_type, size_bytes)
       values ($1, $2, $3, 'diet_certificate', $4, 'certificato.pdf', 'application/pdf', 9)`,
      [t.tenant_id, id, sofia, key],
    );
    return key;
  });
  await db.asOwner((tx) =>
    tx.query(
      `update public.application_items set diet_notes = 'Celiachia' where id = $1`,
      [sofia],
    )
  );
  await storageFor({ storageDir: dir }).put(key, new TextEncoder().encode("%PDF-1.4\n"));
  const c = await signedInClient(db, OPERATOR, { config: { storageDir: dir } });
  const page = await htmlOf(await c.get(`/operatore/domande/${id}`));
  const href = page.match(/href="(\/operatore\/domande\/[^"]+\/documenti\/[^"]+)"/)![1];
  const res = await c.get(href);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(await res.text(), "%PDF-1.4\n");
  const audit = await db.asOwner((tx) =>
    tx.query<{ details: { application_id: string } }>(
      "select details from public.audit_log where action = 'download' and entity = 'application_documents'",
    )
  );
  assert.equal(audit.length, 1);
  assert.equal(audit[0].details.application_id, id);
  assert.match(
    await htmlOf(await c.get(`/operatore/domande/${id}`)),
    /Documento scaricato: certificato\.pdf/,
  );
  const views = await db.asOwner((tx) =>
    tx.query<{ details: { special: string[] } }>(
      "select details from public.audit_log where action = 'view' and entity = 'applications'",
    )
  );
  assert.ok(views.length >= 1, "reading health data is audited");
  assert.deepEqual(views[0].details.special, ["diet"]);

  // The office writes; an empty message is refused field by field.
  const empty = await c.postForm(`/operatore/domande/${id}`, {
    _action: "message",
    oggetto: "",
    testo: "",
  });
  const emptyPage = await htmlOf(empty, 422);
  assert.match(emptyPage, /Scrivi l&#39;oggetto|Scrivi l'oggetto/);
  assert.match(emptyPage, /Scrivi il messaggio/);
  const sent = await c.postForm(`/operatore/domande/${id}`, {
    _action: "message",
    oggetto: "Certificato",
    testo: "Il certificato è scaduto: caricane uno nuovo.",
    email: "1",
  });
  assert.equal(sent.status, 303);
  const [mail] = await db.asOwner((tx) =>
    tx.query<{ to_address: string; subject: string }>(
      "select to_address, subject from public.mail_outbox where subject = 'Certificato'",
    )
  );
  assert.equal(mail.to_address, "chiara.colombo@posta.example");
});

/**
 * The registry's back-office pages over `app.request()`: search and filters, the person form
 * with each codice fiscale rule's Italian message, duplicates refused with a link to the record,
 * the person's page (audited), editing, households and organizations.
 */
import assert from "node:assert/strict";
import { generateCodiceFiscale, omocodiaVariant } from "../lib/codes/mod.ts";
import type { Db } from "../lib/db/types.ts";
import { DEMO_HOUSEHOLDS, demoTaxCode } from "../lib/registry/demo.ts";
import { DEMO_TENANT } from "../lib/seed/demo.ts";
import { testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const OPERATOR = "m.rossi@comune.valdiponte.example";
const BASE = "/operatore/anagrafiche";

async function operator(db: Db): Promise<TestClient> {
  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn(OPERATOR)).status, 303);
  return c;
}

async function html(res: Response, status = 200): Promise<string> {
  const body = await res.text();
  assert.equal(res.status, status, body.slice(0, 2000));
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  return body;
}

/** The demo Comune's people the list counts (merged records aside), whatever the seed holds. */
async function demoPeopleCount(db: Db): Promise<number> {
  const [{ n }] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      `select count(*)::int as n from public.people p
         join public.tenants t on t.id = p.tenant_id
        where t.istat_code = $1 and p.merged_into is null`,
      [DEMO_TENANT.istatCode],
    )
  );
  return n;
}

const NEW = {
  surname: "Marchi",
  name: "Elena",
  birthDate: "2019-06-15",
  sex: "F" as const,
  placeCode: "D612",
};
const NEW_CF = generateCodiceFiscale(NEW);

/** Fields of the person form; `kinds` repeated. */
function personForm(fields: Record<string, string>): Record<string, string> {
  return { surname: "Marchi", name: "Elena", citizenship: "IT", resident: "1", ...fields };
}

dbTest("pages: the registry is in the menu; search by name, CF and filters", async (db) => {
  const c = await operator(db);
  const home = await html(await c.get("/operatore"));
  assert.match(home, /href="\/operatore\/anagrafiche"[^>]*>\s*<span>Anagrafiche<\/span>/);

  const all = await html(await c.get(BASE));
  assert.match(all, /<h1>Anagrafiche<\/h1>/);
  const demoPeople = await demoPeopleCount(db);
  assert.ok(demoPeople >= DEMO_HOUSEHOLDS.flatMap((h) => h.members).length, "the seed's people");
  assert.match(all, new RegExp(`${demoPeople} persone in anagrafe`));
  assert.match(all, /rel="next"/, "more than one page");

  const ricci = await html(await c.get(`${BASE}?q=ricci`));
  const riccis = DEMO_HOUSEHOLDS.flatMap((h) => h.members).filter((m) => m.surname === "Ricci");
  assert.equal(riccis.length, 4, "Luca, Sofia, Tommaso and Giulia");
  assert.match(ricci, new RegExp(`${riccis.length} persone trovate`));
  assert.match(ricci, /Ricci Luca/);
  assert.match(ricci, /Famiglia Ricci Colombo/);

  const sofia = DEMO_HOUSEHOLDS[0].members[2];
  const byCf = await html(await c.get(`${BASE}?q=${demoTaxCode(sofia).slice(0, 11)}`));
  assert.match(byCf, /1 persone trovate/);
  assert.match(byCf, /Ricci Sofia/);

  // An omocodic code is found from its canonical form and the other way round.
  const mattia = DEMO_HOUSEHOLDS.at(-1)!.members[2];
  const canonical = generateCodiceFiscale({ ...mattia });
  assert.notEqual(demoTaxCode(mattia), canonical);
  assert.match(await html(await c.get(`${BASE}?q=${canonical}`)), /Bruno Mattia/);

  // A surname shaped like the start of a code (6 letters, then T) is still a surname.
  assert.match(await html(await c.get(`${BASE}?q=marchetti`)), /Marchetti Giovanna/);
  const teachers = await html(await c.get(`${BASE}?tipo=teacher`));
  assert.match(teachers, /3 persone trovate/);
  const outside = await html(await c.get(`${BASE}?residenti=no&in_nucleo=si`));
  assert.match(outside, /3 persone trovate/, "the family from Pistoia");
  const none = await html(await c.get(`${BASE}?q=zzzzqq`));
  assert.match(none, /Nessuna persona corrisponde alla ricerca/);
});

dbTest("pages: the person form gives each codice fiscale rule its Italian message", async (db) => {
  const c = await operator(db);
  assert.match(await html(await c.get(`${BASE}/persone/nuova`)), /<h1>Nuova persona<\/h1>/);
  const wrongCheck = NEW_CF.slice(0, 15) + (NEW_CF[15] === "A" ? "B" : "A");
  const cases: [Record<string, string>, RegExp][] = [
    [{ tax_code: wrongCheck }, /Il carattere di controllo del codice fiscale non è corretto/],
    [{ tax_code: "MRCLNE19H55" }, /deve essere composto da 16 caratteri/],
    [{ tax_code: "MRCLNE19Z55D612X" }, /lettera del mese di nascita/],
    [
      { tax_code: NEW_CF, birth_date: "2019-06-16" },
      /Il codice fiscale non corrisponde alla data di nascita indicata/,
    ],
    [{ tax_code: NEW_CF, sex: "M" }, /Il codice fiscale non corrisponde al sesso indicato/],
    [
      { tax_code: NEW_CF, birth_place_code: "H501" },
      /Il codice fiscale non corrisponde al luogo di nascita indicato/,
    ],
    [{ surname: "" }, /Inserisci il cognome/],
    [{ email: "posta@" }, /L&#39;indirizzo e-mail non è valido|L'indirizzo e-mail non è valido/],
  ];
  for (const [fields, message] of cases) {
    const body = await html(await c.postForm(`${BASE}/persone/nuova`, personForm(fields)), 422);
    assert.match(body, /role="alert"/);
    assert.match(body, message, JSON.stringify(fields));
    assert.match(body, /aria-invalid="true"/);
  }
  const created = await c.postForm(`${BASE}/persone/nuova`, personForm({ tax_code: NEW_CF }));
  assert.equal(created.status, 303);
  const location = created.headers.get("location")!;
  assert.match(location, /^\/operatore\/anagrafiche\/persone\/[0-9a-f-]{36}\?creata=1$/);
  const page = await html(await c.get(location));
  assert.match(page, /<h1>Marchi Elena<\/h1>/);
  assert.match(page, /La persona è stata registrata/);
  assert.match(page, /sabato 15 giugno 2019/, "birth date read from the code");
  // English through ?lang=en (kept by a cookie from here on).
  const en = await c.postForm(
    `${BASE}/persone/nuova?lang=en`,
    personForm({ tax_code: wrongCheck }),
  );
  assert.match(await html(en, 422), /The check character of the codice fiscale is wrong/);
});

dbTest("pages: a duplicate codice fiscale is refused with a link to the record", async (db) => {
  const c = await operator(db);
  const created = await c.postForm(`${BASE}/persone/nuova`, personForm({ tax_code: NEW_CF }));
  const id = /persone\/([0-9a-f-]{36})/.exec(created.headers.get("location")!)![1];
  for (const cf of [NEW_CF, omocodiaVariant(NEW_CF, 2)!]) {
    const body = await html(
      await c.postForm(`${BASE}/persone/nuova`, personForm({ tax_code: cf, name: "Elena Maria" })),
      409,
    );
    assert.match(body, /Esiste già una persona con questo codice fiscale/);
    assert.match(
      body,
      new RegExp(`href="/operatore/anagrafiche/persone/${id}"[^>]*>Marchi Elena</a>`),
    );
  }
  // Editing another person into the same code: the same refusal.
  const other = await c.postForm(`${BASE}/persone/nuova`, personForm({ name: "Anna" }));
  const otherId = /persone\/([0-9a-f-]{36})/.exec(other.headers.get("location")!)![1];
  const edit = await html(
    await c.postForm(
      `${BASE}/persone/${otherId}/modifica`,
      personForm({ name: "Anna", tax_code: NEW_CF }),
    ),
    409,
  );
  assert.match(edit, new RegExp(`href="/operatore/anagrafiche/persone/${id}"`));
});

dbTest("pages: a person's page shows the household and relations, and is audited", async (db) => {
  const c = await operator(db);
  const [{ id }] = await db.asOwner((tx) =>
    tx.query<{ id: string }>("select id from public.people where tax_code = 'RCCLCU86D14D612N'")
  );
  const body = await html(await c.get(`${BASE}/persone/${id}`));
  assert.match(body, /<h1>Ricci Luca<\/h1>/);
  assert.match(body, /Famiglia Ricci Colombo<\/a>\s*—\s*Genitore/);
  assert.match(body, /Colombo Chiara<\/a><\/th><td>Genitore/);
  assert.match(body, /Ricci Sofia<\/a><\/th><td>Minore/);
  assert.match(body, /Collegato a un account: può accedere/, "the family account is linked");
  const [audit] = await db.asOwner((tx) =>
    tx.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where action = 'view' and entity = 'people' and entity_id = $1",
      [id],
    )
  );
  assert.equal(audit.n, 1);

  const edit = await html(await c.get(`${BASE}/persone/${id}/modifica`));
  assert.match(edit, /value="RCCLCU86D14D612N"/);
  const saved = await c.postForm(`${BASE}/persone/${id}/modifica`, {
    tax_code: "RCCLCU86D14D612N",
    surname: "Ricci",
    name: "Luca",
    resident: "1",
    email: "luca.ricci@posta.example",
    kinds: "applicant",
  });
  assert.equal(saved.status, 303);
  assert.match(
    await html(await c.get(saved.headers.get("location")!)),
    /Le modifiche sono state salvate/,
  );
});

dbTest("pages: households — add by codice fiscale, refusals with reasons, remove", async (db) => {
  const c = await operator(db);
  const created = await c.postForm(`${BASE}/persone/nuova`, personForm({ tax_code: NEW_CF }));
  const personId = /persone\/([0-9a-f-]{36})/.exec(created.headers.get("location")!)![1];
  const form = await html(await c.get(`${BASE}/nuclei/nuovo?persona=${personId}`));
  assert.match(form, /value="Famiglia Marchi"/);
  assert.match(form, /<option value="minor" selected>Minore<\/option>/);
  const made = await c.postForm(`${BASE}/nuclei/nuovo`, {
    name: "Famiglia Marchi",
    external_code: "",
    address: "",
    persona: personId,
    role: "minor",
  });
  assert.equal(made.status, 303);
  const here = made.headers.get("location")!.replace(/\?.*/, "");
  assert.match(await html(await c.get(here)), /Marchi Elena<\/a><\/th><td>Minore/);

  // Luca Ricci is already in his family's household: refused, with a link to it.
  const busy = await html(
    await c.postForm(here, {
      azione: "aggiungi",
      tax_code: "RCCLCU86D14D612N",
      role: "parent",
    }),
    409,
  );
  assert.match(busy, /fa già parte di un altro nucleo/);
  assert.match(
    busy,
    /href="\/operatore\/anagrafiche\/nuclei\/[0-9a-f-]{36}"[^>]*>Famiglia Ricci Colombo/,
  );
  const unknown = await html(
    await c.postForm(here, {
      azione: "aggiungi",
      tax_code: "XXXXXX00X00X000X",
      role: "parent",
    }),
    422,
  );
  assert.match(unknown, /Nessuna persona in anagrafe con questo codice fiscale/);

  const removed = await c.postForm(here, { azione: "togli", persona: personId });
  assert.equal(removed.status, 303);
  const after = await html(await c.get(removed.headers.get("location")!));
  assert.match(after, /La persona è stata tolta dal nucleo/);
  assert.match(after, /Il nucleo non ha componenti/);
  const deleted = await c.postForm(here, { azione: "elimina" });
  assert.equal(deleted.status, 303);
  assert.equal((await c.get(here)).status, 404);
});

dbTest("pages: organizations — list, P.IVA messages, duplicate link, edit", async (db) => {
  const c = await operator(db);
  const list = await html(await c.get(`${BASE}/organizzazioni`));
  assert.match(list, /Ristorazione dei Colli S\.r\.l\./);
  assert.match(list, /Soggetto erogatore — Ristorazione/);
  assert.match(list, /Istituto Comprensivo Valdiponte/);
  const bad = await html(
    await c.postForm(`${BASE}/organizzazioni/nuova`, {
      name: "Mensa Nuova",
      kind: "provider",
      provider_kind: "caterer",
      vat_number: "00743110158",
    }),
    422,
  );
  assert.match(bad, /La cifra di controllo della partita IVA non è corretta/);
  const [caterer] = await db.asOwner((tx) =>
    tx.query<{ id: string; vat_number: string }>(
      "select id, vat_number from public.organizations where provider_kind = 'caterer'",
    )
  );
  const dup = await html(
    await c.postForm(`${BASE}/organizzazioni/nuova`, {
      name: "Mensa Nuova",
      kind: "provider",
      provider_kind: "caterer",
      vat_number: caterer.vat_number,
    }),
    409,
  );
  assert.match(dup, new RegExp(`href="/operatore/anagrafiche/organizzazioni/${caterer.id}"`));
  const page = await html(await c.get(`${BASE}/organizzazioni/${caterer.id}`));
  assert.match(page, /value="IT73U0306902887000000012345"/);
  const saved = await c.postForm(`${BASE}/organizzazioni/${caterer.id}`, {
    name: "Ristorazione dei Colli S.r.l.",
    kind: "provider",
    provider_kind: "caterer",
    vat_number: caterer.vat_number,
    iban: "IT60 X054 2811 1010 0000 0123 456",
  });
  assert.equal(saved.status, 303);
  assert.match(
    await html(await c.get(saved.headers.get("location")!)),
    /value="IT60X0542811101000000123456"/,
  );
});

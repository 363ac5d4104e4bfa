import assert from "node:assert/strict";
import { partitaIvaCheckDigit } from "../lib/codes/mod.ts";
import type { Db } from "../lib/db/types.ts";
import { DEMO_TENANT } from "../lib/seed/demo.ts";
import { signedInClient, testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = "admin@comune.valdiponte.example";
const OPERATOR = "m.rossi@comune.valdiponte.example";
const SUPERADMIN = "piattaforma@piazza.example";

/** An invented but valid codice fiscale of a non-VAT public body (office 048, Firenze area). */
function enteTaxCode(matricola: string): string {
  const first = `${matricola}048`;
  return first + partitaIvaCheckDigit(first);
}

const signedIn = (db: Db, email: string, password?: string) =>
  signedInClient(db, email, { password });

async function tenantRow(db: Db, istat = DEMO_TENANT.istatCode) {
  const [row] = await db.asService((tx) =>
    tx.query<Record<string, unknown>>("select * from tenants where istat_code = $1", [istat])
  );
  return row;
}

const ENTE_FORM = {
  name: "Comune di Valdiponte",
  pec: "protocollo@pec.comune.valdiponte.example",
  email: "servizi.scolastici@comune.valdiponte.example",
  phone: "+39 055 123 4567",
  address: "Piazza del Municipio 1, 50099 Valdiponte (FI)",
  website: "https://www.comune.valdiponte.example",
};

dbTest("an admin edits the Ente's contacts; the codes stay read-only", async (db) => {
  const c = await signedIn(db, ADMIN);
  const page = await c.get("/operatore/ente");
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type")!, /text\/html/);
  const html = await page.text();
  assert.match(html, new RegExp(DEMO_TENANT.taxCode));
  assert.doesNotMatch(html, /name="tax_code"/);
  assert.doesNotMatch(html, /name="istat_code"/);

  const res = await c.postForm("/operatore/ente", {
    ...ENTE_FORM,
    name: "Comune di Valdiponte in Collina",
    phone: "055 987654",
    website: "",
    tax_code: "00000000000",
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/operatore/ente?salvato=1");
  const saved = await c.get("/operatore/ente?salvato=1");
  assert.match(await saved.text(), /Dati dell&#39;Ente salvati|Dati dell'Ente salvati/);
  const row = await tenantRow(db);
  assert.equal(row.name, "Comune di Valdiponte in Collina");
  assert.equal(row.phone, "055 987654");
  assert.equal(row.website, null);
  assert.equal(row.tax_code, DEMO_TENANT.taxCode);
  const [audit] = await db.asService((tx) =>
    tx.query<{ email: string }>(
      `select u.email from audit_log a join users u on u.id = a.actor_id
        where a.entity = 'tenants' and a.action = 'update' order by a.id desc limit 1`,
    )
  );
  assert.equal(audit.email, ADMIN);
});

dbTest("a bad PEC is refused with a message and nothing is written", async (db) => {
  const c = await signedIn(db, ADMIN);
  const before = await tenantRow(db);
  const res = await c.postForm("/operatore/ente", {
    ...ENTE_FORM,
    name: "Nome Nuovo",
    pec: "protocollo@pec",
    website: "ftp://comune.example",
  });
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  const html = await res.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /L&#39;indirizzo PEC non è valido|L'indirizzo PEC non è valido/);
  assert.match(html, /Il sito web non è valido/);
  assert.match(html, /id="pec"[^>]*aria-invalid="true"/);
  assert.match(html, /aria-describedby="pec-hint pec-error"/);
  assert.match(html, /value="protocollo@pec"/);
  assert.deepEqual(await tenantRow(db), before);
});

dbTest("an operator reads the Ente's details but cannot change them", async (db) => {
  const c = await signedIn(db, OPERATOR);
  const page = await c.get("/operatore/ente");
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /protocollo@pec\.comune\.valdiponte\.example/);
  assert.doesNotMatch(html, /<form method="post" action="\/operatore\/ente"/);
  const res = await c.postForm("/operatore/ente", { ...ENTE_FORM, name: "Comune Rinominato" });
  assert.equal(res.status, 403);
  assert.equal((await tenantRow(db)).name, DEMO_TENANT.name);
});

dbTest("the admin home links to the Ente's details and to users", async (db) => {
  const c = await signedIn(db, ADMIN);
  const html = await (await c.get("/operatore")).text();
  assert.match(html, /href="\/operatore\/ente"/);
  assert.match(html, /href="\/operatore\/utenti"/);
});

const NEW_ENTE = {
  name: "Comune di Montebello Alto",
  tax_code: enteTaxCode("8000123"),
  istat_code: "048100",
  pec: "comune.montebello@pec.example",
  admin_email: "sindaco@montebello.example",
  admin_full_name: "Rita Montanari",
  admin_tax_code: "",
};

dbTest(
  "the superadmin creates an Ente whose first admin sets a password and signs in",
  async (db) => {
    const c = await signedIn(db, SUPERADMIN);
    const res = await c.postForm("/piattaforma", NEW_ENTE);
    assert.equal(res.status, 303);
    assert.match(res.headers.get("location")!, /^\/piattaforma\?creato=[0-9a-f-]{36}$/);
    const list = await c.get(res.headers.get("location")!);
    assert.equal(list.status, 200);
    assert.match(list.headers.get("content-type")!, /text\/html/);
    const html = await list.text();
    assert.match(html, /Comune di Montebello Alto/);
    assert.match(html, /sindaco@montebello\.example/);

    const tenant = await tenantRow(db, "048100");
    assert.equal(tenant.tax_code, NEW_ENTE.tax_code);
    const [mail] = await db.asService((tx) =>
      tx.query<{ tenant_id: string; body_text: string }>(
        "select tenant_id, body_text from mail_outbox where to_address = $1",
        [NEW_ENTE.admin_email],
      )
    );
    assert.equal(mail.tenant_id, tenant.id);
    const token = /token=([\w-]+)/.exec(mail.body_text)![1];

    const { client } = await testApp(db);
    const invitee = client();
    const set = await invitee.postForm("/password/reimposta", {
      token,
      password: "Monte-Bello-2027",
      confirm: "Monte-Bello-2027",
    });
    assert.equal(set.status, 303);
    const admin = await signedIn(db, NEW_ENTE.admin_email, "Monte-Bello-2027");
    const home = await admin.get("/operatore");
    assert.equal(home.status, 200);
    const homeHtml = await home.text();
    assert.match(homeHtml, /Comune di Montebello Alto/);
    assert.doesNotMatch(homeHtml, /Comune di Valdiponte/);
  },
);

dbTest("a duplicate codice fiscale or ISTAT code names the existing Ente", async (db) => {
  const c = await signedIn(db, SUPERADMIN);
  const dupTax = await c.postForm("/piattaforma", { ...NEW_ENTE, tax_code: DEMO_TENANT.taxCode });
  assert.equal(dupTax.status, 409);
  assert.match(dupTax.headers.get("content-type")!, /text\/html/);
  const html = await dupTax.text();
  assert.match(
    html,
    /Il codice fiscale 80004310241 è già registrato per l&#39;Ente «Comune di Valdiponte»|Il codice fiscale 80004310241 è già registrato per l'Ente «Comune di Valdiponte»/,
  );
  assert.match(html, /id="tax_code"[^>]*aria-invalid="true"/);

  const dupIstat = await c.postForm("/piattaforma", {
    ...NEW_ENTE,
    istat_code: DEMO_TENANT.istatCode,
  });
  assert.equal(dupIstat.status, 409);
  assert.match(await dupIstat.text(), /Il codice ISTAT 048099 è già registrato/);
  const [{ n }] = await db.asService((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from tenants")
  );
  assert.equal(n, 1);
});

dbTest("invalid codes of a new Ente are refused field by field", async (db) => {
  const c = await signedIn(db, SUPERADMIN);
  const res = await c.postForm("/piattaforma", {
    ...NEW_ENTE,
    tax_code: "80001230481",
    istat_code: "000123",
    pec: "",
    admin_email: "sindaco",
  });
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  const html = await res.text();
  assert.match(html, /cifra di controllo del codice fiscale non è corretta/);
  assert.match(html, /codice della provincia/);
  assert.match(html, /L&#39;indirizzo PEC non è valido|L'indirizzo PEC non è valido/);
  assert.match(html, /href="#admin_email"/);
  const [{ n }] = await db.asService((tx) =>
    tx.query<{ n: number }>("select count(*)::int as n from tenants")
  );
  assert.equal(n, 1);
});

dbTest("only the superadmin creates Enti", async (db) => {
  const c = await signedIn(db, ADMIN);
  const res = await c.postForm("/piattaforma", NEW_ENTE);
  assert.equal(res.status, 403);
  assert.equal(await tenantRow(db, "048100"), undefined);
});

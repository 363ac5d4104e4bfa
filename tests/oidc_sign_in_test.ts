import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { htmlOf, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { ProviderBrowser, startOidcProvider, type TestAccount } from "./helpers/oidc_provider.ts";

const CALLBACK = "http://localhost:8000/accedi/oidc/callback";
const UNKNOWN_CF = "RSSMRA85T10A562S";

async function personCf(db: Db, surname: string, name: string): Promise<string> {
  const [p] = await db.asOwner((tx) =>
    tx.query<{ tax_code: string }>(
      "select tax_code from public.people where surname = $1 and name = $2",
      [surname, name],
    )
  );
  return p.tax_code;
}

/** A provider with `accounts`, and the app configured to use it. */
async function setup(db: Db, accounts: Record<string, TestAccount>) {
  const provider = await startOidcProvider({ redirectUris: [CALLBACK], accounts });
  const { client } = await testApp(db, { config: { oidc: provider.config } });
  return { provider, client };
}

/** App → provider (sign in as `login`, or cancel) → back to the app's callback. */
async function throughProvider(c: TestClient, login: string | null, start = "/accedi/oidc") {
  const res = await c.get(start);
  assert.equal(res.status, 303);
  const authorize = res.headers.get("location")!;
  const url = new URL(authorize);
  assert.equal(url.searchParams.get("code_challenge_method"), "S256");
  assert.ok(url.searchParams.get("state") && url.searchParams.get("nonce"));
  const callback = await new ProviderBrowser().authorize(authorize, login);
  assert.equal(callback.origin + callback.pathname, CALLBACK);
  return callback;
}

dbTest("oidc: a known user signs in with the fiscal code, and signing out ends it", async (db) => {
  const cf = await personCf(db, "Colombo", "Chiara");
  await db.asOwner((tx) =>
    tx.query("update public.users set tax_code = $1 where email = 'chiara.colombo@posta.example'", [
      cf,
    ])
  );
  const { provider, client } = await setup(db, {
    chiara: { fiscalNumber: `TINIT-${cf}`, email: "chiara@spid.example" },
  });
  try {
    const c = client();
    const callback = await throughProvider(c, "chiara", "/accedi/oidc?next=/profilo");
    const res = await c.get(callback.pathname + callback.search);
    assert.equal(res.status, 303, await res.text());
    assert.equal(res.headers.get("location"), "/profilo");
    assert.ok(c.cookies.has("piazza_session"));
    assert.ok(!c.cookies.has("piazza_oidc"), "the flow cookie is used once");
    await htmlOf(await c.get("/famiglie"));
    const [log] = await db.asOwner((tx) =>
      tx.query<{ details: Record<string, unknown> }>(
        `select details from public.audit_log where action = 'sign_in' order by id desc limit 1`,
      )
    );
    assert.equal(log.details.method, "oidc");
    assert.equal(log.details.provisioned, false);

    // The same callback again: the flow cookie is gone, so it is refused.
    const replay = await c.get(callback.pathname + callback.search);
    assert.match(await htmlOf(replay, 400), /Richiesta di accesso scaduta/);

    const out = await c.postForm("/esci", {});
    assert.equal(out.status, 303);
    const after = await c.get("/famiglie");
    assert.equal(after.status, 303);
    assert.match(after.headers.get("location")!, /^\/accedi/);
  } finally {
    await provider.stop();
  }
});

dbTest(
  "oidc: a registry parent without an account is provisioned and lands on /famiglie",
  async (db) => {
    const cf = await personCf(db, "Moretti", "Stefano");
    const { provider, client } = await setup(db, {
      stefano: {
        fiscal_number: cf,
        email: "Stefano.Moretti@spid.example",
        given_name: "Stefano",
        family_name: "Moretti",
      },
    });
    try {
      const c = client();
      const callback = await throughProvider(c, "stefano");
      const res = await c.get(callback.pathname + callback.search);
      assert.equal(res.status, 303, await res.text());
      assert.equal(res.headers.get("location"), "/famiglie");
      const home = await htmlOf(await c.get("/famiglie"));
      assert.match(home, /Servizi online/);

      const rows = await db.asOwner((tx) =>
        tx.query<{ id: string; email: string; role: string; linked: boolean }>(
          `select u.id, u.email, m.role,
                exists (select 1 from public.people p where p.user_id = u.id
                         and p.tax_code = $1) as linked
           from public.users u join public.memberships m on m.user_id = u.id
          where u.tax_code = $1`,
          [cf],
        )
      );
      assert.deepEqual(rows.map((r) => [r.email, r.role, r.linked]), [
        ["stefano.moretti@spid.example", "family", true],
      ]);
      const audit = await db.asOwner((tx) =>
        tx.query<{ action: string }>(
          "select action from public.audit_log where actor_id = $1 order by id",
          [rows[0].id],
        )
      );
      assert.ok(audit.some((a) => a.action === "oidc_link"));

      // RLS now sees the household through people.user_id.
      const [me] = await db.asOwner((tx) =>
        tx.query<{ user_id: string }>("select user_id from public.people where tax_code = $1", [cf])
      );
      assert.equal(me.user_id, rows[0].id);

      // Signing in again finds the same account: nothing is created twice.
      const again = client();
      const callback2 = await throughProvider(again, "stefano");
      const res2 = await again.get(callback2.pathname + callback2.search);
      assert.equal(res2.status, 303);
      const [{ n }] = await db.asOwner((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from public.users where tax_code = $1", [
          cf,
        ])
      );
      assert.equal(n, 1);
    } finally {
      await provider.stop();
    }
  },
);

dbTest(
  "oidc: an unknown fiscal code gets the clear page with the office's contacts",
  async (db) => {
    const { provider, client } = await setup(db, {
      stranger: { fiscal_number: UNKNOWN_CF, email: "stranger@spid.example" },
      nocf: { email: "nocf@spid.example" },
    });
    try {
      const c = client();
      const callback = await throughProvider(c, "stranger");
      const html = await htmlOf(await c.get(callback.pathname + callback.search), 403);
      assert.match(html, /non risulta tra i genitori registrati presso il Comune/);
      assert.match(html, /Contatti dell&#39;ufficio|Contatti dell'ufficio/);
      assert.match(html, /href="tel:/);
      assert.ok(!c.cookies.has("piazza_session"));
      const users = await db.asOwner((tx) =>
        tx.query("select 1 from public.users where tax_code = $1 or email like '%spid.example'", [
          UNKNOWN_CF,
        ])
      );
      assert.equal(users.length, 0, "no account for strangers");

      const noCf = await throughProvider(c, "nocf");
      assert.match(
        await htmlOf(await c.get(noCf.pathname + noCf.search), 403),
        /Codice fiscale non ricevuto/,
      );
    } finally {
      await provider.stop();
    }
  },
);

dbTest("oidc: a tampered state, a cancelled login and a stray callback are refused", async (db) => {
  const cf = await personCf(db, "Moretti", "Stefano");
  const { provider, client } = await setup(db, { stefano: { fiscal_number: cf } });
  try {
    const c = client();
    const callback = await throughProvider(c, "stefano");
    callback.searchParams.set("state", "forged-state-value");
    const html = await htmlOf(await c.get(callback.pathname + callback.search), 400);
    assert.match(html, /Richiesta di accesso non valida/);
    assert.doesNotMatch(html, /at [\w.]+ \(|Error:/, "no stack trace");
    assert.ok(!c.cookies.has("piazza_session"));

    const cancelled = await throughProvider(c, null);
    assert.equal(cancelled.searchParams.get("error"), "access_denied");
    assert.match(
      await htmlOf(await c.get(cancelled.pathname + cancelled.search), 401),
      /Accesso annullato/,
    );

    // A callback this browser never asked for (no flow cookie).
    const stray = client();
    const r = await stray.get("/accedi/oidc/callback?code=abc&state=xyz");
    assert.match(await htmlOf(r, 400), /Richiesta di accesso scaduta/);
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.users where tax_code = $1", [
        cf,
      ])
    );
    assert.equal(n, 0);
  } finally {
    await provider.stop();
  }
});

dbTest("oidc: the button appears only when a provider is configured", async (db) => {
  const plain = (await testApp(db)).client();
  assert.doesNotMatch(await htmlOf(await plain.get("/accedi")), /accedi\/oidc/);
  assert.equal((await plain.get("/accedi/oidc")).status, 404);
  const { client } = await testApp(db, {
    config: {
      oidc: {
        issuer: "http://127.0.0.1:9/",
        clientId: "x",
        clientSecret: null,
        label: "Entra con SPID o CIE",
        tenant: null,
      },
    },
  });
  const c = client();
  const html = await htmlOf(await c.get("/accedi?next=/famiglie"));
  assert.match(html, /href="\/accedi\/oidc\?next=%2Ffamiglie"[^>]*>\s*Entra con SPID o CIE/);
  // The provider is unreachable: a clear page, not a stack trace.
  assert.match(
    await htmlOf(await c.get("/accedi/oidc"), 502),
    /Servizio di accesso non disponibile/,
  );
});

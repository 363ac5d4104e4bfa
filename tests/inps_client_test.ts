import assert from "node:assert/strict";
import { exportPKCS8, generateKeyPair, SignJWT } from "jose";
import { InpsClient } from "../lib/inps/client.ts";
import { InpsError } from "../lib/inps/errors.ts";
import { simulatedGateway } from "../lib/inps/gateway.ts";
import { CLIENT_ASSERTION_TYPE, tokenRequestBody, VoucherSource } from "../lib/inps/pdnd.ts";
import {
  decodeBase64Xml,
  indicatoreRequest,
  parseSoapResponse,
  SOAP_ACTION_BASE,
} from "../lib/inps/soap.ts";
import { createInpsIseeSimulator, SIM_CF } from "../simulators/inps_isee.ts";
import {
  createPdndAuthSimulator,
  serveSimulator,
  SIM_ASSERTION_AUDIENCE,
} from "../simulators/pdnd_auth.ts";
import { validateAgainst } from "../simulators/xsd_validate.ts";

// The official samples of `../shared/specs/inps-isee/samples/`, copied beside the simulator's
// XSDs so a clone runs its tests on any machine.
const SPEC = new URL("../simulators/samples/inps-isee/", import.meta.url);
const fast = { timeoutMs: 300, retries: 1, backoffMs: 10, slowMs: 5_000 };

const recording = () => simulatedGateway(fast);

Deno.test("the official samples validate against the XSDs the simulator uses", async () => {
  for (
    const f of [
      "soap-ConsultazioneIndicatore-request.xml",
      "soap-ConsultazioneAttestazione-request.xml",
    ]
  ) {
    const r = await validateAgainst("envelope", await Deno.readTextFile(new URL(f, SPEC)));
    assert.deepEqual(r, { valid: true, errors: [] }, f);
  }
  const ind = await Deno.readTextFile(
    new URL("XmlEsitoIndicatore-decoded-illustrative.xml", SPEC),
  );
  assert.equal((await validateAgainst("indicatore", ind)).valid, true);
});

Deno.test("found: ISEE minorenni in exact cents; requests and decoded answers conform to the XSDs", async () => {
  const g = await recording();
  const r = await g.client.lookup({
    tipo: "Minorenne",
    ricerca: {
      codiceFiscale: SIM_CF.ok,
      dataValidita: "2026-09-01",
      prestazione: "A2.12",
      protocolloDomanda: "2026/000123",
      statoDomanda: "Da Erogare",
    },
  });
  assert.equal(r.found, true);
  if (!r.found) return;
  assert.equal(r.indicatore.isee_cents, 1280488);
  assert.equal(r.indicatore.kind, "minorenni");
  assert.equal(r.indicatore.protocol, "INPS-ISEE-2026-00123456A-00");
  assert.equal(r.indicatore.presented_on, "2026-01-15");
  assert.deepEqual(r.attestazione?.omissions, []);
  assert.equal(g.inps.received.length, 2);
  for (const xml of g.inps.received) {
    assert.deepEqual(await validateAgainst("envelope", xml), { valid: true, errors: [] });
  }
  assert.match(g.inps.received[0], /<con:PrestazioneDaErogare>A2\.12</);
  assert.match(g.inps.received[0], /<UserId>SIMULATORE<\/UserId>/);
  // The SOAP answers themselves, and their base64 payloads, against the official schemas.
  const res = await g.inps.fetch(
    new Request("http://inps/", {
      method: "POST",
      headers: { authorization: `Bearer ${await g.vouchers.get()}` },
      body: g.inps.received[0],
    }),
  );
  const soap = await res.text();
  assert.equal((await validateAgainst("envelope", soap)).valid, true);
  const payload = /<XmlEsitoIndicatore>([^<]+)</.exec(soap)![1];
  assert.deepEqual(await validateAgainst("indicatore", decodeBase64Xml(payload)), {
    valid: true,
    errors: [],
  });
  const att = await g.inps.fetch(
    new Request("http://inps/", {
      method: "POST",
      headers: { authorization: `Bearer ${await g.vouchers.get()}` },
      body: g.inps.received[1],
    }),
  );
  const attXml = /<XmlEsitoAttestazione>([^<]+)</.exec(await att.text())![1];
  assert.deepEqual(await validateAgainst("attestazione", decodeBase64Xml(attXml)), {
    valid: true,
    errors: [],
  });
});

Deno.test("omissioni/difformità come from ConsultazioneAttestazione; the attestation XSD accepts them", async () => {
  const g = await recording();
  const r = await g.client.lookup({
    tipo: "Ordinario",
    ricerca: { codiceFiscale: SIM_CF.omissions },
  });
  assert.ok(r.found);
  if (!r.found) return;
  assert.equal(r.indicatore.isee_cents, 915050);
  assert.deepEqual(r.attestazione?.omissions.map((o) => o.type), [
    "PatrimoniMobiliari",
    "RedditiScostamento",
  ]);
  assert.match(r.attestazione!.omissions[0].detail, /BANCA DI VALDIPONTE/);
  assert.equal(r.attestazione!.expires_on, "2026-12-31");
});

Deno.test("not found is a result, not an error", async () => {
  const g = await recording();
  const r = await g.client.lookup({
    tipo: "Ordinario",
    ricerca: { codiceFiscale: SIM_CF.notFound },
  });
  assert.equal(r.found, false);
  assert.equal(g.inps.received.length, 1);
});

Deno.test("DATABASE_OFFLINE is retried with backoff, then reported in Italian", async () => {
  const g = await recording();
  await assert.rejects(
    () => g.client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.offline } }),
    (e) =>
      e instanceof InpsError && e.code === "database_offline" && e.status === 503 &&
      /non è al momento disponibile/.test(e.it),
  );
  assert.equal(g.inps.received.length, 2); // first attempt + 1 retry
});

Deno.test("a request that hangs is abandoned at the timeout (and retried once)", async () => {
  const g = await recording();
  const t = performance.now();
  await assert.rejects(
    () => g.client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.timeout } }),
    (e) => e instanceof InpsError && e.code === "timeout" && e.status === 504,
  );
  const elapsed = performance.now() - t;
  assert.ok(elapsed >= 600 && elapsed < 3000, `${elapsed}`);
  assert.equal(g.inps.received.length, 2);
});

Deno.test("RICHIESTA_INVALIDA is not retried", async () => {
  const g = await recording();
  await assert.rejects(
    () => g.client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: "01234567890" } }),
    (e) => e instanceof InpsError && e.code === "invalid_request",
  );
  assert.equal(g.inps.received.length, 1);
});

Deno.test("INPS refuses a missing or forged voucher with 401", async () => {
  const g = await recording();
  const body = indicatoreRequest({ userId: "U", officeCode: "001" }, "Ordinario", {
    codiceFiscale: SIM_CF.ok,
  });
  const none = await g.inps.fetch(new Request("http://inps/", { method: "POST", body }));
  assert.equal(none.status, 401);
  const forgedKey = await generateKeyPair("RS256");
  const forged = await new SignJWT({ client_id: "x" }).setProtectedHeader({ alg: "RS256" })
    .setIssuer("pdnd-simulator.piazza.invalid").setExpirationTime("5m").sign(forgedKey.privateKey);
  const res = await g.inps.fetch(
    new Request("http://inps/", {
      method: "POST",
      headers: { authorization: `Bearer ${forged}` },
      body,
    }),
  );
  assert.equal(res.status, 401);
  await res.body?.cancel();
  // The client, given a voucher INPS refuses, reports it after renewing once.
  const client = new InpsClient({
    url: "http://inps/",
    identity: { userId: "U", officeCode: "001" },
    vouchers: { get: () => Promise.resolve(forged), invalidate() {} } as unknown as VoucherSource,
    fetchFn: (i, init) => g.inps.fetch(new Request(i, init)),
  });
  await assert.rejects(
    () => client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.ok } }),
    (e) => e instanceof InpsError && e.code === "unauthorized",
  );
});

Deno.test("a request not valid against the XSD gets a SOAP Client fault", async () => {
  const g = await recording();
  const bad = indicatoreRequest({ userId: "U", officeCode: "001" }, "Ordinario", {
    codiceFiscale: "rssmra80a01h501u",
  });
  const tipoBad = bad.replace("<con:TipoIndicatore>Ordinario", "<con:TipoIndicatore>Corrente");
  for (const xml of [bad, tipoBad, bad.replace("<UserId>U</UserId>", "")]) {
    await assert.rejects(
      () => g.client.call("ConsultazioneIndicatore", xml),
      (e) =>
        e instanceof InpsError && e.code === "soap_fault" && /Richiesta non valida/.test(e.message),
    );
  }
  assert.throws(
    () => parseSoapResponse("<x/>", "ConsultazioneIndicatore"),
    (e) => e instanceof InpsError && e.code === "bad_response",
  );
});

Deno.test("PDND checks the assertion: signature, audience, purpose, no replay; vouchers are reused", async () => {
  const keys = await generateKeyPair("RS256", { extractable: true });
  const pdnd = await createPdndAuthSimulator({
    clients: [{ clientId: "c1", kid: "k1", publicKey: keys.publicKey, purposeIds: ["p1"] }],
  });
  const post = (assertion: string) =>
    pdnd.fetch(
      new Request("http://pdnd/token.oauth2", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: tokenRequestBody("c1", assertion),
      }),
    );
  const sign = (claims: Record<string, unknown>, key: CryptoKey = keys.privateKey, kid = "k1") =>
    new SignJWT({ purposeId: "p1", ...claims }).setProtectedHeader({
      alg: "RS256",
      kid,
      typ: "JWT",
    })
      .setIssuer("c1").setSubject("c1").setAudience(SIM_ASSERTION_AUDIENCE).setJti(
        crypto.randomUUID(),
      )
      .setIssuedAt().setExpirationTime("2m").sign(key);
  const good = await sign({});
  const ok = await post(good);
  assert.equal(ok.status, 200);
  const body = await ok.json();
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.expires_in, 600);
  assert.ok(await pdnd.verifyVoucher(body.access_token));
  const replay = await post(good);
  assert.equal(replay.status, 401);
  assert.match((await replay.json()).errors[0].code, /^[0-9]{3}-[0-9]{4}$/);
  const other = await generateKeyPair("RS256");
  for (
    const bad of [
      await sign({}, other.privateKey),
      await sign({ purposeId: "p2" }),
      await sign({}, keys.privateKey, "k9"),
    ]
  ) {
    const r = await post(bad);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get("content-type"), "application/problem+json");
    await r.body?.cancel();
  }
  const wrongType = await pdnd.fetch(
    new Request("http://pdnd/token.oauth2", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_assertion: good,
        client_assertion_type: "x",
        grant_type: "client_credentials",
      }),
    }),
  );
  assert.equal(wrongType.status, 400);
  await wrongType.body?.cancel();
  assert.equal(CLIENT_ASSERTION_TYPE, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

  // Vouchers are reused: two lookups, one token request.
  const g = await recording();
  await g.client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.ok } });
  await g.client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.notFound } });
  assert.equal(g.pdnd.issued, 1);
});

Deno.test("over real sockets: simulators on free ports, the client with the system fetch", async () => {
  const keys = await generateKeyPair("RS256", { extractable: true });
  const pdnd = await createPdndAuthSimulator({
    clients: [{ clientId: "c1", kid: "k1", publicKey: keys.publicKey, purposeIds: ["p1"] }],
  });
  const inps = createInpsIseeSimulator({
    verifyVoucher: (t) => pdnd.verifyVoucher(t),
    slowMs: 5_000,
  });
  const a = serveSimulator(pdnd.app);
  const b = serveSimulator(inps.app);
  try {
    const client = new InpsClient({
      url: `${b.url}/pdnd/soap/ConsultazioneISEE/v1`,
      identity: { userId: "OPERATORE01", officeCode: "001" },
      vouchers: new VoucherSource({
        tokenUrl: `${a.url}/token.oauth2`,
        clientId: "c1",
        kid: "k1",
        purposeId: "p1",
        audience: SIM_ASSERTION_AUDIENCE,
        privateKey: await exportPKCS8(keys.privateKey),
      }),
      timeoutMs: 300,
      retries: 0,
    });
    const r = await client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.ok } });
    assert.ok(r.found && r.indicatore.isee_cents === 1850000);
    await assert.rejects(
      () => client.lookup({ tipo: "Ordinario", ricerca: { codiceFiscale: SIM_CF.timeout } }),
      (e) => e instanceof InpsError && e.code === "timeout",
    );
    assert.ok(SOAP_ACTION_BASE.endsWith("/ISvcConsultazione/"));
  } finally {
    await a.close();
    await b.close();
  }
});

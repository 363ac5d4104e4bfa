/**
 * Hostile or mistaken requests: bodies too large, malformed or of the wrong type, unknown routes,
 * unsupported methods. People get an Italian page, API clients problem+json; nothing is written
 * and the server keeps serving.
 */
import assert from "node:assert/strict";
import { MAX_BODY_BYTES } from "../lib/app.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { testApp } from "./helpers/app.ts";
import { rowCounts } from "./helpers/catalog.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!.email;

function setsSessionCookie(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => /^piazza_session=[^;]/.test(c));
}

/** A body sent in 64 KiB chunks with no content-length, as a streaming client would. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(ctl) {
      if (at >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.subarray(at, at += 65536));
    },
  });
}

async function assertItalianPage(res: Response, status: number[], h1: RegExp, label: string) {
  assert.ok(status.includes(res.status), `${label}: ${res.status}`);
  assert.match(res.headers.get("content-type")!, /^text\/html/, label);
  const html = await res.text();
  assert.match(html, /<html lang="it"/, label);
  assert.match(html, h1, label);
}

async function assertProblem(res: Response, status: number, label: string) {
  assert.equal(res.status, status, label);
  assert.match(res.headers.get("content-type")!, /^application\/problem\+json/, label);
  const body = await res.json();
  assert.equal(body.status, status, label);
  assert.equal(typeof body.title, "string", label);
}

dbTest(
  "hostile bodies: too large, malformed or mistyped; nothing written, still serving",
  async (db) => {
    const { client } = await testApp(db);
    const admin = client();
    await admin.signIn(ADMIN);
    const csrf = await admin.csrf();
    const before = await rowCounts(db);
    const big = `_csrf=${csrf}&email=${"a".repeat(MAX_BODY_BYTES)}&password=x`;
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const stillServing = async () => assert.equal((await client().get("/accedi")).status, 200);

    const pages: [string, RequestInit, number[], RegExp][] = [
      ["oversize form", { headers: form, body: big }, [413], /Dati troppo grandi/],
      [
        "oversize form, chunked",
        { headers: form, body: chunked(big) },
        [413],
        /Dati troppo grandi/,
      ],
      [
        "malformed JSON",
        { headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: "{bad" },
        [400, 415, 422],
        /<h1>[^<]+<\/h1>/,
      ],
      [
        "wrong content type",
        { headers: { "content-type": "text/plain", "x-csrf-token": csrf }, body: "email=x" },
        [400, 415, 422],
        /<h1>[^<]+<\/h1>/,
      ],
    ];
    for (const [label, init, status, h1] of pages) {
      const c = client();
      await c.csrf();
      c.cookies.set("piazza_csrf", csrf);
      const res = await c.request("/accedi", { method: "POST", ...init });
      await assertItalianPage(res, status, h1, label);
      assert.equal(setsSessionCookie(res), false, label);
      await stillServing();
    }

    const json = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES), scopes: ["read"] });
    await assertProblem(
      await admin.request("/api/v1/api-keys", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: json,
      }),
      413,
      "oversize JSON",
    );
    await stillServing();

    // Every operation that takes a body refuses bad ones (after the role check, which may come first).
    const doc = await (await client().get("/api/v1/openapi.json")).json();
    const bodied = Object.entries(
      doc.paths as Record<string, Record<string, { requestBody?: { content: object } }>>,
    )
      .filter(([path]) => !path.includes("{"))
      .flatMap(([path, ops]) =>
        Object.entries(ops).filter(([, op]) => op.requestBody)
          .map(([m, op]) => [m.toUpperCase(), path, Object.keys(op.requestBody!.content)] as const)
      );
    let checked = 0;
    for (const [method, path, accepted] of bodied) {
      // A body of an undeclared type is 415; a malformed body of the declared JSON type is 400.
      // CSV uploads also take text/plain (what many tools send for a .csv file).
      const cases = [
        ...(accepted.includes("text/csv") ? [] : [["text/plain", "{}", 415] as const]),
        ["application/json", "{bad", accepted.includes("application/json") ? 400 : 415] as const,
      ];
      for (const [type, body, status] of cases) {
        const res = await admin.request(`/api/v1${path}`, {
          method,
          headers: { "content-type": type, "x-csrf-token": csrf },
          body,
        });
        if (res.status === 403) {
          await res.body?.cancel();
          continue;
        }
        await assertProblem(res, status, `${method} ${path} with ${type} ${body}`);
        checked++;
      }
    }
    assert.ok(checked >= 2, `body-taking API operations checked: ${checked}`);
    await stillServing();
    assert.deepEqual(await rowCounts(db), before, "nothing was written");
  },
);

dbTest(
  "unknown routes and methods: Italian pages for people, problem+json for the API",
  async (db) => {
    const { client } = await testApp(db);
    const c = client();
    const csrf = await c.csrf();
    await assertItalianPage(await c.get("/non-esiste"), [404], /Pagina non trovata/, "404 page");
    await assertProblem(await c.get("/api/v1/non-esiste"), 404, "404 API");
    await assertProblem(await c.get("/api/non-esiste"), 404, "404 API root");

    const esci = await c.get("/esci");
    assert.equal(esci.headers.get("allow"), "POST");
    await assertItalianPage(esci, [405], /Operazione non consentita/, "GET /esci");
    const put = await c.request("/accedi", { method: "PUT", headers: { "x-csrf-token": csrf } });
    assert.deepEqual(put.headers.get("allow")?.split(", ").sort(), ["GET", "HEAD", "POST"]);
    await assertItalianPage(put, [405], /Operazione non consentita/, "PUT /accedi");
    const api = await c.request("/api/v1/me", { method: "DELETE" });
    assert.deepEqual(api.headers.get("allow")?.split(", ").sort(), ["GET", "HEAD"]);
    await assertProblem(api, 405, "DELETE /api/v1/me");
  },
);

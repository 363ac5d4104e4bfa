import assert from "node:assert/strict";
import type { Hono } from "hono";
import { createApp } from "../../lib/app.ts";
import { type Config, loadConfig } from "../../lib/config.ts";
import type { Db } from "../../lib/db/types.ts";
import type { AppEnv } from "../../lib/http/define.ts";
import type { IslandsSetup } from "../../lib/islands/mod.ts";
import { DEMO_PASSWORD } from "../../lib/seed/demo.ts";

export const TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef";

export async function testConfig(): Promise<Config> {
  return await loadConfig({
    JWT_SECRET: TEST_SECRET,
    PUBLIC_URL: "http://localhost:8000",
    DATA_DIR: "/nonexistent",
  });
}

/**
 * A browser-like client over `app.request()` (no network): keeps cookies, and fills the CSRF
 * token into forms by itself unless told not to.
 */
export class TestClient {
  cookies = new Map<string, string>();
  constructor(readonly app: Hono<AppEnv>) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await this.app.request(path, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) =>
        /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim())
      );
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, headers: HeadersInit = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** The CSRF token, fetching a page first if no cookie was set yet. */
  async csrf(): Promise<string> {
    if (!this.cookies.has("piazza_csrf")) await (await this.get("/accedi")).body?.cancel();
    return this.cookies.get("piazza_csrf")!;
  }

  /** Posts a form as a browser would (with `_csrf`, unless `csrf: false`). */
  /** Pairs (`[["day", "1"], ["day", "2"]]`) send a field several times, as checkboxes do. */
  async postForm(
    path: string,
    fields: Record<string, string> | [string, string][],
    opts: { csrf?: boolean } = {},
  ) {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.set("_csrf", await this.csrf());
    return await this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<Response> {
    return await this.postForm("/accedi", { email, password });
  }
}

/** The app over `db` with a test configuration; `islands` only for browser tests. */
export async function testApp(
  db: Db,
  opts: { islands?: IslandsSetup; config?: Partial<Config> } = {},
) {
  const config = { ...await testConfig(), ...opts.config };
  const app = await createApp(db, config, { islands: opts.islands });
  return { app, config, client: () => new TestClient(app) };
}

/** A client signed in as `email` (demo password unless given) on a fresh app over `db`. */
export async function signedInClient(
  db: Db,
  email: string,
  opts: { password?: string; config?: Partial<Config> } = {},
): Promise<TestClient> {
  const { client } = await testApp(db, { config: opts.config });
  const c = client();
  const res = await c.signIn(email, opts.password);
  assert.equal(res.status, 303, `sign-in of ${email}`);
  return c;
}

/** A new client of an app already made (`testApp(...).client`), signed in as `email`. */
export async function signedInWith(client: () => TestClient, email: string): Promise<TestClient> {
  const c = client();
  assert.equal((await c.signIn(email)).status, 303, `sign-in of ${email}`);
  return c;
}

/** The body of an HTML response, after asserting its status and content type (in that order). */
export async function htmlOf(res: Response, status = 200): Promise<string> {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 3000));
  assert.match(res.headers.get("content-type")!, /^text\/html/);
  return text;
}

/** The parsed body of a JSON response, after asserting its status and content type. */
export async function jsonOf(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 3000));
  assert.match(res.headers.get("content-type") ?? "", /json/);
  return JSON.parse(text);
}

/** Posts a form, expects the 303 and follows it; returns where it landed and that page. */
export async function postAndFollow(
  c: TestClient,
  path: string,
  fields: Record<string, string> | [string, string][],
): Promise<{ location: string; page: string }> {
  const res = await c.postForm(path, fields);
  assert.equal(
    res.status,
    303,
    `${path}: ${res.status} ${res.status === 422 ? await res.text() : ""}`,
  );
  const to = res.headers.get("location")!;
  return { location: to, page: await htmlOf(await c.get(to)) };
}

import assert from "node:assert/strict";
import { dbTest } from "./helpers/db.ts";
import { testApp } from "./helpers/app.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";

const HOMES: Record<string, string> = {
  admin: "/operatore",
  operator: "/operatore",
  teacher: "/docenti",
  family: "/famiglie",
  provider: "/fornitori",
  superadmin: "/piattaforma",
};

dbTest("each demo role signs in and lands on its home", async (db) => {
  const { client } = await testApp(db);
  for (const u of DEMO_USERS) {
    const c = client();
    const res = await c.signIn(u.email);
    assert.equal(res.status, 303, u.email);
    assert.equal(res.headers.get("location"), HOMES[u.role]);
    const home = await c.get(HOMES[u.role]);
    assert.equal(home.status, 200);
    assert.match(home.headers.get("content-type")!, /text\/html/);
    const html = await home.text();
    assert.ok(html.includes(u.fullName), `${u.email} sees their name`);
  }
});

dbTest("a wrong password gets a clear Italian message and no session", async (db) => {
  const { client } = await testApp(db);
  const c = client();
  const res = await c.signIn(DEMO_USERS[0].email, "sbagliata-123");
  assert.equal(res.status, 401);
  assert.match(await res.text(), /E-mail o password non corrette/);
  assert.equal(c.cookies.has("piazza_session"), false);
  const home = await c.get("/operatore");
  assert.equal(home.status, 303);
  assert.match(home.headers.get("location")!, /^\/accedi\?next=%2Foperatore/);
});

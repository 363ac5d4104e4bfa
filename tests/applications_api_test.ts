import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";
import { dbTest } from "./helpers/db.ts";

const CHIARA = "chiara.colombo@posta.example";
const LUCA = "luca.ricci@posta.example";

/** Opens the canteen's window around now and returns what an application needs. */
async function openCanteen(db: Db) {
  return await db.asOwner(async (tx) => {
    const [s] = await tx.query<{ id: string; year: string }>(
      `update public.services set enrollment_opens_at = now() - interval '1 day',
              enrollment_closes_at = now() + interval '1 day'
        where code = 'MENSA' returning id,
              (select school_year_id from public.service_school_years y
                where y.service_id = services.id limit 1) as year`,
    );
    const kids = await tx.query<{ id: string; tax_code: string; name: string; birth_date: string }>(
      `select p.id, p.tax_code, p.name, p.birth_date::text from public.people p
        where p.surname = 'Ricci' and p.name in ('Sofia', 'Tommaso') order by p.name`,
    );
    return { serviceId: s.id, yearId: s.year, kids };
  });
}

function body(o: Awaited<ReturnType<typeof openCanteen>>, kids = o.kids) {
  return {
    school_year_id: o.yearId,
    applicant: {
      surname: "Colombo",
      name: "Chiara",
      tax_code: "CLMCHR88M61D612J",
      email: "chiara.colombo@posta.example",
    },
    declarations: { privacy: "2026-11-28T09:00:00Z" },
    items: kids.map((k) => ({
      service_id: o.serviceId,
      child_id: k.id,
      child: { surname: "Ricci", name: k.name, tax_code: k.tax_code, birth_date: k.birth_date },
      answers: {
        codice_fiscale_alunno: k.tax_code,
        data_nascita: k.birth_date,
        allergie: "no",
        consenso: true,
      },
    })),
  };
}

dbTest(
  "applications API: a family submits once, retries are idempotent, duplicates refused",
  async (db) => {
    const o = await openCanteen(db);
    const chiara = await operatorApi(db, CHIARA);
    const b = body(o);
    // The applicant's code is the demo's own: read it back so the test follows the seed.
    const [me] = await db.asOwner((tx) =>
      tx.query<{ tax_code: string }>(
        "select tax_code from public.people where surname = 'Colombo' and name = 'Chiara'",
      )
    );
    b.applicant.tax_code = me.tax_code;
    const first = await chiara.call("POST", "/applications", b);
    assert.equal(first.status, 201, JSON.stringify(first.json));
    assert.match(first.json.protocol_number, /^\d{4}\/\d{6}$/);
    assert.equal(first.json.items.length, 2);
    assert.equal(first.json.status, "submitted");

    // The other parent sends the same children again: refused, nothing stored.
    const luca = await operatorApi(db, LUCA);
    const again = await luca.call("POST", "/applications", b);
    assert.equal(again.status, 409);
    assert.equal(again.json.code, "duplicate_application");
    const [{ n }] = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.application_items
          where service_id = $1 and child_tax_code = any ($2) and live`,
        [o.serviceId, o.kids.map((k) => k.tax_code)],
      )
    );
    assert.equal(n, 2);
  },
);

dbTest("applications API: the same Idempotency-Key returns the same application", async (db) => {
  const o = await openCanteen(db);
  const chiara = await operatorApi(db, CHIARA);
  const b = body(o, o.kids.slice(0, 1));
  const [me] = await db.asOwner((tx) =>
    tx.query<{ tax_code: string }>(
      "select tax_code from public.people where surname = 'Colombo' and name = 'Chiara'",
    )
  );
  b.applicant.tax_code = me.tax_code;
  const csrf = await chiara.c.csrf();
  const send = () =>
    chiara.c.request("/api/v1/applications", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": "click-0001-abcdef",
        "x-csrf-token": csrf,
      },
      body: JSON.stringify(b),
    });
  const [r1, r2] = await Promise.all([send(), send()]);
  const [j1, j2] = [await r1.json(), await r2.json()];
  assert.ok([200, 201].includes(r1.status), JSON.stringify(j1));
  assert.ok([200, 201].includes(r2.status), JSON.stringify(j2));
  assert.equal(j1.id, j2.id);
  assert.equal(j1.protocol_number, j2.protocol_number);
  const r3 = await send();
  assert.equal((await r3.json()).id, j1.id);
});

dbTest(
  "applications API: outside the window a family is refused, staff may still file",
  async (db) => {
    const o = await openCanteen(db);
    await db.asOwner((tx) =>
      tx.query(
        `update public.services set enrollment_opens_at = now() + interval '1 day',
              enrollment_closes_at = now() + interval '2 days' where id = $1`,
        [o.serviceId],
      )
    );
    const chiara = await operatorApi(db, CHIARA);
    const b = body(o, o.kids.slice(0, 1));
    const [me] = await db.asOwner((tx) =>
      tx.query<{ tax_code: string }>(
        "select tax_code from public.people where surname = 'Colombo' and name = 'Chiara'",
      )
    );
    b.applicant.tax_code = me.tax_code;
    const closed = await chiara.call("POST", "/applications", b);
    assert.equal(closed.status, 409);
    assert.equal(closed.json.code, "window_closed");

    const op = await operatorApi(db);
    const counter = await op.call("POST", "/applications", b);
    assert.equal(counter.status, 201, JSON.stringify(counter.json));
    assert.equal(counter.json.channel, "counter");
  },
);

dbTest("applications API: invalid answers and privacy are listed field by field", async (db) => {
  const o = await openCanteen(db);
  const chiara = await operatorApi(db, CHIARA);
  const b = body(o, o.kids.slice(0, 1));
  const [me] = await db.asOwner((tx) =>
    tx.query<{ tax_code: string }>(
      "select tax_code from public.people where surname = 'Colombo' and name = 'Chiara'",
    )
  );
  b.applicant.tax_code = me.tax_code;
  const bad = {
    ...b,
    declarations: {},
    items: [{ ...b.items[0], answers: { ...b.items[0].answers, nope: "x" } }],
  };
  const r = await chiara.call("POST", "/applications", bad);
  assert.equal(r.status, 422);
  const paths = r.json.errors.map((e: { path: string }) => e.path);
  assert.ok(paths.includes("declarations.privacy"), paths.join());
  assert.ok(paths.includes("items.0.answers.nope"), paths.join());
});

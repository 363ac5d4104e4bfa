/**
 * `/api/v1/school-years` and `/api/v1/services/…`: create and configure a service, publish it
 * only when it has a school year and a calendar, calendars with closures, online forms, canteen
 * diets and menus; who may call what.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!.email;
const FAMILY = DEMO_USERS.find((u) => u.role === "family")!.email;

async function session(db: Db, email: string) {
  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn(email)).status, 303);
  const csrf = await c.csrf();
  return {
    c,
    async call(method: string, path: string, body?: unknown) {
      const res = await c.request(`/api/v1${path}`, {
        method,
        headers: body === undefined
          ? { "x-csrf-token": csrf }
          : { "content-type": "application/json", "x-csrf-token": csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = res.headers.get("content-type") ?? "";
      const json = res.status === 204 ? null : await res.json();
      return { status: res.status, type, json };
    },
  };
}

type Call = Awaited<ReturnType<typeof session>>["call"];

async function schoolYearId(call: Call, label = "2026/27"): Promise<string> {
  const { json } = await call("GET", "/school-years");
  return json.items.find((y: { label: string }) => y.label === label).id;
}

async function newService(call: Call, kind = "canteen", code = "MENSA-NORD") {
  const r = await call("POST", "/services", { kind, code, title: "Mensa scuole del nord" });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.id as string;
}

dbTest("school years: list, create, overlapping and invalid ones refused", async (db) => {
  const { call } = await session(db, ADMIN);
  const list = await call("GET", "/school-years");
  assert.equal(list.status, 200);
  assert.match(list.type, /^application\/json/);
  assert.deepEqual(list.json.items.map((y: { label: string }) => y.label), ["2026/27"]);

  const created = await call("POST", "/school-years", {
    label: "2027-28",
    starts_on: "2027-09-01",
    ends_on: "2028-08-31",
  });
  assert.equal(created.status, 201);
  assert.equal(created.json.label, "2027/28", "the label is normalized");
  const one = await call("GET", `/school-years/${created.json.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json, created.json);

  const overlap = await call("POST", "/school-years", {
    label: "2028/29",
    starts_on: "2028-06-01",
    ends_on: "2029-05-31",
  });
  assert.equal(overlap.status, 409);
  assert.match(overlap.type, /^application\/problem\+json/);
  assert.equal(overlap.json.code, "overlap");
  const badLabel = await call("POST", "/school-years", {
    label: "2028/30",
    starts_on: "2028-09-01",
    ends_on: "2029-08-31",
  });
  assert.equal(badLabel.status, 422);
  assert.equal(badLabel.json.errors[0].path, "body.label");
  assert.match(badLabel.json.errors[0].message, /two consecutive years/);
  const backwards = await call("POST", "/school-years", {
    label: "2028/29",
    starts_on: "2028-09-01",
    ends_on: "2028-08-01",
  });
  assert.equal(backwards.status, 422);
  assert.equal(backwards.json.errors[0].path, "body.ends_on");
});

dbTest(
  "services: create a draft, change it, publish only with a school year and a calendar",
  async (db) => {
    const { call } = await session(db, ADMIN);
    const id = await newService(call);
    const draft = await call("GET", `/services/${id}`);
    assert.equal(draft.status, 200);
    assert.equal(draft.json.status, "draft");
    assert.equal(draft.json.billing_mode, "pagopa_notice");
    assert.deepEqual(draft.json.school_year_ids, []);

    const dup = await call("POST", "/services", {
      kind: "custom",
      code: "mensa-nord",
      title: "Doppio",
    });
    assert.equal(dup.status, 409, "codes are unique per Ente, whatever the case");
    const invalid = await call("POST", "/services", { kind: "canteen", code: "x", title: "" });
    assert.equal(invalid.status, 422);

    const early = await call("PATCH", `/services/${id}`, { status: "published" });
    assert.equal(early.status, 409);
    assert.equal(early.json.code, "not_publishable");
    assert.deepEqual(early.json.problems.map((p: { code: string }) => p.code), [
      "no_school_year",
      "no_calendar",
    ]);

    const year = await schoolYearId(call);
    const patched = await call("PATCH", `/services/${id}`, {
      title: "Refezione scuole del nord",
      billing_mode: "prepaid_wallet",
      enrollment_opens_at: "2026-05-04T09:00:00+02:00",
      enrollment_closes_at: "2026-06-30T23:59:00+02:00",
      citizen_info: "Si paga con il borsellino elettronico.",
      diary_enabled: true,
      school_year_ids: [year],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.equal(patched.json.title, "Refezione scuole del nord");
    assert.equal(patched.json.enrollment_opens_at, "2026-05-04T07:00:00.000Z");
    assert.deepEqual(patched.json.school_year_ids, [year]);
    assert.equal(patched.json.notices_enabled, false, "fields not sent are kept");

    const window = await call("PATCH", `/services/${id}`, {
      enrollment_closes_at: "2026-05-01T00:00:00Z",
    });
    assert.equal(window.status, 422, "closing before opening");
    const unknownYear = await call("PATCH", `/services/${id}`, {
      school_year_ids: [crypto.randomUUID()],
    });
    assert.equal(unknownYear.status, 422);

    const stillNo = await call("PATCH", `/services/${id}`, { status: "published" });
    assert.deepEqual(stillNo.json.problems.map((p: { code: string }) => p.code), ["no_calendar"]);
    const cal = await call("PUT", `/services/${id}/calendar`, { weekdays: [1, 2, 3, 4, 5] });
    assert.equal(cal.status, 200);
    const published = await call("PATCH", `/services/${id}`, { status: "published" });
    assert.equal(published.status, 200);
    assert.equal(published.json.status, "published");

    const found = await call("GET", "/services?q=nord&lang=en");
    assert.equal(found.status, 200);
    assert.deepEqual(found.json.items.map((s: { id: string }) => s.id), [id]);
    const list = await call("GET", "/services?status=published&kind=canteen");
    assert.ok(list.json.items.some((s: { id: string }) => s.id === id));
    assert.ok(list.json.items.every((s: { kind: string }) => s.kind === "canteen"));
    const archived = await call("PATCH", `/services/${id}`, { status: "archived" });
    assert.equal(archived.json.status, "archived");
  },
);

dbTest(
  "calendar: weekdays, holidays, patron day, periods and closures decide the service days",
  async (db) => {
    const { call } = await session(db, ADMIN);
    const id = await newService(call);
    const put = await call("PUT", `/services/${id}/calendar`, {
      weekdays: [5, 1, 2, 3, 4, 1],
      patron: { name: "San Martino", month: 11, day: 11 },
      ranges: [
        { kind: "period", label: "Lezioni", starts_on: "2026-09-15", ends_on: "2027-06-10" },
        {
          kind: "break",
          label: "Vacanze natalizie",
          starts_on: "2026-12-24",
          ends_on: "2027-01-06",
        },
      ],
    });
    assert.equal(put.status, 200, JSON.stringify(put.json));
    assert.deepEqual(put.json.weekdays, [1, 2, 3, 4, 5]);

    const nov = await call("GET", `/services/${id}/calendar?month=2026-11`);
    assert.equal(nov.status, 200);
    assert.equal(nov.json.service_days.length, 20, "21 weekdays minus San Martino");
    const day = (d: string) => nov.json.days.find((x: { date: string }) => x.date === d);
    assert.deepEqual(day("2026-11-11").reason, {
      code: "patron",
      text: "Santo patrono: San Martino",
    });
    assert.deepEqual(day("2026-11-01").reason, {
      code: "holiday",
      text: "Festa nazionale: Ognissanti",
    });

    const strike = await call("POST", `/services/${id}/closures`, {
      kind: "strike",
      reason: "Sciopero del personale della cucina",
      starts_on: "2026-11-20",
    });
    assert.equal(strike.status, 201);
    assert.equal(strike.json.ends_on, "2026-11-20");
    const after = await call("GET", `/services/${id}/calendar?month=2026-11&lang=en`);
    assert.equal(after.json.service_days.length, 19);
    assert.ok(!after.json.service_days.includes("2026-11-20"));
    assert.deepEqual(
      after.json.days.find((x: { date: string }) => x.date === "2026-11-20").reason,
      { code: "closure", text: "Closure: Sciopero del personale della cucina" },
    );

    const replaced = await call("PUT", `/services/${id}/closures`, {
      items: [{
        kind: "weather",
        reason: "Allerta neve",
        starts_on: "2027-01-12",
        ends_on: "2027-01-13",
      }],
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.json.items.length, 1);
    const nov2 = await call("GET", `/services/${id}/calendar?month=2026-11`);
    assert.equal(nov2.json.service_days.length, 20, "the strike is gone");
    const jan = await call("GET", `/services/${id}/calendar?month=2027-01`);
    assert.equal(jan.json.service_days.length, 15, "21 weekdays − 4 of the break − 2 of snow");

    const bad = await call("POST", `/services/${id}/closures`, {
      kind: "strike",
      reason: "x",
      starts_on: "2026-11-20",
      ends_on: "2026-11-19",
    });
    assert.equal(bad.status, 422);
    const badMonth = await call("GET", `/services/${id}/calendar?month=2026-13`);
    assert.equal(badMonth.status, 422);
    const badPatron = await call("PUT", `/services/${id}/calendar`, {
      weekdays: [1],
      patron: { name: "San Nessuno", month: 2, day: 30 },
    });
    assert.equal(badPatron.status, 422);
  },
);

dbTest(
  "online form: stored, refused when malformed, and answers checked against it",
  async (db) => {
    const { call } = await session(db, ADMIN);
    const id = await newService(call, "transport", "BUS-NORD");
    const empty = await call("GET", `/services/${id}/form`);
    assert.deepEqual(empty.json, { version: 1, fields: [] });
    const def = {
      fields: [
        {
          name: "uscita_autonoma",
          type: "radio",
          label: "Uscita autonoma dallo scuolabus",
          required: true,
          options: [{ value: "si", label: "Sì" }, { value: "no", label: "No" }],
        },
        {
          name: "delegato",
          type: "text",
          label: "Persona delegata alla fermata",
          required: true,
          show_if: { field: "uscita_autonoma", equals: "no" },
        },
        { name: "cf_delegato", type: "codice_fiscale", label: "Codice fiscale del delegato" },
      ],
    };
    const put = await call("PUT", `/services/${id}/form`, def);
    assert.equal(put.status, 200, JSON.stringify(put.json));
    const got = await call("GET", `/services/${id}/form`);
    assert.equal(got.json.fields[1].show_if.equals, "no");

    const bad = await call("PUT", `/services/${id}/form`, {
      fields: [{ ...def.fields[1], show_if: { field: "uscita_autonoma", equals: "no" } }],
    });
    assert.equal(bad.status, 422);
    assert.match(JSON.stringify(bad.json.errors), /earlier field/);

    const check = (values: Record<string, string>) =>
      call("POST", `/services/${id}/form/check`, { values });
    const missing = await check({ uscita_autonoma: "no", cf_delegato: "RSSMRA85T10A562X" });
    assert.equal(missing.status, 200);
    assert.equal(missing.json.ok, false);
    assert.deepEqual(Object.keys(missing.json.errors).sort(), ["cf_delegato", "delegato"]);
    assert.equal(
      missing.json.errors.delegato.it,
      "Compila il campo «Persona delegata alla fermata».",
    );
    const fine = await check({ uscita_autonoma: "si", delegato: "ignorato" });
    assert.deepEqual(fine.json, {
      ok: true,
      values: { uscita_autonoma: "si", cf_delegato: null },
      errors: {},
    });
  },
);

dbTest(
  "who may call: families read published services only, never diets; read keys cannot write",
  async (db) => {
    const admin = await session(db, ADMIN);
    const draft = await newService(admin.call);
    const { json } = await admin.call("GET", "/services?kind=canteen&status=published");
    const mensa = json.items[0].id;

    const family = await session(db, FAMILY);
    const list = await family.call("GET", "/services");
    assert.equal(list.status, 200);
    assert.ok(list.json.items.length >= 6);
    assert.ok(list.json.items.every((s: { status: string }) => s.status === "published"));
    assert.equal((await family.call("GET", `/services/${draft}`)).status, 404);
    assert.equal((await family.call("GET", `/services/${mensa}`)).status, 200);
    assert.equal(
      (await family.call("GET", `/services/${mensa}/calendar?month=2026-10`)).status,
      200,
    );
    const menus = await family.call("GET", `/services/${mensa}/menus`);
    assert.equal(menus.status, 200);
    assert.equal(menus.json.items[0].items.length, 81, "the demo menu: 4 weeks of dishes");
    const diets = await family.call("GET", `/services/${mensa}/diets`);
    assert.equal(diets.status, 403);
    assert.equal((await family.call("GET", `/services/${mensa}/canteen`)).status, 403);
    assert.equal((await family.call("PATCH", `/services/${mensa}`, { title: "Mia" })).status, 403);

    const { client } = await testApp(db);
    const keyPage = await admin.c.postForm("/operatore/chiavi-api/nuova", {
      name: "Solo lettura",
      scopes: "read",
    });
    const token = /pzk_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{43}/.exec(await keyPage.text())![0];
    const key = (method: string, path: string, body?: unknown) =>
      client().request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const read = await key("GET", `/services/${mensa}/diets`);
    assert.equal(read.status, 200, "a read key reads diets (back-office integration)");
    await read.body?.cancel();
    const write = await key("PATCH", `/services/${mensa}`, { title: "Altro" });
    assert.equal(write.status, 403);
    assert.equal((await write.json()).code, "insufficient_scope");
  },
);

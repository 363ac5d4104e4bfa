/**
 * The canteen's configuration through the API and the back-office pages: diet types (health data,
 * staff only), menus by week with the 14 allergens, the daily attendance communication; other
 * kinds of service have none.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { htmlOf, postAndFollow, signedInClient, testApp, type TestClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

const ADMIN = DEMO_USERS.find((u) => u.role === "admin")!.email;
const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!.email;

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

async function newService(call: Call, kind = "canteen", code = "MENSA-NORD") {
  const r = await call("POST", "/services", { kind, code, title: "Mensa scuole del nord" });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.id as string;
}

const signedIn = (db: Db, email = OPERATOR) => signedInClient(db, email);
const html = htmlOf;
const post = (c: TestClient, path: string, fields: Record<string, string> | [string, string][]) =>
  c.postForm(path, fields);

dbTest("canteen: diets and menus with allergens; other kinds have none", async (db) => {
  const { call } = await session(db, ADMIN);
  const id = await newService(call);
  const diet = await call("POST", `/services/${id}/diets`, {
    code: "celiachia",
    name: "Celiachia",
    kind: "medical",
    certificate_required: true,
  });
  assert.equal(diet.status, 201);
  assert.equal(diet.json.code, "CELIACHIA");
  const twice = await call("POST", `/services/${id}/diets`, {
    code: "CELIACHIA",
    name: "Doppia",
    kind: "medical",
  });
  assert.equal(twice.status, 409);
  const retired = await call("PATCH", `/services/${id}/diets/${diet.json.id}`, {
    code: "CELIACHIA",
    name: "Celiachia",
    kind: "medical",
    certificate_required: true,
    active: false,
  });
  assert.equal(retired.status, 200);
  assert.equal(retired.json.active, false);
  const diets = await call("GET", `/services/${id}/diets`);
  assert.equal(diets.json.items.length, 1);

  const menu = {
    name: "Menù invernale",
    rotation_weeks: 2,
    starts_on: "2026-09-14",
    ends_on: "2027-03-28",
    items: [
      { week: 1, weekday: 1, course: "first", dish: "Pasta al pomodoro", allergens: ["gluten"] },
      {
        week: 2,
        weekday: 3,
        course: "second",
        dish: "Merluzzo gratinato",
        allergens: ["fish", "gluten"],
      },
    ],
  };
  const created = await call("POST", `/services/${id}/menus`, menu);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.deepEqual(created.json.items[1].allergens, ["gluten", "fish"], "Annex II order");
  const overlap = await call("POST", `/services/${id}/menus`, {
    ...menu,
    starts_on: "2027-03-01",
    ends_on: null,
  });
  assert.equal(overlap.status, 409);
  assert.equal(overlap.json.code, "overlap");
  const item = { week: 1, weekday: 1, course: "first", dish: "Risotto", allergens: ["milk"] };
  const later = { ...menu, starts_on: "2027-03-29", ends_on: null };
  const beyond = await call("POST", `/services/${id}/menus`, {
    ...later,
    items: [{ ...item, week: 3 }],
  });
  assert.equal(beyond.status, 422);
  assert.equal(beyond.json.errors[0].path, "body.items.0.week");
  assert.match(beyond.json.errors[0].message, /beyond the rotation of 2 weeks/);
  const unknown = await call("POST", `/services/${id}/menus`, {
    ...later,
    items: [{ ...item, allergens: ["chocolate"] }],
  });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.json.errors[0].path, "body.items.0.allergens.0");
  const tuesday = await call("POST", `/services/${id}/menus`, { ...menu, starts_on: "2027-03-30" });
  assert.equal(tuesday.status, 422, "a menu starts on a Monday");
  const replaced = await call("PUT", `/services/${id}/menus/${created.json.id}`, {
    ...menu,
    name: "Menù invernale rivisto",
    items: [menu.items[0]],
  });
  assert.equal(replaced.status, 200);
  assert.equal(replaced.json.items.length, 1);
  assert.equal(
    (await call("GET", `/services/${id}/menus`)).json.items[0].name,
    "Menù invernale rivisto",
  );

  const settings = await call("PUT", `/services/${id}/canteen`, {
    attendance_cutoff: "9.45",
    attendance_recipients: ["Cucina@Ristorazione.example", "ufficio@comune.example"],
  });
  assert.equal(settings.status, 200);
  assert.deepEqual(settings.json, {
    canteen: true,
    attendance_cutoff: "09:45",
    attendance_recipients: ["cucina@ristorazione.example", "ufficio@comune.example"],
  });

  const bus = await newService(call, "transport", "BUS");
  assert.deepEqual((await call("GET", `/services/${bus}/diets`)).json, { items: [] });
  assert.deepEqual((await call("GET", `/services/${bus}/menus`)).json, { items: [] });
  assert.equal((await call("GET", `/services/${bus}/canteen`)).json.canteen, false);
  for (
    const [method, path, body] of [
      ["POST", "diets", { code: "VEG", name: "Vegetariana", kind: "ethical" }],
      ["POST", "menus", menu],
      ["PUT", "canteen", { attendance_cutoff: "09:30", attendance_recipients: [] }],
    ] as const
  ) {
    const r = await call(method, `/services/${bus}/${path}`, body);
    assert.equal(r.status, 409, `${method} ${path} of a transport service`);
    assert.equal(r.json.code, "not_a_canteen");
  }
});

dbTest("canteen tabs: attendance communication, diets, menus with allergens", async (db) => {
  const c = await signedIn(db);
  const list = await html(await c.get("/operatore/servizi?tipo=canteen"));
  const id = /href="\/operatore\/servizi\/([0-9a-f-]{36})"/.exec(list)![1];
  const base = `/operatore/servizi/${id}`;

  const canteen = await html(await c.get(`${base}/mensa`));
  assert.match(canteen, /value="09:30"/);
  assert.match(canteen, /cucina@ristorazionecolli\.example/);
  assert.match(canteen, /Celiachia \(senza glutine\)/);
  assert.match(canteen, /Le diete sono dati sulla salute/);
  const badRecipients = await html(
    await post(c, `${base}/mensa`, {
      action: "settings",
      cutoff: "25:00",
      recipients: "cucina@, ufficio@comune.example",
    }),
    422,
  );
  assert.match(badRecipients, /Scrivi l&#39;ora come hh:mm|Scrivi l'ora come hh:mm/);
  assert.match(
    badRecipients,
    /L&#39;indirizzo «cucina@» non è valido|L'indirizzo «cucina@» non è valido/,
  );
  const settings = await postAndFollow(c, `${base}/mensa`, {
    action: "settings",
    cutoff: "10:00",
    recipients: "centro.cottura@comune.example",
  });
  assert.match(settings.page, /value="10:00"/);

  const diet = await postAndFollow(c, `${base}/mensa`, {
    action: "diet",
    diet_name: "Senza lattosio",
    diet_code: "no-lattosio",
    diet_kind: "medical",
    diet_certificate: "on",
    diet_active: "on",
  });
  assert.match(diet.page, /Dieta salvata\./);
  assert.match(diet.page, /NO-LATTOSIO/);
  const duplicate = await html(
    await post(c, `${base}/mensa`, {
      action: "diet",
      diet_name: "Doppia",
      diet_code: "NO-LATTOSIO",
      diet_kind: "medical",
    }),
    422,
  );
  assert.match(
    duplicate,
    /Un&#39;altra dieta ha già questo codice|Un'altra dieta ha già questo codice/,
  );

  const menus = await html(await c.get(`${base}/menu?settimana=3`));
  assert.match(menus, /Menù invernale 2026\/27/);
  assert.match(menus, /Settimana 3 di 4/);
  assert.match(menus, /Lasagne al ragù/);
  assert.match(menus, /Allergeni: Glutine, Uova, Latte, Sedano/);
  const menuId = /name="menu_id" value="([0-9a-f-]{36})"/.exec(menus)![1];
  const dish = await postAndFollow(c, `${base}/menu`, [
    ["action", "add_item"],
    ["menu_id", menuId],
    ["item_week", "3"],
    ["item_weekday", "4"],
    ["item_course", "dessert"],
    ["item_dish", "Crostata di albicocche"],
    ["item_allergens", "milk"],
    ["item_allergens", "gluten"],
    ["item_allergens", "eggs"],
  ]);
  assert.match(dish.location, /settimana=3/);
  assert.match(
    dish.page,
    /Crostata di albicocche\s*<small class="d-block">Allergeni: Glutine, Uova, Latte/,
  );

  const overlap = await html(
    await post(c, `${base}/menu`, {
      action: "create_menu",
      menu_name: "Menù estivo",
      menu_weeks: "2",
      menu_from: "2027-06-07",
    }),
    422,
  );
  assert.match(overlap, /Le date si sovrappongono a un altro menù/);
  const tuesday = await html(
    await post(c, `${base}/menu`, {
      action: "create_menu",
      menu_name: "Menù estivo",
      menu_weeks: "2",
      menu_from: "2027-07-06",
    }),
    422,
  );
  assert.match(tuesday, /Il menù deve iniziare di lunedì/);
  const summer = await postAndFollow(c, `${base}/menu`, {
    action: "create_menu",
    menu_name: "Menù estivo",
    menu_weeks: "2",
    menu_from: "2027-07-05",
  });
  assert.match(summer.page, /Menù creato/);
  assert.match(summer.page, /Settimana 1 di 2/);

  const transport = /href="\/operatore\/servizi\/([0-9a-f-]{36})"/.exec(
    await html(await c.get("/operatore/servizi?tipo=transport")),
  )![1];
  for (const tab of ["mensa", "menu"]) {
    const r = await c.get(`/operatore/servizi/${transport}/${tab}`);
    assert.equal(r.status, 404, `${tab} of a transport service`);
    await r.body?.cancel();
  }
  const general = await html(await c.get(`/operatore/servizi/${transport}`));
  assert.doesNotMatch(general, /Diete e presenze/, "no canteen tabs on other services");
});

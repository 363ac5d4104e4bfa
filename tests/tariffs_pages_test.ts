/**
 * The back office's tariff pages through `app.request()`: the list, creating a bracket tariff
 * and a linear one with the guided forms, refusals with the engine's Italian messages (422, error
 * summary, nothing written), publishing, new versions, simulation, and another Ente's 404.
 */
import assert from "node:assert/strict";
import type { Db } from "../lib/db/types.ts";
import { DEMO_USERS } from "../lib/seed/demo.ts";
import { signedInClient } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { addOtherTenant, OTHER_ADMIN } from "./helpers/other_tenant.ts";
import { monthStart, serviceId } from "./helpers/fixtures_tariffs.ts";

const OPERATOR = DEMO_USERS.find((u) => u.role === "operator")!.email;

const signedIn = (db: Db, email = OPERATOR) => signedInClient(db, email);

const count = (db: Db) =>
  db.asOwner(async (tx) =>
    (await tx.query<{ n: number }>("select count(*)::int as n from public.tariffs"))[0].n
  );

function bracketForm(service: string, code: string, rows: [string, string, string][]) {
  const fields: Record<string, string> = {
    editor: "brackets",
    service,
    code,
    title: "Refezione con fasce",
    valid_from: "2026-09-01",
    rounding: "half_up",
    kind: "per_use",
    unit: "meal",
    period: "year",
    sibling2: "30",
    sibling3: "50",
    nonResident: "surcharge",
    nonResidentValue: "20",
    missingIsee: "highest",
  };
  rows.forEach(([from, to, amount], i) => {
    fields[`b-${i}-from`] = from;
    fields[`b-${i}-to`] = to;
    fields[`b-${i}-amount`] = amount;
  });
  return fields;
}

dbTest("tariff pages: list, create with brackets and siblings, publish, simulate", async (db) => {
  const c = await signedIn(db);
  const list = await c.get("/operatore/tariffe");
  assert.equal(list.status, 200);
  assert.match(list.headers.get("content-type")!, /^text\/html/);
  const html = await list.text();
  assert.match(html, /<h1>Tariffe<\/h1>/);
  assert.match(html, /Refezione scolastica: costo del pasto/);
  assert.match(html, /href="\/operatore\/tariffe"[^>]*><span>Tariffe</, "in the side menu");

  const form = await c.get("/operatore/tariffe/nuova");
  assert.equal(form.status, 200);
  assert.match(await form.text(), /id="b-0-from"/);

  const service = await serviceId(db);
  const created = await c.postForm(
    "/operatore/tariffe/nuova",
    bracketForm(service, "mensa-fasce", [
      ["0", "6.000,00", "2,00"],
      ["6.000,01", "10.000,00", "3,20"],
      ["10.000,01", "15.000,00", "3,80"],
      ["15.000,01", "", "4,50"],
    ]),
  );
  assert.equal(created.status, 303, await created.text());
  const location = created.headers.get("location")!;
  assert.match(location, /^\/operatore\/tariffe\/[0-9a-f-]{36}\?creata=1$/);
  const id = location.split("/")[3].split("?")[0];

  const detail = await c.get(location);
  assert.equal(detail.status, 200);
  const d = await detail.text();
  assert.match(d, /Tariffa creata in bozza/);
  assert.match(d, /Fascia 3: ISEE da 10\.000,01 € a 15\.000,00 € → 3,80 €/);
  assert.match(d, /secondo figlio: −30 %/);
  assert.match(d, /non residente: \+20 %/);

  const sim = await c.get(
    `/operatore/tariffe/${id}/simula?month=2026-10&isee=12.400,00&sibling_rank=2&minors=2&uses=18`,
  );
  assert.equal(sim.status, 200);
  const s = await sim.text();
  assert.match(s, /data-testid="amount">47,88 €/);
  assert.match(s, /Fascia 3 \(ISEE 12\.400,00 €\), secondo figlio −30 %: 2,66 € × 18 = 47,88 €/);
  assert.match(s, /Secondo figlio: −30 % \(3,80 € → 2,66 €\)/);
  const en = await c.get(
    `/operatore/tariffe/${id}/simula?month=2026-10&isee=12400&sibling_rank=3&non_resident=1&lang=en`,
  );
  const e = await en.text();
  // 3,80 € −50 % = 1,90 €, +20 % = 2,28 € (unit price: no count given)
  assert.match(e, /data-testid="amount">€2\.28/);
  assert.match(e, /Bracket 3 \(ISEE €12,400\.00\), non-resident \+20%, third child onwards −50%/);

  const before = await c.get(`/operatore/tariffe/${id}/simula?month=2026-08&lang=it`);
  assert.match(await before.text(), /role="alert"[^>]*>Nessuna versione della tariffa è in vigore/);

  const publish = await c.postForm(`/operatore/tariffe/${id}`, { action: "publish" });
  assert.equal(publish.status, 303);
  const published = await (await c.get(`/operatore/tariffe/${id}?pubblicata=1`)).text();
  assert.match(published, /Pubblicata/);
  assert.match(published, /Nuova versione/);

  const retro = await c.postForm(`/operatore/tariffe/${id}/versione`, {
    ...bracketForm(service, "X", [["0", "", "5,00"]]),
    valid_from: monthStart(-1),
  });
  assert.equal(retro.status, 422);
  assert.match(await retro.text(), /non può iniziare prima del/);
  const next = await c.postForm(`/operatore/tariffe/${id}/versione`, {
    ...bracketForm(service, "X", [["0", "", "5,00"]]),
    valid_from: monthStart(1),
  });
  assert.equal(next.status, 303, await next.text());
  const two = await (await c.get(`/operatore/tariffe/${id}`)).text();
  assert.equal(two.match(/class="tariff-version/g)?.length, 2);
});

dbTest(
  "tariff pages: invalid configurations are refused with the engine's messages",
  async (db) => {
    const c = await signedIn(db);
    const service = await serviceId(db);
    const before = await count(db);
    const overlap = await c.postForm(
      "/operatore/tariffe/nuova",
      bracketForm(service, "ROTTA", [
        ["0", "6.000,00", "2,00"],
        ["5.900,00", "10.000,00", "3,20"],
        ["12.000,00", "", "4,50"],
      ]),
    );
    assert.equal(overlap.status, 422);
    const html = await overlap.text();
    assert.match(html, /class="alert alert-danger" role="alert"/);
    assert.match(
      html,
      /href="#b-1-from">Importo, fascia 2: si sovrappone alla fascia 1: un ISEE da 5\.900,00 € a 6\.000,00 € cadrebbe in entrambe/,
    );
    assert.match(html, /un ISEE da 10\.000,01 € a 11\.999,99 € non è coperto da nessuna fascia/);
    assert.match(html, /id="b-1-from"[^>]*aria-invalid="true"/);
    assert.match(html, /value="5\.900,00"/, "what was typed is kept");
    assert.equal(await count(db), before, "nothing written");

    const typo = await c.postForm("/operatore/tariffe/nuova", {
      ...bracketForm(service, "ROTTA", [["0", "", "due euro"]]),
      sibling2: "150",
    });
    assert.equal(typo.status, 422);
    const t = await typo.text();
    assert.match(t, /«due euro» non è un importo/);

    const over = await c.postForm("/operatore/tariffe/nuova", {
      ...bracketForm(service, "ROTTA", [["0", "", "2,00"]]),
      sibling2: "150",
    });
    assert.equal(over.status, 422);
    assert.match(
      await over.text(),
      /href="#sibling2">Regola 2, percentuale: la riduzione \(150 %\) supera il 100 %/,
    );

    const linear = await c.postForm("/operatore/tariffe/nuova", {
      editor: "linear",
      service,
      code: "NIDO-LIN",
      title: "Nido lineare",
      valid_from: "2026-09-01",
      rounding: "half_up",
      kind: "monthly",
      iseeMin: "30.000,00",
      iseeMax: "4.500,01",
      amountMin: "280,00",
      amountMax: "30,00",
      nonResident: "same",
      missingIsee: "highest",
    });
    assert.equal(linear.status, 422);
    const l = await linear.text();
    assert.match(
      l,
      /l'ISEE minimo della formula \(30\.000,00 €\) deve essere minore dell'ISEE massimo \(4\.500,01 €\)/,
    );
    assert.match(l, /la tariffa minima \(280,00 €\) è maggiore della tariffa massima \(30,00 €\)/);

    const json = await c.postForm("/operatore/tariffe/nuova", {
      editor: "json",
      service,
      code: "JSON",
      title: "Regole JSON",
      valid_from: "2026-09-01",
      rounding: "half_up",
      json: '{"kind": "monthly", "amount": {"type": "isee_brackets", "brackets": [' +
        '{"fromCents": 100, "toCents": 5000, "cents": 100}]}, "adjustmens": []}',
    });
    assert.equal(json.status, 422);
    const j = await json.text();
    assert.match(j, /campo sconosciuto: adjustmens/);
    const broken = await c.postForm("/operatore/tariffe/nuova", {
      editor: "json",
      service,
      code: "JSON",
      title: "Regole JSON",
      valid_from: "2026-09-01",
      rounding: "half_up",
      json: "{ kind: monthly",
    });
    assert.equal(broken.status, 422);
    assert.match(await broken.text(), /Il testo non è JSON valido/);
    assert.equal(await count(db), before, "still nothing written");

    const ok = await c.postForm("/operatore/tariffe/nuova", {
      editor: "linear",
      service,
      code: "NIDO-LIN",
      title: "Nido lineare",
      valid_from: "2026-09-01",
      rounding: "half_up",
      kind: "monthly",
      iseeMin: "4.500,01",
      iseeMax: "30.000,00",
      amountMin: "30,00",
      amountMax: "280,00",
      exemptUpTo: "4.500,00",
      sibling2: "",
      sibling3: "",
      nonResident: "same",
      missingIsee: "highest",
    });
    assert.equal(ok.status, 303);
    const id = ok.headers.get("location")!.split("/")[3].split("?")[0];
    const sim = await (await c.get(`/operatore/tariffe/${id}/simula?month=2026-10&isee=12400`))
      .text();
    // Ravenna's formula (see lib/tariffs/regulations_nursery_test.ts): 107,4509… → 107,45 €
    assert.match(sim, /data-testid="amount">107,45 €/);
    const edit = await (await c.get(`/operatore/tariffe/${id}/versione`)).text();
    assert.match(
      edit,
      /id="iseeMin"[^>]*value="4500,01"/,
      "the guided form reopens with the rules",
    );
  },
);

dbTest("tariff pages: another Ente's operator gets 404; English works", async (db) => {
  const c = await signedIn(db);
  const list = await (await c.get("/operatore/tariffe")).text();
  const id = /href="\/operatore\/tariffe\/([0-9a-f-]{36})"/.exec(list)![1];
  await addOtherTenant(db);
  const other = await signedIn(db, OTHER_ADMIN);
  for (const path of ["", "/simula?month=2026-10", "/versione"]) {
    const r = await other.get(`/operatore/tariffe/${id}${path}`);
    assert.equal(r.status, 404, path);
    await r.body?.cancel();
  }
  const theirs = await (await other.get("/operatore/tariffe")).text();
  assert.doesNotMatch(theirs, /Refezione scolastica: costo del pasto/);
  const en = await c.get("/operatore/tariffe?lang=en");
  assert.match(await en.text(), /<h1>Tariffs<\/h1>/);
  const teacher = await signedIn(db, DEMO_USERS.find((u) => u.role === "teacher")!.email);
  const denied = await teacher.get("/operatore/tariffe");
  assert.equal(denied.status, 403);
  await denied.body?.cancel();
});

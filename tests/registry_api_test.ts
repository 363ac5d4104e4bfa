/**
 * `/api/v1/people`, `organizations` and `households` over HTTP: creation with the codice
 * fiscale rules (one specific message per rule), duplicates refused with a link to the record
 * (omocodic variants included), audited reads, search, households and organizations.
 */
import assert from "node:assert/strict";
import { generateCodiceFiscale, omocodiaVariant } from "../lib/codes/mod.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";

const NEW_CHILD = {
  surname: "Marchi",
  name: "Elena",
  birthDate: "2019-06-15",
  sex: "F" as const,
  placeCode: "D612",
};
const NEW_CHILD_CF = generateCodiceFiscale(NEW_CHILD);

dbTest(
  "people API: create reads missing data from the codice fiscale; reads are audited",
  async (db) => {
    const { call } = await operatorApi(db);
    const created = await call("POST", "/people", {
      tax_code: NEW_CHILD_CF.toLowerCase(),
      surname: "Marchi",
      name: "Elena",
      email: "Famiglia.Marchi@Posta.example",
      kinds: ["beneficiary"],
      resident: true,
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(created.type, /^application\/json/);
    const p = created.json;
    assert.equal(p.tax_code, NEW_CHILD_CF);
    assert.equal(p.tax_code_key, NEW_CHILD_CF);
    assert.equal(p.sex, "F");
    assert.equal(p.birth_date, "2019-06-15");
    assert.equal(p.birth_place_code, "D612");
    assert.equal(p.email, "famiglia.marchi@posta.example");
    assert.deepEqual(p.kinds, ["beneficiary"]);
    assert.equal(p.household, null);

    const got = await call("GET", `/people/${p.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.id, p.id);
    assert.deepEqual(got.json.relations, []);
    const views = await db.asOwner((tx) =>
      tx.query<{ actor_kind: string }>(
        "select actor_kind from public.audit_log where action = 'view' and entity = 'people' and entity_id = $1",
        [p.id],
      )
    );
    assert.deepEqual(views, [{ actor_kind: "user" }], "the read is in the audit log");

    const found = await call("GET", "/people?q=elena%20marc");
    assert.equal(found.status, 200);
    assert.deepEqual(found.json.items.map((x: { id: string }) => x.id), [p.id]);
    assert.equal(found.json.total, 1);
    const byCf = await call("GET", `/people?q=${NEW_CHILD_CF.slice(0, 9)}`);
    assert.deepEqual(byCf.json.items.map((x: { id: string }) => x.id), [p.id]);

    const patched = await call("PATCH", `/people/${p.id}`, { mobile: "+39 333 1234567" });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.equal(patched.json.mobile, "+39 333 1234567");
    assert.equal(patched.json.email, "famiglia.marchi@posta.example", "other fields unchanged");
  },
);

dbTest("people API: each codice fiscale rule answers 422 with its own message", async (db) => {
  const { call } = await operatorApi(db);
  const base = { surname: "Marchi", name: "Elena" };
  const wrongCheck = NEW_CHILD_CF.slice(0, 15) + (NEW_CHILD_CF[15] === "A" ? "B" : "A");
  const cases: [string, Record<string, unknown>, string][] = [
    ["checksum", { tax_code: wrongCheck }, "tax_code.checksum"],
    ["length", { tax_code: "MRCLNE19H55" }, "tax_code.length"],
    ["structure", { tax_code: "MRCLNE1XH55D612X" }, "tax_code.format"],
    ["month", { tax_code: "MRCLNE19Z55D612X" }, "tax_code.month"],
    [
      "birth date",
      { tax_code: NEW_CHILD_CF, birth_date: "2019-06-16" },
      "tax_code.birth_date_mismatch",
    ],
    ["sex", { tax_code: NEW_CHILD_CF, sex: "M" }, "tax_code.sex_mismatch"],
    [
      "place",
      { tax_code: NEW_CHILD_CF, birth_place_code: "H501" },
      "tax_code.place_mismatch",
    ],
    ["belfiore", { birth_place_code: "X12" }, "birth_place_code.format"],
    ["future birth", { birth_date: "2999-01-01" }, "birth_date.range"],
  ];
  for (const [what, fields, code] of cases) {
    const r = await call("POST", "/people", { ...base, ...fields });
    assert.equal(r.status, 422, `${what}: ${JSON.stringify(r.json)}`);
    assert.match(r.type, /^application\/problem\+json/);
    const err = r.json.errors.find((e: { code: string }) => e.code === code);
    assert.ok(err, `${what}: ${code} in ${JSON.stringify(r.json.errors)}`);
    assert.equal(err.path, `body.${code.split(".")[0]}`);
    assert.ok(err.message.length > 10, `${what}: an English message`);
  }
  const both = await call("POST", "/people", {
    ...base,
    tax_code: NEW_CHILD_CF,
    sex: "M",
    birth_date: "2018-06-15",
  });
  assert.deepEqual(
    both.json.errors.map((e: { code: string }) => e.code).sort(),
    ["tax_code.birth_date_mismatch", "tax_code.sex_mismatch"],
    "every mismatch is reported",
  );
});

dbTest(
  "people API: a duplicate codice fiscale, omocodic or not, is 409 with the record",
  async (db) => {
    const { call } = await operatorApi(db);
    const first = await call("POST", "/people", {
      tax_code: NEW_CHILD_CF,
      surname: "Marchi",
      name: "Elena",
    });
    assert.equal(first.status, 201);
    for (
      const cf of [
        NEW_CHILD_CF,
        omocodiaVariant(NEW_CHILD_CF, 1)!,
        omocodiaVariant(NEW_CHILD_CF, 3)!,
      ]
    ) {
      const again = await call("POST", "/people", {
        tax_code: cf,
        surname: "Marchi",
        name: "Elena",
      });
      assert.equal(again.status, 409, cf);
      assert.match(again.type, /^application\/problem\+json/);
      assert.equal(again.json.code, "duplicate_tax_code");
      assert.equal(again.json.existing.id, first.json.id);
      assert.equal(again.json.existing.href, `/api/v1/people/${first.json.id}`);
      assert.equal(again.json.existing.page, `/operatore/anagrafiche/persone/${first.json.id}`);
    }
    // Changing someone else's code into this one is refused the same way.
    const other = await call("POST", "/people", { surname: "Marchi", name: "Anna" });
    assert.equal(other.status, 201);
    const clash = await call("PATCH", `/people/${other.json.id}`, {
      tax_code: omocodiaVariant(NEW_CHILD_CF, 2),
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.json.existing.id, first.json.id);
  },
);

dbTest("households API: members, one household per person, two parents at most", async (db) => {
  const { call } = await operatorApi(db);
  const mk = async (surname: string, name: string, birthDate: string, sex: "M" | "F") => {
    const r = await call("POST", "/people", {
      tax_code: generateCodiceFiscale({ surname, name, birthDate, sex, placeCode: "D612" }),
      surname,
      name,
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json.id as string;
  };
  const mum = await mk("Neri", "Paola", "1985-01-10", "F");
  const dad = await mk("Verdi", "Carlo", "1983-02-11", "M");
  const kid = await mk("Verdi", "Ettore", "2018-03-12", "M");
  const uncle = await mk("Verdi", "Bruno", "1980-04-13", "M");

  const h = await call("POST", "/households", {
    name: "Famiglia Verdi",
    members: [{ person_id: mum, role: "parent" }, { person_id: kid, role: "minor" }],
  });
  assert.equal(h.status, 201, JSON.stringify(h.json));
  assert.equal(h.json.members.length, 2);
  const added = await call("POST", `/households/${h.json.id}/members`, {
    person_id: dad,
    role: "parent",
  });
  assert.equal(added.status, 201);
  const third = await call("POST", `/households/${h.json.id}/members`, {
    person_id: uncle,
    role: "parent",
  });
  assert.equal(third.status, 409);
  assert.equal(third.json.code, "household_parents");
  const adultMinor = await call("POST", `/households/${h.json.id}/members`, {
    person_id: uncle,
    role: "minor",
  });
  assert.equal(adultMinor.status, 422);
  const asAdult = await call("POST", `/households/${h.json.id}/members`, {
    person_id: uncle,
    role: "other_adult",
  });
  assert.equal(asAdult.status, 201);

  const other = await call("POST", "/households", { name: "Famiglia Neri" });
  const moved = await call("POST", `/households/${other.json.id}/members`, {
    person_id: mum,
    role: "parent",
  });
  assert.equal(moved.status, 409);
  assert.equal(moved.json.code, "already_in_household");
  assert.equal(moved.json.existing.id, h.json.id);
  assert.equal(moved.json.existing.href, `/api/v1/households/${h.json.id}`);

  const person = await call("GET", `/people/${kid}`);
  assert.deepEqual(person.json.household, { id: h.json.id, name: "Famiglia Verdi", role: "minor" });
  assert.deepEqual(
    person.json.relations.map((r: { person_id: string; role: string }) => [r.person_id, r.role]),
    [[dad, "parent"], [mum, "parent"], [uncle, "other_adult"]],
    "parents first (equal rights, by age), then the other adults",
  );
  const members = await call("GET", `/people?household_id=${h.json.id}`);
  assert.equal(members.json.total, 4);

  const removed = await call("DELETE", `/households/${h.json.id}/members/${mum}`);
  assert.equal(removed.status, 204);
  const again = await call("DELETE", `/households/${h.json.id}/members/${mum}`);
  assert.equal(again.status, 404);
  const joined = await call("POST", `/households/${other.json.id}/members`, {
    person_id: mum,
    role: "parent",
  });
  assert.equal(joined.status, 201, "free to join another household once removed");
});

dbTest("organizations API: P.IVA and CF validated, duplicates 409 with the record", async (db) => {
  const { call } = await operatorApi(db);
  const list = await call("GET", "/organizations?kind=provider");
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.json.items.map((o: { provider_kind: string }) => o.provider_kind).sort(),
    ["bus_company", "caterer", "cooperative"],
  );
  const caterer = list.json.items.find((o: { provider_kind: string }) =>
    o.provider_kind === "caterer"
  );

  const bad = await call("POST", "/organizations", {
    name: "Mensa Nuova",
    kind: "provider",
    vat_number: "00743110158",
    iban: "IT60X0542811101000000123455",
  });
  assert.equal(bad.status, 422);
  const codes = bad.json.errors.map((e: { code: string }) => e.code).sort();
  assert.deepEqual(codes, ["iban.check_digits", "provider_kind", "vat_number.checksum"]);

  const dup = await call("POST", "/organizations", {
    name: "Altra ragione sociale",
    kind: "provider",
    provider_kind: "caterer",
    tax_code: caterer.vat_number,
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.code, "duplicate_vat_number");
  assert.equal(dup.json.existing.id, caterer.id);
  assert.equal(dup.json.existing.page, `/operatore/anagrafiche/organizzazioni/${caterer.id}`);

  const ok = await call("POST", "/organizations", {
    name: "Scuola Primaria Don Milani",
    kind: "school",
    tax_code: "94012340488",
    school_code: "fiee84101v",
  });
  assert.equal(ok.status, 409, "the demo school already has this CF");
  const school = await call("POST", "/organizations", {
    name: "Nido Il Grillo S.r.l.",
    kind: "provider",
    provider_kind: "cooperative",
    vat_number: "IT 0074 311 0157",
  });
  assert.equal(school.status, 201, JSON.stringify(school.json));
  assert.equal(school.json.vat_number, "00743110157");
  const patched = await call("PATCH", `/organizations/${school.json.id}`, {
    iban: "IT60 X054 2811 1010 0000 0123 456",
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.json));
  assert.equal(patched.json.iban, "IT60X0542811101000000123456");
});

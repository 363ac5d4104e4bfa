/**
 * Merging two records of the same person: field by field on the page, `take` in the API; the
 * household and references move, the source keeps `merged_into`, history is in the audit log.
 */
import assert from "node:assert/strict";
import { generateCodiceFiscale } from "../lib/codes/mod.ts";
import { dbTest } from "./helpers/db.ts";
import { operatorApi } from "./helpers/fixtures_registry.ts";

const CHILD = {
  surname: "Marchi",
  name: "Elena",
  birthDate: "2019-06-15",
  sex: "F" as const,
  placeCode: "D612",
};
const CF = generateCodiceFiscale(CHILD);
const BASE = "/operatore/anagrafiche";

dbTest(
  "merge on the page: defaults keep the target and fill its gaps; household moves",
  async (db) => {
    const { call, c } = await operatorApi(db);
    const target =
      (await call("POST", "/people", { tax_code: CF, surname: "Marchi", name: "Elena" })).json;
    const source = (await call("POST", "/people", {
      surname: "Marchi",
      name: "Elena",
      email: "marchi@posta.example",
      kinds: ["beneficiary"],
    })).json;
    const household = (await call("POST", "/households", {
      name: "Famiglia Marchi",
      members: [{ person_id: source.id, role: "minor" }],
    })).json;

    const pick = await c.get(`${BASE}/persone/${target.id}/unisci`);
    const pickHtml = await pick.text();
    assert.equal(pick.status, 200);
    assert.match(
      pickHtml,
      new RegExp(`unisci\\?origine=${source.id}`),
      "the duplicate is proposed",
    );
    const compare = await c.get(`${BASE}/persone/${target.id}/unisci?origine=${source.id}`);
    const form = await compare.text();
    assert.equal(compare.status, 200);
    assert.match(form, /id="campo_email_altro" name="campo_email" value="altro" checked/);
    assert.match(form, /id="campo_tax_code_questo" name="campo_tax_code" value="questo" checked/);

    const merged = await c.postForm(`${BASE}/persone/${target.id}/unisci`, {
      origine: source.id,
      campo_tax_code: "questo",
      campo_email: "altro",
    });
    assert.equal(merged.status, 303);
    assert.equal(merged.headers.get("location"), `${BASE}/persone/${target.id}?unita=1`);

    const after = (await call("GET", `/people/${target.id}`)).json;
    assert.equal(after.tax_code, CF);
    assert.equal(after.email, "marchi@posta.example");
    assert.deepEqual(after.kinds, ["beneficiary"]);
    assert.deepEqual(after.household, { id: household.id, name: "Famiglia Marchi", role: "minor" });
    assert.deepEqual(after.merged_from.map((m: { id: string }) => m.id), [source.id]);
    const old = (await call("GET", `/people/${source.id}`)).json;
    assert.equal(old.merged_into, target.id);
    assert.equal(old.household, null);

    const oldPage = await (await c.get(`${BASE}/persone/${source.id}`)).text();
    assert.match(
      oldPage,
      new RegExp(`stato unito a quello di <a href="${BASE}/persone/${target.id}">`),
    );
    const list = (await call("GET", "/people?q=marchi")).json;
    assert.deepEqual(
      list.items.map((p: { id: string }) => p.id),
      [target.id],
      "merged records hidden",
    );
    const withMerged = (await call("GET", "/people?q=marchi&include_merged=true")).json;
    assert.equal(withMerged.total, 2);

    const log = await db.asOwner((tx) =>
      tx.query<{ action: string; entity: string; details: Record<string, unknown> | null }>(
        `select action, entity, details from public.audit_log
        where entity_id in ($1, $2) and action in ('merge', 'update') order by id`,
        [target.id, source.id],
      )
    );
    const event = log.find((l) => l.action === "merge")!;
    assert.equal(event.details!.source_id, source.id);
    assert.deepEqual(event.details!.taken, ["email"]);
    assert.deepEqual(event.details!.moved, { "household_members.person_id": 1 });
    assert.ok(
      log.filter((l) => l.action === "update").length >= 2,
      "both rows' changes are logged",
    );

    const again = await c.postForm(`${BASE}/persone/${target.id}/unisci`, { origine: source.id });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /già stato unito/);
  },
);

dbTest(
  "merge API: take fields, move the code, follow earlier merges, refuse incoherence",
  async (db) => {
    const { call } = await operatorApi(db);
    const target = (await call("POST", "/people", {
      surname: "Marchi",
      name: "Elena",
      email: "vecchia@posta.example",
    })).json;
    const source = (await call("POST", "/people", {
      tax_code: CF,
      surname: "Marchi",
      name: "Elena",
      email: "nuova@posta.example",
    })).json;
    const older = (await call("POST", "/people", { surname: "Marchi", name: "Elena" })).json;
    assert.equal(
      (await call("POST", `/people/${source.id}/merge`, { source_id: older.id })).status,
      200,
    );

    const same = await call("POST", `/people/${target.id}/merge`, { source_id: target.id });
    assert.equal(same.status, 422);
    assert.equal(same.json.code, "merge_same");

    // Keeping the target's birth date against the source's code would be incoherent.
    await call("PATCH", `/people/${target.id}`, { birth_date: "2018-01-01" });
    const incoherent = await call("POST", `/people/${target.id}/merge`, { source_id: source.id });
    assert.equal(incoherent.status, 422);
    assert.ok(
      incoherent.json.errors.some((e: { code: string }) =>
        e.code === "tax_code.birth_date_mismatch"
      ),
    );

    const r = await call("POST", `/people/${target.id}/merge`, {
      source_id: source.id,
      take: ["email", "birth_date"],
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.person.tax_code, CF, "the empty code is filled from the source");
    assert.equal(r.json.person.email, "nuova@posta.example");
    assert.deepEqual(r.json.taken, ["birth_date", "email"]);
    assert.deepEqual(r.json.moved, { "people.merged_into": 1 });
    assert.equal((await call("GET", `/people/${older.id}`)).json.merged_into, target.id);

    const dup = await call("POST", "/people", { tax_code: CF, surname: "Marchi", name: "Elena" });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.existing.id, target.id, "the code now points at the surviving record");
    const twice = await call("POST", `/people/${target.id}/merge`, { source_id: source.id });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.code, "merged");
  },
);

dbTest("merge: when both are in households the target keeps its own", async (db) => {
  const { call } = await operatorApi(db);
  const a = (await call("POST", "/people", { surname: "Verdi", name: "Anna" })).json;
  const b = (await call("POST", "/people", { surname: "Verdi", name: "Anna" })).json;
  const ha = (await call("POST", "/households", {
    name: "Famiglia Verdi",
    members: [{ person_id: a.id, role: "parent" }],
  })).json;
  const hb = (await call("POST", "/households", {
    name: "Famiglia Verdi bis",
    members: [{ person_id: b.id, role: "parent" }],
  })).json;
  const r = await call("POST", `/people/${a.id}/merge`, { source_id: b.id });
  assert.equal(r.status, 200);
  assert.equal(r.json.person.household.id, ha.id);
  assert.deepEqual(r.json.moved, { "household_members.removed": 1 });
  assert.equal((await call("GET", `/households/${hb.id}`)).json.members.length, 0);
});

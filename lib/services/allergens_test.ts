import assert from "node:assert/strict";
import {
  ALLERGEN_CODES,
  allergenNames,
  ALLERGENS,
  isAllergen,
  normalizeAllergens,
} from "./allergens.ts";

Deno.test("the 14 allergens of Reg. (UE) 1169/2011, Annex II, in order", () => {
  assert.equal(ALLERGENS.length, 14);
  assert.deepEqual(ALLERGENS.map((a) => a.n), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  assert.deepEqual(ALLERGENS.map((a) => a.it), [
    "Glutine",
    "Crostacei",
    "Uova",
    "Pesce",
    "Arachidi",
    "Soia",
    "Latte",
    "Frutta a guscio",
    "Sedano",
    "Senape",
    "Sesamo",
    "Anidride solforosa e solfiti",
    "Lupini",
    "Molluschi",
  ]);
  // The wording of the Annex, checked on a few entries.
  assert.match(
    ALLERGENS[0].annex,
    /^Cereali contenenti glutine, vale a dire: grano \(farro e grano khorasan\), segale, orzo, avena/,
  );
  assert.equal(ALLERGENS[6].annex, "Latte e prodotti a base di latte (incluso lattosio)");
  assert.match(ALLERGENS[11].annex, /10 mg\/kg o 10 mg\/litro in termini di SO2 totale$/);
  assert.equal(ALLERGENS[13].annex, "Molluschi e prodotti a base di molluschi");
  assert.equal(new Set(ALLERGEN_CODES).size, 14);
});

Deno.test("the database accepts exactly these codes (same list as the migration)", async () => {
  const sql = await Deno.readTextFile(
    new URL("../../supabase/migrations/20261128120000_service_config.sql", import.meta.url),
  );
  const list = /allergens <@ array\[([^\]]+)\]/.exec(sql)![1];
  const codes = [...list.matchAll(/'([a-z]+)'/g)].map((m) => m[1]);
  assert.deepEqual(codes, ALLERGEN_CODES);
});

Deno.test("normalizing and naming allergens", () => {
  assert.deepEqual(normalizeAllergens(["milk", "gluten", "milk", "chocolate"]), ["gluten", "milk"]);
  assert.equal(allergenNames(["milk", "gluten"], "it"), "Glutine, Latte");
  assert.equal(allergenNames(["sulphites"], "en"), "Sulphur dioxide and sulphites");
  assert.ok(isAllergen("lupin") && !isAllergen("Lupini"));
});

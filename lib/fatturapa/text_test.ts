import assert from "node:assert/strict";
import { esc, latin, parseAddress } from "./text.ts";

Deno.test("latin folds text into Latin-1 and cuts it", () => {
  assert.equal(latin("Mensa – l’anno “2026”", 100), `Mensa - l'anno "2026"`);
  assert.equal(latin("Perché città", 100), "Perché città");
  assert.equal(latin("Łukasz Ōtani 中", 100), "?ukasz Otani ?");
  assert.equal(latin("  a \n b  ", 100), "a b");
  assert.equal(latin("abcdef", 3), "abc");
  assert.equal(latin("10 €", 10), "10 EUR");
});

Deno.test("esc escapes XML specials", () => {
  assert.equal(esc(`a<b & "c">`), "a&lt;b &amp; &quot;c&quot;&gt;");
});

Deno.test("parseAddress splits Italian address lines", () => {
  assert.deepEqual(parseAddress("Via Roma 12, 50099 Valdiponte (FI)"), {
    street: "Via Roma",
    number: "12",
    postalCode: "50099",
    municipality: "Valdiponte",
    province: "FI",
    country: "IT",
  });
  assert.deepEqual(parseAddress("Via dei Mille, 4/B - 20121 Milano MI"), {
    street: "Via dei Mille",
    number: "4/B",
    postalCode: "20121",
    municipality: "Milano",
    province: "MI",
    country: "IT",
  });
  const noNumber = parseAddress("Località Poggio, 53100 Siena");
  assert.equal(noNumber?.street, "Località Poggio");
  assert.equal(noNumber?.number, null);
  assert.equal(noNumber?.province, null);
  assert.equal(parseAddress("Via Roma 12, Valdiponte"), null);
  assert.equal(parseAddress(""), null);
  assert.equal(parseAddress(null), null);
});

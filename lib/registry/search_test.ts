import assert from "node:assert/strict";
import { decodeCursor, encodeCursor, fold, searchFilter, taxCodePrefix } from "./search.ts";

const SERVICE = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const SITE = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CLASS = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

Deno.test("search filter: service, site and class go to the database as lowercase ids", () => {
  assert.deepEqual(searchFilter({ serviceId: SERVICE }), { service_id: SERVICE });
  assert.deepEqual(
    searchFilter({ serviceId: SERVICE, siteId: SITE.toUpperCase(), classId: CLASS }),
    { service_id: SERVICE, site_id: SITE, class_id: CLASS },
  );
  assert.deepEqual(searchFilter({ classId: CLASS, kind: "beneficiary" }), {
    kind: "beneficiary",
    class_id: CLASS,
  });
  // Empty or absent filters add nothing.
  assert.deepEqual(searchFilter({ serviceId: "", siteId: null, classId: undefined }), {});
});

Deno.test("search filter: an id that is not a UUID matches nobody", () => {
  for (const bad of ["1", "'; drop table people; --", `${SERVICE}x`, "not-a-uuid"]) {
    assert.equal(searchFilter({ serviceId: bad }), null, bad);
    assert.equal(searchFilter({ siteId: bad }), null, bad);
    assert.equal(searchFilter({ classId: bad }), null, bad);
  }
});

Deno.test("search filter: names, codes and the other filters", () => {
  assert.deepEqual(searchFilter({ q: "Rossi Mà" }), { like: ["%rossi%"], contains: ["ma"] });
  assert.deepEqual(searchFilter({ q: "ro" }), { like: [], sort_like: "ro%", contains: [] });
  assert.deepEqual(searchFilter({ q: "RSSMRA8R" }), { cf_like: "RSSMRA85%" });
  // Pattern characters never reach LIKE unescaped.
  assert.deepEqual(searchFilter({ q: "100%_x" }), { like: ["%100%"], contains: ["x"] });
  assert.equal(searchFilter({ q: "  ,, " }), null);
  assert.deepEqual(searchFilter({ resident: false, inHousehold: true, includeMerged: true }), {
    include_merged: true,
    resident: false,
    in_household: true,
  });
  assert.equal(searchFilter({ taxCode: "not a code" }), null);
  assert.equal(fold("D'Àngelo  Niccolò"), "dangelo niccolo");
  assert.equal(taxCodePrefix("Marchetti"), null);
  const cursor = encodeCursor(["rossi mario", SERVICE]);
  assert.deepEqual(decodeCursor(cursor), ["rossi mario", SERVICE]);
  assert.equal(decodeCursor("%%%"), null);
});

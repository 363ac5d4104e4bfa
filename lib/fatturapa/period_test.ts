import assert from "node:assert/strict";
import { italianDate, periodLabel } from "./period.ts";

Deno.test("periodLabel names whole months, days and spans", () => {
  assert.equal(periodLabel("2026-10-01", "2026-10-31"), "ottobre 2026");
  assert.equal(periodLabel("2028-02-01", "2028-02-29"), "febbraio 2028");
  assert.equal(periodLabel("2027-02-01", "2027-02-28"), "febbraio 2027");
  assert.equal(periodLabel("2026-10-01", "2026-10-30"), "dal 01/10/2026 al 30/10/2026");
  assert.equal(periodLabel("2026-09-01", "2026-12-31"), "dal 01/09/2026 al 31/12/2026");
  assert.equal(periodLabel("2026-10-05", "2026-10-05"), "05/10/2026");
  assert.equal(italianDate("2026-01-09"), "09/01/2026");
});

import assert from "node:assert/strict";
import { validateAbsence } from "./absences.ts";

const E = "0b6c2b0e-6a8a-4a57-9a3e-2f1d6f1b7c11";
const enr = { starts_on: "2026-09-14", ends_on: "2027-06-08", withdrawn_on: null };
const ok = { enrollment_id: E, from_day: "2026-12-01", to_day: "2026-12-04", reason: "Vacanza" };

Deno.test("validateAbsence: a period within the enrollment is valid", () => {
  assert.deepEqual(validateAbsence(ok, enr, []), {});
  assert.deepEqual(validateAbsence({ ...ok, to_day: ok.from_day }, enr, []), {});
  assert.deepEqual(validateAbsence({ ...ok, reason: "  Gita  " }, enr, []), {});
});

Deno.test("validateAbsence: each field says what is wrong", () => {
  assert.ok(validateAbsence({ ...ok, enrollment_id: "x" }, enr, []).enrollment_id);
  assert.ok(validateAbsence(ok, null, []).enrollment_id);
  assert.match(validateAbsence({ ...ok, reason: " a " }, enr, []).reason![0], /almeno 3/);
  assert.match(validateAbsence({ ...ok, reason: "x".repeat(501) }, enr, []).reason![0], /500/);
  assert.ok(validateAbsence({ ...ok, from_day: "" }, enr, []).from_day);
  assert.ok(validateAbsence({ ...ok, to_day: "2026-02-30" }, enr, []).to_day);
  assert.match(
    validateAbsence({ ...ok, to_day: "2026-11-30" }, enr, []).to_day![0],
    /non può precedere/,
  );
  assert.match(
    validateAbsence({ ...ok, from_day: "2026-09-01" }, enr, []).from_day![0],
    /iscritto dal 14\/09\/2026 al 08\/06\/2027/,
  );
  assert.match(
    validateAbsence(ok, { ...enr, withdrawn_on: "2026-12-02" }, []).from_day![0],
    /al 02\/12\/2026/,
  );
  assert.match(
    validateAbsence({ ...ok, from_day: "2026-01-01", to_day: "2027-06-08" }, enr, []).to_day![0],
    /un anno/,
  );
});

Deno.test("validateAbsence: overlapping periods are refused, adjacent ones accepted", () => {
  const existing = [{ from_day: "2026-11-30", to_day: "2026-12-01" }];
  assert.match(validateAbsence(ok, enr, existing).from_day![0], /già un'assenza/);
  assert.deepEqual(
    validateAbsence(ok, enr, [{ from_day: "2026-11-23", to_day: "2026-11-30" }]),
    {},
  );
  assert.ok(validateAbsence(ok, enr, [{ from_day: "2026-12-04", to_day: "2026-12-10" }]).from_day);
});

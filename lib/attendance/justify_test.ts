import assert from "node:assert/strict";
import { checkJustification } from "./justify.ts";

const E = "0b6c2b0e-6a8a-4a57-9a3e-2f1d6f1b7c11";

Deno.test("checkJustification: text between 3 and 1000 characters, a real absence", () => {
  assert.equal(checkJustification({ enrollment_id: E, day: "2026-11-26", text: "Febbre" }), null);
  assert.match(
    checkJustification({ enrollment_id: E, day: "2026-11-26", text: "  ok " })![0],
    /almeno 3/,
  );
  assert.match(
    checkJustification({ enrollment_id: E, day: "2026-11-26", text: "x".repeat(1001) })![0],
    /1000/,
  );
  assert.match(
    checkJustification({ enrollment_id: "nope", day: "2026-11-26", text: "Febbre" })![0],
    /non trovata/,
  );
  assert.match(
    checkJustification({ enrollment_id: E, day: "2026-13-01", text: "Febbre" })![0],
    /non trovata/,
  );
});

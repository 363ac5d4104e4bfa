import assert from "node:assert/strict";
import { fromPostgresError } from "./app.ts";

Deno.test("database refusals become the caller's errors, with their HTTP status", () => {
  const of = (code: string) => fromPostgresError({ code })?.status ?? null;
  assert.equal(of("23505"), 409);
  assert.equal(of("23503"), 409);
  assert.equal(of("42501"), 403);
  assert.equal(of("22P02"), 422);
  assert.equal(of("23514"), 422);
  assert.equal(of("23502"), 422);
  // A change the record's state no longer allows (settled receipt, published tariff).
  assert.deepEqual(fromPostgresError({ code: "55000" }), {
    status: 409,
    message: "The record's state does not allow this change",
    code: "state_conflict",
  });
  // Anything else is the server's: no mapping, a 500 with the error logged.
  assert.equal(of("40001"), null);
  assert.equal(of("XX000"), null);
  assert.equal(fromPostgresError(new Error("plain")), null);
  assert.equal(fromPostgresError({ code: "not a sqlstate" }), null);
});

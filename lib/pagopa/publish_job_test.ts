import assert from "node:assert/strict";
import { backoffSeconds } from "./publish_job.ts";

Deno.test("publication back-off doubles from a minute up to six hours", () => {
  assert.deepEqual([1, 2, 3, 4].map(backoffSeconds), [60, 120, 240, 480]);
  assert.equal(backoffSeconds(20), 6 * 3600);
});

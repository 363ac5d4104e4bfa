import assert from "node:assert/strict";
import { absenceToAnnounce, isPushEvent, pushEvent } from "./events.ts";

const E = "0b6c2b0e-6a8a-4a57-9a3e-2f1d6f1b7c11";

Deno.test("absenceToAnnounce: the school recording today's absence, nothing else", () => {
  for (const source of ["teacher", "scan", "operator", "api"]) {
    assert.equal(absenceToAnnounce("absent", "2026-11-26", "2026-11-26", source), true, source);
  }
  // The family's own doing, a file import, a presumed presence: not news to them.
  for (const source of ["family", "csv", "presumed"]) {
    assert.equal(absenceToAnnounce("absent", "2026-11-26", "2026-11-26", source), false, source);
  }
  assert.equal(absenceToAnnounce("present", "2026-11-26", "2026-11-26", "teacher"), false);
  assert.equal(absenceToAnnounce("cancelled", "2026-11-26", "2026-11-26", "operator"), false);
  // A correction of a past day.
  assert.equal(absenceToAnnounce("absent", "2026-11-25", "2026-11-26", "teacher"), false);
});

Deno.test("pushEvent: a room no socket can join, the subject in the data", () => {
  const e = pushEvent("push.absence", E, { day: "2026-11-26" });
  assert.deepEqual(e, {
    room: `push:${E}`,
    event: "push.absence",
    data: { day: "2026-11-26", subject: E },
  });
  // The outbox's room check (the migration): `<kind>:<uuid>`.
  assert.match(e.room, /^[a-z_]+:[0-9a-f-]{36}(:[a-z_]+)?$/);
  assert.equal(isPushEvent(e), true);
  assert.equal(isPushEvent({ room: `child:${E}` }), false);
});

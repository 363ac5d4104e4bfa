import assert from "node:assert/strict";
import { isUuid, UUID_PATTERN } from "./uuid.ts";

// Shape from RFC 9562 §4 (8-4-4-4-12 hex digits); ID is the UUIDv4 example of RFC 9562 appendix A.
const ID = "919108f7-52d1-4320-9bac-f847db4148a8";

Deno.test("isUuid accepts the 8-4-4-4-12 hex shape in any case", () => {
  for (
    const v of [ID, ID.toUpperCase(), "919108F7-52d1-4320-9BAC-f847db4148a8", crypto.randomUUID()]
  ) {
    assert.equal(isUuid(v), true, v);
  }
  assert.equal(isUuid("00000000-0000-0000-0000-000000000000"), true, "nil UUID");
});

Deno.test("isUuid rejects anything else", () => {
  // deno-fmt-ignore
  const bad: Array<[string | null | undefined, string]> = [
    [null, "null"], [undefined, "undefined"], ["", "empty"],
    [ID.slice(0, -1), "35 characters"], [ID + "0", "37 characters"],
    ["919108f752d143209bacf847db4148a8", "no hyphens"],
    ["919108f7-52d14320-9bac-f847db4148a8", "a hyphen missing"],
    ["919108f-752d1-4320-9bac-f847db4148a8", "hyphen in the wrong place"],
    ["------------------------------------", "36 hyphens"],
    ["919108g7-52d1-4320-9bac-f847db4148a8", "not hex"],
    [` ${ID}`, "leading space"], [`${ID} `, "trailing space"], [`${ID}\n`, "trailing newline"],
    [`{${ID}}`, "braces"], [`urn:uuid:${ID}`, "URN form"],
  ];
  for (const [v, why] of bad) assert.equal(isUuid(v), false, why);
});

Deno.test("UUID_PATTERN embeds lowercase UUIDs without anchors", () => {
  const key = new RegExp(`^${UUID_PATTERN}/${UUID_PATTERN}$`);
  assert.equal(key.test(`${ID}/${ID}`), true);
  assert.equal(key.test(`${ID.toUpperCase()}/${ID}`), false);
  assert.equal(new RegExp(UUID_PATTERN).test(`x${ID}x`), true);
});

import assert from "node:assert/strict";
import { h } from "preact";
import {
  assertSerializableProps,
  escapeAttr,
  IslandPropsError,
  serializeProps,
  stringifyForHtml,
} from "./serialize.ts";

Deno.test("stringifyForHtml escapes </script>, <!-- and & so inline JSON cannot break out", () => {
  const value = { a: "</script><script>alert(1)</script>", b: "<!-- x -->", c: "a&b" };
  const json = stringifyForHtml(value);
  assert.ok(!/[<>&]/.test(json), json);
  assert.ok(!json.toLowerCase().includes("</script"));
  assert.ok(!json.includes("<!--"));
  assert.deepEqual(JSON.parse(json), value);
});

Deno.test("stringifyForHtml escapes U+2028 and U+2029", () => {
  const value = { s: "line\u2028sep\u2029para" };
  const json = stringifyForHtml(value);
  assert.ok(!json.includes("\u2028") && !json.includes("\u2029"));
  assert.ok(json.includes("\\u2028") && json.includes("\\u2029"));
  assert.deepEqual(JSON.parse(json), value);
});

Deno.test("serializeProps accepts plain JSON data and drops undefined members", () => {
  const props = {
    s: "x",
    n: 1.5,
    b: false,
    z: null,
    list: [1, "two", { three: [3] }],
    nested: { deep: { ok: true } },
    optional: undefined,
    bare: Object.assign(Object.create(null), { k: "v" }),
  };
  const json = serializeProps("Demo", props);
  assert.deepEqual(JSON.parse(json), {
    s: "x",
    n: 1.5,
    b: false,
    z: null,
    list: [1, "two", { three: [3] }],
    nested: { deep: { ok: true } },
    bare: { k: "v" },
  });
});

Deno.test("serializeProps rejects functions with the prop path and island name", () => {
  assert.throws(
    () => serializeProps("Demo", { nested: { onClick: () => {} } }),
    (err: unknown) =>
      err instanceof IslandPropsError && /Island "Demo"/.test(err.message) &&
      /props\.nested\.onClick/.test(err.message) && /function/.test(err.message),
  );
});

Deno.test("serializeProps rejects class instances", () => {
  for (const bad of [new Date(0), new Map(), new Set(), new (class Point {})(), /re/]) {
    assert.throws(() => serializeProps("Demo", { v: bad }), IslandPropsError);
  }
  assert.throws(() => serializeProps("Demo", { v: new Date(0) }), /instance of Date/);
});

Deno.test("serializeProps rejects JSX children and JSX in props", () => {
  assert.throws(
    () => serializeProps("Demo", { children: h("b", null, "x") }),
    /props\.children is not allowed/,
  );
  assert.throws(() => serializeProps("Demo", { children: "text" }), /props\.children/);
  assert.throws(
    () => serializeProps("Demo", { icon: h("i", null) }),
    /props\.icon is a JSX element/,
  );
});

Deno.test("serializeProps rejects values JSON cannot represent", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ v: NaN }, /props\.v is NaN/],
    [{ v: Infinity }, /Infinity/],
    [{ v: 1n }, /bigint/],
    [{ v: Symbol("s") }, /symbol/],
    [{ v: [1, undefined] }, /props\.v\[1\] is undefined/],
    [cyclic, /circular/],
  ];
  for (const [props, message] of cases) {
    assert.throws(() => assertSerializableProps("Demo", props), message);
  }
});

Deno.test("serializeProps allows the same object twice when it is not a cycle", () => {
  const shared = { k: 1 };
  assert.deepEqual(JSON.parse(serializeProps("Demo", { a: shared, b: [shared] })), {
    a: { k: 1 },
    b: [{ k: 1 }],
  });
});

Deno.test("escapeAttr escapes attribute delimiters", () => {
  assert.equal(escapeAttr(`/a?b=1&c="<x>"`), "/a?b=1&#38;c=&#34;&#60;x&#62;&#34;");
});

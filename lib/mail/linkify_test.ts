import assert from "node:assert/strict";
import { linkify } from "./linkify.ts";

Deno.test("linkify: addresses become links, the rest stays text", () => {
  assert.deepEqual(linkify("Apri https://a.example/x?token=ab_c-1 entro 60 minuti."), [
    { text: "Apri " },
    { href: "https://a.example/x?token=ab_c-1" },
    { text: " entro 60 minuti." },
  ]);
});

Deno.test("linkify: sentence punctuation after an address is not part of it", () => {
  assert.deepEqual(linkify("Vai su http://a.example/p. Poi (https://b.example/q), ok"), [
    { text: "Vai su " },
    { href: "http://a.example/p" },
    { text: ". Poi (" },
    { href: "https://b.example/q" },
    { text: "), ok" },
  ]);
});

Deno.test("linkify: a parenthesis opened inside the address is kept", () => {
  assert.deepEqual(linkify("https://it.wikipedia.org/wiki/Piazza_(urbanistica)"), [
    { href: "https://it.wikipedia.org/wiki/Piazza_(urbanistica)" },
  ]);
});

Deno.test("linkify: no scheme, other schemes and markup are plain text", () => {
  const text = 'www.a.example javascript:alert(1) <a href="x">y</a> ftp://z.example';
  assert.deepEqual(linkify(text), [{ text }]);
  assert.deepEqual(linkify(""), []);
});

Deno.test("linkify: an address ends at a quote or angle bracket", () => {
  assert.deepEqual(linkify('<https://a.example/x>"'), [
    { text: "<" },
    { href: "https://a.example/x" },
    { text: '>"' },
  ]);
});

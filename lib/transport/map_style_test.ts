import assert from "node:assert/strict";
import {
  fallbackStyle,
  graticule,
  isStyle,
  mapConnectSources,
  MAPLIBRE_CSS,
  MAPLIBRE_VERSION,
  MAPLIBRE_WORKER,
} from "./map_style.ts";

Deno.test("MapLibre's assets are served from the pinned package", async () => {
  const deno = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(deno.imports["maplibre-gl"], `npm:maplibre-gl@${MAPLIBRE_VERSION}`);
  const dist = new URL("../../node_modules/maplibre-gl/dist/", import.meta.url);
  for (const url of [MAPLIBRE_CSS, MAPLIBRE_WORKER]) {
    const file = url.slice(url.lastIndexOf("/") + 1);
    assert.ok((await Deno.stat(new URL(file, dist))).isFile, file);
  }
});

Deno.test("the plain style needs no tile, glyph or sprite server", () => {
  const style = fallbackStyle([11.23, 43.78, 11.25, 43.81]);
  assert.ok(isStyle(style));
  assert.equal(style.glyphs, undefined);
  assert.equal(style.sprite, undefined);
  assert.deepEqual(style.layers.map((l) => l.type), ["background", "line"]);
  assert.ok(!JSON.stringify(style).includes("http"));
  assert.deepEqual(fallbackStyle(null).sources.graticule, {
    type: "geojson",
    data: { type: "FeatureCollection", features: [] },
  });
});

Deno.test("the graticule frames the area and stays small", () => {
  const g = graticule([11.2, 43.7, 11.3, 43.8]);
  const xs = g.features.flatMap((f) => f.geometry.coordinates.map((c) => c[0]));
  assert.ok(Math.min(...xs) < 11.2 && Math.max(...xs) > 11.3);
  assert.ok(g.features.length < 200, `${g.features.length} lines`);
  assert.ok(graticule([-180, -85, 180, 85]).features.length <= 800);
});

Deno.test("the CSP's connect-src gets the style's origin only when it is elsewhere", () => {
  assert.deepEqual(mapConnectSources(null), []);
  assert.deepEqual(mapConnectSources("/static/map/style.json"), []);
  assert.deepEqual(mapConnectSources("https://tiles.example.it/styles/liberty.json"), [
    "https://tiles.example.it",
  ]);
});

Deno.test("isStyle accepts MapLibre v8 documents only", () => {
  assert.equal(isStyle({ version: 8, sources: {}, layers: [] }), true);
  assert.equal(isStyle({ version: 7, sources: {}, layers: [] }), false);
  assert.equal(isStyle("<html>"), false);
  assert.equal(isStyle(null), false);
});

import assert from "node:assert/strict";
import { featureCollectionProblems, type GeoRoute, routesToGeoJson } from "./geojson.ts";

const route = (stops: number): GeoRoute => ({
  id: "r1",
  code: "A",
  name: "Linea A",
  color: "#0066cc",
  stops: Array.from({ length: stops }, (_, i) => ({
    id: `s${i + 1}`,
    position: stops - i, // out of order on purpose: the export sorts by position
    name: `Fermata ${stops - i}`,
    latitude: +(43.78 + (stops - i) / 1000).toFixed(3),
    longitude: +(11.24 + (stops - i) / 1000).toFixed(3),
    time_there: "07:30",
  })),
});

Deno.test("GeoJSON: a LineString through the stops in order, then a Point per stop", () => {
  const doc = routesToGeoJson([route(3)]);
  assert.deepEqual(featureCollectionProblems(doc), []);
  assert.deepEqual(doc.bbox, [11.241, 43.781, 11.243, 43.783]);
  const [line, ...points] = doc.features;
  assert.equal(line.geometry.type, "LineString");
  // RFC 7946 §3.1.1: longitude first.
  assert.deepEqual(line.geometry.coordinates, [[11.241, 43.781], [11.242, 43.782], [
    11.243,
    43.783,
  ]]);
  assert.deepEqual(points.map((p) => p.properties.kind === "stop" && p.properties.position), [
    1,
    2,
    3,
  ]);
  assert.equal(points[0].properties.kind === "stop" && points[0].properties.time_back, null);
  // A JSON round trip keeps it valid (no undefined members, no NaN).
  assert.deepEqual(featureCollectionProblems(JSON.parse(JSON.stringify(doc))), []);
});

Deno.test("GeoJSON: fewer than two stops make no LineString; no stops make no bbox", () => {
  const one = routesToGeoJson([route(1)]);
  assert.deepEqual(one.features.map((f) => f.geometry.type), ["Point"]);
  assert.deepEqual(featureCollectionProblems(one), []);
  const none = routesToGeoJson([route(0)]);
  assert.deepEqual(none, { type: "FeatureCollection", features: [] });
  assert.deepEqual(featureCollectionProblems(none), []);
});

Deno.test("the RFC 7946 check rejects what the RFC rejects", () => {
  const bad: [unknown, RegExp][] = [
    [{ type: "Feature" }, /FeatureCollection/],
    [{ type: "FeatureCollection", features: {} }, /features must be an array/],
    [{ type: "FeatureCollection", features: [], crs: {} }, /crs/],
    [{ type: "FeatureCollection", features: [], bbox: [1, 2, 3] }, /bbox/],
    [{ type: "FeatureCollection", features: [{ type: "Feature", geometry: null }] }, /properties/],
    [
      {
        type: "FeatureCollection",
        features: [{
          type: "Feature",
          properties: {},
          geometry: { type: "LineString", coordinates: [[11, 43]] },
        }],
      },
      /two or more positions/,
    ],
    [
      {
        type: "FeatureCollection",
        features: [{
          type: "Feature",
          properties: {},
          geometry: { type: "Point", coordinates: [43.77, 181] },
        }],
      },
      /latitude 181 out of range/,
    ],
  ];
  for (const [doc, re] of bad) assert.match(featureCollectionProblems(doc).join("\n"), re);
});

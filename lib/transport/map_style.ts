/**
 * What the map needs besides the data: where MapLibre's stylesheet and worker are served (from
 * `node_modules`, same origin, so the strict CSP holds), the plain style used when no tile
 * server is configured or reachable, and MapLibre's interface strings in Italian.
 * Free of server imports: the map island bundles it.
 *
 * @module
 */

import type { StyleSpecification } from "maplibre-gl";

/** Must match the `maplibre-gl` pin in deno.json (`map_style_test.ts` checks it). */
export const MAPLIBRE_VERSION = "6.17.0";
/** Where `lib/app.ts` serves `node_modules/maplibre-gl/dist/`. */
export const MAPLIBRE_BASE = `/static/vendor/maplibre-gl@${MAPLIBRE_VERSION}`;
export const MAPLIBRE_CSS = `${MAPLIBRE_BASE}/maplibre-gl.css`;
/**
 * A same-origin module worker: `script-src 'self'` covers it, so the CSP needs no `blob:`
 * (MapLibre only builds a blob: worker for a cross-origin worker URL).
 */
export const MAPLIBRE_WORKER = `${MAPLIBRE_BASE}/maplibre-gl-worker.mjs`;

/** The background colour of the plain map: light enough for every line colour to stand out. */
export const FALLBACK_BACKGROUND = "#eef1f4";

/** A MapLibre style (v8) as plain data. */
export type StyleSpec = StyleSpecification;

interface GridLine {
  type: "Feature";
  properties: Record<string, never>;
  geometry: { type: "LineString"; coordinates: [number, number][] };
}
export interface Grid {
  type: "FeatureCollection";
  features: GridLine[];
}

/**
 * Meridians and parallels every `step` degrees around the area: without tiles they give the map
 * a sense of scale and direction. No text, so no glyphs are needed.
 */
export function graticule(
  bounds: [number, number, number, number],
  step = 0.01,
): Grid {
  const pad = step * 40;
  const round = (v: number, f: (x: number) => number) => f(v / step) * step;
  const [w, s, e, n] = [
    round(bounds[0] - pad, Math.floor),
    round(bounds[1] - pad, Math.floor),
    round(bounds[2] + pad, Math.ceil),
    round(bounds[3] + pad, Math.ceil),
  ];
  const features: GridLine[] = [];
  const line = (coordinates: [number, number][]) =>
    features.push({
      type: "Feature",
      properties: {},
      geometry: { type: "LineString", coordinates },
    });
  for (let i = 0; w + i * step <= e + 1e-9 && i < 400; i++) {
    const x = +(w + i * step).toFixed(6);
    line([[x, Math.max(s, -85)], [x, Math.min(n, 85)]]);
  }
  for (let i = 0; s + i * step <= n + 1e-9 && i < 400; i++) {
    const y = +(s + i * step).toFixed(6);
    line([[w, y], [e, y]]);
  }
  return { type: "FeatureCollection", features };
}

/**
 * The style used without tiles: a background, a faint graticule around `bounds` and nothing
 * else. Routes and stops are added on top, as on any other style.
 */
export function fallbackStyle(bounds: [number, number, number, number] | null): StyleSpec {
  const grid: Grid = bounds ? graticule(bounds) : { type: "FeatureCollection", features: [] };
  return {
    version: 8,
    name: "Piazza – sfondo semplice",
    sources: { graticule: { type: "geojson", data: grid } },
    layers: [
      { id: "background", type: "background", paint: { "background-color": FALLBACK_BACKGROUND } },
      {
        id: "graticule",
        type: "line",
        source: "graticule",
        paint: { "line-color": "#c9d1d9", "line-width": 1 },
      },
    ],
  };
}

/** MapLibre's own control labels (zoom buttons, compass, the canvas' name). */
export function mapLocale(lang: "it" | "en", title: string): Record<string, string> {
  const it = lang === "it";
  return {
    "Map.Title": title,
    "Marker.Title": it ? "Segnaposto" : "Map marker",
    "NavigationControl.ZoomIn": it ? "Ingrandisci" : "Zoom in",
    "NavigationControl.ZoomOut": it ? "Riduci" : "Zoom out",
    "NavigationControl.ResetBearing": it
      ? "Trascina per ruotare la mappa, fai clic per riportare il nord in alto"
      : "Drag to rotate map, click to reset north",
    "ScaleControl.Meters": "m",
    "ScaleControl.Kilometers": "km",
    "AttributionControl.ToggleAttribution": it ? "Mostra le attribuzioni" : "Toggle attribution",
    "FullscreenControl.Enter": it ? "Schermo intero" : "Enter fullscreen",
    "FullscreenControl.Exit": it ? "Esci dallo schermo intero" : "Exit fullscreen",
  };
}

/** Whether a fetched document looks like a MapLibre style we can hand to the map. */
export function isStyle(value: unknown): value is StyleSpec {
  const v = value as StyleSpec | null;
  return !!v && typeof v === "object" && v.version === 8 && Array.isArray(v.layers) &&
    !!v.sources && typeof v.sources === "object";
}

/**
 * What the CSP's `connect-src` must add for MAP_STYLE_URL: the style's origin when it is on
 * another server (its tiles, glyphs and sprites are expected there too), nothing for a path here.
 */
export function mapConnectSources(styleUrl: string | null): string[] {
  if (!styleUrl || styleUrl.startsWith("/")) return [];
  try {
    return [new URL(styleUrl).origin];
  } catch {
    return [];
  }
}

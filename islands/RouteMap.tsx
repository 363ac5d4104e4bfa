/**
 * Transport routes on a MapLibre map: each route a line through its stops, each stop a numbered
 * marker. MapLibre is imported only when the island mounts, so it is a separate chunk that only
 * pages with a map download.
 *
 * Tiles come from the configured style; with none, or when the style cannot be fetched, the map
 * uses a plain background (no tiles, no glyphs: stop numbers are HTML markers) and still shows
 * every route and stop. With `edit`, a click on the map fills the add-stop form (server-rendered
 * outside the island) and dragging a marker saves the stop's new position through a plain form
 * post. Everything the map does is also possible in the page's table and forms.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { boundsOf, type GeoRoute, routesToGeoJson } from "../lib/transport/geojson.ts";
import {
  fallbackStyle,
  isStyle,
  MAPLIBRE_CSS,
  MAPLIBRE_WORKER,
  mapLocale,
  type StyleSpec,
} from "../lib/transport/map_style.ts";

export interface RouteMapEdit {
  /** The CSRF token the move form posts. */
  csrf: string;
  /** Where a dragged stop's position is posted; `{stop}` becomes the stop's id. */
  moveAction: string;
  /** Ids of the add-stop form's fields that a click on the map fills. */
  nameField: string;
  latitudeField: string;
  longitudeField: string;
}

export interface RouteMapProps {
  lang: "it" | "en";
  /** Accessible name of the map, e.g. "Mappa della linea A". */
  label: string;
  routes: GeoRoute[];
  styleUrl: string | null;
  /** `[longitude, latitude]` to look at when there is no stop yet. */
  center?: [number, number];
  edit?: RouteMapEdit | null;
}

type Status = "static" | "loading" | "ready" | "error";
type MapLibre = typeof import("maplibre-gl");
type MapInstance = InstanceType<MapLibre["Map"]>;
type MarkerInstance = InstanceType<MapLibre["Marker"]>;

const HEIGHT = 440;

function ensureCss(): Promise<void> {
  if (document.querySelector(`link[href="${MAPLIBRE_CSS}"]`)) return Promise.resolve();
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = MAPLIBRE_CSS;
  const loaded = new Promise<void>((done) => {
    link.onload = link.onerror = () => done();
  });
  document.head.append(link);
  return loaded;
}

/** The configured style if it answers with a style, else the plain one. */
async function pickStyle(
  url: string | null,
  bounds: [number, number, number, number] | null,
): Promise<{ style: string | StyleSpec; plain: boolean }> {
  if (url) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000), credentials: "omit" });
      if (res.ok && isStyle(await res.json())) return { style: url, plain: false };
    } catch { /* unreachable tile server: plain background below */ }
  }
  return { style: fallbackStyle(bounds), plain: true };
}

/** Black or white text, whichever reads better on the line colour. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.3 ? "#1a1a1a" : "#ffffff";
}

function markerElement(text: string, label: string, color: string, grab: boolean): HTMLElement {
  const el = document.createElement("div");
  el.className = "route-map-stop";
  el.textContent = text;
  el.title = label;
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", label);
  Object.assign(el.style, {
    minWidth: "28px",
    height: "28px",
    padding: "0 6px",
    borderRadius: "14px",
    background: color,
    color: textOn(color),
    border: "2px solid #fff",
    boxShadow: "0 1px 4px rgba(0,0,0,.45)",
    font: "700 14px/24px 'Titillium Web', Geneva, Tahoma, sans-serif",
    textAlign: "center",
    cursor: grab ? "grab" : "default",
  });
  return el;
}

const degrees = (lang: "it" | "en", v: number) => {
  const s = v.toFixed(6);
  return lang === "it" ? s.replace(".", ",") : s;
};

export default function RouteMap(props: RouteMapProps) {
  const { lang, routes, edit } = props;
  const tr = (it: string, en: string) => lang === "it" ? it : en;
  const box = useRef<HTMLDivElement>(null);
  const moveForm = useRef<HTMLFormElement>(null);
  const [status, setStatus] = useState<Status>("static");
  const [plain, setPlain] = useState<boolean | null>(null);
  const [note, setNote] = useState("");

  useEffect(() => {
    let map: MapInstance | null = null;
    let gone = false;
    setStatus("loading");
    (async () => {
      const bounds = boundsOf(routes);
      const [ml, picked] = await Promise.all([
        import("maplibre-gl"),
        pickStyle(props.styleUrl, bounds),
        ensureCss(),
      ]);
      if (gone || !box.current) return;
      ml.setWorkerUrl(new URL(MAPLIBRE_WORKER, location.href).href);
      setPlain(picked.plain);
      map = new ml.Map({
        container: box.current,
        style: picked.style,
        locale: mapLocale(lang, props.label),
        attributionControl: picked.plain ? false : { compact: true },
        ...(bounds
          ? {
            bounds: [[bounds[0], bounds[1]], [bounds[2], bounds[3]]],
            fitBoundsOptions: { padding: 48, maxZoom: 16 },
          }
          : { center: props.center ?? [12.5, 42.5], zoom: props.center ? 13 : 5 }),
      });
      const m = map;
      m.addControl(new ml.NavigationControl({ showCompass: false }), "top-right");
      m.addControl(new ml.ScaleControl({ unit: "metric" }), "bottom-left");
      let styled = picked.plain;
      // A style that fails to load gives way to the plain one; after that, errors are tiles that
      // did not come (the listener also keeps MapLibre from logging each one to the console).
      m.on("error", () => {
        if (styled) return;
        styled = true;
        setPlain(true);
        m.setStyle(fallbackStyle(bounds));
      });
      m.on("style.load", () => {
        styled = true;
        m.addSource("routes", { type: "geojson", data: routesToGeoJson(routes) as never });
        const lines = ["==", ["geometry-type"], "LineString"] as never;
        const layout = { "line-join": "round", "line-cap": "round" } as const;
        m.addLayer({
          id: "route-casing",
          type: "line",
          source: "routes",
          filter: lines,
          layout,
          paint: { "line-color": "#ffffff", "line-width": 9 },
        });
        m.addLayer({
          id: "route-line",
          type: "line",
          source: "routes",
          filter: lines,
          layout,
          paint: { "line-color": ["get", "color"], "line-width": 5 },
        });
      });
      m.once("load", () => !gone && setStatus("ready"));

      const many = routes.length > 1;
      for (const r of routes) {
        for (const s of r.stops) {
          const label = many
            ? tr(
              `Linea ${r.code}, fermata ${s.position}: ${s.name}`,
              `Route ${r.code}, stop ${s.position}: ${s.name}`,
            )
            : tr(`Fermata ${s.position}: ${s.name}`, `Stop ${s.position}: ${s.name}`);
          const el = markerElement(
            many ? `${r.code}${s.position}` : String(s.position),
            label,
            r.color,
            !!edit,
          );
          el.dataset.stopId = s.id;
          const marker = new ml.Marker({ element: el, draggable: !!edit })
            .setLngLat([s.longitude, s.latitude]).addTo(m);
          if (edit) marker.on("dragend", () => saveMove(s.id, s.name, marker));
        }
      }
      if (edit) enableAdding(ml, m, edit);
    })().catch((err) => {
      console.error("[RouteMap]", err);
      if (!gone) setStatus("error");
    });
    return () => {
      gone = true;
      map?.remove();
    };
  }, []);

  function saveMove(stopId: string, name: string, marker: MarkerInstance) {
    const form = moveForm.current;
    if (!form || !edit) return;
    const at = marker.getLngLat();
    form.action = edit.moveAction.replace("{stop}", stopId);
    (form.elements.namedItem("latitude") as HTMLInputElement).value = at.lat.toFixed(6);
    (form.elements.namedItem("longitude") as HTMLInputElement).value = at.lng.toFixed(6);
    setNote(
      tr(
        `Salvataggio della nuova posizione di «${name}»…`,
        `Saving the new position of “${name}”…`,
      ),
    );
    form.submit();
  }

  function enableAdding(ml: MapLibre, m: MapInstance, e: RouteMapEdit) {
    const field = (id: string) => document.getElementById(id) as HTMLInputElement | null;
    let pending: MarkerInstance | null = null;
    const place = (lng: number, lat: number, fromMap: boolean) => {
      const lat6 = degrees(lang, lat), lng6 = degrees(lang, lng);
      if (fromMap) {
        const [la, lo] = [field(e.latitudeField), field(e.longitudeField)];
        if (la) la.value = lat6;
        if (lo) lo.value = lng6;
      }
      if (!pending) {
        const el = markerElement("+", tr("Nuova fermata", "New stop"), "#5c6f82", true);
        el.dataset.pending = "true";
        pending = new ml.Marker({ element: el, draggable: true }).setLngLat([lng, lat]).addTo(m);
        pending.on("dragend", () => {
          const p = pending!.getLngLat();
          place(p.lng, p.lat, true);
        });
      } else pending.setLngLat([lng, lat]);
      setNote(tr(
        `Posizione scelta: latitudine ${lat6}, longitudine ${lng6}. Scrivi il nome della fermata e premi «Aggiungi la fermata».`,
        `Position chosen: latitude ${lat6}, longitude ${lng6}. Type the stop's name and press “Add the stop”.`,
      ));
    };
    m.on("click", (ev) => {
      if ((ev.originalEvent.target as Element | null)?.closest?.(".maplibregl-marker")) return;
      place(ev.lngLat.lng, ev.lngLat.lat, true);
      field(e.nameField)?.focus();
    });
    // Coordinates typed in the form move the new stop's marker too.
    const typed = () => {
      const num = (id: string) => Number(field(id)?.value.trim().replace(",", ".") || NaN);
      const [lat, lng] = [num(e.latitudeField), num(e.longitudeField)];
      if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180) place(lng, lat, false);
    };
    field(e.latitudeField)?.addEventListener("change", typed);
    field(e.longitudeField)?.addEventListener("change", typed);
  }

  const overlay = status === "static"
    ? tr(
      "La mappa si vede con JavaScript attivo. Tutte le fermate sono comunque nella tabella.",
      "The map needs JavaScript. Every stop is in the table anyway.",
    )
    : status === "loading"
    ? tr("Caricamento della mappa…", "Loading the map…")
    : status === "error"
    ? tr(
      "Questo browser non riesce a mostrare la mappa (serve WebGL). Le fermate sono tutte nella tabella.",
      "This browser cannot show the map (WebGL is needed). Every stop is in the table.",
    )
    : "";
  return (
    <div class="route-map mb-2">
      <div
        class="border rounded"
        style={`position:relative;height:${HEIGHT}px;background:#eef1f4;overflow:hidden`}
        data-map-status={status}
        data-basemap={plain === null ? undefined : plain ? "plain" : "tiles"}
      >
        <div ref={box} style="position:absolute;inset:0" />
        {overlay && (
          <p class="m-0 p-3 small" style="position:absolute;inset:auto 0 0 0;background:#fff">
            {overlay}
          </p>
        )}
      </div>
      <p class="small mt-1 mb-0" role="status" data-map-note>
        {plain
          ? tr(
            "Sfondo cartografico non disponibile: la mappa mostra solo linee e fermate. ",
            "No base map available: the map shows only routes and stops. ",
          )
          : ""}
        {note}
      </p>
      {edit && (
        <form ref={moveForm} method="post" hidden>
          <input type="hidden" name="_csrf" value={edit.csrf} />
          <input type="hidden" name="latitude" value="" />
          <input type="hidden" name="longitude" value="" />
        </form>
      )}
    </div>
  );
}

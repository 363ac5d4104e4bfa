/**
 * The back-office forms of routes and stops: what a posted form holds (raw strings, shown again
 * when something is wrong) and its check into the values the data layer takes. Problems are keyed
 * by the field's id in the page, so they feed the error summary and `aria-describedby` as they are.
 *
 * @module
 */

import type { RouteInput } from "./db.ts";
import {
  checkCapacity,
  checkColor,
  checkLatitude,
  checkLongitude,
  checkName,
  checkNotes,
  checkPosition,
  checkRouteCode,
  checkTime,
  type Problem,
} from "./rules.ts";
import type { StopInput } from "./stops.ts";

type Body = Record<string, string | File | (string | File)[]>;
export type Problems = Record<string, Problem>;
export type FormCheck<T> = { ok: true; value: T } | { ok: false; problems: Problems };

const str = (body: Body, key: string) => {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
};

/** The route form as posted. `active` is a checkbox. */
export interface RouteForm {
  service_id: string;
  code: string;
  name: string;
  direction_notes: string;
  color: string;
  vehicle: string;
  capacity: string;
  active: boolean;
}

export const ROUTE_FIELDS = [
  "service_id",
  "code",
  "name",
  "direction_notes",
  "color",
  "vehicle",
  "capacity",
] as const;

export function readRouteForm(body: Body): RouteForm {
  const form = Object.fromEntries(ROUTE_FIELDS.map((k) => [k, str(body, k)])) as Omit<
    RouteForm,
    "active"
  >;
  return { ...form, active: str(body, "active") === "on" };
}

/** Checks the route form; `serviceIds` are the transport services one may choose. */
export function checkRouteForm(form: RouteForm, serviceIds: string[]): FormCheck<RouteInput> {
  const problems: Problems = {};
  if (!serviceIds.includes(form.service_id)) {
    problems.service_id = {
      code: "service_id",
      it: "Scegli il servizio di trasporto a cui appartiene la linea.",
      en: "Choose the transport service the route belongs to.",
    };
  }
  const code = checkRouteCode(form.code);
  const name = checkName(form.name, "route");
  const notes = checkNotes(form.direction_notes);
  const color = checkColor(form.color);
  const vehicle = checkNotes(form.vehicle, 200);
  const capacity = checkCapacity(form.capacity);
  if (!code.ok) problems.code = code.problem;
  if (!name.ok) problems.name = name.problem;
  if (!notes.ok) problems.direction_notes = notes.problem;
  if (!color.ok) problems.color = color.problem;
  if (!vehicle.ok) problems.vehicle = vehicle.problem;
  if (!capacity.ok) problems.capacity = capacity.problem;
  if (!code.ok || !name.ok || !notes.ok || !color.ok || !vehicle.ok || !capacity.ok) {
    return { ok: false, problems };
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      service_id: form.service_id,
      code: code.value,
      name: name.value,
      direction_notes: notes.value,
      color: color.value,
      vehicle: vehicle.value,
      capacity: capacity.value,
      active: form.active,
    },
  };
}

/** The stop form as posted (`latitude` may use the Italian decimal comma). */
export interface StopForm {
  name: string;
  latitude: string;
  longitude: string;
  time_there: string;
  time_back: string;
  notes: string;
}

export const STOP_FIELDS = [
  "name",
  "latitude",
  "longitude",
  "time_there",
  "time_back",
  "notes",
] as const;

/** Field ids in the page: `stop-latitude`… (the route page has other forms too). */
export const stopFieldId = (field: typeof STOP_FIELDS[number]) => `stop-${field}`;

export function readStopForm(body: Body): StopForm {
  return Object.fromEntries(
    STOP_FIELDS.map((k) => [k, str(body, k).trim()]),
  ) as unknown as StopForm;
}

export function emptyStopForm(): StopForm {
  return { name: "", latitude: "", longitude: "", time_there: "", time_back: "", notes: "" };
}

/** Checks the stop form; problems are keyed by field id (`stop-latitude`). */
export function checkStopForm(form: StopForm): FormCheck<StopInput> {
  const problems: Problems = {};
  const name = checkName(form.name, "stop");
  const lat = checkLatitude(form.latitude);
  const lon = checkLongitude(form.longitude);
  const there = checkTime(form.time_there, "there");
  const back = checkTime(form.time_back, "back");
  const notes = checkNotes(form.notes);
  if (!name.ok) problems[stopFieldId("name")] = name.problem;
  if (!lat.ok) problems[stopFieldId("latitude")] = lat.problem;
  if (!lon.ok) problems[stopFieldId("longitude")] = lon.problem;
  if (lat.ok && lon.ok) {
    const pos = checkPosition(lat.value, lon.value);
    if (!pos.ok) problems[stopFieldId("latitude")] = pos.problem;
  }
  if (!there.ok) problems[stopFieldId("time_there")] = there.problem;
  if (!back.ok) problems[stopFieldId("time_back")] = back.problem;
  if (!notes.ok) problems[stopFieldId("notes")] = notes.problem;
  if (
    Object.keys(problems).length || !name.ok || !lat.ok || !lon.ok || !there.ok || !back.ok ||
    !notes.ok
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      name: name.value,
      latitude: lat.value,
      longitude: lon.value,
      time_there: there.value,
      time_back: back.value,
      notes: notes.value,
    },
  };
}

/** Degrees as the form shows them: `formatDegrees("it", 43.7731) // "43,7731"`. */
export function formatDegrees(lang: "it" | "en", value: number): string {
  const s = String(Math.round(value * 1e6) / 1e6);
  return lang === "it" ? s.replace(".", ",") : s;
}

/** A stored stop back into the form's strings, for the edit page. */
export function stopToForm(lang: "it" | "en", s: StopInput): StopForm {
  return {
    name: s.name,
    latitude: formatDegrees(lang, s.latitude),
    longitude: formatDegrees(lang, s.longitude),
    time_there: s.time_there ?? "",
    time_back: s.time_back ?? "",
    notes: s.notes ?? "",
  };
}

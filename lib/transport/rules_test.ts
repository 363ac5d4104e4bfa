import assert from "node:assert/strict";
import { checkStopForm, readStopForm } from "./forms.ts";
import {
  checkCapacity,
  checkColor,
  type Checked,
  checkLatitude,
  checkLongitude,
  checkName,
  checkPosition,
  checkRouteCode,
  checkTime,
} from "./rules.ts";

const value = <T>(r: Checked<T>) => {
  assert.ok(r.ok, r.ok ? "" : r.problem.it);
  return r.value;
};
const italian = <T>(r: Checked<T>) => {
  assert.ok(!r.ok, `expected a refusal, got ${JSON.stringify(r)}`);
  return r.problem.it;
};

Deno.test("latitude and longitude: decimal degrees, Italian comma, rounded to 6 decimals", () => {
  const cases: [string | number, number][] = [
    ["43,7731", 43.7731],
    ["43.7731", 43.7731],
    [" +43.77312345 ", 43.773123],
    ["-33.8688", -33.8688],
    [90, 90],
    ["0", 0],
  ];
  for (const [input, expected] of cases) assert.equal(value(checkLatitude(input)), expected);
  assert.equal(value(checkLongitude("11,2560")), 11.256);
  assert.equal(value(checkLongitude(-179.9999999)), -180);
  assert.equal(value(checkLongitude("180")), 180);
});

Deno.test("coordinates: each mistake gets its own Italian message", () => {
  assert.match(italian(checkLatitude("")), /^Inserisci la latitudine .*43,7731.*clic sulla mappa/);
  assert.match(italian(checkLongitude("")), /^Inserisci la longitudine .*11,2560/);
  assert.match(
    italian(checkLatitude("43°46'23\"")),
    /gradi decimali.*non in gradi, primi e secondi/,
  );
  assert.match(italian(checkLatitude("43 46 23")), /non in gradi, primi e secondi/);
  assert.match(italian(checkLatitude("quarantatré")), /^La latitudine non è un numero/);
  assert.match(italian(checkLongitude("11,25,6")), /^La longitudine non è un numero/);
  assert.match(italian(checkLatitude(NaN)), /^La latitudine non è un numero/);
  assert.equal(
    italian(checkLatitude("91")),
    "La latitudine deve essere compresa tra -90 e 90 gradi: 91 è fuori dall'intervallo. Hai forse scambiato latitudine e longitudine?",
  );
  assert.equal(
    italian(checkLatitude("-190,5")),
    "La latitudine deve essere compresa tra -90 e 90 gradi: -190,5 è fuori dall'intervallo.",
  );
  assert.equal(
    italian(checkLongitude(180.5)),
    "La longitudine deve essere compresa tra -180 e 180 gradi: 180,5 è fuori dall'intervallo.",
  );
  assert.match(italian(checkPosition(0, 0)), /0, 0 è nell'Oceano Atlantico/);
  assert.deepEqual(value(checkPosition(43.77, 11.25)), [43.77, 11.25]);
});

Deno.test("times: HH:MM, also 7:45 and the Italian 7.45; empty is no time", () => {
  assert.equal(value(checkTime("7:45", "there")), "07:45");
  assert.equal(value(checkTime("7.45", "there")), "07:45");
  assert.equal(value(checkTime("13:05", "back")), "13:05");
  assert.equal(value(checkTime("  ", "back")), null);
  assert.equal(value(checkTime(null, "back")), null);
  for (const bad of ["24:00", "7:60", "745", "07:45:30", "sette"]) {
    assert.match(italian(checkTime(bad, "there")), /^L'orario di andata non è valido/);
  }
  assert.match(italian(checkTime("25:00", "back")), /^L'orario di ritorno non è valido/);
});

Deno.test("route fields: code, names, colour, capacity", () => {
  assert.equal(value(checkRouteCode(" a1 ")), "A1");
  assert.equal(value(checkRouteCode("L1-NORD")), "L1-NORD");
  for (const bad of ["", "-A", "LINEA A", "A".repeat(21), "Å"]) {
    assert.match(italian(checkRouteCode(bad)), /codice della linea/);
  }
  assert.equal(value(checkName("  Linea   A  ", "route")), "Linea A");
  assert.match(italian(checkName("A", "route")), /nome della linea/);
  assert.match(italian(checkName("", "stop")), /nome della fermata/);
  assert.equal(value(checkColor("#D1344C")), "#d1344c");
  assert.match(italian(checkColor("red")), /#rrggbb/);
  assert.equal(value(checkCapacity("")), null);
  assert.equal(value(checkCapacity("28")), 28);
  for (const bad of ["0", "201", "12.5", "molti"]) {
    assert.match(italian(checkCapacity(bad)), /numero intero da 1 a 200/);
  }
});

Deno.test("the stop form: every field is checked at once, keyed by the field's id", () => {
  const form = readStopForm({
    name: "X",
    latitude: "95",
    longitude: "abc",
    time_there: "7:5",
    time_back: "",
    notes: "",
  });
  const r = checkStopForm(form);
  assert.ok(!r.ok);
  assert.deepEqual(Object.keys(r.problems).sort(), [
    "stop-latitude",
    "stop-longitude",
    "stop-name",
    "stop-time_there",
  ]);
  const good = checkStopForm(readStopForm({
    name: " Piazza  Dalmazia ",
    latitude: "43,795812",
    longitude: "11,239801",
    time_there: "7.35",
    time_back: "13:30",
    notes: "",
  }));
  assert.deepEqual(good, {
    ok: true,
    value: {
      name: "Piazza Dalmazia",
      latitude: 43.795812,
      longitude: 11.239801,
      time_there: "07:35",
      time_back: "13:30",
      notes: null,
    },
  });
  const nullIsland = checkStopForm({ ...form, name: "Boa", latitude: "0", longitude: "0" });
  assert.ok(!nullIsland.ok);
  assert.match(nullIsland.problems["stop-latitude"].it, /Oceano Atlantico/);
});

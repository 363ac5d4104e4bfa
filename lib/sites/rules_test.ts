import assert from "node:assert/strict";
import { checkClassForm, checkSiteForm, readSiteForm, siteFormOf } from "./forms.ts";
import {
  checkCoordinate,
  checkInteger,
  checkSchoolCode,
  criterionCode,
  gradeProblem,
  siteProblems,
} from "./rules.ts";
import { DEMO_SITES } from "./seed.ts";

Deno.test("codice meccanografico: state and paritarie schools, normalized", () => {
  // State schools (FIEE… primaria, FIAA… infanzia, FIIC… istituto comprensivo) and a paritaria
  // scuola dell'infanzia (UD1A…), as the Ministry's open data lists them.
  for (const code of ["FIEE83202B", "FIAA83201A", "FIIC81500X", "UD1A036009", "MIMM81501L"]) {
    assert.deepEqual(checkSchoolCode(code), { ok: true, value: code });
  }
  assert.deepEqual(checkSchoolCode(" fiee 83202b "), { ok: true, value: "FIEE83202B" });
  for (const bad of ["", "FIEE8320", "FIEE832021B", "12EE83202B", "FIEE8A202B", "FI-EE83202B"]) {
    assert.equal(checkSchoolCode(bad).ok, false, bad);
  }
});

Deno.test("coordinates: dot or comma, range, six decimals", () => {
  assert.deepEqual(checkCoordinate("43,78741234", "latitude"), { ok: true, value: 43.787412 });
  assert.deepEqual(checkCoordinate("-0.5", "longitude"), { ok: true, value: -0.5 });
  assert.deepEqual(checkCoordinate("180", "longitude"), { ok: true, value: 180 });
  for (const bad of ["91", "1e2", "43,7,1", "nord", ""]) {
    assert.equal(checkCoordinate(bad, "latitude").ok, false, bad);
  }
  assert.equal(checkCoordinate("-180.1", "longitude").ok, false);
});

Deno.test("whole numbers in a range, with the field named in the message", () => {
  const range = { min: 1, max: 100 };
  const what = { it: "Posti", en: "Places" };
  assert.deepEqual(checkInteger(" 25 ", range, "capacity", what), { ok: true, value: 25 });
  for (const bad of ["0", "101", "2.5", "1.200", "-3", "venti"]) {
    const r = checkInteger(bad, range, "capacity", what);
    assert.equal(r.ok, false, bad);
    assert.match(!r.ok ? r.problem.it : "", /^Posti: scrivi un numero intero da 1 a 100/);
  }
});

Deno.test("criterion codes come from labels: lowercase ASCII, underscores", () => {
  assert.equal(criterionCode("Fratelli già iscritti!"), "fratelli_gia_iscritti");
  assert.equal(criterionCode("  ISEE < 10.000 €"), "isee_10_000");
  assert.equal(criterionCode("104/1992"), "c_104_1992");
  assert.equal(criterionCode("?"), "criterio");
  assert.ok(criterionCode("x".repeat(80)).length <= 40);
});

Deno.test("fields of a site that must agree", () => {
  const base = {
    latitude: null,
    longitude: null,
    min_age_months: null,
    max_age_months: null,
    criteria: [],
  };
  assert.deepEqual(siteProblems(base), {});
  assert.deepEqual(Object.keys(siteProblems({ ...base, latitude: 43 })), ["longitude"]);
  assert.deepEqual(Object.keys(siteProblems({ ...base, longitude: 11 })), ["latitude"]);
  assert.deepEqual(
    Object.keys(siteProblems({ ...base, min_age_months: 36, max_age_months: 3 })),
    ["max_age_months"],
  );
  const twice = [{ code: "ab", label: "Uno", points: 1 }, { code: "ab", label: "Due", points: 2 }];
  assert.equal(siteProblems({ ...base, criteria: twice }).criteria.code, "criteria.code");
  const tooMany = Array.from(
    { length: 21 },
    (_, i) => ({ code: `c${i}`, label: "Voce", points: 1 }),
  );
  assert.equal(siteProblems({ ...base, criteria: tooMany }).criteria.code, "criteria");
});

Deno.test("grade against level: required in primaria and secondaria, optional before", () => {
  assert.equal(gradeProblem("primaria", 5), null);
  assert.equal(gradeProblem("primaria", 6)?.code, "grade");
  assert.equal(gradeProblem("primaria", null)?.code, "grade");
  assert.equal(gradeProblem("secondaria_primo_grado", 3), null);
  assert.match(gradeProblem("secondaria_primo_grado", 4)?.it ?? "", /da 1 a 3/);
  assert.equal(gradeProblem("infanzia", null), null);
  assert.equal(gradeProblem("nido", 2), null);
});

Deno.test("a site form round-trips: the form of a site checks back into the same values", () => {
  for (const s of DEMO_SITES) {
    const form = siteFormOf({
      ...s.values,
      id: crypto.randomUUID(),
      service_ids: [],
      photos: [],
      class_count: 0,
      created_at: "",
      updated_at: "",
    });
    const body: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      if (typeof v === "string") body[k] = v;
    }
    if (form.residency_priority) body.residency_priority = "on";
    form.criteria.forEach((c, i) => {
      body[`criterion_code_${i}`] = c.code;
      body[`criterion_label_${i}`] = c.label;
      body[`criterion_points_${i}`] = c.points;
    });
    const { values, errors } = checkSiteForm(readSiteForm(body), "it");
    assert.deepEqual(errors, {}, s.values.name);
    assert.deepEqual(values, s.values, s.values.name);
  }
});

Deno.test("a class form reports a missing year and site, and a grade out of range, in English too", () => {
  const { errors } = checkClassForm({
    school_year_id: "",
    site_id: "",
    name: "3A",
    school_level: "primaria",
    grade: "7",
    capacity: "",
    teacher_ids: [],
  }, "en");
  assert.deepEqual(Object.keys(errors).sort(), ["grade", "school_year_id", "site_id"]);
  assert.equal(errors.site_id, "Choose the site.");
  assert.match(errors.grade, /^Grade: write a whole number from 1 to 5/);
});

import assert from "node:assert/strict";
import {
  checkAudience,
  checkNotice,
  checkPhotoSet,
  checkPostBody,
  checkTarget,
  MAX_PHOTOS_PER_POST,
  normalizeText,
  refusalOf,
} from "./rules.ts";

const A = "00000000-0000-4000-8000-000000000001";
const B = "00000000-0000-4000-8000-000000000002";

Deno.test("normalizeText trims lines and the text, unifies line ends", () => {
  assert.equal(normalizeText("  Ciao  \r\n\r\nA domani   \n"), "Ciao\n\nA domani");
  assert.equal(normalizeText(" \n \t "), "");
});

Deno.test("checkPostBody: required, at most 5000 characters", () => {
  assert.deepEqual(checkPostBody("  Oggi biscotti "), { ok: true, value: "Oggi biscotti" });
  for (const empty of ["", "   ", "\n\n"]) {
    const r = checkPostBody(empty);
    assert.equal(!r.ok && r.problem.code, "diary.body_required");
  }
  assert.equal(checkPostBody("x".repeat(5000)).ok, true);
  const long = checkPostBody("x".repeat(5001));
  assert.equal(!long.ok && long.problem.code, "diary.body_too_long");
  assert.match(!long.ok ? long.problem.it : "", /5001 caratteri/);
});

Deno.test("checkTarget: exactly one of class and child", () => {
  assert.deepEqual(checkTarget({ class_id: A }), { ok: true, value: { class_id: A } });
  assert.deepEqual(checkTarget({ enrollment_id: B }), { ok: true, value: { enrollment_id: B } });
  const both = checkTarget({ class_id: A, enrollment_id: B });
  assert.equal(!both.ok && both.problem.code, "diary.target_both");
  const none = checkTarget({ class_id: null, enrollment_id: "" });
  assert.equal(!none.ok && none.problem.code, "diary.target_required");
});

Deno.test("checkPhotoSet: description needed with photos, at most the cap", () => {
  assert.deepEqual(checkPhotoSet(0, ""), { ok: true, value: null });
  assert.deepEqual(checkPhotoSet(2, "  Al  parco "), { ok: true, value: "Al parco" });
  const noAlt = checkPhotoSet(1, " ab ");
  assert.equal(!noAlt.ok && noAlt.problem.code, "diary.alt_text");
  assert.equal(checkPhotoSet(MAX_PHOTOS_PER_POST, "Al parco").ok, true);
  const many = checkPhotoSet(MAX_PHOTOS_PER_POST + 1, "Al parco");
  assert.equal(!many.ok && many.problem.code, "diary.too_many_photos");
});

Deno.test("checkNotice: subject 3–200, text 1–10000, both reported together", () => {
  assert.deepEqual(checkNotice({ subject: " Festa  di Natale ", body: " Venerdì \r\n" }), {
    ok: true,
    value: { subject: "Festa di Natale", body: "Venerdì" },
  });
  const bad = checkNotice({ subject: "ab", body: "" });
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.problems.subject?.code, "notice.subject_required");
    assert.equal(bad.problems.body?.code, "notice.body_required");
  }
  const long = checkNotice({ subject: "x".repeat(201), body: "y".repeat(10001) });
  if (!long.ok) {
    assert.equal(long.problems.subject?.code, "notice.subject_too_long");
    assert.equal(long.problems.body?.code, "notice.body_too_long");
  } else assert.fail("too long accepted");
});

Deno.test("checkAudience: a service, narrowed to a site or a class", () => {
  assert.deepEqual(checkAudience({ service_id: A, site_id: "", class_id: B }), {
    ok: true,
    value: { service_id: A, site_id: null, class_id: B },
  });
  const none = checkAudience({ service_id: "" });
  assert.equal(!none.ok && none.problem.code, "notice.service_required");
  const both = checkAudience({ service_id: A, site_id: A, class_id: B });
  assert.equal(!both.ok && both.problem.code, "notice.site_and_class");
});

Deno.test("refusalOf reads the database's refusals", () => {
  assert.equal(refusalOf(new Error("diary_disabled: the diary is off"))?.code, "diary.disabled");
  assert.equal(refusalOf({ message: "notices_disabled: off" })?.code, "notice.disabled");
  assert.equal(refusalOf({ message: "no_recipients: nobody" })?.code, "notice.no_recipients");
  assert.equal(refusalOf(new Error("duplicate key")), null);
  assert.equal(refusalOf(null), null);
});

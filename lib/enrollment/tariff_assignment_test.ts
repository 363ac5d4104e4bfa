import assert from "node:assert/strict";
import { DEMO_TARIFFS } from "../tariffs/demo.ts";
import type { TariffVersion } from "../tariffs/schema.ts";
import {
  appliedCents,
  assignTariff,
  buildSituation,
  checkExemption,
  checkOverride,
  chooseIsee,
  type EnrollmentFacts,
  type IseeAttestation,
  perLabel,
  QuoteError,
  siblingRank,
} from "./tariff_assignment.ts";

const att = (over: Partial<IseeAttestation> & { id: string }): IseeAttestation => ({
  kind: "ordinario",
  value_cents: 1240000,
  status: "valid",
  presented_on: "2026-01-20",
  valid_until: "2026-12-31",
  protocol: "INPS-ISEE-2026-000001",
  ...over,
});

const tariffOf = (code: string) => {
  const t = DEMO_TARIFFS.find((x) => x.code === code)!;
  const v: TariffVersion = {
    validFrom: "2026-09-01",
    validTo: null,
    rounding: "half_up",
    rules: t.rules,
  };
  return { id: `t-${code}`, title: t.title, versions: [v] };
};

const facts = (over: Partial<EnrollmentFacts> = {}): EnrollmentFacts => ({
  month: "2026-11",
  beneficiary: {
    id: "sofia",
    birth_date: "2018-05-12",
    resident: true,
    disability: false,
    school_level: "primaria",
    grade: 3,
  },
  mode: null,
  minors_in_household: 2,
  siblings: [],
  attestations: [att({ id: "a1" })],
  social_services_exemption: false,
  ...over,
});

// --- ISEE choice -------------------------------------------------------------------------------

Deno.test("ISEE: the only valid ordinario is used, flag ok", () => {
  const c = chooseIsee([att({ id: "a" })], { day: "2026-11-01", forMinor: true });
  assert.equal(c.attestation?.id, "a");
  assert.equal(c.flag, "ok");
});

Deno.test("ISEE: for a minor the minorenni type wins over a later ordinario", () => {
  const c = chooseIsee([
    att({ id: "ord", presented_on: "2026-03-01" }),
    att({ id: "min", kind: "minorenni", presented_on: "2026-01-10", value_cents: 900000 }),
  ], { day: "2026-11-01", forMinor: true });
  assert.equal(c.attestation?.id, "min");
});

Deno.test("ISEE: for an adult the minorenni type does not count", () => {
  const c = chooseIsee([att({ id: "min", kind: "minorenni" })], {
    day: "2026-11-01",
    forMinor: false,
  });
  assert.equal(c.flag, "missing");
});

Deno.test("ISEE: a superseded attestation is ignored, the one replacing it used", () => {
  const c = chooseIsee([
    att({ id: "old", kind: "minorenni", status: "superseded" }),
    att({ id: "new", presented_on: "2026-06-01" }),
  ], { day: "2026-11-01", forMinor: true });
  assert.equal(c.attestation?.id, "new");
});

Deno.test("ISEE: not_found and mismatch never price anything", () => {
  const c = chooseIsee([
    att({ id: "nf", status: "not_found", value_cents: null }),
    att({ id: "mm", status: "mismatch" }),
  ], { day: "2026-11-01", forMinor: true });
  assert.equal(c.flag, "missing");
  assert.equal(c.attestation, null);
});

Deno.test("ISEE: expired at the month's start → flag expired, with the expired one", () => {
  const c = chooseIsee([att({ id: "x", valid_until: "2026-12-31" })], {
    day: "2027-01-01",
    forMinor: true,
  });
  assert.equal(c.flag, "expired");
  assert.equal(c.expired?.id, "x");
  assert.equal(c.attestation, null);
});

Deno.test("ISEE: valid on the last day of validity", () => {
  const c = chooseIsee([att({ id: "x", valid_until: "2026-12-01" })], {
    day: "2026-12-01",
    forMinor: true,
  });
  assert.equal(c.flag, "ok");
});

Deno.test("ISEE: presented after the month's start does not count for that month", () => {
  const c = chooseIsee([att({ id: "x", presented_on: "2026-11-15" })], {
    day: "2026-11-01",
    forMinor: true,
  });
  assert.equal(c.flag, "missing");
});

Deno.test("ISEE: none at all → missing", () => {
  assert.equal(chooseIsee([], { day: "2026-11-01", forMinor: true }).flag, "missing");
});

Deno.test("ISEE: self-declared to verify is used but flagged", () => {
  const c = chooseIsee([att({ id: "s", status: "to_verify" })], {
    day: "2026-11-01",
    forMinor: true,
  });
  assert.equal(c.attestation?.id, "s");
  assert.equal(c.flag, "to_verify");
});

Deno.test("ISEE: a verified attestation beats a self-declared minorenni", () => {
  const c = chooseIsee([
    att({ id: "self", kind: "minorenni", status: "to_verify" }),
    att({ id: "inps" }),
  ], { day: "2026-11-01", forMinor: true });
  assert.equal(c.attestation?.id, "inps");
  assert.equal(c.flag, "ok");
});

Deno.test("ISEE: university or socio-sanitario attestations are not for these services", () => {
  const c = chooseIsee([
    att({ id: "u", kind: "universitario" }),
    att({ id: "s", kind: "socio_sanitario" }),
  ], { day: "2026-11-01", forMinor: true });
  assert.equal(c.flag, "missing");
});

Deno.test("ISEE: corrente replaces the ordinario while valid", () => {
  const c = chooseIsee([
    att({ id: "ord" }),
    att({ id: "cor", kind: "corrente", presented_on: "2026-07-01", valid_until: "2026-12-31" }),
  ], { day: "2026-11-01", forMinor: true });
  assert.equal(c.attestation?.id, "cor");
});

// --- sibling rank ------------------------------------------------------------------------------

const kids = [
  { id: "a", birth_date: "2014-01-01" },
  { id: "b", birth_date: "2016-06-01" },
  { id: "c", birth_date: "2019-03-01" },
];

Deno.test("siblings: an only child is first", () => {
  assert.equal(siblingRank({ id: "x", birth_date: "2018-01-01" }, []), 1);
});

Deno.test("siblings: the eldest is the first child, the youngest the third", () => {
  assert.equal(siblingRank(kids[0], kids), 1);
  assert.equal(siblingRank(kids[1], kids), 2);
  assert.equal(siblingRank(kids[2], kids), 3);
});

Deno.test("siblings: the child itself in the list is not counted twice", () => {
  assert.equal(siblingRank(kids[2], [kids[2], kids[0]]), 2);
});

Deno.test("siblings: youngest first when the regulation says so", () => {
  assert.equal(siblingRank(kids[2], kids, "youngest_first"), 1);
  assert.equal(siblingRank(kids[0], kids, "youngest_first"), 3);
});

Deno.test("siblings: twins keep a stable order, unknown birth dates go last", () => {
  const t1 = { id: "t1", birth_date: "2018-01-01" };
  const t2 = { id: "t2", birth_date: "2018-01-01" };
  assert.equal(siblingRank(t1, [t2]), 1);
  assert.equal(siblingRank(t2, [t1]), 2);
  assert.equal(siblingRank({ id: "n", birth_date: null }, [t1]), 2);
});

// --- situation ---------------------------------------------------------------------------------

Deno.test("situation: the registry facts become the engine's situation", () => {
  const { situation, isee } = buildSituation(facts({
    mode: "part_time",
    beneficiary: {
      id: "c",
      birth_date: "2019-03-01",
      resident: false,
      disability: true,
      school_level: "infanzia",
      grade: null,
    },
    siblings: [kids[0]],
    minors_in_household: 3,
    flags: ["affido"],
  }));
  assert.deepEqual(situation, {
    month: "2026-11",
    iseeCents: 1240000,
    iseeExpiresOn: "2026-12-31",
    resident: false,
    siblingRank: 2,
    minorsInHousehold: 3,
    schoolLevel: "infanzia",
    grade: null,
    mode: "part_time",
    disability: true,
    socialServicesExemption: false,
    flags: ["affido"],
  });
  assert.equal(isee.flag, "ok");
});

Deno.test("situation: an expired ISEE is passed with its expiry so the engine says so", () => {
  const { situation, isee } = buildSituation(facts({ month: "2027-01" }));
  assert.equal(isee.flag, "expired");
  assert.equal(situation.iseeCents, 1240000);
  assert.equal(situation.iseeExpiresOn, "2026-12-31");
});

Deno.test("situation: minors in household never below one", () => {
  assert.equal(buildSituation(facts({ minors_in_household: 0 })).situation.minorsInHousehold, 1);
});

// --- quotes ------------------------------------------------------------------------------------

Deno.test("quote: canteen, ISEE 12.400 € is bracket 4 → 3,80 € a pasto", () => {
  const a = assignTariff(tariffOf("MENSA-PASTO"), facts(), new Date("2026-11-28T10:00:00Z"));
  assert.equal(a.quote.cents, 380);
  assert.equal(a.quote.per, "meal");
  assert.equal(a.isee_flag, "ok");
  assert.equal(a.isee_attestation_id, "a1");
  assert.equal(a.version_valid_from, "2026-09-01");
  assert.equal(a.assigned_at, "2026-11-28T10:00:00.000Z");
  assert.match(a.quote.summary.it, /fascia 4/i);
  assert.match(a.quote.summary.it, /12\.400,00/);
  assert.equal(a.quote.bracket?.kind, "bracket");
  assert.deepEqual(a.quote.reductions, []);
});

Deno.test("quote: canteen, second child −30 % (eldest first)", () => {
  const a = assignTariff(
    tariffOf("MENSA-PASTO"),
    facts({
      beneficiary: { ...facts().beneficiary, id: "t", birth_date: "2021-02-03" },
      siblings: [{ id: "sofia", birth_date: "2018-05-12" }],
    }),
  );
  assert.equal(a.situation.siblingRank, 2);
  assert.equal(a.quote.cents, 266);
  assert.match(a.quote.summary.it, /30/);
  assert.equal(a.quote.reductions.length, 1);
});

Deno.test("quote: canteen without ISEE → highest bracket, flagged missing", () => {
  const a = assignTariff(tariffOf("MENSA-PASTO"), facts({ attestations: [] }));
  assert.equal(a.quote.cents, 520);
  assert.equal(a.isee_flag, "missing");
  assert.match(a.quote.summary.it, /senza ISEE/i);
});

Deno.test("quote: canteen with ISEE expired → highest bracket, flagged expired", () => {
  const a = assignTariff(tariffOf("MENSA-PASTO"), facts({ month: "2027-02" }));
  assert.equal(a.quote.cents, 520);
  assert.equal(a.isee_flag, "expired");
  assert.match(a.quote.summary.it, /ISEE scaduto/i);
  assert.equal(a.isee_attestation_id, null);
});

Deno.test("quote: social-services exemption costs nothing whatever the ISEE", () => {
  const a = assignTariff(tariffOf("MENSA-PASTO"), facts({ social_services_exemption: true }));
  assert.equal(a.quote.cents, 0);
  assert.match(a.quote.summary.it, /servizi sociali/i);
});

Deno.test("quote: transport is a yearly fee, a pupil with disability is exempt", () => {
  const a = assignTariff(tariffOf("SCUOLABUS-ANNO"), facts());
  assert.equal(a.quote.per, "year");
  assert.equal(a.quote.cents, 12000);
  const d = assignTariff(
    tariffOf("SCUOLABUS-ANNO"),
    facts({ beneficiary: { ...facts().beneficiary, disability: true } }),
  );
  assert.equal(d.quote.cents, 0);
});

Deno.test("quote: nursery shows the monthly fixed part and the daily rate", () => {
  const a = assignTariff(
    tariffOf("NIDO-RETTA"),
    facts({
      beneficiary: { ...facts().beneficiary, birth_date: "2025-03-10", school_level: "nido" },
      attestations: [att({ id: "m", kind: "minorenni", value_cents: 2000000 })],
      mode: "full_time",
    }),
  );
  assert.equal(a.quote.per, "month");
  const fixed = a.quote.lines.find((l) => l.part === "fixed")!;
  const daily = a.quote.lines.find((l) => l.part === "daily")!;
  // Linear from 50,00 € at 5.000,01 € to 380,00 € at 35.000,00 €: 20.000 € → 215,00 €.
  assert.equal(fixed.unit_cents, 21500);
  assert.equal(daily.unit_cents, 250);
  assert.equal(a.quote.cents, 21500);
  assert.match(a.quote.summary.it, /quota fissa 215,00 € al mese \+ 2,50 € per giorno/);
  assert.match(a.quote.summary.en, /per day present/);
  assert.equal(a.isee_attestation_id, "m");
});

Deno.test("quote: no version in force is a QuoteError", () => {
  assert.throws(
    () => assignTariff(tariffOf("MENSA-PASTO"), facts({ month: "2026-08" })),
    (e: unknown) => e instanceof QuoteError && e.code === "no_version",
  );
});

// --- override ----------------------------------------------------------------------------------

Deno.test("override: amount and a reason of at least 5 characters", () => {
  assert.deepEqual(checkOverride(250, "Delibera 12/2026"), []);
  assert.deepEqual(checkOverride(0, "esonero"), []);
  assert.deepEqual(checkOverride(250, "  ok  ").map((p) => p.field), ["override_reason"]);
  assert.deepEqual(checkOverride(null, "").map((p) => p.field), [
    "override_cents",
    "override_reason",
  ]);
  assert.deepEqual(checkOverride(-1, "motivo valido").map((p) => p.field), ["override_cents"]);
  assert.deepEqual(checkOverride(1.5, "motivo valido").map((p) => p.field), ["override_cents"]);
  assert.deepEqual(checkOverride(100, "x".repeat(1001)).map((p) => p.field), ["override_reason"]);
});

Deno.test("override: the applied amount is the override, else the quote", () => {
  const a = assignTariff(tariffOf("MENSA-PASTO"), facts());
  assert.equal(appliedCents({ override_cents: null, tariff_assignment: a }), 380);
  assert.equal(appliedCents({ override_cents: 100, tariff_assignment: a }), 100);
  assert.equal(appliedCents({ override_cents: 0, tariff_assignment: null }), 0);
  assert.equal(appliedCents({ override_cents: null, tariff_assignment: null }), null);
  assert.equal(perLabel("meal", "it"), "a pasto");
  assert.equal(perLabel("year", "en"), "per year");
});

// --- social-services exemption -------------------------------------------------------------------

const REF = "Relazione servizi sociali prot. 1234 del 02/10/2026";

Deno.test("exemption: granting needs the act's reference", () => {
  const ok = checkExemption({ exempt: false }, { exempt: true, reference: `  ${REF} ` });
  assert.deepEqual(ok, { change: "grant", reference: REF, problems: [] });
  for (const reference of [null, "", "   "]) {
    const r = checkExemption({ exempt: false }, { exempt: true, reference });
    assert.equal(r.change, "grant");
    assert.deepEqual(r.problems.map((p) => p.field), ["social_services_exemption_reference"]);
    assert.match(r.problems[0].it, /estremi dell'atto dei servizi sociali/);
  }
  const short = checkExemption({ exempt: false }, { exempt: true, reference: "ok" });
  assert.match(short.problems[0].it, /da 5 a 1000 caratteri/);
  const long = checkExemption({ exempt: false }, { exempt: true, reference: "x".repeat(1001) });
  assert.equal(long.problems.length, 1);
});

Deno.test("exemption: revoking needs the revoking act too", () => {
  const bad = checkExemption({ exempt: true }, { exempt: false, reference: "" });
  assert.equal(bad.change, "revoke");
  assert.match(bad.problems[0].it, /revoca l'esenzione/);
  const ok = checkExemption({ exempt: true }, { exempt: false, reference: "Determina n. 88/2027" });
  assert.deepEqual(ok, { change: "revoke", reference: "Determina n. 88/2027", problems: [] });
});

Deno.test("exemption: unchanged keeps the reference, a new one amends it", () => {
  assert.deepEqual(checkExemption({ exempt: true }, { exempt: true, reference: "" }), {
    change: "none",
    reference: null,
    problems: [],
  });
  assert.deepEqual(checkExemption({ exempt: true }, { exempt: true, reference: REF }), {
    change: "amend",
    reference: REF,
    problems: [],
  });
  assert.equal(
    checkExemption({ exempt: true }, { exempt: true, reference: "abc" }).problems.length,
    1,
  );
  // Not exempt and staying so: whatever is in the field is ignored.
  assert.deepEqual(checkExemption({ exempt: false }, { exempt: false, reference: "ab" }), {
    change: "none",
    reference: null,
    problems: [],
  });
});

Deno.test("quote: the exemption beats a sibling reduction and the missing ISEE", () => {
  const a = assignTariff(
    tariffOf("MENSA-PASTO"),
    facts({
      attestations: [],
      siblings: [{ id: "elder", birth_date: "2015-01-01" }],
      social_services_exemption: true,
    }),
  );
  assert.equal(a.quote.cents, 0);
  assert.equal(a.quote.reductions.length, 1);
  assert.equal(a.quote.reductions[0].kind, "social_services");
  assert.equal(a.quote.summary.it, "Esenzione dei servizi sociali: 0,00 € a pasto");
  assert.equal(a.quote.summary.en, "Social-services exemption: €0.00 per meal");
  assert.ok(
    a.quote.explanation.it.includes("Esenzione disposta dai servizi sociali: nulla è dovuto."),
  );
});

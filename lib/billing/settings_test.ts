import assert from "node:assert/strict";
import { checkServiceBilling, checkSettings, serviceBillingForm } from "./settings.ts";
import { defaultTaxonomy, taxonomyOf } from "./taxonomy.ts";

// IBAN example of the SWIFT registry / Banca d'Italia; the postal one is built on a 12-digit account.
const IBAN = "IT60 X054 2811 1010 0000 0123 456";

const fields = (r: { issues: { field: string; code: string }[] }) =>
  r.issues.map((i) => `${i.field}:${i.code}`).sort();

Deno.test("settings: a complete Ente is accepted and normalized", () => {
  const r = checkSettings({
    segregation_code: "07",
    iban: IBAN.toLowerCase(),
    cbill: "abc12",
    office_name: " Ufficio Scuola ",
    position_grouping: "aggregated",
    due_days: "45",
    gpd_enabled: "on",
  });
  assert.deepEqual(r.issues, []);
  assert.equal(r.values.iban, "IT60X0542811101000000123456");
  assert.equal(r.values.cbill, "ABC12");
  assert.equal(r.values.office_name, "Ufficio Scuola");
  assert.equal(r.values.position_grouping, "aggregated");
  assert.equal(r.values.due_days, 45);
  assert.equal(r.values.gpd_enabled, true);
  assert.equal(r.values.postal_account, null);
});

Deno.test("settings: each bad field has its own Italian message", () => {
  const r = checkSettings({
    segregation_code: "7",
    iban: "IT60X0542811101000000123457",
    postal_account: "1234",
    cbill: "AB-12",
    position_grouping: "per_payer",
    due_days: "0",
    gpd_enabled: true,
    office_contact: "x".repeat(301),
  });
  assert.deepEqual(fields(r), [
    "cbill:invalid_cbill",
    "due_days:invalid_due_days",
    "iban:invalid_iban",
    "office_contact:too_long",
    "position_grouping:invalid_grouping",
    "postal_account:invalid_postal_account",
    "postal_iban:postal_iban_required",
    "segregation_code:invalid_segregation_code",
  ]);
  const iban = r.issues.find((i) => i.field === "iban")!;
  assert.match(iban.it, /^IBAN non valido/);
});

const ok = { segregation_code: "02", due_days: "30", gpd_enabled: "on" } as const;
const lapse = (r: ReturnType<typeof checkSettings>) => {
  const v = r.values;
  return [
    v.lapse_missed_instalments,
    v.lapse_consecutive,
    v.lapse_window_months,
    v.lapse_after_reminder,
  ];
};

Deno.test("settings: the rule of decadenza, the law's when left empty", () => {
  assert.deepEqual(lapse(checkSettings(ok)), [2, true, null, true]);
  assert.deepEqual(
    lapse(checkSettings({
      ...ok,
      lapse_missed_instalments: "",
      lapse_consecutive: "",
      lapse_window_months: "",
      lapse_after_reminder: null,
    })),
    [2, true, null, true],
  );
  // As the form posts it (radios "true"/"false") and as the API sends it.
  const form = checkSettings({
    ...ok,
    lapse_missed_instalments: " 3 ",
    lapse_consecutive: "false",
    lapse_window_months: "6",
    lapse_after_reminder: "false",
  });
  assert.deepEqual(form.issues, []);
  assert.deepEqual(lapse(form), [3, false, 6, false]);
  const api = checkSettings({
    ...ok,
    lapse_missed_instalments: 1,
    lapse_consecutive: true,
    lapse_window_months: null,
    lapse_after_reminder: true,
  });
  assert.deepEqual(lapse(api), [1, true, null, true]);
  assert.deepEqual(
    lapse(checkSettings({ ...ok, lapse_consecutive: false, lapse_window_months: 24 })),
    [2, false, 24, true],
  );
});

Deno.test("settings: a bad rule of decadenza has its own Italian message per field", () => {
  for (const missed of ["0", "13", "2.5", "due", "-1"]) {
    const r = checkSettings({ ...ok, lapse_missed_instalments: missed });
    assert.deepEqual(fields(r), ["lapse_missed_instalments:invalid_lapse_missed_instalments"]);
    assert.match(r.issues[0].it, /da 1 a 12/);
  }
  for (const months of ["0", "25", "sei"]) {
    const r = checkSettings({ ...ok, lapse_consecutive: "false", lapse_window_months: months });
    assert.deepEqual(fields(r), ["lapse_window_months:invalid_lapse_window_months"], months);
  }
  const consecutive = checkSettings({ ...ok, lapse_window_months: "6" });
  assert.deepEqual(fields(consecutive), ["lapse_window_months:lapse_window_consecutive"]);
  assert.match(consecutive.issues[0].it, /solo per rate anche non consecutive/);
  assert.deepEqual(
    fields(checkSettings({ ...ok, lapse_consecutive: "forse", lapse_after_reminder: "sì" })),
    [
      "lapse_after_reminder:invalid_lapse_after_reminder",
      "lapse_consecutive:invalid_lapse_consecutive",
    ],
  );
});

Deno.test("settings: without GPD an IBAN is needed; a postal IBAN must match its account", () => {
  assert.deepEqual(fields(checkSettings({ segregation_code: "02", due_days: 30 })), [
    "iban:iban_required",
  ]);
  const postal = checkSettings({
    segregation_code: "02",
    due_days: 30,
    gpd_enabled: true,
    postal_account: "000000654321",
    postal_iban: IBAN,
  });
  assert.deepEqual(fields(postal), ["postal_iban:postal_iban_mismatch"]);
  const ok = checkSettings({
    segregation_code: "02",
    due_days: 30,
    gpd_enabled: true,
    postal_account: "000000123456",
    postal_iban: IBAN,
  });
  assert.deepEqual(ok.issues, []);
  assert.equal(ok.values.postal_account, "000000123456");
});

Deno.test("service billing: modes, taxonomy, instalments, minimum and VAT", () => {
  const ok = checkServiceBilling({
    mode: "notice",
    taxonomy_code: "9/0107101TS/",
    instalments: "3",
    min_notice: "5,50",
  });
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.values, {
    mode: "notice",
    taxonomy_code: "9/0107101TS/",
    instalments: 3,
    min_notice_cents: 550,
    vat_nature: null,
    vat_rate_bp: 0,
  });
  assert.deepEqual(serviceBillingForm(ok.values), {
    mode: "notice",
    taxonomy_code: "9/0107101TS/",
    instalments: "3",
    min_notice: "5,50",
    vat_nature: "",
    vat_rate: "",
  });
  const bad = checkServiceBilling({
    mode: "cash",
    taxonomy_code: "9/9999999XX/",
    instalments: "13",
    min_notice: "-1",
    vat_nature: "N9",
    vat_rate: "120",
  });
  assert.deepEqual(fields(bad), [
    "instalments:invalid_instalments",
    "min_notice:invalid_amount",
    "mode:invalid_mode",
    "taxonomy_code:invalid_taxonomy",
    "vat_nature:invalid_vat_nature",
    "vat_rate:invalid_vat_rate",
  ]);
  // An invoice needs either a rate or an exemption's nature, never both.
  assert.deepEqual(
    fields(checkServiceBilling({ mode: "invoice", taxonomy_code: "9/0107106SP/" })),
    ["vat_nature:vat_required"],
  );
  assert.deepEqual(
    fields(checkServiceBilling({
      mode: "invoice",
      taxonomy_code: "9/0107106SP/",
      vat_nature: "N4",
      vat_rate: "22",
    })),
    ["vat_nature:vat_both"],
  );
  const invoice = checkServiceBilling({
    mode: "invoice",
    taxonomy_code: "9/0107106SP/",
    vat_rate: "22",
  });
  assert.equal(invoice.values.vat_rate_bp, 2200);
  assert.equal(serviceBillingForm(invoice.values).vat_rate, "22");
});

Deno.test("taxonomy: official codes with Italian names, suggested by service kind", () => {
  assert.equal(taxonomyOf("9/0107101TS/")?.it, "Mense scolastiche");
  assert.equal(taxonomyOf("9/0107102SP/")?.it, "Trasporto scolastico");
  assert.equal(taxonomyOf("9/0107999TS/"), undefined);
  assert.equal(defaultTaxonomy("canteen"), "9/0107101TS/");
  assert.equal(defaultTaxonomy("nursery"), "9/0107106SP/");
  assert.equal(defaultTaxonomy("unknown"), "9/0107100TS/");
});

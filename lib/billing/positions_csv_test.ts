import assert from "node:assert/strict";
import { positionsCsv } from "./positions_csv.ts";
import type { Position } from "./positions_read.ts";

const base: Position = {
  id: "0b6e2c52-6f1e-4bb0-8a52-3c1f3c2b9a01",
  run_id: null,
  run_label: "Mensa ottobre 2026",
  iupd: "PZ-1-ABC",
  payer_id: "5d4b8f0e-2b7a-4c55-9a39-0d7c0a1e2f33",
  payer_name: "Colombo Chiara",
  payer_tax_code: "CLMCHR80A41D612X",
  service_id: null,
  service_title: "Refezione scolastica",
  purpose: "charges",
  period_start: "2026-10-01",
  period_end: "2026-10-31",
  description: "Refezione scolastica - ottobre 2026 - Luca Colombo",
  amount_cents: 9000,
  paid_cents: 0,
  taxonomy_code: "9/0107101TS/",
  status: "open",
  gpd_status: "published",
  gpd_error: null,
  published_at: null,
  paid_at: null,
  created_at: "2026-11-03T10:00:00Z",
  notice_count: 1,
  overdue_since: "2026-11-30",
  overdue_cents: 9000,
  enforced: false,
  replaces_position_id: null,
  replaced: false,
  lapsed: false,
};

const rows = (csv: string) =>
  csv.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(";"));

Deno.test("positions CSV: the notes say enforced collection and instalment plans, lapsed or not", () => {
  const plan = { ...base, replaces_position_id: "9a1c3a7e-0a5e-4e0b-8a8a-6c0fbb1e4d21" };
  const [head, plain, enforced, spread, replaced, lapsed] = rows(positionsCsv([
    base,
    { ...base, enforced: true },
    plan,
    { ...base, status: "cancelled", replaced: true, overdue_since: null, overdue_cents: 0 },
    { ...plan, lapsed: true },
  ]));
  const col = (r: string[], name: string) => r[head.indexOf(name)];
  assert.equal(head.at(-1), "Note");
  assert.equal(col(plain, "Note"), "");
  assert.equal(col(enforced, "Note"), "In riscossione coattiva");
  assert.equal(col(spread, "Note"), "Rateizzazione");
  assert.equal(col(lapsed, "Note"), "Rateizzazione decaduta");
  assert.equal(col(replaced, "Note"), "Sostituita da rateizzazione");
  assert.equal(col(replaced, "Da pagare"), "0,00");
  assert.equal(col(plain, "Importo scaduto"), "90,00");
});

Deno.test("positions CSV: issued on the Rome day of the instant, periods as calendar days", () => {
  const [head, late, early] = rows(positionsCsv([
    { ...base, created_at: "2026-11-03 23:30:00.123456+00" },
    { ...base, created_at: "2026-11-03T22:59:59Z" },
  ]));
  const col = (r: string[], name: string) => r[head.indexOf(name)];
  // 00:30 in Rome on the 4th, and 23:59:59 on the 3rd.
  assert.equal(col(late, "Emessa il"), "04/11/2026");
  assert.equal(col(early, "Emessa il"), "03/11/2026");
  assert.equal(col(late, "Periodo dal"), "01/10/2026");
});

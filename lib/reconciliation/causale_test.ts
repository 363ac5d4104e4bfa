import assert from "node:assert/strict";
import { compactCausale, isValidRfReference, parseCausale } from "./causale.ts";

Deno.test("causale: the cumulative transfer of a PSP names its flow", () => {
  const cases: [string, string][] = [
    // The form in the authored FdR sample (SACI: /TXT/ before /URI/).
    [
      "/PUR/LGPE-RIVERSAMENTO/TXT/0/URI/2025-10-1688888888888-0000000001",
      "2025-10-1688888888888-0000000001",
    ],
    [
      "/PUR/LGPE-RIVERSAMENTO/URI/2021-11-21ABI00000-AABB648200001295",
      "2021-11-21ABI00000-AABB648200001295",
    ],
    // Lowercase, wrapped by the bank on 35-character lines, spaces around slashes.
    [
      "BONIFICO SEPA /pur/lgpe-riversamento/URI/2025-10-16\n88888888888-0000000002 ORD. PSP",
      "2025-10-1688888888888-0000000002",
    ],
    ["/PUR / LGPE-RIVERSAMENTO / URI / 2026-11-27PSPTEST0001-1", "2026-11-27PSPTEST0001-1"],
  ];
  for (const [text, flow] of cases) {
    assert.deepEqual(parseCausale(text), { kind: "flow", flow_ref: flow }, text);
  }
});

Deno.test("causale: single-payment transfers carry the IUV (/RFB/, /RFS/)", () => {
  assert.deepEqual(parseCausale("/RFB/02250900000000152/85.50/TXT/Mensa settembre"), {
    kind: "single",
    iuv: "02250900000000152",
    amount_cents: 8550,
    scheme: "RFB",
  });
  assert.deepEqual(parseCausale("/RFB/02250900000000152"), {
    kind: "single",
    iuv: "02250900000000152",
    amount_cents: null,
    scheme: "RFB",
  });
  // RF creditor reference (ISO 11649): RF + check digits + IUV.
  assert.equal(isValidRfReference("RF18539007547034"), true);
  assert.deepEqual(parseCausale("/RFS/RF18539007547034/12,00"), {
    kind: "single",
    iuv: "539007547034",
    amount_cents: 1200,
    scheme: "RFS",
  });
  // A wrong check: not recognised as pagoPA.
  assert.equal(isValidRfReference("RF19539007547034"), false);
  assert.deepEqual(parseCausale("/RFS/RF19539007547034"), { kind: "other" });
});

Deno.test("causale: anything else is not a pagoPA transfer", () => {
  for (
    const text of [
      "BONIFICO DA ROSSI MARIO RETTA NIDO",
      "/PUR/LGPE-RIVERSAMENTO/TXT/senza flusso",
      "COMMISSIONI TENUTA CONTO",
      "",
    ]
  ) assert.deepEqual(parseCausale(text), { kind: "other" }, text);
});

Deno.test("causale: compacting removes wraps and padded slashes", () => {
  assert.equal(
    compactCausale(" /PUR /LGPE\n-RIVERSAMENTO/ URI/x "),
    "/PUR/LGPE-RIVERSAMENTO/URI/x",
  );
});

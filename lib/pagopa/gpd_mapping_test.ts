import assert from "node:assert/strict";
import {
  clip,
  dueDateOf,
  type EnteForGpd,
  type NoticeForGpd,
  type PositionForGpd,
  sameOptions,
  toGpdPosition,
} from "./gpd_mapping.ts";
import { gpdValidator } from "./openapi_validate.ts";

/** Same formula as app.notice_number: 3 + segregation + 13-digit base + mod-93 check. */
function nav(seg: string, base: number): string {
  const head = `3${seg}${String(base).padStart(13, "0")}`;
  return head + String(Number(BigInt(head) % 93n)).padStart(2, "0");
}

const ENTE: EnteForGpd = {
  fiscalCode: "00123450789",
  name: "Comune di Valdiponte",
  officeName: "Ufficio Servizi Scolastici",
  iban: "IT60X0542811101000000123456",
};

const POSITION: PositionForGpd = {
  iupd: "PZ-2026-000042",
  description: "Mensa scolastica ottobre 2026 - Sofia Ricci",
  amount_cents: 9000,
  taxonomy_code: "9/0107101TS/",
  debtor: {
    fiscal_code: "clmchr85m41d612x",
    full_name: "Chiara Colombo",
    street_name: "Via dei Tigli",
    civic_number: "4",
    postal_code: "50100",
    city: "Valdiponte",
    province: "fi",
    country: "it",
    email: "chiara.colombo@posta.example",
  },
};

const notice = (instalment: number, base: number, cents: number, due: string): NoticeForGpd => {
  const n = nav("07", base);
  return { instalment, notice_number: n, iuv: n.slice(1), amount_cents: cents, due_on: due };
};

const SINGLE = [notice(0, 1, 9000, "2026-11-30")];
const INSTALMENTS = [
  notice(0, 10, 9000, "2026-11-30"),
  notice(1, 11, 3000, "2026-11-30"),
  notice(2, 12, 3000, "2026-12-31"),
  notice(3, 13, 3000, "2027-01-31"),
];

const SAMPLE = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/gpd_v1_createPosition_mensa.json", import.meta.url)),
);

Deno.test("nav helper agrees with the authored sample's numbers", () => {
  assert.equal(nav("02", 2509000000010), "302250900000001061");
  assert.equal(nav("02", 2509000000011), "302250900000001162");
});

Deno.test("a single-payment position maps to a spec-valid PaymentPositionModel", () => {
  const r = toGpdPosition(POSITION, SINGLE, ENTE);
  assert.ok(r.ok);
  const v = gpdValidator().validateSchema("PaymentPositionModel", r.body);
  assert.deepEqual(v.errors, []);
  assert.equal(r.body.type, "F");
  assert.equal(r.body.fiscalCode, "CLMCHR85M41D612X");
  assert.equal(r.body.province, "FI");
  assert.equal(r.body.country, "IT");
  assert.equal(r.body.companyName, "Comune di Valdiponte");
  assert.equal(r.body.officeName, "Ufficio Servizi Scolastici");
  assert.equal(r.body.paymentOption.length, 1);
  const o = r.body.paymentOption[0];
  assert.equal(o.nav, SINGLE[0].notice_number);
  assert.equal(o.iuv.length, 17);
  assert.equal(o.amount, 9000);
  assert.equal(o.isPartialPayment, false);
  // 30 November is winter time: 23:59:59 in Rome is 22:59:59Z.
  assert.equal(o.dueDate, "2026-11-30T22:59:59Z");
  assert.deepEqual(o.transfer, [{
    idTransfer: "1",
    organizationFiscalCode: "00123450789",
    amount: 9000,
    remittanceInformation: "Mensa scolastica ottobre 2026 - Sofia Ricci",
    category: "9/0107101TS/",
    iban: "IT60X0542811101000000123456",
  }]);
});

Deno.test("instalments: partial options named 'rata i di n', same shape as the sample", () => {
  const r = toGpdPosition(POSITION, INSTALMENTS, { ...ENTE, postalIban: ENTE.iban });
  assert.ok(r.ok);
  assert.deepEqual(gpdValidator().validateSchema("PaymentPositionModel", r.body).errors, []);
  assert.deepEqual(r.body.paymentOption.map((o) => o.isPartialPayment), [
    false,
    true,
    true,
    true,
  ]);
  assert.equal(
    r.body.paymentOption[2].description,
    "Mensa scolastica ottobre 2026 - Sofia Ricci - rata 2 di 3",
  );
  assert.equal(r.body.paymentOption[3].transfer[0].postalIban, ENTE.iban);
  // Every key we send is one the authored sample sends (it validates against the same spec).
  const keys = (o: object) => Object.keys(o).sort();
  for (const k of keys(r.body)) assert.ok(k in SAMPLE, k);
  for (const k of keys(r.body.paymentOption[1])) assert.ok(k in SAMPLE.paymentOption[1], k);
  for (const k of keys(r.body.paymentOption[1].transfer[0])) {
    assert.ok(k in SAMPLE.paymentOption[1].transfer[0] || k === "postalIban", k);
  }
});

Deno.test("a company (11-digit code) is type G; bad optional fields are left out", () => {
  const r = toGpdPosition(
    {
      ...POSITION,
      debtor: {
        fiscal_code: "01234567890",
        full_name: "Cooperativa Sociale Il Girasole",
        postal_code: "5010",
        email: "not an e-mail",
        province: "Firenze",
      },
    },
    SINGLE,
    ENTE,
  );
  assert.ok(r.ok);
  assert.equal(r.body.type, "G");
  assert.equal(r.body.postalCode, undefined);
  assert.equal(r.body.email, undefined);
  assert.equal(r.body.province, undefined);
  assert.deepEqual(gpdValidator().validateSchema("PaymentPositionModel", r.body).errors, []);
});

Deno.test("refusals with a code and an Italian message", () => {
  const code = (r: ReturnType<typeof toGpdPosition>) => r.ok ? "ok" : r.code;
  assert.equal(
    code(toGpdPosition({ ...POSITION, debtor: { full_name: "X Y" } }, SINGLE, ENTE)),
    "debtor_without_cf",
  );
  assert.equal(
    code(toGpdPosition({ ...POSITION, debtor: { fiscal_code: "RSSMRA80A01H501U" } }, SINGLE, ENTE)),
    "debtor_without_name",
  );
  const noIban = toGpdPosition(POSITION, SINGLE, { ...ENTE, iban: null });
  assert.equal(code(noIban), "iban_missing");
  assert.ok(!noIban.ok && /IBAN/.test(noIban.it));
  assert.equal(
    code(toGpdPosition(POSITION, SINGLE, { ...ENTE, fiscalCode: "123" })),
    "ente_without_cf",
  );
  assert.equal(code(toGpdPosition(POSITION, [], ENTE)), "no_notices");
  assert.equal(
    code(toGpdPosition(POSITION, [{ ...SINGLE[0], amount_cents: 0 }], ENTE)),
    "amount_not_positive",
  );
  assert.equal(
    code(toGpdPosition(POSITION, [{ ...SINGLE[0], iuv: "00000000000000000" }], ENTE)),
    "bad_notice_number",
  );
  assert.equal(
    code(toGpdPosition(POSITION, [{ ...SINGLE[0], due_on: "2026-02-30" }], ENTE)),
    "bad_due_date",
  );
  assert.equal(
    code(toGpdPosition(POSITION, [{ ...SINGLE[0], amount_cents: 8999 }], ENTE)),
    "instalments_mismatch",
  );
  assert.equal(
    code(toGpdPosition(POSITION, [...INSTALMENTS.slice(0, 3)], ENTE)),
    "instalments_mismatch",
  );
});

Deno.test("texts are clipped to 140 characters on a word boundary", () => {
  const long = "Mensa scolastica " + "Sofia Ricci e Tommaso Ricci ".repeat(8);
  const r = toGpdPosition({ ...POSITION, description: long }, INSTALMENTS, ENTE);
  assert.ok(r.ok);
  for (const o of r.body.paymentOption) {
    assert.ok(o.description.length <= 140, o.description);
    assert.ok(o.transfer[0].remittanceInformation.length <= 140);
  }
  assert.match(r.body.paymentOption[1].description, / - rata 1 di 3$/);
  assert.equal(clip("a  b\n c"), "a b c");
  assert.equal(clip("x".repeat(200)).length, 140);
});

Deno.test("due dates follow Rome's summer and winter time", () => {
  assert.equal(dueDateOf("2026-07-31"), "2026-07-31T21:59:59Z");
  assert.equal(dueDateOf("2026-01-31"), "2026-01-31T22:59:59Z");
  assert.equal(dueDateOf("nope"), null);
});

Deno.test("sameOptions compares options by IUV and amount", () => {
  const r = toGpdPosition(POSITION, INSTALMENTS, ENTE);
  assert.ok(r.ok);
  const remote = { paymentOption: [...r.body.paymentOption].reverse() };
  assert.equal(sameOptions(r.body, remote), true);
  assert.equal(
    sameOptions(r.body, { paymentOption: remote.paymentOption.map((o) => ({ ...o, amount: 1 })) }),
    false,
  );
  assert.equal(sameOptions(r.body, { paymentOption: remote.paymentOption.slice(1) }), false);
});

/**
 * School transport: yearly, per-term and monthly fees by ISEE, child's rank, school level and
 * one-way or round trip, from real Comuni's published tariffs.
 */
import assert from "node:assert/strict";
import { quote } from "./engine.ts";
import type { TariffRules } from "./schema.ts";
import { regulation } from "./testing.ts";

// Comune di Macerata, trasporto scolastico a.s. 2023/24 (il Resto del Carlino, July 2023):
// https://www.ilrestodelcarlino.it/macerata/cronaca/mensa-e-trasporto-aperte-le-iscrizioni-c6693fff
// "fino a 6.000 euro: gratuito, dai 6.000 ai 10.000 euro: 70 euro primo figlio, 56 euro secondo
// figlio, gratuito dal terzo figlio, … oltre i 22 mila euro: 180 euro primo figlio, 144 euro
// secondo figlio" — the second child pays exactly 80 % in every bracket.
// ASSUMPTIONS: bounds belong to the lower bracket; no ISEE → the highest bracket.
regulation("Macerata trasporto 2023/24 (annual)", {
  kind: "per_period",
  period: "year",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 600000, cents: 0, exempt: true },
      { fromCents: 600001, toCents: 1000000, cents: 7000 },
      { fromCents: 1000001, toCents: 1600000, cents: 10000 },
      { fromCents: 1600001, toCents: 2200000, cents: 15000 },
      { fromCents: 2200001, toCents: null, cents: 18000 },
    ],
  },
  adjustments: [
    {
      type: "reduction_percent",
      bp: 2000,
      group: "fratelli",
      when: { siblingRank: { min: 2, max: 2 } },
    },
    { type: "exempt", group: "fratelli", when: { siblingRank: { min: 3 } } },
  ],
}, [
  ["ISEE 5.000 €", { iseeCents: 500000 }, 0],
  ["ISEE 6.000,00 €", { iseeCents: 600000 }, 0],
  ["ISEE 6.000,01 €, first child", { iseeCents: 600001 }, 7000],
  ["ISEE 8.000 €, second child", { iseeCents: 800000, siblingRank: 2 }, 5600, [
    "secondo figlio −20 %",
  ]],
  ["ISEE 8.000 €, third child", { iseeCents: 800000, siblingRank: 3 }, 0, ["dal terzo figlio"]],
  ["ISEE 12.000 €, first child", { iseeCents: 1200000 }, 10000],
  ["ISEE 12.000 €, second child", { iseeCents: 1200000, siblingRank: 2 }, 8000],
  ["ISEE 18.000 €, first child", { iseeCents: 1800000 }, 15000],
  ["ISEE 18.000 €, second child", { iseeCents: 1800000, siblingRank: 2 }, 12000],
  ["ISEE 30.000 €, first child", { iseeCents: 3000000 }, 18000],
  ["ISEE 30.000 €, second child", { iseeCents: 3000000, siblingRank: 2 }, 14400],
  ["ISEE 30.000 €, fourth child", { iseeCents: 3000000, siblingRank: 4 }, 0],
  ["no ISEE, first child", { iseeCents: null }, 18000],
]);

// Comune di Benevento, trasporto scolastico a.s. 2023/24 (La Nostra Voce):
// https://www.lanostravoce.info/benevento-nuove-tariffe-per-il-trasporto-scolastico/
// Monthly € 25 / 30 / 35 / 40 / 45 by ISEE (5.000, 8.000, 12.000, 21.000 €); "per le famiglie
// con due o più figli il Comune coprirà il 30 per cento del costo mensile … 50 per cento dal
// terzo figlio in poi". ASSUMPTION: read per child — the second child −30 %, from the third −50 %.
regulation("Benevento trasporto 2023/24 (monthly)", {
  kind: "monthly",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 500000, cents: 2500 },
      { fromCents: 500001, toCents: 800000, cents: 3000 },
      { fromCents: 800001, toCents: 1200000, cents: 3500 },
      { fromCents: 1200001, toCents: 2100000, cents: 4000 },
      { fromCents: 2100001, toCents: null, cents: 4500 },
    ],
  },
  adjustments: [
    {
      type: "reduction_percent",
      bp: 3000,
      group: "fratelli",
      when: { siblingRank: { min: 2, max: 2 } },
    },
    { type: "reduction_percent", bp: 5000, group: "fratelli", when: { siblingRank: { min: 3 } } },
  ],
}, [
  ["ISEE 5.000 €", { iseeCents: 500000 }, 2500],
  ["ISEE 5.000,01 €", { iseeCents: 500001 }, 3000],
  ["ISEE 8.000,01 €", { iseeCents: 800001 }, 3500],
  ["ISEE 12.000,01 €", { iseeCents: 1200001 }, 4000],
  ["ISEE 21.000,01 €", { iseeCents: 2100001 }, 4500],
  ["ISEE 10.000 €, second child", { iseeCents: 1000000, siblingRank: 2 }, 2450],
  ["ISEE 30.000 €, second child", { iseeCents: 3000000, siblingRank: 2 }, 3150],
  ["ISEE 30.000 €, third child", { iseeCents: 3000000, siblingRank: 3 }, 2250],
  ["ISEE 15.000 €, fourth child", { iseeCents: 1500000, siblingRank: 4 }, 2000],
  ["ISEE 1.000 €, second child", { iseeCents: 100000, siblingRank: 2 }, 1750],
  ["no ISEE", { iseeCents: null }, 4500],
]);

// Comune di Casteggio (PV), iscrizione al trasporto scolastico (sportello telematico):
// https://sportellotelematico.comune.casteggio.pv.it/procedure%3As_italia%3Atrasporto.scolastico%3Biscrizione
// Yearly totals per family: ISEE up to 6.000,00 €: € 150 (one child), € 180 (two), € 200 (three
// or more); above: € 250 / 300 / 350. Priced per child by rank, so each child's quote adds the
// family total's increment (tested below: the sums equal the published totals).
const casteggio = (low: number, high: number) => ({
  type: "isee_brackets" as const,
  brackets: [
    { fromCents: 0, toCents: 600000, cents: low },
    { fromCents: 600001, toCents: null, cents: high },
  ],
});
const casteggioRules: TariffRules = {
  kind: "per_period",
  period: "year",
  amount: {
    type: "by",
    field: "siblingRank",
    cases: [
      { values: [1], amount: casteggio(15000, 25000) },
      { values: [2], amount: casteggio(3000, 5000) },
      { values: [3], amount: casteggio(2000, 5000) },
      { min: 4, amount: { type: "fixed", cents: 0 } },
    ],
  },
};
regulation("Casteggio trasporto (yearly, by child)", casteggioRules, [
  ["ISEE 5.000 €, first child", { iseeCents: 500000 }, 15000],
  ["ISEE 5.000 €, second child", { iseeCents: 500000, siblingRank: 2 }, 3000],
  ["ISEE 5.000 €, third child", { iseeCents: 500000, siblingRank: 3 }, 2000],
  ["ISEE 9.000 €, first child", { iseeCents: 900000 }, 25000],
  ["ISEE 9.000 €, second child", { iseeCents: 900000, siblingRank: 2 }, 5000],
  ["ISEE 9.000 €, fifth child", { iseeCents: 900000, siblingRank: 5 }, 0],
]);
for (
  const [isee, totals] of [[500000, [15000, 18000, 20000, 20000]], [900000, [
    25000,
    30000,
    35000,
    35000,
  ]]] as const
) {
  Deno.test(`Casteggio trasporto · family totals with ISEE ${isee / 100} € are ${totals}`, () => {
    const version = {
      validFrom: "2024-09-01",
      validTo: null,
      rounding: "half_up" as const,
      rules: casteggioRules,
    };
    let sum = 0;
    totals.forEach((total, i) => {
      sum +=
        quote({ versions: [version] }, { month: "2024-09", iseeCents: isee, siblingRank: i + 1 })
          .amountCents;
      assert.equal(sum, total, `${i + 1} children`);
    });
  });
}

// Comune di Mozzagrogna (CH), trasporto scolastico:
// https://comune.mozzagrogna.ch.it/servizi/servizio-dettaglio/2585395
// € 160 a year round trip, € 100 one way; "a partire dal terzo figlio, la tariffa è ridotta del
// 50%"; "esenzione totale … per gli utenti residenti in possesso di certificazione di invalidità
// articolo 3, comma 3, L. 104/1992".
regulation("Mozzagrogna trasporto (yearly)", {
  kind: "per_period",
  period: "year",
  amount: {
    type: "by",
    field: "mode",
    cases: [
      { values: ["round_trip"], amount: { type: "fixed", cents: 16000 } },
      { values: ["one_way"], amount: { type: "fixed", cents: 10000 } },
    ],
  },
  adjustments: [
    {
      type: "exempt",
      when: { disability: true, resident: true },
      label: "invalidità (art. 3, c. 3, L. 104/1992), residente",
      labelEn: "disability (art. 3(3) Law 104/1992), resident",
    },
    { type: "reduction_percent", bp: 5000, when: { siblingRank: { min: 3 } } },
  ],
}, [
  ["round trip, first child", { mode: "round_trip" }, 16000, ["andata e ritorno"]],
  ["one way, first child", { mode: "one_way" }, 10000],
  ["round trip, second child", { mode: "round_trip", siblingRank: 2 }, 16000],
  ["round trip, third child", { mode: "round_trip", siblingRank: 3 }, 8000],
  ["one way, fourth child", { mode: "one_way", siblingRank: 4 }, 5000],
  ["resident with disability", { mode: "round_trip", disability: true }, 0, ["L. 104/1992"]],
  [
    "non-resident with disability",
    { mode: "round_trip", disability: true, resident: false },
    16000,
  ],
]);

// Comune di Monticelli d'Ongina (PC), servizi scolastici 2023/24, comunicato del 15/05/2023:
// http://www.comune.monticelli.pc.it/leggiarticolo.php?idArt=1731
// Monthly: infanzia € 36,00 (€ 30,00 from the second child), primaria and secondaria di 1°
// grado € 50,00 (€ 40,00); "riduzione del 40% nel caso di trasporto parziale (solo andata o solo
// ritorno)". ASSUMPTION: the 40 % applies to the sibling price too.
const monticelli = (first: number, others: number) => ({
  type: "by" as const,
  field: "siblingRank" as const,
  cases: [
    { values: [1], amount: { type: "fixed" as const, cents: first } },
    { min: 2, amount: { type: "fixed" as const, cents: others } },
  ],
});
regulation("Monticelli d'Ongina trasporto 2023/24 (monthly)", {
  kind: "monthly",
  amount: {
    type: "by",
    field: "schoolLevel",
    cases: [
      { values: ["infanzia"], amount: monticelli(3600, 3000) },
      { values: ["primaria", "secondaria_primo_grado"], amount: monticelli(5000, 4000) },
    ],
  },
  adjustments: [{ type: "reduction_percent", bp: 4000, when: { mode: ["one_way"] } }],
}, [
  ["infanzia, first child", { schoolLevel: "infanzia", mode: "round_trip" }, 3600],
  ["infanzia, second child", { schoolLevel: "infanzia", mode: "round_trip", siblingRank: 2 }, 3000],
  ["primaria, first child", { schoolLevel: "primaria", mode: "round_trip" }, 5000],
  ["secondaria, second child", {
    schoolLevel: "secondaria_primo_grado",
    mode: "round_trip",
    siblingRank: 2,
  }, 4000],
  ["primaria, one way", { schoolLevel: "primaria", mode: "one_way" }, 3000, [
    "sola andata o solo ritorno −40 %",
  ]],
  ["infanzia, second child, one way", {
    schoolLevel: "infanzia",
    mode: "one_way",
    siblingRank: 2,
  }, 1800],
  ["secondaria, second child, one way", {
    schoolLevel: "secondaria_primo_grado",
    mode: "one_way",
    siblingRank: 2,
  }, 2400],
]);

// Comune di Monte San Savino (AR), tariffe servizi scolastici:
// https://comune.montesansavino.ar.it/aree-tematiche/area-cittadini/tributi/49-tariffe-servizi-scolastici.html
// Transport by term: tariff A (round trip) € 105,00 September–December, € 150,00 January–June;
// tariff B (one way) € 70,00 and € 100,00; "dal 2° figlio o con riduzione per reddito I.S.E.E.:
// applicazione tariffa B". The ISEE reduction is granted on request: here the flag
// "riduzione_isee".
const sanSavino = (a: number, b: number) => ({
  type: "by" as const,
  field: "siblingRank" as const,
  cases: [
    {
      values: [1],
      amount: {
        type: "by" as const,
        field: "mode" as const,
        cases: [
          {
            values: ["round_trip"],
            amount: { type: "fixed" as const, cents: a },
            label: "tariffa A",
          },
          { values: ["one_way"], amount: { type: "fixed" as const, cents: b }, label: "tariffa B" },
        ],
      },
    },
    { min: 2, amount: { type: "fixed" as const, cents: b }, label: "dal 2° figlio: tariffa B" },
  ],
});
regulation("Monte San Savino trasporto (per term)", {
  kind: "per_period",
  period: "term",
  amount: {
    type: "by",
    field: "month",
    cases: [
      { values: [9, 10, 11, 12], amount: sanSavino(10500, 7000), label: "settembre–dicembre" },
      { values: [1, 2, 3, 4, 5, 6], amount: sanSavino(15000, 10000), label: "gennaio–giugno" },
    ],
  },
  adjustments: [
    {
      type: "set_amount",
      cents: 7000,
      when: { flags: ["riduzione_isee"], months: [9, 10, 11, 12] },
      label: "riduzione ISEE: tariffa B",
    },
    {
      type: "set_amount",
      cents: 10000,
      when: { flags: ["riduzione_isee"], months: [1, 2, 3, 4, 5, 6] },
      label: "riduzione ISEE: tariffa B",
    },
  ],
}, [
  ["September, round trip", { month: "2025-09", mode: "round_trip" }, 10500, ["tariffa A"]],
  ["January, round trip", { month: "2026-01", mode: "round_trip" }, 15000],
  ["September, one way", { month: "2025-09", mode: "one_way" }, 7000],
  ["January, one way", { month: "2026-01", mode: "one_way" }, 10000],
  [
    "September, second child, round trip",
    { month: "2025-09", mode: "round_trip", siblingRank: 2 },
    7000,
  ],
  ["March, second child", { month: "2026-03", mode: "round_trip", siblingRank: 2 }, 10000],
  [
    "October, ISEE reduction",
    { month: "2025-10", mode: "round_trip", flags: ["riduzione_isee"] },
    7000,
  ],
  [
    "February, ISEE reduction",
    { month: "2026-02", mode: "round_trip", flags: ["riduzione_isee"] },
    10000,
  ],
  ["July: no term", { month: "2026-07", mode: "round_trip" }, { error: "no_case" }],
]);

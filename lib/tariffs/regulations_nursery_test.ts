/**
 * Nurseries and pre-schools: monthly fees by ISEE table or linear formula, fixed + daily parts,
 * part time, settling-in month and absence reductions — from real Comuni's published tariffs.
 * Expected amounts were computed by hand (exact fractions, then the declared rounding).
 */
import type { TariffRules } from "./schema.ts";
import { regulation } from "./testing.ts";

// Comune di Ravenna, "Rette e agevolazioni – Sistema tariffario nido":
// https://comune.ravenna.it/altro-contenuto/rette-e-agevolazioni-sistema-tariffario-nido
// Monthly fee = fixed part (always due) + daily part × days present. Exempt up to ISEE
// 4.500,00 €; from 4.500,01 to 30.000,00 € "Retta mensile = 30,00 + (X – 4.500,01) ×
// (280,00 − 30,00) : (30.000,00 – 4.500,01)" and daily 0,90 → 3,50; from 30.000,01 to
// 35.000,00 € fixed 280,00 → 415,00 and daily 3,50 → 4,00 ("retta intera"). Fees above
// 35.000 € and without ISEE stay at the full fee (Ravenna Today, 26/04/2024, on the Council's
// guidelines: "lasciando inalterate le rette per le attestazioni Isee superiori a 35.000 euro e
// per chi non ha l'attestazione").
// ASSUMPTION: rounding half up to the cent on each part (the page does not say).
const ravennaNido: TariffRules = {
  kind: "monthly_plus_daily",
  amount: {
    type: "isee_linear",
    exemptUpToCents: 450000,
    points: [
      { iseeCents: 450001, cents: 3000 },
      { iseeCents: 3000000, cents: 28000 },
      { iseeCents: 3000001, cents: 28000 },
      { iseeCents: 3500000, cents: 41500 },
    ],
  },
  daily: {
    type: "isee_linear",
    exemptUpToCents: 450000,
    points: [
      { iseeCents: 450001, cents: 90 },
      { iseeCents: 3000000, cents: 350 },
      { iseeCents: 3000001, cents: 350 },
      { iseeCents: 3500000, cents: 400 },
    ],
  },
  missingIsee: { policy: "highest" },
};
regulation("Ravenna nido (fixed + daily, linear formula)", ravennaNido, [
  ["ISEE 4.500,00 €, 18 days", { iseeCents: 450000, daysPresent: 18 }, 0, ["esente per ISEE"]],
  ["ISEE 4.500,01 €, 18 days", { iseeCents: 450001, daysPresent: 18 }, 4620],
  ["ISEE 6.000 €, 20 days", { iseeCents: 600000, daysPresent: 20 }, 6571],
  ["ISEE 10.000 €, 15 days", { iseeCents: 1000000, daysPresent: 15 }, 10582],
  ["ISEE 12.400 €, 18 days", { iseeCents: 1240000, daysPresent: 18 }, 13823, [
    "Quota fissa: formula lineare",
    "107,45 €",
    "1,71 € × 18 giorni = 30,78 €",
  ]],
  ["ISEE 15.000 €, no day present", { iseeCents: 1500000, daysPresent: 0 }, 13294],
  ["ISEE 20.000 €, 10 days", { iseeCents: 2000000, daysPresent: 10 }, 20676],
  ["ISEE 25.000 €, 21 days", { iseeCents: 2500000, daysPresent: 21 }, 29377],
  ["ISEE 29.999,99 €, 20 days", { iseeCents: 2999999, daysPresent: 20 }, 35000],
  ["ISEE 30.000,00 €, 20 days", { iseeCents: 3000000, daysPresent: 20 }, 35000],
  ["ISEE 30.000,01 €, 20 days", { iseeCents: 3000001, daysPresent: 20 }, 35000],
  ["ISEE 32.000 €, 19 days", { iseeCents: 3200000, daysPresent: 19 }, 40430],
  ["ISEE 34.000 €, 22 days", { iseeCents: 3400000, daysPresent: 22 }, 47380],
  ["ISEE 35.000 €, 20 days", { iseeCents: 3500000, daysPresent: 20 }, 49500],
  ["ISEE 60.000 €, 20 days", { iseeCents: 6000000, daysPresent: 20 }, 49500, ["tariffa massima"]],
  ["no ISEE, 20 days", { iseeCents: null, daysPresent: 20 }, 49500],
  ["days present not given", { iseeCents: 1240000 }, { error: "missing_days" }],
]);

// Comune di Ravenna, "Al nido con la Regione" a.s. 2020/21: a further discount of 40 % (ISEE
// 4.500,01–21.000,00 €) or 30 % (21.000,01–26.000,00 €) "applicato sulla retta determinata, dopo
// che il sistema informatico ha applicato tutte le vigenti regole":
// https://comune-ravenna.demo.altrama.com/news/al-nido-con-la-regione
// CONSTRUCTED: that year's discount is applied here to today's formula, to exercise conditional
// percentage reductions on both parts; the combination was never in force.
regulation("Ravenna nido + regional discount (constructed)", {
  ...ravennaNido,
  adjustments: [
    {
      type: "reduction_percent",
      bp: 4000,
      group: "regione",
      when: { isee: { min: 450001, max: 2100000 } },
      label: "Al nido con la Regione",
    },
    {
      type: "reduction_percent",
      bp: 3000,
      group: "regione",
      when: { isee: { min: 2100001, max: 2600000 } },
      label: "Al nido con la Regione",
    },
  ],
}, [
  ["ISEE 6.000 €, 20 days", { iseeCents: 600000, daysPresent: 20 }, 3942],
  ["ISEE 12.400 €, 18 days", { iseeCents: 1240000, daysPresent: 18 }, 8283, [
    "Al nido con la Regione −40 %",
  ]],
  ["ISEE 21.000,00 €, 20 days", { iseeCents: 2100000, daysPresent: 20 }, 14606],
  ["ISEE 21.000,01 €, 20 days", { iseeCents: 2100001, daysPresent: 20 }, 17044],
  ["ISEE 25.000 €, 21 days", { iseeCents: 2500000, daysPresent: 21 }, 20558],
  ["ISEE 26.000,00 €, 20 days", { iseeCents: 2600000, daysPresent: 20 }, 21175],
  ["ISEE 26.000,01 €, 20 days (no discount)", { iseeCents: 2600001, daysPresent: 20 }, 30258],
  ["ISEE 4.000 € stays exempt", { iseeCents: 400000, daysPresent: 20 }, 0],
]);

// Comune di Ravenna, "Rette e agevolazioni – Sistema tariffario scuola dell'infanzia", a.s.
// 2025/2026: https://comune.ravenna.it/?p=12742
// A fixed € 10,00 monthly fee due with ISEE above 4.500,00 €, and a monthly canteen fee by
// seven ISEE brackets (exempt up to 4.500,00 €; from 35.000,01 € "o qualora non presente
// l'attestazione Isee" € 158,77). The canteen fee is "ridotta automaticamente del 50% nel mese
// di settembre, del 20% nel mese di dicembre … e del 25% a fronte di assenze del bambino
// superiori a 15 giorni effettivi in un mese"; "se l'inizio della fruizione del servizio mensa è
// dopo il 15 del mese, la tariffa mensile è ridotta del 50%".
// ASSUMPTION: the reductions are alternatives, the first that applies in the order above.
regulation("Ravenna infanzia 2025/26 (retta fissa)", {
  kind: "monthly",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 450000, cents: 0, exempt: true },
      { fromCents: 450001, toCents: null, cents: 1000 },
    ],
  },
}, [
  ["ISEE 4.000 €", { iseeCents: 400000 }, 0],
  ["ISEE 4.500,01 €", { iseeCents: 450001 }, 1000],
  ["no ISEE", { iseeCents: null }, 1000],
]);

const ravennaInfanziaMensa = (): TariffRules => ({
  kind: "monthly",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 450000, cents: 0, exempt: true },
      { fromCents: 450001, toCents: 600000, cents: 5333 },
      { fromCents: 600001, toCents: 1250000, cents: 7701 },
      { fromCents: 1250001, toCents: 2100000, cents: 9479 },
      { fromCents: 2100001, toCents: 2600000, cents: 11848 },
      { fromCents: 2600001, toCents: 3500000, cents: 14811 },
      { fromCents: 3500001, toCents: null, cents: 15877 },
    ],
  },
  missingIsee: { policy: "highest" },
  adjustments: [
    { type: "reduction_percent", bp: 5000, group: "riduzione", when: { months: [9] } },
    {
      type: "reduction_percent",
      bp: 2000,
      group: "riduzione",
      when: { months: [12] },
      label: "vacanze natalizie",
      labelEn: "Christmas holidays",
    },
    {
      type: "reduction_percent",
      bp: 2500,
      group: "riduzione",
      when: { daysAbsent: { min: 16 } },
      label: "assenze superiori a 15 giorni",
      labelEn: "more than 15 days absent",
    },
    {
      type: "reduction_percent",
      bp: 5000,
      group: "riduzione",
      when: { settlingIn: true, startDay: { min: 16 } },
      label: "inizio dopo il 15 del mese",
      labelEn: "started after the 15th",
    },
  ],
  source: "Sistema tariffario scuola dell'infanzia a.s. 2025/2026",
});
regulation("Ravenna infanzia 2025/26 (ristorazione)", ravennaInfanziaMensa(), [
  ["October, ISEE 5.000 €", { iseeCents: 500000 }, 5333],
  ["October, ISEE 4.500,00 €", { iseeCents: 450000 }, 0],
  ["October, ISEE 4.500,01 €", { iseeCents: 450001 }, 5333],
  ["October, ISEE 30.000 €", { iseeCents: 3000000 }, 14811],
  ["October, ISEE 40.000 €", { iseeCents: 4000000 }, 15877],
  ["October, no ISEE", { iseeCents: null }, 15877],
  [
    "September, ISEE 5.000 € (26,665 € rounds half up)",
    { iseeCents: 500000, month: "2025-09" },
    2667,
    [
      "mese di settembre −50 %",
    ],
  ],
  ["September, ISEE 8.000 € (38,505 €)", { iseeCents: 800000, month: "2025-09" }, 3851],
  ["December, ISEE 13.000 €", { iseeCents: 1300000, month: "2025-12" }, 7583, [
    "vacanze natalizie −20 %",
  ]],
  ["December, no ISEE (127,016 €)", { iseeCents: null, month: "2025-12" }, 12702],
  [
    "October, 16 days absent of 20, ISEE 22.000 €",
    {
      iseeCents: 2200000,
      openDays: 20,
      daysPresent: 4,
    },
    8886,
    ["assenze superiori a 15 giorni −25 %"],
  ],
  ["October, 15 days absent of 20, ISEE 22.000 €", {
    iseeCents: 2200000,
    openDays: 20,
    daysPresent: 5,
  }, 11848],
  [
    "October without attendance data: the absence rule is not evaluated",
    {
      iseeCents: 2200000,
    },
    11848,
    ["non valutata"],
  ],
  ["no ISEE, 20 days absent of 21 (119,0775 €)", {
    iseeCents: null,
    openDays: 21,
    daysPresent: 1,
  }, 11908],
  [
    "ISEE 5.000 € expired on 31/12/2025, quoted for January 2026",
    {
      iseeCents: 500000,
      iseeExpiresOn: "2025-12-31",
      month: "2026-01",
    },
    15877,
    ["ISEE scaduto"],
  ],
  [
    "November, settling in from the 20th, ISEE 7.000 €",
    {
      iseeCents: 700000,
      month: "2025-11",
      isSettlingInMonth: true,
      startDay: 20,
    },
    3851,
    ["inizio dopo il 15 del mese"],
  ],
  ["November, settling in from the 10th, ISEE 7.000 €", {
    iseeCents: 700000,
    month: "2025-11",
    isSettlingInMonth: true,
    startDay: 10,
  }, 7701],
  ["September and started after the 15th: one reduction only", {
    iseeCents: 500000,
    month: "2025-09",
    isSettlingInMonth: true,
    startDay: 20,
  }, 2667],
]);
regulation(
  "Ravenna infanzia 2025/26 (ristorazione), rounded half to even",
  ravennaInfanziaMensa(),
  [
    ["September, ISEE 5.000 € (26,665 € → 26,66 €)", { iseeCents: 500000, month: "2025-09" }, 2666],
    ["September, ISEE 8.000 € (38,505 € → 38,50 €)", { iseeCents: 800000, month: "2025-09" }, 3850],
    [
      "September, ISEE 30.000 € (74,055 € → 74,06 €)",
      { iseeCents: 3000000, month: "2025-09" },
      7406,
    ],
  ],
  { rounding: "half_even" },
);
regulation("Ravenna infanzia 2025/26 (ristorazione), rounded down", ravennaInfanziaMensa(), [
  ["September, ISEE 5.000 € (26,665 € → 26,66 €)", { iseeCents: 500000, month: "2025-09" }, 2666],
  ["December, no ISEE (127,016 € → 127,01 €)", { iseeCents: null, month: "2025-12" }, 12701],
], { rounding: "down" });
regulation("Ravenna infanzia 2025/26 (ristorazione), rounded up", ravennaInfanziaMensa(), [
  ["December, no ISEE (127,016 € → 127,02 €)", { iseeCents: null, month: "2025-12" }, 12702],
  ["December, ISEE 13.000 € (75,832 € → 75,84 €)", { iseeCents: 1300000, month: "2025-12" }, 7584],
], { rounding: "up" });

// Comune di Rubiera (RE), "Rette nidi d'infanzia e servizio aggiuntivo tempo lungo":
// https://comune.rubiera.re.it/entra-in-comune/i-servizi/scuola-e-istruzione/rette-e-tariffe/rette-nidi-dinfanzia-e-servizio-aggiuntivo-tempo-lungo
// Nine brackets ("Fino a € 5.000,99", "Da € 5.001,00 a € 9.500,99" … "Oltre € 40.001,00 (oppure
// in assenza di attestazione ISEE)") with full-time and part-time monthly fees; non-residents
// as residents. Settling-in month only: −10 % for 14–18 days attended, −20 % for 9–13, −30 % for
// 4–8, −50 % for 0–3; in the rest of the year −30 % with 6 days or fewer.
const rubiera = (cents: number[]) => {
  const bounds = [0, 500100, 950100, 1300100, 1550100, 1850100, 2100100, 2800100, 4000100];
  return {
    type: "isee_brackets" as const,
    brackets: bounds.map((from, i) => ({
      fromCents: from,
      toCents: i + 1 < bounds.length ? bounds[i + 1] - 1 : null,
      cents: cents[i],
    })),
  };
};
regulation("Rubiera nidi (full and part time, settling-in)", {
  kind: "monthly",
  amount: {
    type: "by",
    field: "mode",
    cases: [
      {
        values: ["full_time"],
        amount: rubiera([10041, 15790, 26224, 31838, 35145, 40165, 50206, 56483, 58984]),
      },
      {
        values: ["part_time"],
        amount: rubiera([8157, 12630, 22458, 25266, 30124, 35145, 40165, 43931, 44600]),
      },
    ],
  },
  missingIsee: { policy: "bracket", bracket: 9 },
  adjustments: [
    {
      type: "reduction_percent",
      bp: 1000,
      group: "frequenza",
      when: { settlingIn: true, daysPresent: { min: 14, max: 18 } },
    },
    {
      type: "reduction_percent",
      bp: 2000,
      group: "frequenza",
      when: { settlingIn: true, daysPresent: { min: 9, max: 13 } },
    },
    {
      type: "reduction_percent",
      bp: 3000,
      group: "frequenza",
      when: { settlingIn: true, daysPresent: { min: 4, max: 8 } },
    },
    {
      type: "reduction_percent",
      bp: 5000,
      group: "frequenza",
      when: { settlingIn: true, daysPresent: { max: 3 } },
    },
    {
      type: "reduction_percent",
      bp: 3000,
      group: "frequenza",
      when: { settlingIn: false, daysPresent: { max: 6 } },
    },
  ],
}, [
  ["full time, ISEE 5.000,99 €", { mode: "full_time", iseeCents: 500099, daysPresent: 20 }, 10041],
  ["full time, ISEE 5.001,00 €", { mode: "full_time", iseeCents: 500100, daysPresent: 20 }, 15790],
  [
    "full time, ISEE 13.000,99 €",
    { mode: "full_time", iseeCents: 1300099, daysPresent: 20 },
    26224,
  ],
  ["full time, ISEE 17.000 €", { mode: "full_time", iseeCents: 1700000, daysPresent: 20 }, 35145],
  [
    "full time, ISEE 40.000,99 €",
    { mode: "full_time", iseeCents: 4000099, daysPresent: 20 },
    56483,
  ],
  ["full time, ISEE 45.000 €", { mode: "full_time", iseeCents: 4500000, daysPresent: 20 }, 58984],
  ["full time, no ISEE", { mode: "full_time", iseeCents: null, daysPresent: 20 }, 58984, [
    "si applica la fascia 9",
  ]],
  ["part time, ISEE 12.000 €", { mode: "part_time", iseeCents: 1200000, daysPresent: 20 }, 22458],
  ["part time, ISEE 19.000 €", { mode: "part_time", iseeCents: 1900000, daysPresent: 20 }, 35145],
  ["part time, no ISEE", { mode: "part_time", iseeCents: null, daysPresent: 20 }, 44600],
  [
    "settling in, full time, ISEE 10.000 €, 16 days",
    {
      mode: "full_time",
      iseeCents: 1000000,
      isSettlingInMonth: true,
      daysPresent: 16,
    },
    23602,
    ["mese di inserimento, giorni di presenza da 14 a 18 −10 %"],
  ],
  ["settling in, 10 days", {
    mode: "full_time",
    iseeCents: 1000000,
    isSettlingInMonth: true,
    daysPresent: 10,
  }, 20979],
  ["settling in, 5 days", {
    mode: "full_time",
    iseeCents: 1000000,
    isSettlingInMonth: true,
    daysPresent: 5,
  }, 18357],
  ["settling in, 2 days", {
    mode: "full_time",
    iseeCents: 1000000,
    isSettlingInMonth: true,
    daysPresent: 2,
  }, 13112],
  ["settling in, 19 days: no reduction", {
    mode: "full_time",
    iseeCents: 1000000,
    isSettlingInMonth: true,
    daysPresent: 19,
  }, 26224],
  ["ordinary month, 6 days", { mode: "full_time", iseeCents: 1000000, daysPresent: 6 }, 18357],
  ["ordinary month, 7 days", { mode: "full_time", iseeCents: 1000000, daysPresent: 7 }, 26224],
  ["settling in, part time, ISEE 30.000 €, no day (219,655 €)", {
    mode: "part_time",
    iseeCents: 3000000,
    isSettlingInMonth: true,
    daysPresent: 0,
  }, 21966],
  ["mode not given", { iseeCents: 1000000 }, { error: "missing_field" }],
]);

// Comune di Canicattini Bagni (SR), asilo nido "Santa Maria Goretti" a.e. 2020/21 (SiracusaPost,
// May 2020): https://www.siracusapost.it/1.83719/cronaca/sicilia-siracusa-provincia-canicattini-bagni/104/canicattini-bagni-domande-di
// "Isee da 0 a 2.500 retta € 25,00; da 2.501 a 5.000 € 50,00; … oltre 45.000 o chi non presenta
// Isee, retta € 200,00". Published in whole euros; taken literally, an ISEE of 2.500,50 € is in
// no bracket (see validate_test.ts). Here each bound is read as "up to …,99".
const canicattini = [2500, 5000, 7500, 13000, 25000, 35000, 45000];
const canicattiniFees = [2500, 5000, 7500, 10000, 12500, 15000, 17500, 20000];
regulation("Canicattini Bagni nido 2020/21", {
  kind: "monthly",
  amount: {
    type: "isee_brackets",
    brackets: canicattiniFees.map((cents, i) => ({
      fromCents: i === 0 ? 0 : canicattini[i - 1] * 100 + 100,
      toCents: i < canicattini.length ? canicattini[i] * 100 + 99 : null,
      cents,
    })),
  },
}, [
  ["ISEE 0 €", { iseeCents: 0 }, 2500],
  ["ISEE 2.500,50 €", { iseeCents: 250050 }, 2500],
  ["ISEE 2.501,00 €", { iseeCents: 250100 }, 5000],
  ["ISEE 7.500 €", { iseeCents: 750000 }, 7500],
  ["ISEE 12.000 €", { iseeCents: 1200000 }, 10000],
  ["ISEE 20.000 €", { iseeCents: 2000000 }, 12500],
  ["ISEE 35.001 €", { iseeCents: 3500100 }, 17500],
  ["ISEE 45.000,99 €", { iseeCents: 4500099 }, 17500],
  ["ISEE 45.001 €", { iseeCents: 4500100 }, 20000],
  ["no ISEE", { iseeCents: null }, 20000],
]);

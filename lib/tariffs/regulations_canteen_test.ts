/**
 * School canteens (refezione scolastica): real Comuni's published tariffs, reproduced as
 * `TariffRules` with no code of their own. Each block cites its source; where the published
 * text leaves a point open, the choice made is written next to it as ASSUMPTION.
 */
import { regulation } from "./testing.ts";

// Comune di Manfredonia (FG), refezione scolastica a.s. 2019/20, tariffs by Delibera di Giunta
// of March 2019, as published by StatoQuotidiano, 26/11/2019:
// https://www.statoquotidiano.it/26/11/2019/manfredonia-mensa-scolastica-quanto-dove-pagare-e-come-seguire-il-servizio/711883/
// "prima fascia (da € 0,00 a € 6.000,00): € 2,00; seconda (da € 6.000,01 a € 9.360,00): € 3,50;
// terza (da € 9.360,01 a € 15.000,00): € 4,00; quarta (oltre … e utenti che non presentano
// certificazione ISEE o non residenti): € 4,50".
regulation("Manfredonia 2019/20 (mensa)", {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 600000, cents: 200 },
      { fromCents: 600001, toCents: 936000, cents: 350 },
      { fromCents: 936001, toCents: 1500000, cents: 400 },
      { fromCents: 1500001, toCents: null, cents: 450 },
    ],
  },
  missingIsee: { policy: "highest" },
  adjustments: [{ type: "set_amount", cents: 450, when: { resident: false } }],
}, [
  ["ISEE 0,00 €", { iseeCents: 0 }, 200, ["fascia 1"]],
  ["ISEE 5.999,99 €", { iseeCents: 599999 }, 200],
  ["ISEE 6.000,00 € (upper bound of bracket 1)", { iseeCents: 600000 }, 200],
  ["ISEE 6.000,01 €", { iseeCents: 600001 }, 350, ["fascia 2 (ISEE 6.000,01 €)"]],
  ["ISEE 9.360,00 €", { iseeCents: 936000 }, 350],
  ["ISEE 9.360,01 €", { iseeCents: 936001 }, 400],
  ["ISEE 15.000,00 €", { iseeCents: 1500000 }, 400],
  ["ISEE 15.000,01 €", { iseeCents: 1500001 }, 450],
  ["ISEE 48.000,00 €", { iseeCents: 4800000 }, 450],
  ["no ISEE", { iseeCents: null }, 450, ["ISEE non presentato"]],
  [
    "ISEE 3.000 € expired on 31/12/2024, quoted for January 2025",
    { iseeCents: 300000, iseeExpiresOn: "2024-12-31", month: "2025-01" },
    450,
    ["ISEE scaduto il 31/12/2024"],
  ],
  [
    "ISEE 3.000 € valid through 31/12/2025",
    { iseeCents: 300000, iseeExpiresOn: "2025-12-31" },
    200,
  ],
  ["non-resident with ISEE 3.000 €", { iseeCents: 300000, resident: false }, 450, [
    "non residente",
  ]],
  ["19 meals in bracket 3", { iseeCents: 1200000, usesCount: 19 }, 7600, ["4,00 € × 19"]],
  ["22 meals in bracket 2", { iseeCents: 700000, usesCount: 22 }, 7700],
]);

// Comune di Gasperina (CZ), mensa scolastica 2025, Delibera di Giunta Comunale n. 86
// dell'08/11/2024: https://comune.gasperina.cz.it/index.php?action=index&p=593
// Brackets 0–3.000,00 / 3.000,01–5.000,00 / from 5.000,01; price per meal by residency, bracket
// and child (first, second, third: "gratis" where stated).
// ASSUMPTION: children after the third pay as the third; no ISEE → the highest bracket.
const gasperinaBrackets = (a: number, b: number, c: number) => ({
  type: "isee_brackets" as const,
  brackets: [
    { fromCents: 0, toCents: 300000, cents: a, ...(a === 0 ? { exempt: true } : {}) },
    { fromCents: 300001, toCents: 500000, cents: b, ...(b === 0 ? { exempt: true } : {}) },
    { fromCents: 500001, toCents: null, cents: c },
  ],
});
regulation("Gasperina 2025 (mensa, DGC 86/2024)", {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "by",
    field: "resident",
    cases: [
      {
        values: [true],
        amount: {
          type: "by",
          field: "siblingRank",
          cases: [
            { values: [1], amount: { type: "fixed", cents: 140 } },
            { values: [2], amount: gasperinaBrackets(90, 100, 110) },
            { min: 3, amount: gasperinaBrackets(0, 0, 90) },
          ],
        },
      },
      {
        values: [false],
        amount: {
          type: "by",
          field: "siblingRank",
          cases: [
            { values: [1], amount: { type: "fixed", cents: 260 } },
            { values: [2], amount: gasperinaBrackets(200, 220, 240) },
            { min: 3, amount: gasperinaBrackets(160, 200, 200) },
          ],
        },
      },
    ],
  },
  source: "Delibera G.C. n. 86 dell'08/11/2024",
}, [
  ["resident, first child, ISEE 2.000 €", { iseeCents: 200000 }, 140],
  ["resident, first child, no ISEE", { iseeCents: null }, 140],
  ["resident, second child, ISEE 2.000 €", { iseeCents: 200000, siblingRank: 2 }, 90, [
    "secondo figlio",
  ]],
  ["resident, second child, ISEE 3.000,00 €", { iseeCents: 300000, siblingRank: 2 }, 90],
  ["resident, second child, ISEE 3.000,01 €", { iseeCents: 300001, siblingRank: 2 }, 100],
  ["resident, second child, ISEE 6.000 €", { iseeCents: 600000, siblingRank: 2 }, 110],
  ["resident, third child, ISEE 2.500 €", { iseeCents: 250000, siblingRank: 3 }, 0, ["esente"]],
  ["resident, third child, ISEE 4.999,99 €", { iseeCents: 499999, siblingRank: 3 }, 0],
  ["resident, third child, ISEE 5.000,01 €", { iseeCents: 500001, siblingRank: 3 }, 90],
  ["resident, fourth child, ISEE 10.000 €", { iseeCents: 1000000, siblingRank: 4 }, 90],
  ["resident, third child, no ISEE", { iseeCents: null, siblingRank: 3 }, 90],
  ["non-resident, first child", { iseeCents: 100000, resident: false }, 260, ["non residente"]],
  ["non-resident, second child, ISEE 3.000,00 €", {
    iseeCents: 300000,
    resident: false,
    siblingRank: 2,
  }, 200],
  ["non-resident, second child, ISEE 3.000,01 €", {
    iseeCents: 300001,
    resident: false,
    siblingRank: 2,
  }, 220],
  ["non-resident, second child, ISEE 5.000,01 €", {
    iseeCents: 500001,
    resident: false,
    siblingRank: 2,
  }, 240],
  ["non-resident, third child, ISEE 1.000 €", {
    iseeCents: 100000,
    resident: false,
    siblingRank: 3,
  }, 160],
  ["non-resident, third child, ISEE 4.000 €", {
    iseeCents: 400000,
    resident: false,
    siblingRank: 3,
  }, 200],
  ["resident, second child, ISEE 4.000 €, 20 meals", {
    iseeCents: 400000,
    siblingRank: 2,
    usesCount: 20,
  }, 2000],
]);

// Comune di Castelbuono (PA), refezione scolastica 2024/2025, avviso pubblico of 29/10/2024:
// https://www.comune.castelbuono.pa.it/castelbuono/po/mostra_news.php?id=2193&area=H
// Infanzia: ISEE > 6.000 € 3,30 (first child) / 2,60 (others), < 6.000 € 2,80 / 2,20;
// primaria and secondaria di 1° grado: 3,40 / 2,80 and 3,10 / 2,40; exempt when ISEE
// < 2.500 € and the family is in the care of social services ("entrambi i requisiti").
// ASSUMPTIONS: ISEE of exactly 6.000,00 € counts as "below 6.000"; no ISEE → the higher price.
const castelbuono = (low: number, high: number) => ({
  type: "isee_brackets" as const,
  brackets: [
    { fromCents: 0, toCents: 600000, cents: low },
    { fromCents: 600001, toCents: null, cents: high },
  ],
});
regulation("Castelbuono 2024/25 (mensa)", {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "by",
    field: "schoolLevel",
    cases: [
      {
        values: ["infanzia"],
        amount: {
          type: "by",
          field: "siblingRank",
          cases: [
            { values: [1], amount: castelbuono(280, 330) },
            { min: 2, amount: castelbuono(220, 260) },
          ],
        },
      },
      {
        values: ["primaria", "secondaria_primo_grado"],
        amount: {
          type: "by",
          field: "siblingRank",
          cases: [
            { values: [1], amount: castelbuono(310, 340) },
            { min: 2, amount: castelbuono(240, 280) },
          ],
        },
      },
    ],
  },
  adjustments: [{
    type: "exempt",
    when: { isee: { max: 249999 }, flags: ["servizi_sociali"] },
    label: "ISEE sotto 2.500 € e nucleo in carico ai servizi sociali",
    labelEn: "ISEE below €2,500 and family in the care of social services",
  }],
}, [
  ["infanzia, first child, ISEE 8.000 €", { schoolLevel: "infanzia", iseeCents: 800000 }, 330],
  ["infanzia, first child, ISEE 5.000 €", { schoolLevel: "infanzia", iseeCents: 500000 }, 280],
  ["infanzia, first child, ISEE 6.000,00 €", { schoolLevel: "infanzia", iseeCents: 600000 }, 280],
  ["infanzia, second child, ISEE 8.000 €", {
    schoolLevel: "infanzia",
    iseeCents: 800000,
    siblingRank: 2,
  }, 260],
  ["infanzia, third child, ISEE 5.000 €", {
    schoolLevel: "infanzia",
    iseeCents: 500000,
    siblingRank: 3,
  }, 220],
  ["primaria, first child, ISEE 10.000 €", { schoolLevel: "primaria", iseeCents: 1000000 }, 340],
  ["primaria, second child, ISEE 3.000 €", {
    schoolLevel: "primaria",
    iseeCents: 300000,
    siblingRank: 2,
  }, 240],
  ["secondaria, first child, ISEE 4.000 €", {
    schoolLevel: "secondaria_primo_grado",
    iseeCents: 400000,
  }, 310],
  ["secondaria, second child, ISEE 7.000 €", {
    schoolLevel: "secondaria_primo_grado",
    iseeCents: 700000,
    siblingRank: 2,
  }, 280],
  [
    "infanzia, ISEE 2.000 € and in the care of social services",
    {
      schoolLevel: "infanzia",
      iseeCents: 200000,
      flags: ["servizi_sociali"],
    },
    0,
    ["servizi sociali"],
  ],
  ["infanzia, ISEE 2.000 € without social services", {
    schoolLevel: "infanzia",
    iseeCents: 200000,
  }, 280],
  ["infanzia, ISEE 2.500,00 € with social services (not below 2.500)", {
    schoolLevel: "infanzia",
    iseeCents: 250000,
    flags: ["servizi_sociali"],
  }, 280],
  ["primaria, ISEE 2.499,99 € with social services", {
    schoolLevel: "primaria",
    iseeCents: 249999,
    flags: ["servizi_sociali"],
  }, 0],
  ["primaria, first child, no ISEE", { schoolLevel: "primaria", iseeCents: null }, 340],
  ["nido is not in the tariff", { schoolLevel: "nido", iseeCents: 100000 }, { error: "no_case" }],
  ["school level not given", { iseeCents: 100000 }, { error: "missing_field" }],
]);

// Comune di San Giorgio su Legnano (MI), refezione from September 2024, Deliberazione di Giunta
// n. 143 del 12/12/2023: https://comune.sangiorgiosulegnano.mi.it/servizi/servizio-dettaglio/2782978
// € 5,83 residents, € 6,06 non-residents, € 5,67 from the second child (residents, full tariff);
// residents with ISEE < 13.062,00 pay a progressive personal price starting from € 2,95.
// ASSUMPTION: the page does not give the ISEE where € 2,95 applies; we take 0 €, so the price
// is linear from (0 €, 2,95 €) to (13.062,00 €, 5,83 €).
regulation("San Giorgio su Legnano 2024/25 (mensa, DGC 143/2023)", {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "by",
    field: "resident",
    cases: [
      {
        values: [true],
        amount: {
          type: "isee_linear",
          points: [{ iseeCents: 0, cents: 295 }, { iseeCents: 1306200, cents: 583 }],
        },
      },
      { values: [false], amount: { type: "fixed", cents: 606 } },
    ],
  },
  adjustments: [
    {
      type: "set_amount",
      cents: 567,
      group: "fratelli",
      when: { resident: true, siblingRank: { min: 2 }, iseeMissing: true },
      label: "sconto fratelli",
      labelEn: "sibling discount",
    },
    {
      type: "set_amount",
      cents: 567,
      group: "fratelli",
      when: { resident: true, siblingRank: { min: 2 }, isee: { min: 1306200 } },
      label: "sconto fratelli",
      labelEn: "sibling discount",
    },
  ],
}, [
  ["resident, no ISEE", { iseeCents: null }, 583],
  ["resident, ISEE 20.000 €", { iseeCents: 2000000 }, 583],
  ["resident, ISEE 13.062,00 €", { iseeCents: 1306200 }, 583],
  ["resident, ISEE 13.061,99 € (rounds to the full price)", { iseeCents: 1306199 }, 583],
  ["resident, ISEE 0 €", { iseeCents: 0 }, 295],
  ["resident, ISEE 6.531,00 € (half way)", { iseeCents: 653100 }, 439, ["formula lineare"]],
  ["resident, ISEE 5.000 €", { iseeCents: 500000 }, 405],
  ["resident, ISEE 10.000 €", { iseeCents: 1000000 }, 515, ["arrotondamento"]],
  ["resident second child, full tariff", { iseeCents: 2000000, siblingRank: 2 }, 567, [
    "sconto fratelli",
  ]],
  ["resident second child, no ISEE", { iseeCents: null, siblingRank: 2 }, 567],
  ["resident second child with reduced tariff keeps the ISEE price", {
    iseeCents: 500000,
    siblingRank: 2,
  }, 405],
  ["non-resident", { iseeCents: 500000, resident: false }, 606],
  ["non-resident second child", { iseeCents: null, resident: false, siblingRank: 2 }, 606],
]);

// Comune di Lissone (MB), riduzione tariffa mensa scolastica:
// https://www.comune.lissone.mb.it/Riduzione-Tariffa-Mensa-Scolastica
// Full tariff € 4,50 (ISEE over 25.000,00 € or no valid ISEE); bands A–F; "l'esenzione totale
// può essere concessa, per casi particolari, su indicazione del Settore Famiglia e Politiche
// Sociali" — a social-services decision, honoured by every tariff.
regulation("Lissone (mensa)", {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "isee_brackets",
    brackets: [
      { fromCents: 0, toCents: 200000, cents: 50, label: "F" },
      { fromCents: 200001, toCents: 400000, cents: 135, label: "E" },
      { fromCents: 400001, toCents: 700000, cents: 255, label: "D" },
      { fromCents: 700001, toCents: 1100000, cents: 305, label: "C" },
      { fromCents: 1100001, toCents: 1500000, cents: 365, label: "B" },
      { fromCents: 1500001, toCents: 2500000, cents: 410, label: "A" },
      { fromCents: 2500001, toCents: null, cents: 450, label: "piena" },
    ],
  },
}, [
  ["ISEE 2.000,00 €", { iseeCents: 200000 }, 50, ["fascia F"]],
  ["ISEE 2.000,01 €", { iseeCents: 200001 }, 135, ["fascia E"]],
  ["ISEE 4.000,01 €", { iseeCents: 400001 }, 255],
  ["ISEE 7.000,00 €", { iseeCents: 700000 }, 255],
  ["ISEE 11.000,00 €", { iseeCents: 1100000 }, 305],
  ["ISEE 12.400,00 €", { iseeCents: 1240000 }, 365, ["fascia B (ISEE 12.400,00 €)"]],
  ["ISEE 25.000,00 €", { iseeCents: 2500000 }, 410],
  ["ISEE 25.000,01 €", { iseeCents: 2500001 }, 450, ["fascia piena"]],
  ["no ISEE", { iseeCents: null }, 450],
  ["social-services exemption", { iseeCents: 900000, socialServicesExemption: true }, 0, [
    "servizi sociali",
  ]],
  ["18 meals in band C", { iseeCents: 900000, usesCount: 18 }, 5490],
]);

// Comune di Milano, refezione scolastica (Milano Ristorazione): the annual quota for full time is
// € 734,40; non-residents pay it in full (no ISEE reductions); 50 % off for brothers and sisters
// using the service in the same year. Pages: https://www.comune.milano.it/en/servizi/refezione-scolastica-iscriviti-al-servizio
// and https://servizicrm.comune.milano.it/centro-supporto/KA-00905/Agevolazioni-refezione-scolastica
// PARTIAL: the residents' ISEE quotas are in an attachment not reproduced here.
// ASSUMPTION: the 50 % applies from the second child on.
regulation("Milano (refezione, quota annua non residenti)", {
  kind: "per_period",
  period: "year",
  amount: { type: "fixed", cents: 73440 },
  adjustments: [{ type: "reduction_percent", bp: 5000, when: { siblingRank: { min: 2 } } }],
}, [
  ["non-resident, first child", { resident: false }, 73440],
  ["non-resident, second child", { resident: false, siblingRank: 2 }, 36720, ["−50 %"]],
  ["non-resident, third child", { resident: false, siblingRank: 3 }, 36720],
]);

// Comune di Monticelli d'Ongina (PC), servizi scolastici 2023/24, comunicato del 15/05/2023:
// http://www.comune.monticelli.pc.it/leggiarticolo.php?idArt=1731
// Meal € 6,00 (nido, infanzia) and € 6,50 (primaria); € 4,50 and € 4,90 with ISEE below
// 4.000,00 €.
regulation("Monticelli d'Ongina 2023/24 (mensa)", {
  kind: "per_use",
  unit: "meal",
  amount: {
    type: "by",
    field: "schoolLevel",
    cases: [
      {
        values: ["nido", "infanzia"],
        amount: {
          type: "isee_brackets",
          brackets: [
            { fromCents: 0, toCents: 399999, cents: 450 },
            { fromCents: 400000, toCents: null, cents: 600 },
          ],
        },
      },
      {
        values: ["primaria"],
        amount: {
          type: "isee_brackets",
          brackets: [
            { fromCents: 0, toCents: 399999, cents: 490 },
            { fromCents: 400000, toCents: null, cents: 650 },
          ],
        },
      },
    ],
  },
}, [
  ["nido, ISEE 3.999,99 €", { schoolLevel: "nido", iseeCents: 399999 }, 450],
  ["nido, ISEE 4.000,00 €", { schoolLevel: "nido", iseeCents: 400000 }, 600],
  ["infanzia, ISEE 1.000 €", { schoolLevel: "infanzia", iseeCents: 100000 }, 450],
  ["primaria, ISEE 3.000 €", { schoolLevel: "primaria", iseeCents: 300000 }, 490],
  ["primaria, no ISEE", { schoolLevel: "primaria", iseeCents: null }, 650],
  ["primaria, ISEE 3.000 €, 16 meals", {
    schoolLevel: "primaria",
    iseeCents: 300000,
    usesCount: 16,
  }, 7840],
]);

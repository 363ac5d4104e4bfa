/**
 * Tariff quote throughput of the pure engine (no database), in quotes per second, against two
 * baselines measured in the same run: a trivial function over the same situations, and
 * `JSON.parse` of the same rules (what merely reading a tariff from storage costs). Rounds are
 * interleaved, so a busy machine slows every target alike; the median round is reported.
 *
 * Standalone: `deno run -A bench/tariffs.ts`; `bench/run.ts` runs it first.
 */
import { quote } from "../lib/tariffs/engine.ts";
import type { SituationInput, TariffRules, TariffVersion } from "../lib/tariffs/schema.ts";

const siblings: TariffRules["adjustments"] = [
  { type: "reduction_percent", bp: 3000, group: "f", when: { siblingRank: { min: 2, max: 2 } } },
  { type: "reduction_percent", bp: 5000, group: "f", when: { siblingRank: { min: 3 } } },
  { type: "surcharge_percent", bp: 2000, when: { resident: false } },
];

/** Three shapes: a canteen table, a nursery's fixed + daily linear formula, a nested switch. */
export const BENCH_TARIFFS: Record<string, TariffRules> = {
  "canteen brackets + siblings": {
    kind: "per_use",
    unit: "meal",
    amount: {
      type: "isee_brackets",
      brackets: [0, 600001, 1000001, 1500001, 2500001].map((from, i, all) => ({
        fromCents: from,
        toCents: i + 1 < all.length ? all[i + 1] - 1 : null,
        cents: 200 + 70 * i,
      })),
    },
    adjustments: siblings,
  },
  "nursery fixed + daily, linear": {
    kind: "monthly_plus_daily",
    amount: {
      type: "isee_linear",
      exemptUpToCents: 450000,
      points: [{ iseeCents: 450001, cents: 3000 }, { iseeCents: 3000000, cents: 28000 }, {
        iseeCents: 3500000,
        cents: 41500,
      }],
    },
    daily: {
      type: "isee_linear",
      exemptUpToCents: 450000,
      points: [{ iseeCents: 450001, cents: 90 }, { iseeCents: 3500000, cents: 400 }],
    },
    adjustments: [
      {
        type: "reduction_percent",
        bp: 1000,
        group: "d",
        when: { settlingIn: true, daysPresent: { min: 14, max: 18 } },
      },
      {
        type: "reduction_percent",
        bp: 3000,
        group: "d",
        when: { settlingIn: false, daysPresent: { max: 6 } },
      },
      ...siblings!,
    ],
  },
  "switch: level × child × ISEE": {
    kind: "per_use",
    unit: "meal",
    amount: {
      type: "by",
      field: "schoolLevel",
      cases: ["infanzia", "primaria"].map((level, k) => ({
        values: [level],
        amount: {
          type: "by" as const,
          field: "siblingRank" as const,
          cases: [1, 2].map((rank) => ({
            ...(rank === 1 ? { values: [1] } : { min: 2 }),
            amount: {
              type: "isee_brackets" as const,
              brackets: [
                { fromCents: 0, toCents: 600000, cents: 280 + 30 * k - 60 * (rank - 1) },
                { fromCents: 600001, toCents: null, cents: 330 + 10 * k - 60 * (rank - 1) },
              ],
            },
          })),
        },
      })),
    },
    adjustments: [{ type: "exempt", when: { isee: { max: 249999 }, flags: ["servizi_sociali"] } }],
  },
};

function situations(n: number): SituationInput[] {
  const out: SituationInput[] = [];
  let seed = 7;
  const rand = (m: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % m;
  for (let i = 0; i < n; i++) {
    out.push({
      month: "2026-10",
      iseeCents: rand(10) === 0 ? null : rand(5_000_000),
      siblingRank: 1 + rand(3),
      resident: rand(5) !== 0,
      schoolLevel: rand(2) ? "infanzia" : "primaria",
      daysPresent: rand(22),
      usesCount: rand(22),
      isSettlingInMonth: rand(8) === 0,
      flags: rand(20) === 0 ? ["servizi_sociali"] : [],
    });
  }
  return out;
}

/** Runs `fn` over the situations for about `ms`; operations per second. */
function rate(fn: (s: SituationInput) => number, list: SituationInput[], ms: number): number {
  let ops = 0;
  let sink = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (const s of list) sink += fn(s);
    ops += list.length;
    t = performance.now();
  }
  if (sink === -1) console.log(sink); // keep the work observable
  return ops / ((t - t0) / 1000);
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

export interface TariffBench {
  rounds: number;
  roundMs: number;
  trivialPerSec: number;
  jsonParsePerSec: number;
  quotes: { name: string; perSec: number; vsJsonParse: number; usPerQuote: number }[];
}

export function measureTariffQuotes(
  log: (line: string) => void = console.log,
  opts: { rounds?: number; roundMs?: number } = {},
): TariffBench {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 400;
  const list = situations(500);
  const targets: [string, (s: SituationInput) => number][] = [
    ["trivial (baseline)", (s) => (s.iseeCents ?? 0) + (s.siblingRank ?? 1)],
  ];
  const texts = Object.fromEntries(
    Object.entries(BENCH_TARIFFS).map(([k, r]) => [k, JSON.stringify(r)]),
  );
  const first = Object.keys(texts)[0];
  targets.push(["JSON.parse rules (baseline)", () => JSON.parse(texts[first]).amount ? 1 : 0]);
  for (const [name, rules] of Object.entries(BENCH_TARIFFS)) {
    const v: TariffVersion = { validFrom: "2026-09-01", validTo: null, rounding: "half_up", rules };
    const tariff = { versions: [v] };
    targets.push([name, (s) => quote(tariff, s).amountCents]);
    targets.push([`${name} + explanation`, (s) => quote(tariff, s).explanation.it.length]);
  }
  for (const [, fn] of targets) rate(fn, list, 100); // warm up every target
  const samples = targets.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    targets.forEach(([, fn], i) => samples[i].push(rate(fn, list, roundMs)));
  }
  const rates = samples.map(median);
  const result: TariffBench = {
    rounds,
    roundMs,
    trivialPerSec: Math.round(rates[0]),
    jsonParsePerSec: Math.round(rates[1]),
    quotes: targets.slice(2).map(([name], i) => ({
      name,
      perSec: Math.round(rates[i + 2]),
      vsJsonParse: Number((rates[i + 2] / rates[1]).toFixed(3)),
      usPerQuote: Number((1e6 / rates[i + 2]).toFixed(2)),
    })),
  };
  log(`Tariff quotes, pure engine (${rounds} interleaved rounds of ${roundMs} ms, median)`);
  log(`  trivial function (baseline)      ${result.trivialPerSec.toLocaleString("en")} ops/s`);
  log(`  JSON.parse of rules (baseline)   ${result.jsonParsePerSec.toLocaleString("en")} ops/s`);
  for (const q of result.quotes) {
    log(
      `  ${q.name.padEnd(32)} ${q.perSec.toLocaleString("en")} quotes/s  ` +
        `(${q.usPerQuote} µs each, ${q.vsJsonParse}× JSON.parse)`,
    );
  }
  return result;
}

if (import.meta.main) {
  const r = measureTariffQuotes();
  console.log(`TARIFF_BENCH_JSON ${JSON.stringify(r)}`);
}

/**
 * How a base amount is found must make sense: bracket tables from 0 € with no overlap or gap and
 * an open last bracket, formulas whose minimum lies below their maximum, switches whose cases are
 * well-typed, distinct and — for residency and ranks — complete.
 */
import { euro, euroEn, issue, type TariffIssue } from "./issues.ts";
import { type AmountSpec, MODES, SCHOOL_LEVELS, type SwitchField } from "./schema.ts";

export type Path = (string | number)[];

/** What the walk saw, for the checks that look at the rules as a whole. */
export interface Walk {
  brackets: number[];
  formulas: number;
  proportionalWithoutMax: boolean;
}

export function checkRange(
  r: { min?: number; max?: number } | undefined,
  path: Path,
  out: TariffIssue[],
) {
  if (r && r.min !== undefined && r.max !== undefined && r.min > r.max) {
    out.push(issue(
      path,
      "range_min_max",
      `il minimo (${r.min}) è maggiore del massimo (${r.max}).`,
      `the minimum (${r.min}) is greater than the maximum (${r.max}).`,
    ));
  }
}

function checkBrackets(
  spec: Extract<AmountSpec, { type: "isee_brackets" }>,
  path: Path,
  out: TariffIssue[],
) {
  const b = spec.brackets;
  const at = (i: number) => [...path, "brackets", i];
  if (b[0].fromCents !== 0) {
    out.push(issue(
      at(0),
      "isee_not_covered",
      `la prima fascia parte da ${euro(b[0].fromCents)}: un ISEE da 0,00 € a ${
        euro(b[0].fromCents - 1)
      } non è coperto da nessuna fascia.`,
      `the first bracket starts at ${euroEn(b[0].fromCents)}: an ISEE from €0.00 to ${
        euroEn(b[0].fromCents - 1)
      } is covered by no bracket.`,
    ));
  }
  b.forEach((x, i) => {
    if (x.toCents !== null && x.toCents < x.fromCents) {
      out.push(issue(
        at(i),
        "bracket_bounds",
        `il limite superiore (${euro(x.toCents)}) è minore di quello inferiore (${
          euro(x.fromCents)
        }).`,
        `the upper bound (${euroEn(x.toCents)}) is below the lower bound (${euroEn(x.fromCents)}).`,
      ));
    }
    if (x.exempt && x.cents !== 0) {
      out.push(issue(
        at(i),
        "exempt_with_amount",
        `la fascia è esente ma ha un importo di ${euro(x.cents)}: metti 0 o togli l'esenzione.`,
        `the bracket is exempt but has an amount of ${
          euroEn(x.cents)
        }: set 0 or drop the exemption.`,
      ));
    }
    const next = b[i + 1];
    if (!next) return;
    if (x.toCents === null) {
      out.push(issue(
        at(i),
        "open_bracket_not_last",
        `la fascia non ha limite superiore ma non è l'ultima: le fasce successive non si applicherebbero mai.`,
        `the bracket has no upper bound but is not the last: later brackets would never apply.`,
      ));
      return;
    }
    if (next.fromCents <= x.toCents) {
      out.push(issue(
        at(i + 1),
        "overlapping_brackets",
        `si sovrappone alla fascia ${i + 1}: un ISEE da ${euro(next.fromCents)} a ${
          euro(Math.min(x.toCents, next.toCents ?? x.toCents))
        } cadrebbe in entrambe.`,
        `overlaps bracket ${i + 1}: an ISEE from ${euroEn(next.fromCents)} to ${
          euroEn(Math.min(x.toCents, next.toCents ?? x.toCents))
        } would fall in both.`,
      ));
    } else if (next.fromCents > x.toCents + 1) {
      out.push(issue(
        at(i + 1),
        "gap_in_brackets",
        `tra la fascia ${i + 1} e la fascia ${i + 2} un ISEE da ${euro(x.toCents + 1)} a ${
          euro(next.fromCents - 1)
        } non è coperto da nessuna fascia.`,
        `between bracket ${i + 1} and bracket ${i + 2} an ISEE from ${euroEn(x.toCents + 1)} to ${
          euroEn(next.fromCents - 1)
        } is covered by no bracket.`,
      ));
    }
  });
  const last = b[b.length - 1];
  if (last.toCents !== null) {
    out.push(issue(
      at(b.length - 1),
      "isee_not_covered",
      `l'ultima fascia termina a ${
        euro(last.toCents)
      }: un ISEE superiore non è coperto da nessuna fascia (lascia vuoto il limite superiore dell'ultima fascia).`,
      `the last bracket ends at ${
        euroEn(last.toCents)
      }: a higher ISEE is covered by no bracket (leave the last upper bound empty).`,
    ));
  }
}

function checkLinear(
  spec: Extract<AmountSpec, { type: "isee_linear" }>,
  path: Path,
  out: TariffIssue[],
) {
  const p = spec.points;
  const two = p.length === 2;
  for (let i = 1; i < p.length; i++) {
    const [a, b] = [p[i - 1], p[i]];
    if (b.iseeCents <= a.iseeCents) {
      out.push(issue(
        two ? path : [...path, "points", i],
        "formula_isee_order",
        two
          ? `l'ISEE minimo della formula (${
            euro(a.iseeCents)
          }) deve essere minore dell'ISEE massimo (${euro(b.iseeCents)}).`
          : `l'ISEE (${euro(b.iseeCents)}) deve essere maggiore di quello del punto precedente (${
            euro(a.iseeCents)
          }).`,
        two
          ? `the formula's minimum ISEE (${euroEn(a.iseeCents)}) must be below its maximum ISEE (${
            euroEn(b.iseeCents)
          }).`
          : `the ISEE (${euroEn(b.iseeCents)}) must be above the previous point's (${
            euroEn(a.iseeCents)
          }).`,
      ));
    }
    if (b.cents < a.cents) {
      out.push(issue(
        two ? path : [...path, "points", i],
        "formula_amount_order",
        two
          ? `la tariffa minima (${euro(a.cents)}) è maggiore della tariffa massima (${
            euro(b.cents)
          }).`
          : `l'importo (${euro(b.cents)}) è minore di quello del punto precedente (${
            euro(a.cents)
          }): la tariffa non può scendere al crescere dell'ISEE.`,
        two
          ? `the minimum amount (${euroEn(a.cents)}) is greater than the maximum (${
            euroEn(b.cents)
          }).`
          : `the amount (${euroEn(b.cents)}) is below the previous point's (${
            euroEn(a.cents)
          }): the tariff cannot fall as the ISEE grows.`,
      ));
    }
  }
  const top = p[p.length - 1].iseeCents;
  if (spec.exemptUpToCents !== undefined && spec.exemptUpToCents >= top) {
    out.push(issue(
      [...path, "exemptUpToCents"],
      "exemption_above_formula",
      `la soglia di esenzione (${
        euro(spec.exemptUpToCents)
      }) non è sotto l'ISEE massimo della formula (${
        euro(top)
      }): la formula non si applicherebbe mai.`,
      `the exemption threshold (${
        euroEn(spec.exemptUpToCents)
      }) is not below the formula's maximum ISEE (${euroEn(top)}): the formula would never apply.`,
    ));
  }
}

const BOOL_FIELDS = new Set<SwitchField>(["resident", "disability"]);
const COUNT_FIELDS = new Set<SwitchField>(["siblingRank", "minorsInHousehold", "grade", "month"]);

function checkSwitch(
  spec: Extract<AmountSpec, { type: "by" }>,
  path: Path,
  out: TariffIssue[],
  ctx: Walk,
) {
  const seen = new Map<string, number>();
  const numeric = COUNT_FIELDS.has(spec.field);
  spec.cases.forEach((c, i) => {
    const at = [...path, "cases", i];
    if (c.values === undefined && c.min === undefined && c.max === undefined) {
      out.push(
        issue(
          at,
          "case_without_match",
          "indica i valori o l'intervallo del caso.",
          "give the case's values or range.",
        ),
      );
    }
    if (!numeric && (c.min !== undefined || c.max !== undefined)) {
      out.push(
        issue(
          at,
          "case_value_type",
          "un intervallo vale solo per campi numerici.",
          "a range is only for numeric fields.",
        ),
      );
    }
    checkRange(c, at, out);
    for (const v of c.values ?? []) {
      const ok = BOOL_FIELDS.has(spec.field)
        ? typeof v === "boolean"
        : numeric
        ? typeof v === "number" && v >= (spec.field === "minorsInHousehold" ? 0 : 1) &&
          v <= (({ grade: 5, month: 12 } as Record<string, number>)[spec.field] ?? 30)
        : spec.field === "schoolLevel"
        ? (SCHOOL_LEVELS as readonly unknown[]).includes(v)
        : (MODES as readonly unknown[]).includes(v);
      if (!ok) {
        out.push(
          issue(
            [...at, "values"],
            "case_value_type",
            `valore ${JSON.stringify(v)} non ammesso per «${spec.field}».`,
            `value ${JSON.stringify(v)} not allowed for “${spec.field}”.`,
          ),
        );
      }
      const key = JSON.stringify(v);
      if (seen.has(key)) {
        out.push(
          issue(
            [...at, "values"],
            "duplicate_case_value",
            `il valore ${key} compare già nel caso ${seen.get(key)! + 1}.`,
            `the value ${key} already appears in case ${seen.get(key)! + 1}.`,
          ),
        );
      } else seen.set(key, i);
    }
    walk(c.amount, [...at, "amount"], out, ctx);
  });
  if (spec.otherwise) walk(spec.otherwise, [...path, "otherwise"], out, ctx);
  else if (BOOL_FIELDS.has(spec.field) && !(seen.has("true") && seen.has("false"))) {
    out.push(
      issue(
        path,
        "uncovered_case",
        "mancano un caso per «sì» e uno per «no» (o un caso «altrimenti»).",
        "a case for both true and false (or an “otherwise”) is needed.",
      ),
    );
  } else if (spec.field === "siblingRank" || spec.field === "minorsInHousehold") {
    const start = spec.field === "siblingRank" ? 1 : 0;
    for (let n = start; n <= 30; n++) {
      const hit = spec.cases.some((c) =>
        (c.values === undefined || c.values.includes(n)) && (c.min === undefined || n >= c.min) &&
        (c.max === undefined || n <= c.max) &&
        (c.values !== undefined || c.min !== undefined || c.max !== undefined)
      );
      if (!hit) {
        out.push(
          issue(
            path,
            "uncovered_case",
            `nessun caso copre il valore ${n} (${spec.field}): aggiungi un caso o un «altrimenti».`,
            `no case covers the value ${n} (${spec.field}): add a case or an “otherwise”.`,
          ),
        );
        break;
      }
    }
  }
}

export function walk(spec: AmountSpec, path: Path, out: TariffIssue[], ctx: Walk) {
  switch (spec.type) {
    case "isee_brackets":
      ctx.brackets.push(spec.brackets.length);
      return checkBrackets(spec, path, out);
    case "isee_linear":
      ctx.formulas++;
      return checkLinear(spec, path, out);
    case "isee_proportional":
      ctx.formulas++;
      if (spec.maxCents === undefined) ctx.proportionalWithoutMax = true;
      if (spec.rateBp > 10_000) {
        out.push(
          issue(
            [...path, "rateBp"],
            "rate_too_high",
            "l'aliquota supera il 100 % dell'ISEE.",
            "the rate exceeds 100% of the ISEE.",
          ),
        );
      }
      if (
        spec.minCents !== undefined && spec.maxCents !== undefined && spec.minCents > spec.maxCents
      ) {
        out.push(
          issue(
            path,
            "formula_amount_order",
            `la tariffa minima (${euro(spec.minCents)}) è maggiore della tariffa massima (${
              euro(spec.maxCents)
            }).`,
            `the minimum amount (${euroEn(spec.minCents)}) is greater than the maximum (${
              euroEn(spec.maxCents)
            }).`,
          ),
        );
      }
      return;
    case "by":
      return checkSwitch(spec, path, out, ctx);
    case "fixed":
      return;
  }
}

/**
 * A tariff is data: `TariffRules` is the JSON stored in `tariff_versions.rules`, and it says
 * everything a Comune's regulation says — what is charged (per meal, per month, per year…), how
 * the base amount depends on ISEE and the other determinants, and which reductions, surcharges,
 * exemptions and limits follow, in the regulation's order. Objects are strict, so a typo in a
 * field name is an error rather than a silently ignored rule.
 */
import { z } from "zod";
import { ROUNDING_MODES } from "./money.ts";

const Cents = z.int().min(0).max(1_000_000_000);
const Bp = z.int().min(0).max(1_000_000);
const Count = z.int().min(0).max(1000);
const Range = z.strictObject({ min: Count.optional(), max: Count.optional() });
const CentsRange = z.strictObject({ min: Cents.optional(), max: Cents.optional() });
const IsoDate = z.iso.date();

export const SCHOOL_LEVELS = [
  "nido",
  "infanzia",
  "primaria",
  "secondaria_primo_grado",
  "secondaria_secondo_grado",
] as const;
export type SchoolLevel = typeof SCHOOL_LEVELS[number];

/** Attendance (nursery, school) or use (transport) mode. */
export const MODES = [
  "full_time",
  "part_time",
  "morning",
  "afternoon",
  "round_trip",
  "one_way",
] as const;
export type Mode = typeof MODES[number];

export const KINDS = ["per_use", "monthly", "per_period", "one_off", "monthly_plus_daily"] as const;
export type Kind = typeof KINDS[number];
export const UNITS = ["meal", "ride", "day", "use"] as const;
export type Unit = typeof UNITS[number];
export const PERIODS = ["term", "year"] as const;

/** Situation fields a `by` switch can branch on. */
export const SWITCH_FIELDS = [
  "resident",
  "schoolLevel",
  "grade",
  "mode",
  "siblingRank",
  "minorsInHousehold",
  "disability",
  "month",
] as const;
export type SwitchField = typeof SWITCH_FIELDS[number];

/**
 * When an adjustment applies: every listed test must hold. Ranges are inclusive; `isee` is
 * tested on the ISEE actually used (none when it is missing and no substitute value is set).
 */
export const Condition = z.strictObject({
  resident: z.boolean().optional(),
  siblingRank: Range.optional(),
  minorsInHousehold: Range.optional(),
  schoolLevel: z.array(z.enum(SCHOOL_LEVELS)).min(1).optional(),
  grade: z.array(z.int().min(1).max(5)).min(1).optional(),
  mode: z.array(z.enum(MODES)).min(1).optional(),
  disability: z.boolean().optional(),
  isee: CentsRange.optional(),
  iseeMissing: z.boolean().optional(),
  settlingIn: z.boolean().optional(),
  daysPresent: Range.optional(),
  daysAbsent: Range.optional(),
  startDay: z.strictObject({
    min: z.int().min(1).max(31).optional(),
    max: z.int().min(1).max(31).optional(),
  }).optional(),
  months: z.array(z.int().min(1).max(12)).min(1).optional(),
  flags: z.array(z.string().regex(/^[a-z0-9_]{2,40}$/)).min(1).optional(),
});
export type Condition = z.infer<typeof Condition>;

/** One row of an ISEE table, bounds in cents and inclusive ("da 6.000,01 a 9.360,00"). */
export const Bracket = z.strictObject({
  fromCents: Cents,
  toCents: Cents.nullable(),
  cents: Cents,
  exempt: z.boolean().optional(),
  label: z.string().trim().min(1).max(40).optional(),
});
export type Bracket = z.infer<typeof Bracket>;

export const Point = z.strictObject({ iseeCents: Cents, cents: Cents });

export type AmountSpec =
  | { type: "fixed"; cents: number }
  | { type: "isee_brackets"; brackets: Bracket[] }
  | {
    type: "isee_linear";
    points: { iseeCents: number; cents: number }[];
    exemptUpToCents?: number;
  }
  | {
    type: "isee_proportional";
    rateBp: number;
    minCents?: number;
    maxCents?: number;
    exemptUpToCents?: number;
  }
  | {
    type: "by";
    field: SwitchField;
    cases: {
      values?: (string | number | boolean)[];
      min?: number;
      max?: number;
      label?: string;
      amount: AmountSpec;
    }[];
    otherwise?: AmountSpec;
  };

/** How the base amount is found: a constant, an ISEE table or formula, or a switch. */
export const AmountSpec: z.ZodType<AmountSpec> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("fixed"), cents: Cents }),
    z.strictObject({ type: z.literal("isee_brackets"), brackets: z.array(Bracket).min(1).max(50) }),
    z.strictObject({
      type: z.literal("isee_linear"),
      points: z.array(Point).min(2).max(20),
      exemptUpToCents: Cents.optional(),
    }),
    z.strictObject({
      type: z.literal("isee_proportional"),
      rateBp: Bp,
      minCents: Cents.optional(),
      maxCents: Cents.optional(),
      exemptUpToCents: Cents.optional(),
    }),
    z.strictObject({
      type: z.literal("by"),
      field: z.enum(SWITCH_FIELDS),
      cases: z.array(z.strictObject({
        values: z.array(z.union([z.string(), z.int(), z.boolean()])).min(1).optional(),
        min: Count.optional(),
        max: Count.optional(),
        label: z.string().trim().min(1).max(80).optional(),
        amount: AmountSpec,
      })).min(1).max(30),
      otherwise: AmountSpec.optional(),
    }),
  ])
);

export const ADJUSTMENT_TYPES = [
  "reduction_percent",
  "surcharge_percent",
  "reduction_fixed",
  "surcharge_fixed",
  "set_amount",
  "exempt",
  "bracket_shift",
  "pro_rata_days",
  "clamp",
] as const;

const AdjustmentBase = {
  when: Condition.optional(),
  /** Shown to families: "secondo figlio", "non residente"… (generated from `when` if absent). */
  label: z.string().trim().min(1).max(120).optional(),
  labelEn: z.string().trim().min(1).max(120).optional(),
  /** Within a group only the first adjustment whose condition holds applies. */
  group: z.string().regex(/^[a-z0-9_]{1,40}$/).optional(),
  /** For `monthly_plus_daily`: which part it touches (both by default). */
  appliesTo: z.enum(["fixed", "daily", "all"]).optional(),
};

export const Adjustment = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("reduction_percent"), bp: Bp, ...AdjustmentBase }),
  z.strictObject({ type: z.literal("surcharge_percent"), bp: Bp, ...AdjustmentBase }),
  z.strictObject({ type: z.literal("reduction_fixed"), cents: Cents, ...AdjustmentBase }),
  z.strictObject({ type: z.literal("surcharge_fixed"), cents: Cents, ...AdjustmentBase }),
  z.strictObject({ type: z.literal("set_amount"), cents: Cents, ...AdjustmentBase }),
  z.strictObject({ type: z.literal("exempt"), ...AdjustmentBase }),
  z.strictObject({
    type: z.literal("bracket_shift"),
    steps: z.int().min(1).max(20),
    ...AdjustmentBase,
  }),
  z.strictObject({ type: z.literal("pro_rata_days"), ...AdjustmentBase }),
  z.strictObject({
    type: z.literal("clamp"),
    minCents: Cents.optional(),
    maxCents: Cents.optional(),
    ...AdjustmentBase,
  }),
]);
export type Adjustment = z.infer<typeof Adjustment>;

export const MissingIsee = z.discriminatedUnion("policy", [
  /** The highest amount the table or formula can give (the usual "fascia massima"). */
  z.strictObject({ policy: z.literal("highest") }),
  /** A chosen bracket, 1-based. */
  z.strictObject({ policy: z.literal("bracket"), bracket: z.int().min(1).max(50) }),
  /** Computed as if the ISEE were this value. */
  z.strictObject({ policy: z.literal("isee"), iseeCents: Cents }),
]);
export type MissingIsee = z.infer<typeof MissingIsee>;

export const TariffRules = z.strictObject({
  kind: z.enum(KINDS),
  /** `per_use`: what one use is. */
  unit: z.enum(UNITS).optional(),
  /** `per_period`: a term or a school year. */
  period: z.enum(PERIODS).optional(),
  /** The price per use, the monthly fee, the period fee, the one-off fee, or the fixed part. */
  amount: AmountSpec,
  /** `monthly_plus_daily`: the daily part, times days present. */
  daily: AmountSpec.optional(),
  missingIsee: MissingIsee.optional(),
  adjustments: z.array(Adjustment).max(100).optional(),
  /** Round after every step instead of once at the end (some regulations say so). */
  roundEachStep: z.boolean().optional(),
  /** The act that approved the rules ("Delibera G.C. n. 86 dell'08/11/2024"). */
  source: z.string().trim().max(300).optional(),
});
export type TariffRules = z.infer<typeof TariffRules>;

/** One version of a tariff: its rules apply from `validFrom` through `validTo` (inclusive). */
export const TariffVersion = z.strictObject({
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
  rounding: z.enum(ROUNDING_MODES),
  rules: TariffRules,
});
export type TariffVersion = z.infer<typeof TariffVersion>;

export const Situation = z.strictObject({
  /** The month quoted, YYYY-MM: the version in force on `on` (default its 1st day) is used. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  on: IsoDate.optional(),
  iseeCents: Cents.nullable().default(null),
  /** The ISEE certificate's expiry (usually 31 December): expired for a later month. */
  iseeExpiresOn: IsoDate.nullable().default(null),
  resident: z.boolean().default(true),
  /** 1 for the first (or only) child enrolled in the same service, 2 for the second… */
  siblingRank: z.int().min(1).max(20).default(1),
  minorsInHousehold: z.int().min(0).max(30).default(1),
  schoolLevel: z.enum(SCHOOL_LEVELS).nullable().default(null),
  grade: z.int().min(1).max(5).nullable().default(null),
  mode: z.enum(MODES).nullable().default(null),
  disability: z.boolean().default(false),
  /** A social-services decision exempting the child: always honoured, whatever the rules. */
  socialServicesExemption: z.boolean().default(false),
  daysPresent: Count.nullable().default(null),
  /** Days the service was open in the month (for pro-rata and absence rules). */
  openDays: Count.nullable().default(null),
  usesCount: z.int().min(0).max(100_000).nullable().default(null),
  isSettlingInMonth: z.boolean().default(false),
  /** Day of the month the child started (settling-in rules such as "dopo il 15"). */
  startDay: z.int().min(1).max(31).nullable().default(null),
  /** Ente-defined facts, e.g. "servizi_sociali", "affido", "mutuo_prima_casa". */
  flags: z.array(z.string().regex(/^[a-z0-9_]{2,40}$/)).max(20).default([]),
});
export type Situation = z.output<typeof Situation>;
export type SituationInput = z.input<typeof Situation>;

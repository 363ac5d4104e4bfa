/**
 * A tariff checks itself before it is saved: the JSON must have the right shape (zod, with
 * Italian messages), the rules must make sense (`validate_rules.ts`), and the versions of one
 * tariff must not overlap. Every problem says where it is and what to do, in Italian first.
 */
import type { z } from "zod";
import { issue, type TariffIssue } from "./issues.ts";
import { TariffRules } from "./schema.ts";
import { checkRules } from "./validate_rules.ts";

export { type TariffIssue, where } from "./issues.ts";

export type RulesCheck =
  | { ok: true; rules: TariffRules; errors: [] }
  | { ok: false; rules: null; errors: TariffIssue[] };

const TYPE_IT: Record<string, string> = {
  number: "un numero",
  int: "un numero intero (gli importi sono in centesimi)",
  string: "un testo",
  boolean: "vero o falso",
  array: "un elenco",
  object: "un oggetto",
};

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = (v as Record<PropertyKey, unknown> | undefined)?.[k];
  return v;
}

function fromZod(input: unknown, e: z.ZodError): TariffIssue[] {
  return e.issues.map((i) => {
    const path = i.path.map((p) => typeof p === "number" ? p : String(p));
    const raw = i as unknown as Record<string, unknown>;
    switch (i.code) {
      case "invalid_type":
        if (valueAt(input, i.path) === undefined) {
          return issue(path, "required", "campo obbligatorio mancante.", "required field missing.");
        }
        return issue(
          path,
          "invalid_type",
          `deve essere ${TYPE_IT[String(raw.expected)] ?? raw.expected}.`,
          `must be ${
            raw.expected === "int" ? "an integer (amounts are in cents)" : `a ${raw.expected}`
          }.`,
        );
      case "too_small":
        if (raw.origin === "number" && Number(raw.minimum) === 0) {
          return issue(path, "negative", "non può essere negativo.", "cannot be negative.");
        }
        return issue(
          path,
          "too_small",
          raw.origin === "array"
            ? `servono almeno ${raw.minimum} elementi.`
            : `deve essere almeno ${raw.minimum}.`,
          raw.origin === "array"
            ? `needs at least ${raw.minimum} items.`
            : `must be at least ${raw.minimum}.`,
        );
      case "too_big":
        return issue(
          path,
          "too_big",
          raw.origin === "array"
            ? `al massimo ${raw.maximum} elementi.`
            : `deve essere al massimo ${raw.maximum}.`,
          raw.origin === "array"
            ? `at most ${raw.maximum} items.`
            : `must be at most ${raw.maximum}.`,
        );
      case "unrecognized_keys":
        return issue(
          path,
          "unknown_field",
          `campo sconosciuto: ${(raw.keys as string[]).join(", ")}.`,
          `unknown field: ${(raw.keys as string[]).join(", ")}.`,
        );
      case "invalid_union":
        if (raw.options) {
          const opts = (raw.options as string[]).join(", ");
          return issue(
            path,
            "invalid_value",
            `valore non ammesso: usa uno tra ${opts}.`,
            `value not allowed: use one of ${opts}.`,
          );
        }
        return issue(path, "invalid_value", "valore non valido.", "invalid value.");
      case "invalid_value": {
        const opts = (raw.values as unknown[]).join(", ");
        return issue(
          path,
          "invalid_value",
          `valore non ammesso: usa uno tra ${opts}.`,
          `value not allowed: use one of ${opts}.`,
        );
      }
      case "invalid_format":
        return issue(path, "invalid_format", "formato non valido.", "invalid format.");
      default:
        return issue(path, i.code, `valore non valido (${i.message}).`, i.message);
    }
  });
}

/** Checks rules (parsed or raw JSON): the parsed rules, or every problem found. */
export function validateRules(input: unknown): RulesCheck {
  const parsed = TariffRules.safeParse(input);
  if (!parsed.success) return { ok: false, rules: null, errors: fromZod(input, parsed.error) };
  const errors = checkRules(parsed.data);
  return errors.length
    ? { ok: false, rules: null, errors }
    : { ok: true, rules: parsed.data, errors: [] };
}

export interface VersionSpan {
  validFrom: string;
  validTo: string | null;
}

/** Versions of one tariff must not overlap and must end after they start. */
export function validateVersions(versions: VersionSpan[]): TariffIssue[] {
  const out: TariffIssue[] = [];
  const sorted = versions.map((v, i) => ({ ...v, i })).sort((a, b) =>
    a.validFrom.localeCompare(b.validFrom)
  );
  for (const v of sorted) {
    if (v.validTo !== null && v.validTo < v.validFrom) {
      out.push({
        path: `versions.${v.i}`,
        code: "version_dates",
        message:
          `Versione dal ${v.validFrom}: la data di fine (${v.validTo}) precede quella di inizio.`,
        messageEn: `Version from ${v.validFrom}: the end date (${v.validTo}) is before the start.`,
      });
    }
  }
  for (let k = 1; k < sorted.length; k++) {
    const [a, b] = [sorted[k - 1], sorted[k]];
    if (a.validTo === null || a.validTo >= b.validFrom) {
      out.push({
        path: `versions.${b.i}`,
        code: "versions_overlap",
        message:
          `Le versioni dal ${a.validFrom} e dal ${b.validFrom} si sovrappongono: ogni giorno deve avere una sola versione in vigore.`,
        messageEn:
          `The versions from ${a.validFrom} and from ${b.validFrom} overlap: each day must have one version in force.`,
      });
    }
  }
  return out;
}

/** A whole tariff: each version's rules, then the versions together. */
export function validateTariff(
  tariff: { versions: (VersionSpan & { rules: unknown })[] },
): TariffIssue[] {
  const out: TariffIssue[] = [];
  tariff.versions.forEach((v, i) => {
    for (const e of validateRules(v.rules).errors) {
      out.push({
        ...e,
        path: `versions.${i}.rules.${e.path}`,
        message: `Versione dal ${v.validFrom} — ${e.message}`,
        messageEn: `Version from ${v.validFrom} — ${e.messageEn}`,
      });
    }
  });
  return [...out, ...validateVersions(tariff.versions)];
}

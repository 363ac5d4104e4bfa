/**
 * The rules an extract's rows go through before anything is written: every field checked as in
 * the person form, required fields present, a codice fiscale at most once in the file, and the
 * household roles worked out per "codice famiglia" (minors by age, at most two parents). Pure.
 *
 * @module
 */

import { canonicalCodiceFiscale } from "../codes/mod.ts";
import { romeDate } from "../i18n/mod.ts";
import type { ExtractRow } from "./import_parse.ts";
import type { HouseholdRole, PersonKind } from "./labels.ts";
import { ageOn, checkPerson, type PersonValues } from "./rules.ts";
import { fold } from "./search.ts";

export interface ImportReason {
  code: string;
  it: string;
  en: string;
}

export interface PlannedRow {
  line: number;
  /** "Rossi Mario", or what the row has of it. */
  label: string;
  tax_code: string | null;
  /** Canonical codice fiscale, for duplicates. */
  key: string | null;
  /** The person to create; null when the row is refused. */
  values: PersonValues | null;
  household: { code: string; role: HouseholdRole } | null;
  /** Why the row is refused; empty when it can be imported. */
  reasons: ImportReason[];
}

const REQUIRED: [keyof ExtractRow["values"], string, string][] = [
  ["tax_code", "Codice fiscale", "Codice fiscale"],
  ["surname", "Cognome", "Surname"],
  ["name", "Nome", "Name"],
];

/** "ROSSI" → "Rossi", "D'ANGELO" → "D'Angelo"; mixed-case text is left as written. */
export function titleCase(s: string): string {
  if (/\p{Ll}/u.test(s)) return s;
  return s.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep, ch) => sep + ch.toUpperCase());
}

/** "04/03/2015", "4-3-2015", "2015-03-04" → "2015-03-04"; anything else is left as it is. */
export function importDate(s: string): string {
  const it = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s.trim());
  if (it) return `${it[3]}-${it[2].padStart(2, "0")}-${it[1].padStart(2, "0")}`;
  const isoDate = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(s.trim());
  return isoDate ? isoDate[1] : s;
}

function importSex(s: string | undefined): string | null {
  if (!s) return null;
  const v = fold(s);
  if (v === "m" || v.startsWith("masc")) return "M";
  if (v === "f" || v.startsWith("femm")) return "F";
  return s;
}

function importCitizenship(s: string | undefined): string | null {
  if (!s) return null;
  if (/^[A-Za-z]{2}$/.test(s.trim())) return s.trim().toUpperCase();
  if (/^ital/i.test(s.trim()) || s.trim() === "100") return "IT";
  return null;
}

type RoleHint = "parent" | "legal_guardian" | "minor" | "other_adult";

/** What the anagrafe's relationship says: intestatario, coniuge… are parents of the minors. */
function roleHint(s: string | undefined): RoleHint | null {
  if (!s) return null;
  const v = fold(s);
  if (/^(genitore|padre|madre|intestatari|is$|coniuge|cg$|convivente|marito|moglie|unit)/.test(v)) {
    return "parent";
  }
  if (/^(tutor|tutrice)/.test(v)) return "legal_guardian";
  if (/^(figli|fg$|minore|nipote)/.test(v)) return "minor";
  return "other_adult";
}

/**
 * Checks every row of an extract: `planImport(rows, { resident: true })`. Rows are refused
 * with every reason found; duplicates in the database are the caller's to add (see imports.ts).
 */
export function planImport(
  rows: ExtractRow[],
  opts: { resident: boolean; today?: string },
): PlannedRow[] {
  const today = opts.today ?? romeDate();
  const seen = new Map<string, number>();
  const planned = rows.map((row): PlannedRow & { hint: RoleHint | null } => {
    const v = row.values;
    const reasons: ImportReason[] = [];
    for (const [field, it, en] of REQUIRED) {
      if (!v[field]?.trim()) {
        reasons.push({
          code: `missing.${field}`,
          it: `Manca il campo obbligatorio ${it}.`,
          en: `The required field ${en} is missing.`,
        });
      }
    }
    const surname = v.surname ? titleCase(v.surname) : null;
    const name = v.name ? titleCase(v.name) : null;
    const address = [v.residence_address, v.house_number].filter(Boolean).join(", ");
    const checked = checkPerson({
      tax_code: v.tax_code,
      surname,
      name,
      sex: importSex(v.sex),
      birth_date: v.birth_date ? importDate(v.birth_date) : null,
      birth_place_code: v.birth_place_code,
      birth_place_name: v.birth_place_name ? titleCase(v.birth_place_name) : null,
      citizenship: importCitizenship(v.citizenship),
      resident: opts.resident,
      residence_address: address ? titleCase(address) : null,
      email: v.email,
      mobile: v.mobile,
      pec: v.pec,
    }, { today });
    if (!checked.ok) {
      const missing = new Set(reasons.map((r) => r.code.slice("missing.".length)));
      for (const p of checked.problems) {
        if (!missing.has(p.field)) reasons.push({ code: p.code, it: p.it, en: p.en });
      }
    }
    const key = v.tax_code ? canonicalCodiceFiscale(v.tax_code) : null;
    if (key && reasons.length === 0) {
      const first = seen.get(key);
      if (first !== undefined) {
        reasons.push({
          code: "duplicate_in_file",
          it: `Codice fiscale già presente alla riga ${first} del file.`,
          en: `Codice fiscale already on line ${first} of the file.`,
        });
      } else seen.set(key, row.line);
    }
    const label = [surname, name].filter(Boolean).join(" ") || `—`;
    const code = v.household_code?.trim();
    return {
      line: row.line,
      label,
      tax_code: v.tax_code?.replace(/\s+/g, "").toUpperCase() ?? null,
      key,
      values: reasons.length === 0 && checked.ok ? checked.value : null,
      household: code ? { code, role: "other_adult" } : null,
      reasons,
      hint: roleHint(v.household_role),
    };
  });
  assignRoles(planned, today);
  return planned.map(({ hint: _, ...row }) => row);
}

/** Roles within each household code, then kinds: minors are beneficiaries, parents applicants. */
function assignRoles(rows: (PlannedRow & { hint: RoleHint | null })[], today: string) {
  const groups = new Map<string, (PlannedRow & { hint: RoleHint | null })[]>();
  for (const r of rows) {
    if (r.values && r.household) {
      groups.set(r.household.code, [...groups.get(r.household.code) ?? [], r]);
    }
  }
  const isMinor = (r: PlannedRow) =>
    r.values!.birth_date !== null && ageOn(r.values!.birth_date, today) < 18;
  for (const members of groups.values()) {
    const hasMinors = members.some(isMinor);
    let parents = 0;
    for (const r of members) {
      let role: HouseholdRole;
      if (isMinor(r)) role = "minor";
      else if (r.hint === "legal_guardian") role = "legal_guardian";
      else if ((r.hint === "parent" || r.hint === null) && hasMinors && parents < 2) {
        role = "parent";
        parents++;
      } else role = "other_adult";
      r.household!.role = role;
    }
  }
  for (const r of rows) {
    if (!r.values) continue;
    const kinds: PersonKind[] = [];
    const role = r.household?.role;
    if (role === "minor" || (!role && isMinor(r))) kinds.push("beneficiary");
    if (role === "parent" || role === "legal_guardian") kinds.push("applicant");
    r.values.kinds = kinds;
  }
}

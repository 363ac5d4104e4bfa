/**
 * Validation of legal persons (organizations): partita IVA and codice fiscale (11 digits, or 16
 * characters for a sole trader), IBAN, kind. Shared by the back-office form and the REST API.
 *
 * @module
 */

import {
  validateCodiceFiscale,
  validateCodiceNumerico,
  validateIban,
  validatePartitaIva,
} from "../codes/mod.ts";
import { checkAddress, checkEmail, checkPhone, type Problem } from "../tenancy/rules.ts";
import {
  ORGANIZATION_KINDS,
  type OrganizationKind,
  PROVIDER_KINDS,
  type ProviderKind,
} from "./labels.ts";
import { clean, type FieldProblem, type Result } from "./rules.ts";

export interface OrganizationDraft {
  name?: string | null;
  kind?: string | null;
  provider_kind?: string | null;
  vat_number?: string | null;
  tax_code?: string | null;
  school_code?: string | null;
  email?: string | null;
  phone?: string | null;
  pec?: string | null;
  postal_address?: string | null;
  iban?: string | null;
  notes?: string | null;
}

export interface OrganizationValues {
  name: string;
  kind: OrganizationKind;
  provider_kind: ProviderKind | null;
  vat_number: string | null;
  tax_code: string | null;
  school_code: string | null;
  email: string | null;
  phone: string | null;
  pec: string | null;
  postal_address: string | null;
  iban: string | null;
  notes: string | null;
}

export const ORGANIZATION_FIELDS: readonly (keyof OrganizationValues)[] = [
  "name",
  "kind",
  "provider_kind",
  "vat_number",
  "tax_code",
  "school_code",
  "email",
  "phone",
  "pec",
  "postal_address",
  "iban",
  "notes",
];

/** English for the partita IVA / numeric codice fiscale messages of `lib/codes`. */
const VAT_EN: Record<string, string> = {
  empty: "The number is required",
  length: "It has 11 digits",
  non_numeric: "It may contain digits only",
  zero_matricola: "The first 7 digits cannot all be zero",
  office_code: "The office code (digits 8 to 10) is not valid",
  not_vat_number: "This is the codice fiscale of a body without a VAT number, not a partita IVA",
  out_of_range: "The progressive number is not admissible",
  checksum: "The check digit is wrong",
};

const IBAN_EN =
  "The IBAN is not valid: check that it was copied correctly (e.g. IT60 X054 2811 1010 0000 0123 456).";

/** Checks an organization; `kind` provider needs a `provider_kind`, and a P.IVA or a CF is required. */
export function checkOrganization(draft: OrganizationDraft): Result<OrganizationValues> {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: string, it: string, en: string) =>
    problems.push({ field, code, it, en });

  const name = clean(draft.name);
  if (!name || name.length < 2 || name.length > 200) {
    add(
      "name",
      "name",
      "Inserisci la denominazione (da 2 a 200 caratteri).",
      "Enter the name (2 to 200 characters).",
    );
  }
  const kind = ORGANIZATION_KINDS.find((k) => k === clean(draft.kind)) ?? null;
  if (!kind) add("kind", "kind", "Scegli il tipo di soggetto.", "Choose the kind of subject.");
  let providerKind = PROVIDER_KINDS.find((k) => k === clean(draft.provider_kind)) ?? null;
  if (kind === "provider" && !providerKind) {
    add(
      "provider_kind",
      "provider_kind",
      "Indica che cosa fornisce il soggetto erogatore (ristorazione, trasporto, cooperativa…).",
      "Say what the provider supplies (catering, transport, cooperative…).",
    );
  }
  if (kind !== "provider") providerKind = null;

  let vat: string | null = null;
  const vatIn = clean(draft.vat_number);
  if (vatIn !== null) {
    const r = validatePartitaIva(vatIn);
    if (r.ok) vat = r.value;
    else {
      add("vat_number", `vat_number.${r.code}`, `${r.message}.`, `Partita IVA: ${VAT_EN[r.code]}.`);
    }
  }
  let taxCode: string | null = null;
  const cfIn = clean(draft.tax_code)?.replace(/\s+/g, "").toUpperCase() ?? null;
  if (cfIn !== null) {
    if (/^\d+$/.test(cfIn)) {
      const r = validateCodiceNumerico(cfIn);
      if (r.ok) taxCode = r.value;
      else {
        add(
          "tax_code",
          `tax_code.${r.code}`,
          `${r.message}.`,
          `Codice fiscale: ${VAT_EN[r.code]}.`,
        );
      }
    } else {
      const r = validateCodiceFiscale(cfIn);
      if (r.ok) taxCode = r.value;
      else {
        add(
          "tax_code",
          `tax_code.${r.code}`,
          `${r.message}.`,
          "The codice fiscale is not valid: 11 digits for a company or body, 16 characters for a sole trader.",
        );
      }
    }
  }
  if (vatIn === null && cfIn === null) {
    add(
      "vat_number",
      "vat_number.required",
      "Indica la partita IVA o il codice fiscale.",
      "Give the partita IVA or the codice fiscale.",
    );
  }
  const schoolCode = clean(draft.school_code)?.toUpperCase() ?? null;
  if (schoolCode !== null && !/^[A-Z0-9]{10}$/.test(schoolCode)) {
    add(
      "school_code",
      "school_code",
      "Il codice meccanografico ha 10 caratteri, ad esempio FIIC81200X.",
      "The school code (codice meccanografico) has 10 characters, e.g. FIIC81200X.",
    );
  }
  const optionalCheck = (
    field: string,
    input: string | null | undefined,
    check: (s: string) => { ok: true; value: string } | { ok: false; problem: Problem },
  ): string | null => {
    const v = clean(input);
    if (v === null) return null;
    const r = check(v);
    if (r.ok) return r.value;
    problems.push({ field, ...r.problem });
    return null;
  };
  const email = optionalCheck("email", draft.email, checkEmail);
  const phone = optionalCheck("phone", draft.phone, checkPhone);
  const pec = optionalCheck("pec", draft.pec, (s) => checkEmail(s, "pec"));
  const postalAddress = optionalCheck("postal_address", draft.postal_address, checkAddress);
  let iban: string | null = null;
  const ibanIn = clean(draft.iban);
  if (ibanIn !== null) {
    const r = validateIban(ibanIn, { sepaOnly: true });
    if (r.ok) iban = r.value;
    else add("iban", `iban.${r.code}`, `${r.message}.`, IBAN_EN);
  }
  const notes = (draft.notes ?? "").trim() || null;
  if (notes !== null && notes.length > 2000) {
    add(
      "notes",
      "notes",
      "Le note possono avere al massimo 2000 caratteri.",
      "Notes have at most 2000 characters.",
    );
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: name!,
      kind: kind!,
      provider_kind: providerKind,
      vat_number: vat,
      tax_code: taxCode,
      school_code: schoolCode,
      email,
      phone,
      pec,
      postal_address: postalAddress,
      iban,
      notes,
    },
  };
}

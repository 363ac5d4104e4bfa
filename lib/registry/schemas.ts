/**
 * Zod schemas of the registry's REST operations (`/api/v1/people`, `organizations`,
 * `households`). Bodies are typed here; their rules (codice fiscale checksum, omocodia and
 * coherence, partita IVA, IBAN…) are those of `rules.ts`, applied by the operation, so a 422
 * says exactly what the back-office form would say.
 *
 * @module
 */

import { z } from "zod";
import { Pagination } from "../api/define_api.ts";
import {
  HOUSEHOLD_ROLES,
  ORGANIZATION_KINDS,
  PERSON_KINDS,
  PROVIDER_KINDS,
  SEXES,
} from "./labels.ts";
import { MERGE_FIELDS } from "./merge.ts";

const Instant = z.iso.datetime().describe("ISO 8601 instant (UTC)");
const Day = z.iso.date().describe("Calendar date YYYY-MM-DD");
const text = (description: string) =>
  z.string().max(2000).nullable().optional().describe(description);

export const PersonKindEnum = z.enum(PERSON_KINDS)
  .describe("Kind of subject: applicant (richiedente), beneficiary (fruitore), teacher (docente)");
export const SexEnum = z.enum(SEXES).describe("Sex as in the codice fiscale: F or M");
export const HouseholdRoleEnum = z.enum(HOUSEHOLD_ROLES).describe(
  "Role in the household: parent (two at most, with equal rights), legal_guardian, other_adult, minor",
);
export const OrganizationKindEnum = z.enum(ORGANIZATION_KINDS)
  .describe("provider (soggetto erogatore), school, other");
export const ProviderKindEnum = z.enum(PROVIDER_KINDS)
  .describe("What a provider supplies: caterer, bus_company, cooperative, other");

const personFields = {
  tax_code: z.string().nullable().describe(
    "Codice fiscale as issued (an omocodic variant stays as it is); unique per Ente in its canonical form",
  ),
  surname: z.string(),
  name: z.string(),
  sex: SexEnum.nullable(),
  birth_date: Day.nullable(),
  birth_place_code: z.string().nullable()
    .describe("Belfiore (cadastral) code of the Comune or foreign state of birth, e.g. D612"),
  birth_place_name: z.string().nullable(),
  citizenship: z.string().nullable().describe("ISO 3166-1 alpha-2 country code, e.g. IT"),
  resident: z.boolean().describe("Resident in the Comune (drives tariffs)"),
  residence_address: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  pec: z.string().nullable().describe("Certified e-mail (PEC)"),
  postal_address: z.string().nullable().describe("Address for letters, when not the residence"),
  kinds: z.array(PersonKindEnum),
  notes: z.string().nullable(),
};

export const HouseholdRefSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  role: HouseholdRoleEnum,
}).describe("The person's household and role in it");

export const PersonSchema = z.strictObject({
  id: z.uuid(),
  ...personFields,
  tax_code_key: z.string().nullable()
    .describe("Canonical codice fiscale (omocodia resolved): what duplicates are judged on"),
  user_id: z.uuid().nullable().describe("The account this person signs in with, if any"),
  merged_into: z.uuid().nullable().describe("Set when this record was merged into another one"),
  merged_at: Instant.nullable(),
  created_at: Instant,
  updated_at: Instant,
  household: HouseholdRefSchema.nullable(),
}).describe("A natural person of the Ente's registry");

export const PersonDetailSchema = PersonSchema.extend({
  relations: z.array(z.strictObject({
    person_id: z.uuid(),
    surname: z.string(),
    name: z.string(),
    tax_code: z.string().nullable(),
    birth_date: Day.nullable(),
    role: HouseholdRoleEnum,
  })).describe("The other members of the person's household"),
  merged_from: z.array(z.strictObject({
    id: z.uuid(),
    surname: z.string(),
    name: z.string(),
    tax_code: z.string().nullable(),
  })).describe("Records merged into this one"),
});

const personInput = {
  tax_code: text("Codice fiscale (16 characters): checksum, omocodia and coherence are checked"),
  surname: z.string().max(200),
  name: z.string().max(200),
  sex: z.string().max(10).nullable().optional().describe(
    "F or M; read from the codice fiscale when absent",
  ),
  birth_date: text("YYYY-MM-DD; read from the codice fiscale when absent"),
  birth_place_code: text("Belfiore code; read from the codice fiscale when absent"),
  birth_place_name: text("Name of the Comune or state of birth"),
  citizenship: text("ISO 3166-1 alpha-2 code, e.g. IT"),
  resident: z.boolean().optional().describe("Resident in the Comune; false when absent"),
  residence_address: text("Address of residence"),
  email: text("E-mail address"),
  mobile: text("Mobile number"),
  pec: text("PEC address"),
  postal_address: text("Postal address for letters"),
  kinds: z.array(z.string()).max(3).optional().describe("applicant, beneficiary, teacher"),
  notes: text("Notes for the office (up to 2000 characters)"),
};

export const PersonBody = z.strictObject(personInput).describe(
  "A new person. 409 with `existing` (the record's id and links) when the codice fiscale, in any omocodic form, is already registered",
);

export const PersonPatch = z.strictObject({
  ...personInput,
  surname: personInput.surname.optional(),
  name: personInput.name.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: "Send at least one field to change" })
  .describe("Fields to change; null clears an optional field");

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const PeopleQuery = z.object({
  q: z.string().max(100).optional()
    .describe("Names in any order (parts of words), or the start of a codice fiscale"),
  tax_code: z.string().max(16).optional().describe(
    "Exactly this codice fiscale (any omocodic form)",
  ),
  kind: PersonKindEnum.optional(),
  household_id: z.uuid().optional().describe("Only members of this household"),
  in_household: bool.optional().describe("true: only people in a household; false: in none"),
  resident: bool.optional().describe("Only residents (true) or non-residents (false)"),
  include_merged: bool.optional().describe("Also records merged into others (left out by default)"),
  limit: Pagination.shape.limit,
  cursor: z.string().max(500).optional().describe("`next_cursor` of the previous page"),
  before: z.string().max(500).optional().describe("`prev_cursor` of the following page"),
});

export const PeoplePage = z.strictObject({
  items: z.array(PersonSchema).describe("People by surname and name"),
  total: z.int().min(0).describe("How many match in all, up to 10,000"),
  total_capped: z.boolean().describe("True when more than 10,000 match (`total` is then 10,000)"),
  next_cursor: z.string().nullable().describe(
    "Pass as `cursor` for the next page; null at the end",
  ),
  prev_cursor: z.string().nullable().describe("Pass as `before` for the previous page"),
});

export const MergeBody = z.strictObject({
  source_id: z.uuid().describe("The record merged away: it keeps `merged_into` = the target"),
  take: z.array(z.enum(MERGE_FIELDS)).default([])
    .describe("Fields taken from the source; the target's empty fields are filled from it anyway"),
});

export const MergeResult = z.strictObject({
  person: PersonSchema.describe("The surviving record after the merge"),
  taken: z.array(z.string()),
  filled: z.array(z.string()),
  moved: z.record(z.string(), z.int()).describe("References moved to the target, per table.column"),
});

const orgFields = {
  name: z.string(),
  kind: OrganizationKindEnum,
  provider_kind: ProviderKindEnum.nullable(),
  vat_number: z.string().nullable().describe("Partita IVA (11 digits)"),
  tax_code: z.string().nullable()
    .describe("Codice fiscale: 11 digits, or 16 characters for a sole trader"),
  school_code: z.string().nullable().describe("Codice meccanografico of a school"),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  pec: z.string().nullable(),
  postal_address: z.string().nullable(),
  iban: z.string().nullable(),
  notes: z.string().nullable(),
};

export const OrganizationSchema = z.strictObject({
  id: z.uuid(),
  ...orgFields,
  created_at: Instant,
  updated_at: Instant,
}).describe("A legal person of the Ente's registry: provider, school or other");

const orgInput = {
  name: z.string().max(300),
  kind: z.string().max(20),
  provider_kind: text("caterer, bus_company, cooperative or other (providers only)"),
  vat_number: text("Partita IVA (11 digits, check digit verified)"),
  tax_code: text("Codice fiscale: 11 digits, or 16 characters for a sole trader"),
  school_code: text("Codice meccanografico (10 characters)"),
  email: text("E-mail address"),
  phone: text("Telephone number"),
  pec: text("PEC address"),
  postal_address: text("Postal address"),
  iban: text("IBAN (SEPA countries)"),
  notes: text("Notes (up to 2000 characters)"),
};

export const OrganizationBody = z.strictObject(orgInput).describe(
  "A new organization. 409 with `existing` when its partita IVA or codice fiscale is registered",
);

export const OrganizationPatch = z.strictObject({
  ...orgInput,
  name: orgInput.name.optional(),
  kind: orgInput.kind.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: "Send at least one field to change" });

export const OrganizationsQuery = Pagination.extend({
  q: z.string().max(100).optional().describe("Part of the name, or the exact P.IVA / CF"),
  kind: OrganizationKindEnum.optional(),
});

const page = <T extends z.ZodType>(item: T, what: string) =>
  z.strictObject({
    items: z.array(item).describe(what),
    total: z.int().min(0),
    limit: z.int(),
    offset: z.int(),
  });

export const OrganizationPage = page(OrganizationSchema, "Organizations by name");

export const HouseholdMemberSchema = z.strictObject({
  id: z.uuid().describe("The membership's id"),
  person_id: z.uuid(),
  surname: z.string(),
  name: z.string(),
  tax_code: z.string().nullable(),
  birth_date: Day.nullable(),
  role: HouseholdRoleEnum,
});

export const HouseholdSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  external_code: z.string().nullable().describe("Codice famiglia of the anagrafe"),
  address: z.string().nullable(),
  created_at: Instant,
  updated_at: Instant,
  members: z.array(HouseholdMemberSchema).describe("Parents first, then by age"),
}).describe("A household (nucleo familiare)");

export const HouseholdSummarySchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  external_code: z.string().nullable(),
  address: z.string().nullable(),
  member_count: z.int().min(0),
});

export const HouseholdPage = page(HouseholdSummarySchema, "Households by name");

export const HouseholdsQuery = Pagination.extend({
  q: z.string().max(100).optional().describe("Part of the name, or of the anagrafe's code"),
});

export const MemberBody = z.strictObject({
  person_id: z.uuid(),
  role: HouseholdRoleEnum,
}).describe("A person joining the household; a person is in one household at a time");

export const HouseholdBody = z.strictObject({
  name: z.string().max(300).describe("e.g. Famiglia Rossi"),
  external_code: text("Codice famiglia of the anagrafe"),
  address: text("Address of the household"),
  members: z.array(MemberBody).max(20).optional().describe("Members added at once"),
});

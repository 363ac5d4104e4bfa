/**
 * Zod schemas of the tenancy REST operations (`/api/v1/tenant`, `tenants`, `users`,
 * `memberships`): they validate requests with the same rules as the back-office forms
 * (`rules.ts`) and describe responses precisely, so the OpenAPI document says exactly what is
 * sent — never a password hash or a token.
 *
 * @module
 */

import { z } from "zod";
import { Pagination } from "../api/define_api.ts";
import { MEMBER_ROLES } from "../db/types.ts";
import type { Tenant } from "./db.ts";
import type { Invitation } from "./invitations.ts";
import type { Member } from "./members.ts";
import {
  checkAddress,
  type Checked,
  checkEmail,
  checkEnteTaxCode,
  checkIstatCode,
  checkName,
  checkPersonTaxCode,
  checkPhone,
  checkWebsite,
} from "./rules.ts";

/** A string checked (and normalized) by one of the shared rules; the English message on failure. */
function rule<T>(check: (s: string) => Checked<T>, description: string) {
  return z.string().describe(description).transform((s, ctx) => {
    const r = check(s);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.problem.en, params: { reason: r.problem.code } });
    return z.NEVER;
  });
}

const Instant = z.iso.datetime().describe("ISO 8601 instant (UTC)");
export const RoleEnum = z.enum(MEMBER_ROLES).describe(
  "Role in the Ente: admin (back office, manages people), operator (back office), teacher, family, provider",
);

export const TenantSchema = z.strictObject({
  id: z.uuid().describe("The Ente's id"),
  name: z.string().describe("Official name, e.g. 'Comune di Valdiponte'"),
  tax_code: z.string().regex(/^\d{11}$/).describe("The Ente's codice fiscale (11 digits)"),
  istat_code: z.string().regex(/^\d{6}$/).describe("ISTAT code of the Comune (6 digits)"),
  pec: z.string().nullable().describe("Certified e-mail (PEC) address for official mail"),
  email: z.string().nullable().describe("E-mail address of the office that runs the services"),
  phone: z.string().nullable().describe("Telephone number of the office"),
  address: z.string().nullable().describe("Postal address of the office"),
  website: z.string().nullable().describe("The Ente's website (http/https URL)"),
  logo_url: z.string().nullable().describe("URL of the Ente's logo"),
  created_at: Instant,
  updated_at: Instant,
}).describe("An Ente: the Comune (or union of Comuni) running the services");

export const RoleEntrySchema = z.strictObject({
  membership_id: z.uuid().describe("Id of the membership granting the role (DELETE it to remove)"),
  role: RoleEnum,
  since: Instant.describe("When the role was granted"),
});

export const UserSchema = z.strictObject({
  id: z.uuid().describe("The person's account id"),
  email: z.string().describe("E-mail address used to sign in"),
  full_name: z.string().describe("Full name"),
  tax_code: z.string().nullable().describe("Codice fiscale of the person, when known"),
  created_at: Instant.describe("When the account was created"),
  roles: z.array(RoleEntrySchema).describe("The person's roles in the caller's Ente"),
}).describe("A person with at least one role in the caller's Ente");

const page = <T extends z.ZodType>(item: T, what: string) =>
  z.strictObject({
    items: z.array(item).describe(what),
    total: z.int().min(0).describe("How many match in all (for paging)"),
    limit: z.int().describe("Page size used"),
    offset: z.int().describe("Position of the first item"),
  });

export const UserPage = page(UserSchema, "Members, ordered by name");
export const TenantPage = page(TenantSchema, "Enti, ordered by name");

export const InvitationSchema = z.strictObject({
  id: z.uuid().describe("The new membership's id"),
  tenant_id: z.uuid().describe("The Ente the role is granted in"),
  role: RoleEnum,
  user: UserSchema,
  user_created: z.boolean().describe("True when a new account was created for the e-mail"),
  password_link_sent: z.boolean().describe(
    "True when the invitation e-mail carries a link (valid 7 days) to choose a password; false for people who can already sign in",
  ),
});

export const CreatedTenantSchema = z.strictObject({
  tenant: TenantSchema,
  admin: InvitationSchema.describe("The first administrator, invited by e-mail"),
});

const optionalText = <T>(check: (s: string) => Checked<T>, description: string) =>
  rule(check, description).nullable().optional();

export const TenantPatchBody = z.strictObject({
  name: rule((s) => checkName(s, "ente"), "Official name (2–200 characters)").optional(),
  pec: optionalText((s) => checkEmail(s, "pec"), "PEC address; null clears it"),
  email: optionalText(checkEmail, "Office e-mail address; null clears it"),
  phone: optionalText(checkPhone, "Telephone number; null clears it"),
  address: optionalText(checkAddress, "Postal address (5–300 characters); null clears it"),
  website: optionalText(checkWebsite, "Website, http(s) URL; null clears it"),
}).refine((b) => Object.keys(b).length > 0, { message: "Send at least one field to change" })
  .describe("Fields to change; codice fiscale and ISTAT code are set by the platform only");

const personFields = {
  email: rule(checkEmail, "E-mail address the invitation is sent to"),
  full_name: rule((s) => checkName(s, "person"), "Full name (2–200 characters)"),
  tax_code: optionalText(checkPersonTaxCode, "Codice fiscale of the person (16 characters)"),
};

export const InviteBody = z.strictObject({ ...personFields, role: RoleEnum }).describe(
  "Invites a person: the account is created if the e-mail is new, else the existing one gets the role",
);

export const NewTenantBody = z.strictObject({
  name: rule((s) => checkName(s, "ente"), "Official name, e.g. 'Comune di Valdiponte'"),
  tax_code: rule(checkEnteTaxCode, "The Ente's codice fiscale (11 digits)"),
  istat_code: rule(checkIstatCode, "ISTAT code of the Comune (6 digits)"),
  pec: rule((s) => checkEmail(s, "pec"), "PEC address (every public body has one)"),
  admin: z.strictObject(personFields).describe("The first administrator, invited by e-mail"),
});

export const UsersQuery = Pagination.extend({
  q: z.string().max(100).optional().describe("Part of the name, e-mail or codice fiscale"),
  role: RoleEnum.optional().describe("Only people holding this role"),
});

/** A tenant row as the API sends it (instants as ISO strings). */
export function tenantJson(t: Tenant): z.infer<typeof TenantSchema> {
  return {
    id: t.id,
    name: t.name,
    tax_code: t.tax_code,
    istat_code: t.istat_code,
    pec: t.pec,
    email: t.email,
    phone: t.phone,
    address: t.address,
    website: t.website,
    logo_url: t.logo_url,
    created_at: new Date(t.created_at).toISOString(),
    updated_at: new Date(t.updated_at).toISOString(),
  };
}

/** An invitation as the API sends it, with the invited member as now visible. */
export function invitationJson(
  inv: Invitation,
  tenantId: string,
  role: z.infer<typeof RoleEnum>,
  user: Member,
): z.infer<typeof InvitationSchema> {
  return {
    id: inv.membershipId,
    tenant_id: tenantId,
    role,
    user,
    user_created: inv.userCreated,
    password_link_sent: inv.passwordLinkSent,
  };
}

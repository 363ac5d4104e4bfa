/**
 * Applications (domande di iscrizione) as the API and the portal exchange them. An application has
 * one applicant (who pays) and one or more items: one child applying for one service.
 *
 * @module
 */
import { z } from "zod";
import { isValidCodiceFiscale, normalizeCodiceFiscale } from "../codes/codice_fiscale.ts";

const Uuid = z.uuid();
const IsoDate = z.iso.date();
const Text = (max: number) => z.string().trim().min(1).max(max);

export const TaxCode = z.string().transform((s) => normalizeCodiceFiscale(s)).refine(
  (s) => isValidCodiceFiscale(s),
  { message: "Codice fiscale non valido (controlla lettere, cifre e carattere di controllo)." },
);

export const APPLICATION_KINDS = ["new", "renewal"] as const;
export const APPLICATION_STATUSES = ["draft", "submitted", "withdrawn"] as const;
export const OUTCOMES = [
  "pending",
  "accepted",
  "rejected",
  "waitlisted",
  "needs_integration",
] as const;
export type Outcome = typeof OUTCOMES[number];
export const CHANNELS = ["email", "pec", "portal", "post", "app_io", "counter"] as const;
export const MODES = ["full_time", "part_time", "morning", "afternoon"] as const;
export const SCHOOL_LEVELS = ["nido", "infanzia", "primaria", "secondaria_primo_grado"] as const;

export const ApplicantInput = z.strictObject({
  surname: Text(100),
  name: Text(100),
  tax_code: TaxCode,
  email: z.email().max(200),
  mobile: z.string().trim().regex(/^[+(]?[0-9][0-9 ./()-]{4,28}[0-9]$/).optional(),
  address: Text(300).optional(),
  resident: z.boolean().default(true),
});
export type ApplicantInput = z.output<typeof ApplicantInput>;

export const ChildInput = z.strictObject({
  surname: Text(100),
  name: Text(100),
  tax_code: TaxCode,
  birth_date: IsoDate,
  sex: z.enum(["M", "F"]).optional(),
  birth_place: Text(100).optional(),
  citizenship: z.string().regex(/^[A-Z]{2}$/).optional(),
  resident: z.boolean().default(true),
  disability: z.boolean().default(false),
});
export type ChildInput = z.output<typeof ChildInput>;

export const ItemInput = z.strictObject({
  service_id: Uuid,
  /** The child's registry record, when the family picked one of its household. */
  child_id: Uuid.optional(),
  child: ChildInput,
  site_id: Uuid.optional(),
  class_id: Uuid.optional(),
  school_level: z.enum(SCHOOL_LEVELS).optional(),
  grade: z.int().min(1).max(5).optional(),
  mode: z.enum(MODES).optional(),
  diet_id: Uuid.optional(),
  diet_notes: z.string().trim().max(1000).optional(),
  route_id: Uuid.optional(),
  stop_id: Uuid.optional(),
  /** The service's own form fields (lib/forms), by field name. */
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .default({}),
});
export type ItemInput = z.output<typeof ItemInput>;

export const ApplicationInput = z.strictObject({
  school_year_id: Uuid,
  kind: z.enum(APPLICATION_KINDS).default("new"),
  /** Staff only: the household applying. A family applies for its own household. */
  household_id: Uuid.optional(),
  applicant_id: Uuid.optional(),
  applicant: ApplicantInput,
  /** Declaration code → when it was accepted (ISO instant). `privacy` is required. */
  declarations: z.record(
    z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    z.iso.datetime({
      offset: true,
    }),
  ),
  items: z.array(ItemInput).min(1).max(10),
});
export type ApplicationInput = z.output<typeof ApplicationInput>;

export const ItemSchema = z.object({
  id: Uuid,
  service_id: Uuid,
  service_title: z.string(),
  child_id: Uuid.nullable(),
  child: z.record(z.string(), z.unknown()),
  child_tax_code: z.string().nullable(),
  site_id: Uuid.nullable(),
  class_id: Uuid.nullable(),
  school_level: z.string().nullable(),
  grade: z.number().nullable(),
  mode: z.string().nullable(),
  diet_id: Uuid.nullable(),
  route_id: Uuid.nullable(),
  stop_id: Uuid.nullable(),
  answers: z.record(z.string(), z.unknown()),
  outcome: z.enum(OUTCOMES),
  outcome_reason: z.string().nullable(),
  reviewed_at: z.string().nullable(),
  communicated_at: z.string().nullable(),
  communicated_via: z.string().nullable(),
});
export type ItemRow = z.infer<typeof ItemSchema>;

export const ApplicationSchema = z.object({
  id: Uuid,
  school_year_id: Uuid,
  school_year_label: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  channel: z.string(),
  household_id: Uuid.nullable(),
  applicant_id: Uuid.nullable(),
  applicant: z.record(z.string(), z.unknown()),
  declarations: z.record(z.string(), z.unknown()),
  protocol_number: z.string().nullable(),
  submitted_at: z.string().nullable(),
  withdrawn_at: z.string().nullable(),
  created_at: z.string(),
  items: z.array(ItemSchema),
});
export type ApplicationRow = z.infer<typeof ApplicationSchema>;

/** API schemas of ISEE attestations (zod → OpenAPI). */

import { z } from "zod";
import { HttpError } from "../http/define.ts";
import { IseeError } from "./attestations.ts";
import { InpsError } from "./errors.ts";

const Status = z.enum(["valid", "to_verify", "not_found", "mismatch", "superseded"]);
const Source = z.enum(["inps", "self_declared", "operator"]);
const Kind = z.enum([
  "ordinario",
  "minorenni",
  "universitario",
  "socio_sanitario",
  "residenziale",
  "dottorato",
  "corrente",
]);

export const AttestationSchema = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  person_name: z.string(),
  tax_code: z.string(),
  kind: Kind,
  value_cents: z.number().int().nullable().describe("ISEE in integer euro cents"),
  protocol: z.string().nullable().describe("DSU protocol INPS-ISEE-AAAA-NNNNNNNNX-NN"),
  presented_on: z.iso.date().nullable(),
  valid_until: z.iso.date().nullable().describe("31 December of the DSU's year"),
  omissions: z.array(z.object({ type: z.string(), detail: z.string() })),
  source: Source,
  status: Status,
  verified_at: z.string().nullable(),
  verification: z.record(z.string(), z.unknown()).nullable(),
  retrieved_at: z.string(),
});

export const AttestationList = z.object({ items: z.array(AttestationSchema) });

export const AttestationQuery = z.object({
  status: Status.optional(),
  source: Source.optional(),
  kind: Kind.optional(),
  person_id: z.uuid().optional(),
  q: z.string().max(100).optional().describe("Surname/name words or the start of a codice fiscale"),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const RetrieveBody = z.object({
  kind: z.enum(["ordinario", "minorenni"]).nullish()
    .describe("Default: minorenni for people under 18, else ordinario"),
  service_kind: z.enum([
    "canteen",
    "transport",
    "nursery",
    "pre_school",
    "post_school",
    "summer_camp",
    "custom",
  ]).nullish().describe("Chooses PrestazioneDaErogare (canteen → A2.12, nursery → A3.03…)"),
  valid_on: z.iso.date().nullish(),
  application_protocol: z.string().max(256).nullish(),
}).strict();

export const RetrieveResponse = z.object({
  attestation: AttestationSchema,
  superseded: z.number().int().describe("Previous valid attestations of the same kind"),
  simulated: z.boolean().describe("True when answered by the built-in INPS simulator"),
});

/** IseeError / InpsError → HttpError with a `code` and the Italian message. */
export function apiIseeError(e: unknown): unknown {
  if (e instanceof IseeError) {
    return new HttpError(e.status, e.en, { code: e.code, message_it: e.it });
  }
  if (e instanceof InpsError) {
    return new HttpError(e.status, e.en, {
      code: e.code,
      message_it: e.it,
      transient: e.transient,
    });
  }
  return e;
}

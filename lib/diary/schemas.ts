/** API shapes of the diary and of communications (zod → OpenAPI). */
import { z } from "zod";
import { HttpError } from "../http/define.ts";
import type { Problem } from "../tenancy/rules.ts";

const uuid = z.uuid({ error: "must be a UUID" });

export const DiaryPhotoSchema = z.object({
  id: uuid,
  alt_text: z.string(),
  content_type: z.enum(["image/jpeg", "image/png", "image/webp"]),
  url: z.string().describe("Serves the photo to signed-in people who may read the post"),
});

export const DiaryPostSchema = z.object({
  id: uuid,
  class_id: uuid.nullable().describe("Set for a post to a whole class"),
  enrollment_id: uuid.nullable().describe("Set for a post to one child (their enrollment)"),
  class_name: z.string().nullable(),
  child_name: z.string().nullable(),
  author_name: z.string(),
  body: z.string(),
  created_at: z.string().describe("ISO 8601 instant"),
  edited_at: z.string().nullable(),
  photos: z.array(DiaryPhotoSchema),
  readers: z.array(z.object({ name: z.string(), read_at: z.string() })).describe(
    "Read receipts: all of them for teachers and staff, the caller's own for families",
  ),
  read_by_me: z.boolean(),
  mine: z.boolean().describe("Written by the caller, who may edit or delete it"),
}).describe("A diary post (Diario)");

export const DiaryPostList = z.object({ items: z.array(DiaryPostSchema) });

export const DiaryPostsQuery = z.object({
  class_id: uuid.optional().describe("Posts to this class and to its children"),
  enrollment_id: uuid.optional().describe("Posts to this child and to the child's class"),
  before: z.iso.datetime({ offset: true }).optional().describe("Older than this instant"),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const NewDiaryPostBody = z.object({
  class_id: uuid.optional(),
  enrollment_id: uuid.optional(),
  body: z.string().max(20000).describe("1–5000 characters once trimmed"),
  photos: z.union([z.file(), z.array(z.file())]).optional().describe(
    "Up to 6 photos (repeat the field): JPEG, PNG or WebP judged by their bytes, at most 5 MiB " +
      "each and 8 MiB in all",
  ),
  alt_text: z.string().max(1000).optional().describe(
    "What the photos show, for people who cannot see them: 3–300 characters, required with photos",
  ),
}).describe(
  "A post to one class or to one child (exactly one of class_id, enrollment_id), sent as " +
    "multipart/form-data",
);

export const EditDiaryPostBody = z.object({
  body: z.string().max(20000).describe("The new text: 1–5000 characters once trimmed"),
}).describe("New text of one's own post");

export const ReadReceipt = z.object({
  post_id: uuid,
  new_receipt: z.boolean().describe("False when the caller had already read it"),
});

export const CommunicationSchema = z.object({
  id: uuid,
  service_id: uuid,
  service_title: z.string(),
  site_id: uuid.nullable(),
  site_name: z.string().nullable(),
  class_id: uuid.nullable(),
  class_name: z.string().nullable(),
  sender_kind: z.enum(["office", "provider"]),
  author_name: z.string(),
  subject: z.string(),
  body: z.string(),
  sent_at: z.string(),
  recipient_count: z.number().int(),
  read_count: z.number().int(),
  read_at: z.string().nullable().optional().describe("For a recipient: when they read it"),
}).describe("A communication to the families of a service, site or class");

export const CommunicationList = z.object({
  items: z.array(CommunicationSchema),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const CommunicationsQuery = z.object({
  service_id: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const AudienceBody = z.object({
  service_id: uuid,
  site_id: uuid.optional(),
  class_id: uuid.optional(),
});

export const NewCommunicationBody = AudienceBody.extend({
  subject: z.string().max(1000).describe("3–200 characters"),
  body: z.string().max(40000).describe("1–10000 characters"),
  dry_run: z.boolean().optional().describe(
    "When true nothing is sent: the answer is the preview of the recipients",
  ),
});

export const AudiencePreviewSchema = z.object({
  children: z.number().int(),
  recipients: z.number().int(),
  with_email: z.number().int(),
  with_account: z.number().int(),
});

export const SendResult = z.object({
  communication: CommunicationSchema.nullable(),
  preview: AudiencePreviewSchema,
});

/** A 422 problem+json from per-field problems: `errors[]` with path, English message and code. */
export function problemsError(problems: Record<string, Problem | undefined>): HttpError {
  const errors = Object.entries(problems).filter(([, p]) => p).map(([field, p]) => ({
    path: `body.${field}`,
    message: p!.en,
    code: p!.code,
  }));
  return new HttpError(422, errors.map((e) => e.message).join(" "), {
    code: errors.length === 1 ? errors[0].code : "validation_failed",
    errors,
  });
}

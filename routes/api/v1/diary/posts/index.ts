import { defineApi } from "../../../../../lib/api/define_api.ts";
import { listPosts } from "../../../../../lib/diary/posts.ts";
import {
  DiaryPostList,
  DiaryPostSchema,
  DiaryPostsQuery,
  NewDiaryPostBody,
  problemsError,
} from "../../../../../lib/diary/schemas.ts";
import { createPost } from "../../../../../lib/diary/store.ts";
import { HttpError } from "../../../../../lib/http/define.ts";
import { storageFor } from "../../../../../lib/storage/mod.ts";

export const handler = defineApi({
  GET: {
    summary: "Diary posts the caller may read",
    description:
      "Newest first. Teachers see the posts of their classes and of the children in them; " +
      "families the posts to their children and to their children's classes, for services with " +
      "the diary enabled; staff and API keys with the read scope every post of the Ente.",
    tags: ["diary"],
    access: { roles: ["admin", "operator", "teacher", "family"], apiKey: "read" },
    query: DiaryPostsQuery,
    response: DiaryPostList,
    async run({ query, claims, state }) {
      const items = await state.db.asUser(claims, (tx) =>
        listPosts(tx, {
          class_id: query.class_id ?? null,
          enrollment_id: query.enrollment_id ?? null,
          before: query.before ?? null,
          limit: query.limit,
        }));
      return { items };
    },
  },
  POST: {
    summary: "Write a diary post to a class or to one child",
    description:
      "Teachers only, to their own classes and the children in them (403 `diary.not_your_class` " +
      "otherwise). 422 `diary.disabled` when the service of the class's children (or of the " +
      "child) has the diary switched off. Families of the children see the post live. " +
      "multipart/form-data, photos as repeated `photos` file fields with one `alt_text` for " +
      "them, checked as on the teacher's page (types by their bytes, at most 6, 5 MiB each): " +
      "422 `image.type`, `image.too_large`, `image.empty`, `diary.too_many_photos` or " +
      "`diary.alt_text` with nothing stored.",
    tags: ["diary"],
    access: { roles: ["teacher"] },
    body: NewDiaryPostBody,
    bodyType: "multipart",
    response: DiaryPostSchema,
    status: 201,
    async run({ body, claims, state, c }) {
      // The validated body keeps one value per field: every repeated `photos` part is read here.
      const all = await c.req.parseBody({ all: true });
      const photos = ([] as unknown[]).concat(all.photos ?? []);
      if (photos.some((p) => !(p instanceof File))) {
        throw new HttpError(422, "Every photos field must be a file", {
          code: "validation_failed",
          errors: [{ path: "body.photos", message: "must be a file", code: "invalid_type" }],
        });
      }
      const out = await createPost(state.db, claims, storageFor(state.config), {
        class_id: body.class_id ?? null,
        enrollment_id: body.enrollment_id ?? null,
        body: body.body,
        photos: await Promise.all(
          (photos as File[]).map(async (f) => new Uint8Array(await f.arrayBuffer())),
        ),
        alt_text: body.alt_text ?? "",
      });
      if (out.ok) return out.post;
      if (out.status === 403) {
        throw new HttpError(403, out.problems.target!.en, { code: out.problems.target!.code });
      }
      throw problemsError(out.problems);
    },
  },
});

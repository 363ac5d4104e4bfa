import { z } from "zod";
import { defineApi } from "../../../../../../lib/api/define_api.ts";
import { getPost } from "../../../../../../lib/diary/posts.ts";
import {
  DiaryPostSchema,
  EditDiaryPostBody,
  problemsError,
} from "../../../../../../lib/diary/schemas.ts";
import { editPost, removePost } from "../../../../../../lib/diary/store.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";
import { storageFor } from "../../../../../../lib/storage/mod.ts";
import { isUuid } from "../../../../../../lib/codes/uuid.ts";

// Any id that names no post of the caller's is a 404, a malformed one included.
const Params = z.object({ id: z.string().max(100).describe("The post's id (UUID)") });

const notFound = () => new HttpError(404, "No such diary post", { code: "not_found" });
const notYours = () =>
  new HttpError(404, "No such post of yours, in a class you teach", { code: "not_found" });

export const handler = defineApi({
  GET: {
    summary: "One diary post",
    description: "404 when the post does not exist or the caller may not read it.",
    tags: ["diary"],
    access: { roles: ["admin", "operator", "teacher", "family"], apiKey: "read" },
    params: Params,
    response: DiaryPostSchema,
    errors: [404],
    async run({ params, claims, state }) {
      if (!isUuid(params.id)) throw notFound();
      const post = await state.db.asUser(claims, (tx) => getPost(tx, params.id));
      if (!post) throw notFound();
      return post;
    },
  },
  PATCH: {
    summary: "Edit the text of one's own diary post",
    description:
      "The author only, while teaching the class (404 otherwise). The post is marked as edited " +
      "(`edited_at`), the text before and after is kept in the audit log, and the families' open " +
      "pages reload it (`diary.edited`).",
    tags: ["diary"],
    // Only the author may, which RLS decides: anyone else of the Ente gets the same 404.
    access: { roles: ["admin", "operator", "teacher"] },
    params: Params,
    body: EditDiaryPostBody,
    response: DiaryPostSchema,
    errors: [404],
    async run({ params, body, claims, state }) {
      if (!isUuid(params.id)) throw notYours();
      const out = await editPost(state.db, claims, params.id, body.body);
      if (out.ok) return out.post;
      if (out.status === 404) throw notYours();
      throw problemsError(out.problems);
    },
  },
  DELETE: {
    summary: "Delete one's own diary post",
    description:
      "The author only, while teaching the class (404 otherwise): the post, its photos and its " +
      "read receipts; audited. The families' open pages drop it (`diary.deleted`).",
    tags: ["diary"],
    // Only the author may, which RLS decides: anyone else of the Ente gets the same 404.
    access: { roles: ["admin", "operator", "teacher"] },
    params: Params,
    response: z.null(),
    status: 204,
    errors: [404],
    async run({ params, claims, state }) {
      if (!isUuid(params.id)) throw notYours();
      if (!await removePost(state.db, claims, storageFor(state.config), params.id)) {
        throw notYours();
      }
      return null;
    },
  },
});

import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { markRead } from "../../../../../../lib/diary/posts.ts";
import { ReadReceipt } from "../../../../../../lib/diary/schemas.ts";
import { HttpError } from "../../../../../../lib/http/define.ts";

export const handler = defineApi({
  POST: {
    summary: "Mark a diary post as read",
    description:
      "A family member who opened the post leaves a read receipt, which the teacher sees live. " +
      "Idempotent: a second call answers `new_receipt: false`. 404 for a post that is not to " +
      "the caller's children.",
    tags: ["diary"],
    // Families of the post's children only, which the database decides: anyone else gets 404.
    access: { roles: ["admin", "operator", "teacher", "family"] },
    params: IdParams,
    response: ReadReceipt,
    errors: [404],
    async run({ params, claims, state }) {
      try {
        const fresh = await state.db.asUser(claims, (tx) => markRead(tx, params.id));
        return { post_id: params.id, new_receipt: fresh };
      } catch (e) {
        if ((e as { code?: string }).code === "42501") {
          throw new HttpError(404, "No such post for your children", { code: "not_found" });
        }
        throw e;
      }
    },
  },
});

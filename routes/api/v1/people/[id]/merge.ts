import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { apiError } from "../../../../../lib/registry/errors.ts";
import { mergePeople } from "../../../../../lib/registry/merge.ts";
import { MergeBody, MergeResult } from "../../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Merge another record of the same person into this one",
    description: "`{id}` survives. Fields listed in `take` come from the source; the target's " +
      "empty fields are filled from it; kinds are joined. The source keeps `merged_into`, its " +
      "household membership and references move to the target, and the merge is recorded in " +
      "the audit log. 422 when the resulting record is not coherent, 409 when either record " +
      "was already merged.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: MergeBody,
    response: MergeResult,
    errors: [409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(
          claims,
          (tx) =>
            mergePeople(tx, { targetId: params.id, sourceId: body.source_id, take: body.take }),
        );
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});

import { defineApi, IdParams } from "../../../../lib/api/define_api.ts";
import { patchPerson } from "../../../../lib/registry/changes.ts";
import { apiError } from "../../../../lib/registry/errors.ts";
import { notFound, viewPerson } from "../../../../lib/registry/people.ts";
import { PersonDetailSchema, PersonPatch, PersonSchema } from "../../../../lib/registry/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "One person of the registry, with household relations",
    description: "Every read is written to the audit log (`view`, `people`): the registry holds " +
      "personal data of minors. A merged record answers too, with `merged_into`.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    params: IdParams,
    response: PersonDetailSchema,
    async run({ params, claims, state }) {
      try {
        const person = await state.db.asUser(claims, (tx) => viewPerson(tx, params.id));
        if (!person) throw notFound();
        return person;
      } catch (e) {
        throw apiError(e);
      }
    },
  },
  PATCH: {
    summary: "Change a person's data",
    description: "Only the fields sent change; the whole record is then checked as on creation " +
      "(codice fiscale coherence included). 409 for a merged record or a codice fiscale that " +
      "belongs to another person (`existing`).",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: PersonPatch,
    response: PersonSchema,
    errors: [409],
    async run({ params, body, claims, state }) {
      try {
        return await state.db.asUser(claims, (tx) => patchPerson(tx, params.id, body));
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});

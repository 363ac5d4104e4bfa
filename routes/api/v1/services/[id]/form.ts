import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { FormDefinitionSchema, parseDefinition } from "../../../../../lib/forms/definition.ts";
import { READ_MEMBERS, withService, WRITE_STAFF } from "../../../../../lib/services/api.ts";
import { getFormDefinition, saveFormDefinition } from "../../../../../lib/services/db.ts";

export const handler = defineApi({
  GET: {
    summary: "The online form of a service",
    description:
      "The extra fields a family fills in when applying: one definition renders the form and " +
      "validates the answers (see POST …/form/check).",
    tags: ["services"],
    access: READ_MEMBERS,
    params: IdParams,
    response: FormDefinitionSchema,
    run({ params, claims, state }) {
      return withService(
        state,
        claims,
        params.id,
        async (tx) => parseDefinition(await getFormDefinition(tx, params.id)),
      );
    },
  },
  PUT: {
    summary: "Replace the online form of a service",
    description:
      "Field names and option values are lowercase letters, digits and `_` (`-` in values); a " +
      "field's `show_if` refers to an earlier select, radio or checkbox field.",
    tags: ["services"],
    access: WRITE_STAFF,
    params: IdParams,
    body: FormDefinitionSchema,
    response: FormDefinitionSchema,
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => {
        await saveFormDefinition(tx, params.id, body);
        return body;
      });
    },
  },
});

import { defineApi, IdParams } from "../../../../../../lib/api/define_api.ts";
import { parseDefinition } from "../../../../../../lib/forms/definition.ts";
import { validateSubmission } from "../../../../../../lib/forms/validate.ts";
import { READ_MEMBERS, withService } from "../../../../../../lib/services/api.ts";
import { getFormDefinition } from "../../../../../../lib/services/db.ts";
import { FormCheckBody, FormCheckResult } from "../../../../../../lib/services/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Check answers against a service's online form",
    description:
      "Validates `values` exactly as the application will (required fields, types, conditions), " +
      "with a message per field in Italian and English. Nothing is stored.",
    tags: ["services"],
    access: READ_MEMBERS,
    params: IdParams,
    body: FormCheckBody,
    response: FormCheckResult,
    run({ params, body, claims, state }) {
      return withService(state, claims, params.id, async (tx) => {
        const def = parseDefinition(await getFormDefinition(tx, params.id));
        const r = validateSubmission(def, body.values);
        return { ok: r.ok, values: r.values, errors: r.ok ? {} : r.errors };
      });
    },
  },
});

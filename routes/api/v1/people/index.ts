import { z } from "zod";
import { defineApi } from "../../../../lib/api/define_api.ts";
import { valid } from "../../../../lib/registry/changes.ts";
import { apiError } from "../../../../lib/registry/errors.ts";
import { createPerson } from "../../../../lib/registry/people.ts";
import { checkPerson } from "../../../../lib/registry/rules.ts";
import {
  PeoplePage,
  PeopleQuery,
  PersonBody,
  PersonSchema,
} from "../../../../lib/registry/schemas.ts";
import { listPeople } from "../../../../lib/registry/search.ts";

/** The registry's filters, and where the people are enrolled (as beneficiaries). */
const Query = PeopleQuery.extend({
  service_id: z.uuid().optional().describe(
    "Only beneficiaries of an enrollment (not withdrawn) in this service",
  ),
  site_id: z.uuid().optional().describe("Only beneficiaries of an enrollment at this site"),
  class_id: z.uuid().optional().describe("Only beneficiaries of an enrollment in this class"),
});

export const handler = defineApi({
  GET: {
    summary: "Search the people of the Ente's registry",
    description: "Staff and API keys with the read scope. `q` takes names in any order or the " +
      "start of a codice fiscale (omocodic forms match too); filters combine (`service_id`, " +
      "`site_id` and `class_id` must hold for the same current enrollment). Ordered by " +
      "surname and name, keyset pagination: pass `next_cursor` back as `cursor`. Merged " +
      "records are left out unless `include_merged=true`.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: Query,
    response: PeoplePage,
    async run({ query, claims, state }) {
      const page = await state.db.asUser(claims, (tx) =>
        listPeople(tx, {
          q: query.q,
          taxCode: query.tax_code,
          kind: query.kind,
          householdId: query.household_id,
          inHousehold: query.in_household,
          resident: query.resident,
          serviceId: query.service_id,
          siteId: query.site_id,
          classId: query.class_id,
          includeMerged: query.include_merged,
        }, { limit: query.limit, after: query.cursor, before: query.before }));
      return {
        items: page.items,
        total: page.total ?? 0,
        total_capped: page.totalCapped,
        next_cursor: page.next,
        prev_cursor: page.prev,
      };
    },
  },
  POST: {
    summary: "Add a person to the registry",
    description: "The codice fiscale is checked (checksum, omocodia) and, when birth date, sex " +
      "or place of birth are given, must agree with them; missing ones are read from it. 422 " +
      "lists every problem with its field; 409 `duplicate_tax_code` when the code (in any " +
      "omocodic form) is already registered, with `existing` naming that record and its links.",
    tags: ["registry"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: PersonBody,
    response: PersonSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state }) {
      try {
        const values = valid(checkPerson(body));
        return await state.db.asUser(claims, (tx) => createPerson(tx, values));
      } catch (e) {
        throw apiError(e);
      }
    },
  },
});

import { defineApi } from "../../../../lib/api/define_api.ts";
import { HttpError } from "../../../../lib/http/define.ts";
import { apiRankingError } from "../../../../lib/rankings/errors.ts";
import { getRules, saveRules } from "../../../../lib/rankings/rankings.ts";
import { CriteriaBody, CriteriaQuery, CriteriaSchema } from "../../../../lib/rankings/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "Ranking criteria of a service for a school year",
    description: "404 when none were configured yet.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "read" },
    query: CriteriaQuery,
    response: CriteriaSchema,
    errors: [404],
    async run({ query, claims, state }) {
      const rules = await state.db.asUser(
        claims,
        (tx) => getRules(tx, query.service_id, query.school_year_id),
      );
      if (!rules) throw new HttpError(404, "No criteria configured", { code: "not_found" });
      return { service_id: query.service_id, school_year_id: query.school_year_id, rules };
    },
  },
  PUT: {
    summary: "Set the ranking criteria of a service for a school year",
    description: "Replaces the rules. 422 lists every problem (`errors[].path` such as " +
      "`rules.criteria.2.points`): unknown kinds, duplicate codes, points outside 0–1000, " +
      "overlapping age ranges, both older and younger child as tie-breakers, offer days " +
      "outside 1–60. Rankings already computed keep the rules they were computed with.",
    tags: ["rankings"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    body: CriteriaBody,
    response: CriteriaSchema,
    errors: [404],
    async run({ body, claims, state }) {
      try {
        const rules = await state.db.asUser(
          claims,
          (tx) => saveRules(tx, body.service_id, body.school_year_id, body.rules, claims.sub),
        );
        return { service_id: body.service_id, school_year_id: body.school_year_id, rules };
      } catch (e) {
        const x = apiRankingError(e);
        if (x instanceof HttpError && Array.isArray(x.extra?.errors)) {
          for (const err of x.extra.errors as { path: string }[]) err.path = `rules.${err.path}`;
        }
        throw x;
      }
    },
  },
});

import { defineApi } from "../../../../lib/api/define_api.ts";
import { auditRead, listAttestations } from "../../../../lib/inps/attestations.ts";
import { AttestationList, AttestationQuery } from "../../../../lib/inps/schemas.ts";

export const handler = defineApi({
  GET: {
    summary: "ISEE attestations",
    description: "Newest first, filtered by status, source, kind, person or text. Staff see " +
      "the Ente's, a family its household's. Every attestation returned is written to the " +
      "audit log (`view`, `isee_attestations`): ISEE values are economic data of families.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    query: AttestationQuery,
    response: AttestationList,
    async run({ query, claims, state }) {
      return await state.db.asUser(claims, async (tx) => {
        const items = await listAttestations(tx, {
          status: query.status,
          source: query.source,
          kind: query.kind,
          personId: query.person_id,
          q: query.q,
          limit: query.limit,
        });
        await auditRead(tx, items.map((a) => a.id), { via: "api" });
        return { items };
      });
    },
  },
});

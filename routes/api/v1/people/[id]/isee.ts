import { defineApi, IdParams } from "../../../../../lib/api/define_api.ts";
import { retrieveIsee } from "../../../../../lib/inps/attestations.ts";
import { inpsGateway } from "../../../../../lib/inps/gateway.ts";
import { apiIseeError, RetrieveBody, RetrieveResponse } from "../../../../../lib/inps/schemas.ts";

export const handler = defineApi({
  POST: {
    summary: "Retrieve a person's ISEE from INPS (PDND)",
    description: "Asks INPS (ConsultazioneIndicatore, then ConsultazioneAttestazione for " +
      "omissioni/difformità) through PDND and stores the answer as an attestation: `valid` " +
      "with value, DSU protocol and validity to 31 December of the DSU's year, or " +
      "`not_found`. A previous valid attestation of the same kind becomes `superseded`. " +
      "INPS failures store nothing and answer 503 `database_offline`, 504 `timeout`, 502…, " +
      "with `message_it` and `transient`.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator"], apiKey: "write" },
    params: IdParams,
    body: RetrieveBody,
    response: RetrieveResponse,
    status: 201,
    errors: [404, 502, 503, 504],
    async run({ params, body, claims, state }) {
      try {
        return await retrieveIsee(state.db, claims, await inpsGateway(state.config), {
          personId: params.id,
          kind: body.kind,
          serviceKind: body.service_kind,
          validOn: body.valid_on,
          applicationProtocol: body.application_protocol,
        });
      } catch (e) {
        throw apiIseeError(e);
      }
    },
  },
});

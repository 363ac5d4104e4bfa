import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  listCommunications,
  previewAudience,
  sendCommunication,
} from "../../../../lib/diary/communications.ts";
import { checkNotice, refusalOf } from "../../../../lib/diary/rules.ts";
import {
  CommunicationList,
  CommunicationsQuery,
  NewCommunicationBody,
  problemsError,
  SendResult,
} from "../../../../lib/diary/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

const forbidden = () =>
  new HttpError(403, "You cannot write to the families of this service, site or class", {
    code: "forbidden",
  });

export const handler = defineApi({
  GET: {
    summary: "Communications to families",
    description:
      "Newest first, with how many adults each reached and how many read it in the portal. " +
      "Staff see every communication of the Ente, a provider those of its services, a family " +
      "member those they received (with their own `read_at`).",
    tags: ["communications"],
    access: { roles: ["admin", "operator", "provider", "family"], apiKey: "read" },
    query: CommunicationsQuery,
    response: CommunicationList,
    async run({ query, claims, state }) {
      const items = await state.db.asUser(claims, (tx) =>
        listCommunications(tx, {
          service_id: query.service_id ?? null,
          limit: query.limit,
          offset: query.offset,
        }));
      return { items, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Send a communication to the families of a service, site or class",
    description:
      "Reaches both parents (or guardians) and the payer of every child enrolled today: by " +
      "e-mail (queued in the outbox) and in their portal. `dry_run: true` only previews the " +
      "number of recipients. 422 `notice.disabled` when the service has communications switched " +
      "off, `notice.no_recipients` when nobody is enrolled; 403 for a provider writing to " +
      "another company's service, or to a site or class where no child is enrolled today in " +
      "one of its services (the choices are in `GET /api/v1/communications/targets`).",
    tags: ["communications"],
    access: { roles: ["admin", "operator", "provider"], apiKey: "write" },
    body: NewCommunicationBody,
    response: SendResult,
    status: 201,
    async run({ body, claims, state }) {
      const text = checkNotice(body);
      if (!text.ok) throw problemsError(text.problems);
      if (body.site_id && body.class_id) {
        throw problemsError({
          site_id: {
            code: "notice.site_and_class",
            it: "Scegli un plesso oppure una classe, non entrambi.",
            en: "Choose a site or a class, not both.",
          },
        });
      }
      const audience = {
        service_id: body.service_id,
        site_id: body.site_id ?? null,
        class_id: body.class_id ?? null,
      };
      try {
        return await state.db.asUser(claims, async (tx) => {
          const preview = await previewAudience(tx, audience);
          if (body.dry_run) return { communication: null, preview };
          return { communication: await sendCommunication(tx, audience, text.value), preview };
        });
      } catch (e) {
        const refusal = refusalOf(e);
        if (refusal) throw problemsError({ service_id: refusal });
        if ((e as { code?: string }).code === "42501") throw forbidden();
        throw e;
      }
    },
  },
});

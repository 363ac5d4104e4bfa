import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  applicationIdByKey,
  checkApplication,
  createApplication,
  getApplication,
  submitApplication,
} from "../../../../lib/enrollment/applications.ts";
import { apiEnrollmentError } from "../../../../lib/enrollment/errors.ts";
import {
  ApplicationPage,
  ApplicationsQuery,
  listApplications,
} from "../../../../lib/enrollment/list.ts";
import { ApplicationInput, ApplicationSchema } from "../../../../lib/enrollment/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

export const handler = defineApi({
  GET: {
    summary: "Applications (domande), in order of receipt",
    description: "Staff and API keys with the read scope see the Ente's applications; a family " +
      "only those of its households. Ordered by the server's receipt time. Filter by service, " +
      "school year, kind, `outcome` (applications with at least one item with that outcome, of " +
      "the chosen service when given), status, receipt days (Europe/Rome) and `q`.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "read" },
    query: ApplicationsQuery,
    response: ApplicationPage,
    async run({ query, claims, state }) {
      const { items, total } = await state.db.asUser(claims, (tx) =>
        listApplications(tx, {
          serviceId: query.service_id,
          schoolYearId: query.school_year_id,
          kind: query.kind,
          outcome: query.outcome,
          status: query.status,
          submittedFrom: query.submitted_from,
          submittedTo: query.submitted_to,
          q: query.q,
        }, { limit: query.limit, offset: query.offset }));
      return { items, total, limit: query.limit, offset: query.offset };
    },
  },
  POST: {
    summary: "Submit an application (domanda di iscrizione)",
    description: "Creates and submits in one step an application for one or more children and " +
      "services. A family applies for its own household, within each service's enrollment " +
      "window; staff and API keys with the write scope may also apply outside it (counter, " +
      "imports). Send an `Idempotency-Key` header (8–200 characters): a retry with the same " +
      "key returns the application already submitted, never a second one. The answer carries " +
      "the protocol number and the server's receipt time, which orders applications. 409 " +
      "`duplicate_application` when a child already has a live application for the same " +
      "service and year, `window_closed` outside the window; 422 lists every invalid field.",
    tags: ["enrollment"],
    access: { roles: ["admin", "operator", "family"], apiKey: "write" },
    body: ApplicationInput,
    response: ApplicationSchema,
    status: 201,
    errors: [409],
    async run({ body, claims, state, c }) {
      const key = c.req.header("idempotency-key") ?? null;
      if (key !== null && !KEY.test(key)) {
        throw new HttpError(422, "Idempotency-Key must be 8–200 letters, digits or ._:-", {
          code: "invalid_idempotency_key",
        });
      }
      const channel = claims.app_metadata.roles.some((r) => r.startsWith("api_"))
        ? "api"
        : claims.app_metadata.roles.includes("family")
        ? "online"
        : "counter";
      const existing = async () => {
        const app = await state.db.asUser(claims, async (tx) => {
          const id = await applicationIdByKey(tx, key!);
          return id ? await getApplication(tx, id) : null;
        });
        if (!app) throw new HttpError(409, "Idempotency-Key already used", { code: "conflict" });
        return app;
      };
      try {
        return await state.db.asUser(claims, async (tx) => {
          if (key) {
            const id = await applicationIdByKey(tx, key);
            if (id) return (await getApplication(tx, id))!;
          }
          await checkApplication(tx, body);
          const id = await createApplication(tx, body, {
            userId: claims.sub,
            channel,
            idempotencyKey: key,
          });
          // Read the draft back before submitting: the submission takes the Ente's protocol
          // counter, whose lock lasts until commit, so nothing else may run after it.
          const draft = (await getApplication(tx, id))!;
          const done = await submitApplication(tx, id);
          return {
            ...draft,
            status: "submitted" as const,
            protocol_number: done.protocol_number,
            submitted_at: done.submitted_at,
            items: draft.items.map((i) => ({ ...i, outcome: "pending" as const })),
          };
        });
      } catch (e) {
        const err = e as { code?: string; message?: string; constraint_name?: string };
        if (
          key && err.code === "23505" && /idempotency_key/.test(
            `${err.constraint_name ?? ""} ${(e as { constraint?: string }).constraint ?? ""} ${
              err.message ?? ""
            }`,
          )
        ) {
          return await existing();
        }
        throw apiEnrollmentError(e);
      }
    },
  },
});

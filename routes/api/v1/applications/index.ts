import { defineApi } from "../../../../lib/api/define_api.ts";
import {
  applicationIdByKey,
  checkApplication,
  createApplication,
  getApplication,
  submitApplication,
} from "../../../../lib/enrollment/applications.ts";
import { apiEnrollmentError } from "../../../../lib/enrollment/errors.ts";
import { ApplicationInput, ApplicationSchema } from "../../../../lib/enrollment/schemas.ts";
import { HttpError } from "../../../../lib/http/define.ts";

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

export const handler = defineApi({
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
          await submitApplication(tx, id);
          return (await getApplication(tx, id))!;
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

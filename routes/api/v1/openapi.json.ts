import { z } from "zod";
import { defineApi } from "../../../lib/api/define_api.ts";
import { buildOpenApi } from "../../../lib/api/openapi.ts";
import { appRoutes } from "../../../lib/app.ts";

let cached: Record<string, unknown> | undefined;

export const handler = defineApi({
  GET: {
    summary: "This OpenAPI 3.1 document",
    tags: ["meta"],
    access: "public",
    response: z.record(z.string(), z.unknown()),
    async run({ state }) {
      return cached ??= buildOpenApi(await appRoutes(), state.config.publicUrl);
    },
  },
});

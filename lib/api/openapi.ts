import { z } from "zod";
import type { RouteTree } from "../http/fs_routes.ts";
import type { Method } from "../http/define.ts";
import { type AnyOperation, operationsOf } from "./define_api.ts";

type Json = Record<string, unknown>;

const ProblemSchema = {
  type: "object",
  description: "RFC 9457 problem details",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", description: "Stable machine-readable error code" },
    errors: {
      type: "array",
      items: {
        type: "object",
        required: ["path", "message", "code"],
        properties: {
          path: { type: "string" },
          message: { type: "string" },
          code: { type: "string" },
        },
      },
    },
  },
};

const COMMON_ERRORS: Record<number, string> = {
  400: "Malformed request (e.g. invalid JSON)",
  401: "Not authenticated, or the API key is invalid, revoked or expired",
  403: "Authenticated, but not allowed",
  404: "No such resource in your Ente",
  409: "Conflict with the current state",
  413: "Request body too large",
  415: "Unsupported media type (send the request body's documented type)",
  422: "Validation failed; see `errors`",
};

function schemaOf(s: z.ZodType, io: "input" | "output"): Json {
  const json = z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  delete json.$schema;
  return json;
}

function parametersOf(op: AnyOperation, path: string): Json[] {
  const out: Json[] = [];
  const add = (where: "path" | "query", schema?: z.ZodType) => {
    if (!schema) return;
    const json = schemaOf(schema, "input");
    const props = (json.properties ?? {}) as Record<string, Json>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      out.push({ name, in: where, required: where === "path" || required.has(name), schema: s });
    }
  };
  add("path", op.params);
  add("query", op.query);
  for (const m of path.matchAll(/\{(\w+)\}/g)) {
    if (!out.some((p) => p.in === "path" && p.name === m[1])) {
      out.push({ name: m[1], in: "path", required: true, schema: { type: "string" } });
    }
  }
  return out;
}

function operationObject(op: AnyOperation, path: string, method: Method): Json {
  const status = String(op.status ?? 200);
  const responses: Json = {
    [status]: status === "204" ? { description: "Done" } : {
      description: "Success",
      content: { "application/json": { schema: schemaOf(op.response, "output") } },
    },
  };
  if (op.accepted) {
    responses["202"] = {
      description: op.accepted.description,
      headers: { Location: { description: "Where to follow the job", schema: { type: "string" } } },
      content: { "application/json": { schema: schemaOf(op.accepted.response, "output") } },
    };
  }
  const errors = new Set<number>(op.errors ?? []);
  if (op.access !== "public") [401, 403].forEach((s) => errors.add(s));
  if (op.params || op.query || op.body) errors.add(422);
  if (op.body) [400, 413, 415].forEach((s) => errors.add(s));
  if (path.includes("{")) errors.add(404);
  for (const s of [...errors].sort()) {
    responses[String(s)] = {
      description: COMMON_ERRORS[s] ?? "Error",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  const out: Json = {
    operationId: `${method.toLowerCase()}${
      path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(\w)?/g, (_, ch) =>
        (ch ?? "").toUpperCase())
    }`,
    summary: op.summary,
    tags: op.tags,
    parameters: parametersOf(op, path),
    responses,
  };
  if (op.description) out.description = op.description;
  if (op.body) {
    out.requestBody = {
      required: true,
      content: {
        [
          op.bodyType === "multipart"
            ? "multipart/form-data"
            : op.bodyType === "csv"
            ? "text/csv"
            : "application/json"
        ]: {
          schema: schemaOf(op.body, "input"),
        },
      },
    };
  }
  if (op.access === "public") out.security = [];
  else {
    const access = op.access;
    out["x-roles"] = access.roles;
    out.security = access.apiKey
      ? [{ apiKey: [access.apiKey] }, { session: [] }]
      : [{ session: [] }];
  }
  return out;
}

/** The OpenAPI 3.1 document of every `defineApi` route under `/api/v1`. */
export function buildOpenApi(tree: RouteTree, serverUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of tree.routes) {
    if (!route.path.startsWith("/api/v1/")) continue;
    const ops = operationsOf(route.module.handler);
    if (!ops) continue;
    const path = route.path.slice("/api/v1".length).replace(/:(\w+)/g, "{$1}");
    for (const [method, op] of Object.entries(ops) as [Method, AnyOperation][]) {
      (paths[path] ??= {})[method.toLowerCase()] = operationObject(op, path, method);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Piazza API",
      version: "1.0.0",
      description:
        "REST API of Piazza, the software with which a Comune runs school and on-demand services. " +
        "Every call acts within one Ente: the Ente of the signed-in user or of the API key. " +
        "Errors are application/problem+json (RFC 9457).",
      license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: { Problem: ProblemSchema },
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "pzk_<prefix>_<secret>",
          description: "A per-Ente API key created by an administrator (Back office → Chiavi API).",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "piazza_session",
          description: "Browser session",
        },
      },
    },
  };
}

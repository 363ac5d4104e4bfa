import { z } from "zod";
import type { Claims, Role } from "../db/types.ts";
import { type Ctx, type Handlers, HttpError, type Method, type State } from "../http/define.ts";

/**
 * Who may call an operation. Session users need one of `roles`; API keys are accepted only when
 * `apiKey` names the scope they need (`read` for reads, `write` for changes).
 */
export interface Access {
  roles: readonly Role[];
  apiKey?: "read" | "write";
}

export interface ApiInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  claims: Claims;
  state: State;
  c: Ctx;
}

export interface Operation<P = unknown, Q = unknown, B = unknown, R = unknown> {
  summary: string;
  description?: string;
  tags: string[];
  /** `public` operations skip authentication (the OpenAPI document itself). */
  access: Access | "public";
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * How the body travels: JSON (the default) or `multipart/form-data` for uploads, whose fields
   * (strings, and `File`s for `z.file()` fields) are validated by `body` like JSON ones; `csv`
   * for a `text/csv` file sent as the body itself (validated as a string).
   */
  bodyType?: "json" | "multipart" | "csv";
  response: z.ZodType<R>;
  /** Success status; 200 by default, 201 for creations. */
  status?: 200 | 201 | 204;
  /**
   * Work this operation may hand to a job instead of doing it in the request: `run` then returns
   * `accepted(body, location)`, answered 202 with `body` (documented by `response`) and a
   * `Location` to follow it.
   */
  accepted?: { description: string; response: z.ZodType };
  /** Error statuses this operation can answer besides the common ones (401, 403, 422…). */
  errors?: number[];
  run(input: ApiInput<P, Q, B>): Promise<R | Accepted> | R | Accepted;
}

/** A 202 answer: the work was queued as a job; `location` is where to follow it. */
export class Accepted {
  constructor(readonly body: object, readonly location: string) {}
}

/** See `Operation.accepted`. */
export const accepted = (body: object, location: string): Accepted => new Accepted(body, location);

export const API_OPERATIONS = Symbol("apiOperations");
// deno-lint-ignore no-explicit-any
export type AnyOperation = Operation<any, any, any, any>;
export type ApiHandlers = Handlers & { [API_OPERATIONS]: Partial<Record<Method, AnyOperation>> };

/** One validation failure, as listed in a 422 problem's `errors`. */
export interface FieldError {
  path: string;
  message: string;
  code: string;
}

function fieldErrors(where: string, error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
    code: i.code,
  }));
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new HttpError(422, `The ${where} is not valid`, {
      code: "validation_failed",
      errors: fieldErrors(where, r.error),
    });
  }
  return r.data;
}

async function readJson(c: Ctx): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError(415, "The request body must be application/json", {
      code: "unsupported_media_type",
    });
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `Malformed JSON: ${(e as Error).message}`, { code: "malformed_json" });
  }
}

async function readMultipart(c: Ctx): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new HttpError(415, "The request body must be multipart/form-data", {
      code: "unsupported_media_type",
    });
  }
  try {
    return await c.req.parseBody();
  } catch (e) {
    throw new HttpError(400, `Malformed multipart body: ${(e as Error).message}`, {
      code: "malformed_body",
    });
  }
}

async function readCsv(c: Ctx): Promise<string> {
  const type = c.req.header("content-type") ?? "";
  if (!/^text\/(csv|plain)\b/i.test(type)) {
    throw new HttpError(415, "The request body must be text/csv", {
      code: "unsupported_media_type",
    });
  }
  return await c.req.text();
}

export function authorize(state: State, access: Access): Claims {
  const claims = state.claims;
  if (!claims) {
    throw new HttpError(
      401,
      "Authentication required: a session or an API key (Authorization: Bearer pzk_…)",
      {
        code: "unauthenticated",
      },
    );
  }
  const roles = claims.app_metadata.roles;
  if (state.auth === "api_key") {
    const needed = access.apiKey === "write"
      ? "api_write"
      : access.apiKey === "read"
      ? "api_read"
      : null;
    if (!needed || !roles.includes(needed)) {
      throw new HttpError(
        403,
        access.apiKey
          ? `This API key lacks the '${access.apiKey}' scope`
          : "Not available to API keys",
        {
          code: "insufficient_scope",
        },
      );
    }
    return claims;
  }
  if (!roles.some((r) => access.roles.includes(r))) {
    throw new HttpError(403, "Your role cannot perform this operation", { code: "forbidden" });
  }
  return claims;
}

function toHandler(op: AnyOperation) {
  return async (c: Ctx): Promise<Response> => {
    const state = c.get("state");
    const claims = op.access === "public" ? state.claims : authorize(state, op.access);
    const params = validate(op.params, c.req.param(), "path");
    const query = validate(op.query, Object.fromEntries(new URL(c.req.url).searchParams), "query");
    const raw = op.body &&
      (op.bodyType === "multipart"
        ? await readMultipart(c)
        : op.bodyType === "csv"
        ? await readCsv(c)
        : await readJson(c));
    const body = op.body ? validate(op.body, raw, "body") : undefined;
    const result = await op.run({ params, query, body, claims: claims!, state, c });
    if (result instanceof Accepted) {
      c.header("Location", result.location);
      return c.json(result.body, 202);
    }
    if (op.status === 204) return c.body(null, 204);
    return c.json(result as object, op.status ?? 200);
  };
}

/**
 * Declares the REST operations of a route file. The same zod schemas validate requests and
 * generate `/api/v1/openapi.json`, so the document cannot drift from the code.
 */
export function defineApi(ops: Partial<Record<Method, AnyOperation>>): ApiHandlers {
  const handlers: Handlers = {};
  for (const [method, op] of Object.entries(ops) as [Method, AnyOperation][]) {
    handlers[method] = toHandler(op);
  }
  return Object.assign(handlers, { [API_OPERATIONS]: ops });
}

export function operationsOf(handler: unknown): Partial<Record<Method, AnyOperation>> | null {
  return (handler && typeof handler === "object" && API_OPERATIONS in handler)
    ? (handler as ApiHandlers)[API_OPERATIONS]
    : null;
}

/** Common schemas. */
export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid({ error: "must be a UUID" }) });
export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

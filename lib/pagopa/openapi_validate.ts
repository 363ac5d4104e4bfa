/**
 * Validation of HTTP traffic against an OpenAPI 3.0 document (the pagoPA GPD file and its
 * siblings): path and query parameters, request bodies and response bodies of one operation, with
 * ajv. OpenAPI 3.0 is not JSON Schema: `nullable` becomes a `null` type, `readOnly` properties are
 * not required in requests (and `writeOnly` ones not in responses), `example` is dropped and
 * `$ref`s to `#/components/...` point into the converted document. Errors name the exact place
 * (`body/paymentOption/0/amount`, `query/toPublish`) so a refusal says what to fix.
 *
 * @module
 */

import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";

// deno-lint-ignore no-explicit-any
type Json = any;
// The npm packages are CommonJS with a default export.
// deno-lint-ignore no-explicit-any
const Ajv: any = (AjvModule as any).default ?? AjvModule;
// deno-lint-ignore no-explicit-any
const addFormats: any = (addFormatsModule as any).default ?? addFormatsModule;

export interface ValidationIssue {
  /** Where: `path/iupd`, `query/limit`, `header/X-Request-Id`, `body/paymentOption/0/iuv`. */
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
}

export interface MatchedOperation {
  operationId: string;
  method: string;
  template: string;
  pathParams: Record<string, string>;
}

export interface RequestToValidate {
  method: string;
  /** Path below the server base, e.g. `/organizations/0123/debtpositions`. */
  path: string;
  query?: URLSearchParams;
  headers?: Headers;
  /** Parsed JSON body; `undefined` when there is none. */
  body?: unknown;
}

type Mode = "request" | "response";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/**
 * pagoPA's specs come from Java: `\h` (horizontal space) is no JavaScript escape. Inside a class
 * it becomes the characters, outside a class a class of them.
 */
export function javaPattern(p: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === "\\" && i + 1 < p.length) {
      const next = p[++i];
      if (next === "h") out += inClass ? "\\t \\u00a0" : "[\\t \\u00a0]";
      else out += ch + next;
      continue;
    }
    if (ch === "[" && !inClass) inClass = true;
    else if (ch === "]" && inClass) inClass = false;
    out += ch;
  }
  return out;
}

/** OpenAPI 3.0 schema → JSON Schema (draft 7 as ajv reads it) for requests or responses. */
function convert(schema: Json, mode: Mode, id: string): Json {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, mode, id));
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "example" || k === "examples" || k === "xml" || k === "externalDocs") continue;
    if (k === "discriminator" || k === "deprecated") continue;
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) out.$ref = `${id}${v}`;
    else if (k === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(v as Json).map(([p, s]) => [p, convert(s, mode, id)]),
      );
    } else if (k === "pattern" && typeof v === "string") out.pattern = javaPattern(v);
    else if (k === "readOnly" || k === "writeOnly" || k === "nullable") continue;
    else out[k] = convert(v, mode, id);
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (Array.isArray(schema.required) && schema.properties) {
    const skip = mode === "request" ? "readOnly" : "writeOnly";
    const required = schema.required.filter((p: string) => !schema.properties[p]?.[skip]);
    if (required.length) out.required = required;
    else delete out.required;
  }
  return out;
}

function coerce(value: string, schema: Json): unknown {
  const type = schema?.type;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value;
}

function issuesOf(prefix: string, errors: Json[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((e) => {
    let where = `${prefix}${e.instancePath}`;
    let message: string = e.message ?? "non valido";
    if (e.keyword === "required") {
      where = `${where}/${e.params.missingProperty}`;
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      where = `${where}/${e.params.additionalProperty}`;
      message = "is not allowed";
    } else if (e.keyword === "enum") {
      message = `must be one of ${e.params.allowedValues.map(String).join(", ")}`;
    }
    return { path: where, message };
  });
}

/** One OpenAPI 3.0 document, compiled on demand per schema. */
export class OpenApiValidator {
  readonly doc: Json;
  // deno-lint-ignore no-explicit-any
  #ajv: any;
  #compiled = new Map<string, (data: unknown) => boolean>();
  #ops: { method: string; template: string; re: RegExp; names: string[]; op: Json; item: Json }[];

  constructor(doc: Json) {
    this.doc = doc;
    this.#ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    this.#ajv.addFormat("int64", { type: "number", validate: Number.isSafeInteger });
    for (const mode of ["request", "response"] as const) {
      const id = `openapi-${mode}`;
      this.#ajv.addSchema({ $id: id, components: convert(doc.components ?? {}, mode, id) });
    }
    this.#ops = [];
    for (const [template, item] of Object.entries<Json>(doc.paths ?? {})) {
      const names: string[] = [];
      const re = new RegExp(
        "^" + template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, n) => {
          names.push(n);
          return "([^/]+)";
        }) + "/?$",
      );
      for (const method of METHODS) {
        if (item[method]) this.#ops.push({ method, template, re, names, op: item[method], item });
      }
    }
    // Literal segments win over parameters (`/debtpositions/transfers` before `/{iupd}`).
    this.#ops.sort((a, b) => a.names.length - b.names.length);
  }

  /** Reads a document from disk (a file URL or path). */
  static fromFile(file: string | URL): OpenApiValidator {
    return new OpenApiValidator(JSON.parse(Deno.readTextFileSync(file)));
  }

  #validator(schema: Json, mode: Mode): (data: unknown) => boolean {
    const key = `${mode}:${JSON.stringify(schema)}`;
    let v = this.#compiled.get(key);
    if (!v) {
      v = this.#ajv.compile(convert(schema, mode, `openapi-${mode}`)) as (d: unknown) => boolean;
      this.#compiled.set(key, v);
    }
    return v;
  }

  #check(schema: Json, mode: Mode, data: unknown, prefix: string): ValidationIssue[] {
    const v = this.#validator(schema, mode);
    // deno-lint-ignore no-explicit-any
    return v(data) ? [] : issuesOf(prefix, (v as any).errors);
  }

  /** The operation answering `method path`, with its path parameters; null when none. */
  match(method: string, path: string): MatchedOperation | null {
    const m = method.toLowerCase();
    for (const o of this.#ops) {
      if (o.method !== m) continue;
      const hit = o.re.exec(path);
      if (!hit) continue;
      const pathParams: Record<string, string> = {};
      o.names.forEach((n, i) => pathParams[n] = decodeURIComponent(hit[i + 1]));
      return { operationId: o.op.operationId, method: m, template: o.template, pathParams };
    }
    return null;
  }

  #find(operationId: string) {
    const o = this.#ops.find((x) => x.op.operationId === operationId);
    if (!o) throw new Error(`Operazione OpenAPI sconosciuta: ${operationId}`);
    return o;
  }

  /** Validates parameters and body of a request; unknown routes are an error on `path`. */
  validateRequest(
    req: RequestToValidate,
  ): ValidationResult & { operation: MatchedOperation | null } {
    const operation = this.match(req.method, req.path);
    if (!operation) {
      return {
        valid: false,
        operation,
        errors: [{ path: "path", message: `no operation ${req.method} ${req.path}` }],
      };
    }
    const o = this.#find(operation.operationId);
    const errors: ValidationIssue[] = [];
    const params: Json[] = [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])];
    for (const p of params) {
      let raw: string | null | undefined;
      if (p.in === "path") raw = operation.pathParams[p.name];
      else if (p.in === "query") raw = req.query?.get(p.name);
      else if (p.in === "header") raw = req.headers?.get(p.name);
      else continue;
      const where = `${p.in}/${p.name}`;
      if (raw === null || raw === undefined) {
        if (p.required) errors.push({ path: where, message: "is required" });
        continue;
      }
      if (p.schema) errors.push(...this.#check(p.schema, "request", coerce(raw, p.schema), where));
    }
    const rb = o.op.requestBody;
    if (rb) {
      const schema = rb.content?.["application/json"]?.schema;
      if (req.body === undefined) {
        if (rb.required) errors.push({ path: "body", message: "is required" });
      } else if (schema) errors.push(...this.#check(schema, "request", req.body, "body"));
    }
    return { valid: errors.length === 0, errors, operation };
  }

  /** Validates a response body against the operation's declared response for `status`. */
  validateResponse(operationId: string, status: number, body: unknown): ValidationResult {
    const o = this.#find(operationId);
    const r = o.op.responses?.[String(status)] ?? o.op.responses?.default;
    if (!r) {
      return {
        valid: false,
        errors: [{ path: "status", message: `status ${status} not declared by ${operationId}` }],
      };
    }
    const schema = r.content?.["application/json"]?.schema;
    if (!r.content) {
      return body === undefined || body === null || body === ""
        ? { valid: true, errors: [] }
        : { valid: false, errors: [{ path: "body", message: "no content declared" }] };
    }
    if (!schema) return { valid: true, errors: [] };
    const errors = this.#check(schema, "response", body, "body");
    return { valid: errors.length === 0, errors };
  }

  /** Validates a body against a named component schema (`PaymentPositionModel`). */
  validateSchema(name: string, data: unknown, mode: Mode = "request"): ValidationResult {
    const errors = this.#check({ $ref: `#/components/schemas/${name}` }, mode, data, "body");
    return { valid: errors.length === 0, errors };
  }
}

let gpd: OpenApiValidator | undefined;

/** The GPD v1 debt positions API (`simulators/openapi/gpd.json`, copied unchanged from pagoPA). */
export function gpdValidator(): OpenApiValidator {
  return gpd ??= OpenApiValidator.fromFile(
    new URL("../../simulators/openapi/gpd.json", import.meta.url),
  );
}

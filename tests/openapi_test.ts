import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { testApp } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";

type Json = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

async function openApiDocument(db: Parameters<typeof testApp>[0]): Promise<Json> {
  const { app } = await testApp(db);
  const res = await app.request("/api/v1/openapi.json");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /application\/json/);
  return await res.json();
}

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      if (item[method]) out.push({ path, method, op: item[method] as Json });
    }
  }
  return out;
}

/** Every `$ref` anywhere in the document, with where it was found. */
function refs(node: unknown, at = "#"): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [{ ref: v, at }] : refs(v, `${at}/${k}`)
  );
}

/** RFC 6901 JSON pointer inside the same document (`#/components/schemas/Problem`). */
function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!node || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

dbTest("the OpenAPI document is 3.1.0 and valid against the official schema", async (db) => {
  const doc = await openApiDocument(db);
  assert.equal(doc.openapi, "3.1.0");
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(validator.version, "3.1");
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));

  // The validator does reject a broken document (so the check above means something).
  const broken = structuredClone(doc);
  delete broken.info;
  (broken.paths as Json)["no-leading-slash"] = {};
  assert.equal((await new Validator().validate(broken)).valid, false);
});

dbTest("every operation is documented, identified and reachable", async (db) => {
  const doc = await openApiDocument(db);
  const ops = operations(doc);
  assert.ok(ops.length >= 6, `found ${ops.length} operations`);
  const ids = new Set<string>();
  for (const { path, method, op } of ops) {
    const where = `${method.toUpperCase()} ${path}`;
    assert.equal(typeof op.operationId, "string", `${where}: operationId`);
    assert.ok(!ids.has(op.operationId as string), `${where}: operationId is unique`);
    ids.add(op.operationId as string);
    assert.ok(typeof op.summary === "string" && op.summary.length > 0, `${where}: summary`);
    assert.ok(Array.isArray(op.tags) && op.tags.length > 0, `${where}: tags`);

    const responses = op.responses as Record<string, Json>;
    const success = Object.entries(responses).filter(([s]) => /^2\d\d$/.test(s));
    assert.ok(success.length > 0, `${where}: a success response`);
    for (const [status, r] of success) {
      if (status === "204") {
        assert.equal(r.content, undefined, `${where}: 204 has no body`);
        continue;
      }
      const content = r.content as Record<string, Json> | undefined;
      const schema = content?.["application/json"]?.schema;
      assert.ok(schema && typeof schema === "object", `${where} ${status}: a JSON schema`);
    }
    for (const [status, r] of Object.entries(responses).filter(([s]) => /^[45]\d\d$/.test(s))) {
      const content = r.content as Record<string, Json>;
      assert.ok(content["application/problem+json"], `${where} ${status}: problem+json`);
    }

    const params = (op.parameters ?? []) as Json[];
    for (const m of path.matchAll(/\{(\w+)\}/g)) {
      const p = params.find((x) => x.in === "path" && x.name === m[1]);
      assert.ok(p, `${where}: path parameter {${m[1]}} declared`);
      assert.equal(p.required, true, `${where}: {${m[1]}} required`);
      assert.ok(p.schema, `${where}: {${m[1]}} has a schema`);
    }
    for (const p of params.filter((x) => x.in === "path")) {
      assert.ok(path.includes(`{${p.name}}`), `${where}: declared {${p.name}} is in the path`);
    }
    if (op.security && (op.security as unknown[]).length) {
      assert.ok(responses["401"], `${where}: a protected operation documents 401`);
    }
  }
});

dbTest("every $ref and security scheme resolves inside the document", async (db) => {
  const doc = await openApiDocument(db);
  const all = refs(doc);
  assert.ok(all.length > 0, "the document uses $ref (errors point at Problem)");
  for (const { ref, at } of all) {
    assert.ok(resolve(doc, ref) !== undefined, `${ref} (at ${at}) resolves`);
  }
  const schemes = (doc.components as Json).securitySchemes as Json;
  for (const { path, method, op } of operations(doc)) {
    for (const req of (op.security ?? []) as Record<string, string[]>[]) {
      for (const name of Object.keys(req)) {
        assert.ok(schemes[name], `${method} ${path}: security scheme ${name} exists`);
      }
    }
  }
});

dbTest("the key and audit operations are described as implemented", async (db) => {
  const doc = await openApiDocument(db);
  const paths = doc.paths as Record<string, Record<string, Json>>;
  assert.deepEqual(Object.keys(paths["/api-keys"]).sort(), ["get", "post"]);
  assert.deepEqual(Object.keys(paths["/api-keys/{id}"]).sort(), ["delete", "get"]);
  assert.ok(paths["/audit-log"].get);

  const create = paths["/api-keys"].post;
  assert.ok((create.responses as Json)["201"]);
  assert.deepEqual(create.security, [{ session: [] }], "API keys cannot mint keys");
  assert.ok(create.requestBody);
  assert.ok(((paths["/api-keys/{id}"].delete.responses) as Json)["204"]);

  const audit = paths["/audit-log"].get;
  assert.deepEqual(audit.security, [{ apiKey: ["read"] }, { session: [] }]);
  const names = (audit.parameters as Json[]).map((p) => p.name).sort();
  assert.deepEqual(names, [
    "action",
    "actor",
    "actor_id",
    "cursor",
    "entity",
    "from",
    "limit",
    "to",
  ]);
});

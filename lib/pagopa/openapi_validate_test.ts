import assert from "node:assert/strict";
import { gpdValidator, javaPattern, OpenApiValidator } from "./openapi_validate.ts";

const SAMPLE = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/gpd_v1_createPosition_mensa.json", import.meta.url)),
);
delete SAMPLE._comment;
const BASE = "/organizations/99999000013/debtpositions";

Deno.test("the authored GPD sample validates as a createPosition request", () => {
  const r = gpdValidator().validateRequest({
    method: "POST",
    path: BASE,
    query: new URLSearchParams({ toPublish: "true" }),
    body: SAMPLE,
  });
  assert.deepEqual(r.errors, []);
  assert.equal(r.operation?.operationId, "createPosition");
});

Deno.test("a bad body is refused with the precise path of each error", () => {
  const body = structuredClone(SAMPLE);
  body.paymentOption[1].amount = 0;
  delete body.paymentOption[2].iuv;
  body.type = "X";
  body.paymentOption[0].transfer[0].iban = "IT60 X054";
  body.paymentOption[0].dueDate = "2025-10-31";
  const r = gpdValidator().validateRequest({ method: "POST", path: BASE, body });
  assert.equal(r.valid, false);
  const paths = r.errors.map((e) => e.path).sort();
  assert.deepEqual(paths, [
    "body/paymentOption/0/dueDate",
    "body/paymentOption/0/transfer/0/iban",
    "body/paymentOption/1/amount",
    "body/paymentOption/2/iuv",
    "body/type",
  ]);
  assert.match(r.errors.find((e) => e.path === "body/type")!.message, /F, G/);
  assert.equal(r.errors.find((e) => e.path === "body/paymentOption/2/iuv")!.message, "is required");
});

Deno.test("readOnly properties are not required in requests, required ones are", () => {
  const v = new OpenApiValidator({
    openapi: "3.0.1",
    paths: {},
    components: {
      schemas: {
        A: {
          type: "object",
          required: ["id", "name"],
          properties: {
            id: { type: "string", readOnly: true },
            name: { type: "string", nullable: true },
            ref: { $ref: "#/components/schemas/B" },
          },
        },
        B: { type: "integer", format: "int32", example: 3 },
      },
    },
  });
  assert.equal(v.validateSchema("A", { name: "x" }, "request").valid, true);
  assert.deepEqual(v.validateSchema("A", { name: "x" }, "response").errors, [
    { path: "body/id", message: "is required" },
  ]);
  assert.equal(v.validateSchema("A", { name: null }, "request").valid, true);
  assert.equal(v.validateSchema("A", { name: "x", ref: 2 ** 33 }).errors[0].path, "body/ref");
  assert.equal(v.validateSchema("A", { name: "x", ref: 7 }).valid, true);
});

Deno.test("parameters: path, query coercion, enums and limits", () => {
  const v = gpdValidator();
  const list = (q: Record<string, string>) =>
    v.validateRequest({ method: "GET", path: BASE, query: new URLSearchParams(q) });
  assert.equal(list({ limit: "50", page: "0", status: "VALID" }).valid, true);
  assert.deepEqual(list({ limit: "51" }).errors.map((e) => e.path), ["query/limit"]);
  assert.deepEqual(list({ status: "NOPE" }).errors.map((e) => e.path), ["query/status"]);
  assert.deepEqual(list({ due_date_from: "31/10/2026" }).errors.map((e) => e.path), [
    "query/due_date_from",
  ]);
  const pub = v.validateRequest({ method: "POST", path: `${BASE}/IUPD-1/publish` });
  assert.equal(pub.operation?.operationId, "publishPosition");
  assert.deepEqual(pub.operation?.pathParams, {
    organizationfiscalcode: "99999000013",
    iupd: "IUPD-1",
  });
  const create = v.validateRequest({
    method: "POST",
    path: BASE,
    query: new URLSearchParams({ toPublish: "maybe" }),
  });
  assert.deepEqual(create.errors.map((e) => e.path).sort(), ["body", "query/toPublish"]);
  assert.equal(v.validateRequest({ method: "GET", path: "/nowhere" }).errors[0].path, "path");
});

Deno.test("responses: declared statuses and schemas", () => {
  const v = gpdValidator();
  assert.equal(v.validateResponse("createPosition", 201, SAMPLE).valid, true);
  assert.equal(
    v.validateResponse("createPosition", 409, { title: "Conflict", status: 409, detail: "dup" })
      .valid,
    true,
  );
  assert.deepEqual(v.validateResponse("createPosition", 404, {}).errors[0].path, "status");
  assert.equal(v.validateResponse("createPosition", 401, undefined).valid, true);
  const bad = v.validateResponse("getOrganizationDebtPositionByIUPD", 200, {
    iupd: "x",
    status: "SOMETHING",
    paymentOption: [{ amount: "12" }],
  });
  assert.deepEqual(bad.errors.map((e) => e.path).sort(), [
    "body/paymentOption/0/amount",
    "body/status",
  ]);
  // The list requires page_info.
  assert.deepEqual(
    v.validateResponse("getOrganizationDebtPositions", 200, { payment_position_list: [] }).errors,
    [{ path: "body/page_info", message: "is required" }],
  );
});

Deno.test("Java's \\h in pagoPA patterns is translated", () => {
  assert.equal(javaPattern("[\\w*\\h-]+"), "[\\w*\\t \\u00a0-]+");
  assert.equal(javaPattern("^a\\hb$"), "^a[\\t \\u00a0]b$");
  assert.equal(javaPattern("^\\d+\\.\\d{2}$"), "^\\d+\\.\\d{2}$");
  const r = gpdValidator().validateRequest({ method: "GET", path: `${BASE}/PZ-1` });
  assert.deepEqual(r.errors, []);
});

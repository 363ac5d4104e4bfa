import assert from "node:assert/strict";
import { gpdFromEnv } from "./gpd_client.ts";

Deno.test("GPD settings from the environment", () => {
  assert.equal(gpdFromEnv({}), null);
  assert.deepEqual(
    gpdFromEnv({ GPD_URL: "https://api.example/gpd/v1/", GPD_SUBSCRIPTION_KEY: "k" }),
    {
      baseUrl: "https://api.example/gpd/v1",
      subscriptionKey: "k",
      timeoutMs: 10_000,
    },
  );
  assert.throws(() => gpdFromEnv({ GPD_URL: "https://x" }), /GPD_SUBSCRIPTION_KEY/);
  assert.throws(() => gpdFromEnv({ GPD_SUBSCRIPTION_KEY: "k" }), /GPD_URL/);
  assert.throws(() => gpdFromEnv({ GPD_URL: "ftp://x", GPD_SUBSCRIPTION_KEY: "k" }), /https/);
  assert.throws(
    () => gpdFromEnv({ GPD_URL: "https://x", GPD_SUBSCRIPTION_KEY: "k", GPD_TIMEOUT_MS: "5" }),
    /GPD_TIMEOUT_MS/,
  );
});

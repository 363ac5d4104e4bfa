import assert from "node:assert/strict";
import { HttpError } from "./define.ts";
import { refuseTruncated } from "./export_limit.ts";

const it = (i: string) => i;

Deno.test("refuseTruncated: up to the limit is a whole list; one more is refused, in Italian", () => {
  refuseTruncated(0, 3, it);
  refuseTruncated(3, 3, it);
  assert.throws(
    () => refuseTruncated(100_001, 100_000, it),
    (e) =>
      e instanceof HttpError && e.status === 422 && e.extra.code === "export_too_large" &&
      e.message.startsWith("L'elenco supera 100.000 righe: restringi i filtri"),
  );
});

import assert from "node:assert/strict";
import jsQRModule from "jsqr";
import { darkRuns, parseQrPayload, QR_MODULES, qrMatrix, qrPayload } from "./qr.ts";

const VECTORS = JSON.parse(
  await Deno.readTextFile(
    new URL("testdata/specs/pagopa_test_vectors.json", import.meta.url),
  ),
) as { qr_valid: { payload: string }[]; qr_invalid: { payload: string; reason: string }[] };

type Decode = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ??
  (jsQRModule as unknown as Decode);

Deno.test("qrPayload: the pagoPA format", () => {
  assert.equal(
    qrPayload("302250900000000152", "99999000013", 8550),
    "PAGOPA|002|302250900000000152|99999000013|8550",
  );
  assert.equal(
    qrPayload("302032002700000251", "03334231200", 11),
    "PAGOPA|002|302032002700000251|03334231200|11",
  );
  assert.throws(() => qrPayload("302250900000000153", "99999000013", 8550), /controllo/);
  assert.throws(() => qrPayload("302250900000000152", "9999900001", 8550), /11 cifre/);
  assert.throws(() => qrPayload("302250900000000152", "99999000013", 0), /tra 0,01/);
});

Deno.test("parseQrPayload: official valid and invalid vectors", () => {
  for (const v of VECTORS.qr_valid) assert.ok(parseQrPayload(v.payload).ok, v.payload);
  for (const v of VECTORS.qr_invalid) assert.equal(parseQrPayload(v.payload).ok, false, v.reason);
  const p = parseQrPayload("PAGOPA|002|302032002700000251|03334231200|0001");
  assert.ok(p.ok && p.cents === 1);
});

/** Renders a matrix to RGBA with a quiet zone, as a scanner would see it. */
function raster(m: boolean[][], scale = 4, quiet = 4) {
  const n = m.length + 2 * quiet;
  const size = n * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  m.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + quiet) * scale + y) * size + (c + quiet) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    })
  );
  return { data, size };
}

Deno.test("qrMatrix: version 4 (33×33), decodes back to the payload", () => {
  for (
    const payload of [
      "PAGOPA|002|302250900000000152|99999000013|8550",
      "PAGOPA|002|312210209926737900|01199250158|9999999999",
    ]
  ) {
    const m = qrMatrix(payload);
    assert.equal(m.length, QR_MODULES);
    assert.equal(QR_MODULES, 33);
    assert.ok(m.every((r) => r.length === 33));
    const { data, size } = raster(m);
    assert.equal(jsQR(data, size, size)?.data, payload);
  }
});

Deno.test("darkRuns covers exactly the dark modules", () => {
  const m = qrMatrix("PAGOPA|002|302250900000000152|99999000013|8550");
  const runs = darkRuns(m);
  const rebuilt = m.map((r) => r.map(() => false));
  for (const [r, c, len] of runs) for (let i = 0; i < len; i++) rebuilt[r][c + i] = true;
  assert.deepEqual(rebuilt, m);
  assert.ok(runs.length < m.flat().filter(Boolean).length);
});

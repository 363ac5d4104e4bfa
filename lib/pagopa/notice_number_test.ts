import assert from "node:assert/strict";
import {
  formatNoticeNumber,
  isOwnNoticeNumber,
  iuvOf,
  iuvOfNav,
  MAX_BASE,
  mod93,
  noticeNumber,
  parseNoticeNumber,
} from "./notice_number.ts";

const VECTORS = JSON.parse(
  await Deno.readTextFile(
    new URL("testdata/specs/pagopa_test_vectors.json", import.meta.url),
  ),
) as {
  notice_numbers: {
    nav: string;
    auxDigit?: string;
    segregationCode?: string;
    iuvBase?: string;
    iuv?: string;
    valid_syntax: boolean;
    expectedCheckDigit?: string;
    checkDigitOK?: boolean;
  }[];
};

Deno.test("official vectors: syntax, check digits and IUV", () => {
  for (const v of VECTORS.notice_numbers) {
    const p = parseNoticeNumber(v.nav);
    if (!v.valid_syntax) {
      assert.equal(p.ok, false, v.nav);
      continue;
    }
    if (v.expectedCheckDigit) assert.equal(mod93(v.nav.slice(0, 16)), v.expectedCheckDigit, v.nav);
    if (v.checkDigitOK === false) {
      assert.equal(p.ok, false, v.nav);
      if (!p.ok) assert.equal(p.code, "check_digit");
      continue;
    }
    assert.ok(p.ok, v.nav);
    assert.equal(p.auxDigit, Number(v.auxDigit));
    if (v.iuv) assert.equal(p.iuv, v.iuv, v.nav);
    if (v.auxDigit === "3") {
      assert.equal(p.segregationCode, v.segregationCode);
      assert.equal(noticeNumber(v.segregationCode!, Number(v.iuvBase)), v.nav);
    }
  }
});

Deno.test("noticeNumber builds aux 3 numbers with the mod-93 check", () => {
  assert.equal(noticeNumber("02", 2509000000001), "302250900000000152");
  assert.equal(noticeNumber("02", 2509000000002), "302250900000000253");
  assert.equal(noticeNumber("00", 7157000000000), "300715700000000032");
  assert.equal(noticeNumber("12", 2102099267379n), "312210209926737900");
  // Base 0 and the largest base.
  assert.equal(
    noticeNumber("07", 0),
    "307000000000000000".slice(0, 16) + mod93("3070000000000000"),
  );
  const last = noticeNumber("45", MAX_BASE);
  assert.equal(last.length, 18);
  assert.equal(last.slice(0, 16), "3459999999999999");
  assert.ok(parseNoticeNumber(last).ok);
  assert.equal(iuvOf(last), last.slice(1));
});

Deno.test("noticeNumber refuses bad inputs", () => {
  assert.throws(() => noticeNumber("2", 1), /segregazione/);
  assert.throws(() => noticeNumber("AB", 1), /segregazione/);
  assert.throws(() => noticeNumber("02", -1), /Base IUV/);
  assert.throws(() => noticeNumber("02", 1.5), /Base IUV/);
  assert.throws(() => noticeNumber("02", MAX_BASE + 1), /Base IUV/);
});

Deno.test("every generated number parses back, and one changed digit is caught", () => {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < 2000; i++) {
    const seg = String(rnd() % 46).padStart(2, "0");
    const base = (rnd() * 4657) % MAX_BASE;
    const nav = noticeNumber(seg, base);
    const p = parseNoticeNumber(nav);
    assert.ok(p.ok && p.auxDigit === 3 && p.segregationCode === seg, nav);
    assert.ok(isOwnNoticeNumber(nav, seg));
    // A single-digit error in the base changes int mod 93 (10^k is never ≡ 0 mod 93).
    const pos = 3 + (i % 13);
    const d = (Number(nav[pos]) + 1 + (i % 9)) % 10;
    const typo = nav.slice(0, pos) + d + nav.slice(pos + 1);
    if (typo !== nav) assert.equal(parseNoticeNumber(typo).ok, false, typo);
  }
});

Deno.test("parse: specific Italian messages, spaces allowed", () => {
  const e = (s: string) => {
    const p = parseNoticeNumber(s);
    assert.equal(p.ok, false);
    return p as Exclude<typeof p, { ok: true }>;
  };
  assert.equal(e("").code, "empty");
  assert.match(e("").message, /Inserisci/);
  assert.equal(e("30203200270000025").code, "length");
  assert.match(e("30203200270000025").message, /18 cifre \(ne ha 17\)/);
  assert.equal(e("30203200270000025X").code, "not_digits");
  assert.equal(e("470000008800999051").code, "aux_digit");
  assert.match(e("470000008800999051").message, /non può iniziare con 4/);
  assert.match(e("311111111112222222").message, /\(22 invece di 47\)/);
  const ok = parseNoticeNumber("3020 3200 2700 0002 51");
  assert.ok(ok.ok && ok.nav === "302032002700000251");
  assert.ok(ok.ok && !ok.deprecated);
  const aux1 = parseNoticeNumber("144012345678901200");
  assert.ok(aux1.ok && aux1.deprecated && aux1.iuv === "44012345678901200");
  const aux0 = parseNoticeNumber("002160020399398578");
  assert.ok(aux0.ok && aux0.iuv === "160020399398578" && aux0.applicationCode === "02");
  assert.equal(iuvOfNav("002160020399398578"), "160020399398578");
  assert.equal(iuvOfNav("002160020399398579"), null);
  assert.equal(isOwnNoticeNumber("302032002700000251", "07"), false);
  assert.equal(isOwnNoticeNumber("002160020399398578", "02"), false);
});

Deno.test("formatNoticeNumber groups by 4 as printed", () => {
  assert.equal(formatNoticeNumber("470000008800999051"), "4700 0000 8800 9990 51");
  assert.equal(formatNoticeNumber("302032002700000251"), "3020 3200 2700 0002 51");
});

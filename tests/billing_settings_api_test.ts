/**
 * `/api/v1/billing-settings` and the Ente's rule of decadenza for instalment plans: the law's by
 * default, saved and read back, kept when a client leaves it out, refused as problem+json with
 * `errors[]` when months are given for consecutive instalments.
 */
import assert from "node:assert/strict";
import { jsonOf } from "./helpers/app.ts";
import { dbTest } from "./helpers/db.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";

const BASE = {
  segregation_code: "02",
  iban: "IT60X0542811101000000123456",
  due_days: 30,
  gpd_enabled: true,
};

const LAW = {
  lapse_missed_instalments: 2,
  lapse_consecutive: true,
  lapse_window_months: null,
  lapse_after_reminder: true,
};

const lapseOf = (s: Record<string, unknown>) => ({
  lapse_missed_instalments: s.lapse_missed_instalments,
  lapse_consecutive: s.lapse_consecutive,
  lapse_window_months: s.lapse_window_months,
  lapse_after_reminder: s.lapse_after_reminder,
});

dbTest("API: billing settings carry the Ente's rule of decadenza", async (db) => {
  const c = await signedIn(db, PEOPLE.operator);
  const url = "/api/v1/billing-settings";
  const stored = () =>
    db.asOwner((tx) =>
      tx.query<Record<string, unknown>>(
        `select lapse_missed_instalments, lapse_consecutive, lapse_window_months,
                lapse_after_reminder
           from public.billing_settings`,
      )
    );

  const never = await jsonOf(await api(c, "GET", url), 200);
  assert.equal(never.saved, false);
  assert.deepEqual(lapseOf(never.settings), LAW);

  // A client that does not send the rule, on an Ente that never saved it: the law's is stored.
  const plain = await jsonOf(await api(c, "PUT", url, { settings: BASE }), 200);
  assert.equal(plain.saved, true);
  assert.deepEqual(lapseOf(plain.settings), LAW);
  assert.deepEqual(await stored(), [LAW]);

  const own = {
    lapse_missed_instalments: 3,
    lapse_consecutive: false,
    lapse_window_months: 6,
    lapse_after_reminder: false,
  };
  const put = await jsonOf(await api(c, "PUT", url, { settings: { ...BASE, ...own } }), 200);
  assert.deepEqual(lapseOf(put.settings), own);
  const got = await jsonOf(await api(c, "GET", url), 200);
  assert.deepEqual(lapseOf(got.settings), own);
  assert.deepEqual(await stored(), [own]);

  // Months only apply to instalments that need not be consecutive.
  const bad = await jsonOf(
    await api(c, "PUT", url, {
      settings: { ...BASE, ...own, lapse_consecutive: true, lapse_window_months: 6 },
    }),
    422,
  );
  assert.equal(bad.code, "validation_failed");
  assert.deepEqual(
    bad.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
    [["body.settings.lapse_window_months", "lapse_window_consecutive"]],
  );
  const tooMany = await jsonOf(
    await api(c, "PUT", url, { settings: { ...BASE, ...own, lapse_missed_instalments: 13 } }),
    422,
  );
  assert.deepEqual(
    tooMany.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
    [["body.settings.lapse_missed_instalments", "invalid_lapse_missed_instalments"]],
  );
  assert.deepEqual(await stored(), [own]);

  // A client that does not know the rule: what is stored stays; `null` clears an optional field.
  const kept = await jsonOf(
    await api(c, "PUT", url, { settings: { ...BASE, due_days: 45, office_name: null } }),
    200,
  );
  assert.deepEqual(lapseOf(kept.settings), own);
  assert.equal(kept.settings.due_days, 45);
  assert.equal(kept.settings.office_name, null);
  assert.deepEqual(await stored(), [own]);
  const named = await jsonOf(
    await api(c, "PUT", url, { settings: { ...BASE, office_name: "Ufficio Scuola" } }),
    200,
  );
  assert.equal(named.settings.office_name, "Ufficio Scuola");
  const cleared = await jsonOf(
    await api(c, "PUT", url, { settings: { ...BASE, office_name: null } }),
    200,
  );
  assert.equal(cleared.settings.office_name, null);
  assert.equal(cleared.settings.due_days, 30, "given again");
});

/**
 * `/api/v1/billing-runs`, `/api/v1/debt-positions` and `/api/v1/billing-settings`: review,
 * lines changed with a reason, approve, issue and cancel; the same refusals as the back office,
 * as problem+json with `code` and `errors[]`.
 */
import assert from "node:assert/strict";
import { claimsOf } from "../lib/enrollment/review_testing.ts";
import { joinRefusal, parseRoom } from "../lib/realtime/rooms.ts";
import { setupReview } from "./helpers/billing_review_setup.ts";
import { dbTest } from "./helpers/db.ts";
import { api, PEOPLE, signedIn } from "./helpers/fixtures_sites.ts";
import { jsonOf } from "./helpers/app.ts";

dbTest("API: review a run, change its lines with reasons, approve, then frozen", async (db) => {
  const s = await setupReview(db);
  const c = await signedIn(db, PEOPLE.operator);
  const base = `/api/v1/billing-runs/${s.runId}`;

  const list = await jsonOf(await api(c, "GET", "/api/v1/billing-runs?status=computed"), 200);
  assert.deepEqual(list.items.map((r: { id: string }) => r.id), [s.runId]);
  const run = await jsonOf(await api(c, "GET", base), 200);
  assert.equal(run.status, "computed");
  assert.equal(run.total_cents, 8100);
  assert.equal(run.problem_count, 1);

  const review = await jsonOf(await api(c, "GET", `${base}/review`), 200);
  assert.equal(review.totals.total_cents, 8100);
  assert.equal(review.comparison.previous.number, 901);
  assert.deepEqual(
    review.comparison.rows.map((
      r: Record<string, unknown>,
    ) => [r.previous_cents, r.current_cents, r.pct]),
    [[7000, 8100, 15.7]],
  );
  assert.equal(review.problems[0].code, "tariff_missing");

  const lines = await jsonOf(await api(c, "GET", `${base}/lines?limit=1`), 200);
  assert.equal(lines.total, 2);
  assert.equal(lines.items.length, 1);
  assert.ok(lines.items[0].explanation.summary.it);

  const bad = await jsonOf(
    await api(c, "POST", `${base}/lines`, {
      kind: "credit",
      amount_cents: 500,
      description: "Rimborso",
      reason: "no",
    }),
    422,
  );
  assert.equal(bad.code, "validation_failed");
  assert.deepEqual(bad.errors.map((e: { path: string }) => e.path).sort(), [
    "body.enrollment_id",
    "body.reason",
  ]);
  const credit = await jsonOf(
    await api(c, "POST", `${base}/lines`, {
      kind: "credit",
      amount_cents: 500,
      description: "Rimborso gita",
      reason: "Gita annullata dalla scuola",
      enrollment_id: s.enrollments[0],
    }),
    201,
  );
  assert.equal(credit.amount_cents, -500);
  assert.equal(credit.source, "operator");

  const patched = await jsonOf(
    await api(c, "PATCH", `${base}/lines/${credit.id}`, {
      amount_cents: 700,
      reason: "Importo corretto dal plesso",
    }),
    200,
  );
  assert.equal(patched.amount_cents, -700);
  const deleted = await jsonOf(
    await api(
      c,
      "DELETE",
      `${base}/lines/${s.lineIds[1]}?reason=${encodeURIComponent("Iscrizione ritirata")}`,
    ),
    200,
  );
  assert.equal(deleted.delete_reason, "Iscrizione ritirata");
  const wrongRun = await jsonOf(
    await api(c, "PATCH", `/api/v1/billing-runs/${s.previousRunId}/lines/${credit.id}`, {
      amount_cents: 1,
      reason: "Riga di un'altra elaborazione",
    }),
    404,
  );
  assert.equal(wrongRun.code, "not_found");
  assert.equal((await jsonOf(await api(c, "GET", base), 200)).total_cents, 4500 - 700);

  const approved = await jsonOf(await api(c, "POST", `${base}/approve`), 200);
  assert.equal(approved.status, "approved");
  const again = await jsonOf(await api(c, "POST", `${base}/approve`), 409);
  assert.equal(again.code, "wrong_status");
  const closed = await jsonOf(
    await api(c, "PATCH", `${base}/lines/${s.lineIds[0]}`, {
      amount_cents: 100,
      reason: "Dopo l'approvazione",
    }),
    409,
  );
  assert.equal(closed.code, "run_closed");

  const noSettings = await jsonOf(await api(c, "POST", `${base}/issue`), 422);
  assert.equal(noSettings.code, "settings_missing");
  const badSettings = await jsonOf(
    await api(c, "PUT", "/api/v1/billing-settings", {
      settings: { segregation_code: "7", iban: "IT00X", due_days: 30, gpd_enabled: true },
    }),
    422,
  );
  assert.deepEqual(badSettings.errors.map((e: { path: string }) => e.path).sort(), [
    "body.settings.iban",
    "body.settings.segregation_code",
  ]);
  const settings = await jsonOf(
    await api(c, "PUT", "/api/v1/billing-settings", {
      settings: {
        segregation_code: "02",
        iban: "IT60X0542811101000000123456",
        due_days: 30,
        gpd_enabled: true,
      },
      services: [{ service_id: s.serviceId, mode: "notice", taxonomy_code: "9/0107101TS/" }],
    }),
    200,
  );
  assert.equal(settings.saved, true);
  assert.equal(
    settings.services.find((x: { service_id: string }) => x.service_id === s.serviceId).mode,
    "notice",
  );
  const issuing = await jsonOf(await api(c, "POST", `${base}/issue`), 200);
  assert.equal(issuing.status, "issuing");
  const late = await jsonOf(await api(c, "POST", `${base}/cancel`), 409);
  assert.equal(late.code, "wrong_status");
});

dbTest("API: create and cancel a run; positions; families are refused", async (db) => {
  const s = await setupReview(db);
  const c = await signedIn(db, PEOPLE.operator);
  const created = await jsonOf(
    await api(c, "POST", "/api/v1/billing-runs", {
      period_start: "2026-11-01",
      period_end: "2026-11-30",
      service_ids: [s.serviceId],
    }),
    201,
  );
  assert.equal(created.label, "Novembre 2026");
  assert.equal(created.status, "queued");
  const overlap = await jsonOf(
    await api(c, "POST", "/api/v1/billing-runs", {
      period_start: "2026-11-15",
      period_end: "2026-12-15",
      service_ids: [s.serviceId],
    }),
    409,
  );
  assert.equal(overlap.code, "overlapping_run");
  const cancelled = await jsonOf(
    await api(c, "POST", `/api/v1/billing-runs/${s.runId}/cancel`),
    200,
  );
  assert.equal(cancelled.status, "cancelled");

  const positionId = await db.asOwner(async (tx) => {
    const [p] = await tx.query<{ id: string }>(
      `insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
         period_start, period_end, description, amount_cents, taxonomy_code, debtor)
       select tenant_id, run_id, 'PZ-API-000001', payer_id, service_id, period_start, period_end,
              'Mensa settembre 2026', amount_cents, '9/0107101TS/', '{"full_name": "X"}'
         from public.charge_lines where run_id = $1 order by amount_cents desc limit 1
       returning id`,
      [s.previousRunId],
    );
    await tx.query(
      `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
         iuv, amount_cents, due_on)
       select tenant_id, id, 0, app.notice_number('02', 9001), substr(app.notice_number('02', 9001), 2),
              amount_cents, '2026-10-31' from public.debt_positions where id = $1`,
      [p.id],
    );
    return p.id;
  });
  const positions = await jsonOf(
    await api(c, "GET", `/api/v1/debt-positions?run_id=${s.previousRunId}&status=open`),
    200,
  );
  assert.equal(positions.total, 1);
  assert.equal(positions.total_cents, 4000);
  assert.equal(positions.items[0].notice_count, 1);
  const none = await jsonOf(await api(c, "GET", "/api/v1/debt-positions?payer=nessuno-xyz"), 200);
  assert.equal(none.total, 0);
  const detail = await jsonOf(await api(c, "GET", `/api/v1/debt-positions/${positionId}`), 200);
  assert.equal(detail.iupd, "PZ-API-000001");
  assert.match(detail.notices[0].notice_number, /^3020000000009001\d\d$/);
  assert.deepEqual(detail.lines, []);

  const family = await signedIn(db, PEOPLE.family);
  for (
    const path of [
      "/api/v1/billing-runs",
      `/api/v1/debt-positions/${positionId}`,
      "/api/v1/billing-settings",
    ]
  ) {
    const refused = await jsonOf(await api(family, "GET", path), 403);
    assert.equal(refused.code, "forbidden", path);
  }
});

dbTest("realtime: the run's room is joined by who reads the run under RLS", async (db) => {
  const s = await setupReview(db);
  const room = `billing_run:${s.runId}`;
  assert.deepEqual(parseRoom(room), { kind: "billing_run", id: s.runId });
  assert.equal(parseRoom(`billing_run:${s.runId}:ops`), null);
  assert.equal(await joinRefusal(db, await claimsOf(db, PEOPLE.operator), room), null);
  assert.equal(await joinRefusal(db, await claimsOf(db, PEOPLE.family), room), "forbidden");
  assert.equal(
    await joinRefusal(
      db,
      await claimsOf(db, PEOPLE.operator),
      "billing_run:00000000-0000-4000-8000-000000000000",
    ),
    "forbidden",
  );
});

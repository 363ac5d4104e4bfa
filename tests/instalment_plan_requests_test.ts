/**
 * Requests of rateizzazione from the families' portal (`lib/billing/instalment_plan_requests.ts`,
 * `app.request_instalment_plan` and its siblings): the payer's family asks, the office lists the
 * requests, refuses one with a reason (the family reads it and gets an e-mail) or grants one by a
 * plan, which closes it; one pending request per position; a family withdraws only its own.
 */
import assert from "node:assert/strict";
import { defaultFirstDue } from "../lib/billing/instalment_plan.ts";
import { grantInstalmentPlan, PlanError } from "../lib/billing/instalment_plan_record.ts";
import {
  listRequests,
  refuseRequest,
  requestPlan,
  requestsOf,
  withdrawRequest,
} from "../lib/billing/instalment_plan_requests.ts";
import { simulatedGpdGateway } from "../lib/pagopa/gpd_client.ts";
import { dbTest } from "./helpers/db.ts";
import { claimsOf } from "./helpers/fixtures_enforced.ts";
import { reminderFixture } from "./helpers/fixtures_reminders.ts";
import { demoOperator } from "./helpers/fixtures_reconciliation.ts";

const refusedWith = (code: string, status?: number) => (e: unknown) =>
  e instanceof PlanError && e.code === code && (status === undefined || e.status === status);

dbTest(
  "rateizzazione requests: asked online, refused with a reason, granted by a plan",
  async (db) => {
    const f = await reminderFixture(db);
    await db.asOwner((tx) =>
      tx.query(
        `insert into public.billing_settings (tenant_id, segregation_code, iban, due_days)
       values ($1, '02', 'IT60X0542811101000000123456', 30) on conflict (tenant_id) do nothing`,
        [f.tenantId],
      )
    );
    const chiara = await claimsOf(db, "chiara.colombo@posta.example", ["family"]);
    const { claims: op } = await demoOperator(db);

    // Chiara asks for 3 instalments of her 30,00 €; a second request waits for the first.
    const first = await db.asUser(
      chiara,
      (tx) => requestPlan(tx, f.dueToday, { count: 3, message: "Spese impreviste questo mese" }),
    );
    await assert.rejects(
      db.asUser(chiara, (tx) => requestPlan(tx, f.dueToday, { count: 2, message: null })),
      refusedWith("pending", 409),
    );
    // Not for a paid position, not more instalments than 1,00 € each allows, not someone else's.
    await assert.rejects(
      db.asUser(chiara, (tx) => requestPlan(tx, f.paid, { count: 2, message: null })),
      refusedWith("not_payable", 409),
    );
    await assert.rejects(
      db.asUser(chiara, (tx) => requestPlan(tx, f.late, { count: 41, message: null })),
      refusedWith("count", 422),
    );
    await assert.rejects(
      db.asUser(chiara, (tx) => requestPlan(tx, f.other, { count: 2, message: null })),
      refusedWith("forbidden", 403),
    );
    await assert.rejects(
      db.asUser(op, (tx) => requestPlan(tx, f.late, { count: 2, message: null })),
      refusedWith("forbidden", 403),
    );

    // The office sees it waiting; a family does not refuse.
    const waiting = await db.asUser(op, (tx) => listRequests(tx, { status: "pending" }, 10, 0));
    assert.equal(waiting.total, 1);
    assert.equal(waiting.items[0].id, first);
    assert.equal(waiting.items[0].instalments, 3);
    assert.equal(waiting.items[0].message, "Spese impreviste questo mese");
    assert.equal(waiting.items[0].payer_name, "Colombo Chiara");
    await assert.rejects(
      db.asUser(chiara, (tx) => refuseRequest(tx, first, "Non posso")),
      refusedWith("forbidden", 403),
    );
    await assert.rejects(
      db.asUser(op, (tx) => refuseRequest(tx, first, "no")),
      refusedWith("note", 422),
    );
    await db.asUser(
      op,
      (tx) => refuseRequest(tx, first, "L'importo è inferiore al minimo rateizzabile (50,00 €)."),
    );
    await assert.rejects(
      db.asUser(op, (tx) => refuseRequest(tx, first, "Di nuovo respinta")),
      refusedWith("decided", 409),
    );
    const [refused] = await db.asUser(chiara, (tx) => requestsOf(tx, f.dueToday));
    assert.equal(refused.status, "refused");
    assert.equal(refused.decision_note, "L'importo è inferiore al minimo rateizzabile (50,00 €).");
    assert.equal(refused.decided_by_name, null, "the family is not told who decided");
    const [mail] = await db.asOwner((tx) =>
      tx.query<{ subject: string; body_text: string }>(
        `select subject, body_text from public.mail_outbox
        where to_address = 'chiara.colombo@posta.example'
          and subject like '%richiesta di rateizzazione non accolta'`,
      )
    );
    assert.match(mail.body_text, /inferiore al minimo rateizzabile/);

    // Asked again, withdrawn by the family; asked once more and granted by a plan, which closes it.
    const second = await db.asUser(
      chiara,
      (tx) => requestPlan(tx, f.dueToday, { count: 2, message: null }),
    );
    await db.asUser(chiara, (tx) => withdrawRequest(tx, second));
    await assert.rejects(
      db.asUser(chiara, (tx) => withdrawRequest(tx, second)),
      refusedWith("decided", 409),
    );
    const third = await db.asUser(
      chiara,
      (tx) => requestPlan(tx, f.dueToday, { count: 2, message: null }),
    );
    const granted = await grantInstalmentPlan(db, op, await simulatedGpdGateway(), f.dueToday, {
      count: 2,
      firstDue: defaultFirstDue(f.today),
      reference: "Richiesta online",
      reason: "Accolta la richiesta della famiglia",
    });
    const all = await db.asUser(op, (tx) => requestsOf(tx, f.dueToday));
    assert.deepEqual(
      all.map((r) => [r.id, r.status]),
      [[third, "granted"], [second, "withdrawn"], [first, "refused"]],
    );
    assert.equal(all[0].plan_position_id, granted.position_id);
    assert.ok(all[0].decided_by_name);
    const audited = await db.asOwner((tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from public.audit_log where entity = 'instalment_plan_requests'`,
      )
    );
    assert.ok(audited[0].n >= 6, "every insert and decision is audited");
  },
);

import type { Fixture } from "./second_tenant.ts";

/** The first enrollment of the Ente: the billing fixtures charge its payer. */
const FIRST_ENROLLMENT = `(select e.id from public.enrollments e where e.tenant_id = $1
                           order by e.created_at, e.id limit 1)`;

/**
 * Billing: the Ente's pagoPA settings, its first service billed by notice, an issued October
 * run with one charge line, the debt position with its notice, and the receipt that paid it.
 */
export const BILLING_FIXTURES: Record<string, Fixture> = {
  async billing_settings(tx, f) {
    await tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, office_name)
       values ($1, '07', 'IT60X0542811101000000123456', 'Ufficio Scuola')`,
      [f.tenantId],
    );
  },
  async service_billing(tx, f) {
    await tx.query(
      `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code)
       select e.tenant_id, e.service_id, 'notice', '9/0107101TS/'
         from public.enrollments e where e.id = ${FIRST_ENROLLMENT}`,
      [f.tenantId],
    );
  },
  async billing_runs(tx, f) {
    await tx.query(
      `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
         service_ids, status, computed_at, approved_at, issued_at)
       select e.tenant_id, 1, '2026-10-01', '2026-10-31', 'Ottobre 2026', array[e.service_id],
              'issued', now(), now(), now()
         from public.enrollments e where e.id = ${FIRST_ENROLLMENT}`,
      [f.tenantId],
    );
  },
  async billing_problems(tx, f) {
    await tx.query(
      `insert into public.billing_problems (tenant_id, run_id, enrollment_id, code, message, message_en)
       select r.tenant_id, r.id, ${FIRST_ENROLLMENT}, 'payer_without_email',
              'Il pagatore non ha un indirizzo e-mail.', 'The payer has no e-mail address.'
         from public.billing_runs r where r.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async debt_positions(tx, f) {
    await tx.query(
      `insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
         period_start, period_end, description, amount_cents, paid_cents, taxonomy_code, debtor,
         status, gpd_status, paid_at)
       select e.tenant_id, r.id, 'PZ-2026-000001', e.payer_id, e.service_id, '2026-10-01',
              '2026-10-31', 'Mensa ottobre 2026', 4500, 4500, '9/0107101TS/',
              '{"fiscal_code": "RSSMRA80A01H501U", "full_name": "Mario Rossi"}', 'paid', 'published', now()
         from public.enrollments e
         join public.billing_runs r on r.tenant_id = e.tenant_id
        where e.id = ${FIRST_ENROLLMENT}`,
      [f.tenantId],
    );
  },
  async charge_lines(tx, f) {
    await tx.query(
      `insert into public.charge_lines (tenant_id, run_id, enrollment_id, service_id, payer_id,
         beneficiary_id, site_id, period_start, period_end, kind, quantity, unit, unit_cents,
         amount_cents, computed_cents, description, debt_position_id)
       select e.tenant_id, d.run_id, e.id, e.service_id, e.payer_id, e.beneficiary_id, e.site_id,
              '2026-10-01', '2026-10-31', 'usage', 10, 'meal', 450, 4500, 4500, 'Mensa: 10 pasti', d.id
         from public.enrollments e
         join public.debt_positions d on d.tenant_id = e.tenant_id
        where e.id = ${FIRST_ENROLLMENT}`,
      [f.tenantId],
    );
  },
  async carried_settlements(tx, f) {
    // A credit given back by transfer to the first enrollment's payer.
    await tx.query(
      `insert into public.carried_settlements (tenant_id, payer_id, service_id, amount_cents,
         kind, refund_ref, refunded_on)
       select e.tenant_id, e.payer_id, e.service_id, 1500, 'refunded', 'CRO 0001', '2026-11-20'
         from public.enrollments e where e.id = ${FIRST_ENROLLMENT}`,
      [f.tenantId],
    );
  },
  async payment_notices(tx, f) {
    await tx.query(
      `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
         iuv, amount_cents, due_on, status, paid_at)
       select d.tenant_id, d.id, 0, app.notice_number('07', 1), substr(app.notice_number('07', 1), 2),
              4500, '2026-11-30', 'paid', now()
         from public.debt_positions d where d.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async payment_receipts(tx, f) {
    await tx.query(
      `insert into public.payment_receipts (tenant_id, receipt_ref, iuv, notice_number,
         payment_notice_id, amount_cents, paid_at, source, status)
       select n.tenant_id, 'RCPT-' || n.iuv, n.iuv, n.notice_number, n.id, n.amount_cents, now(),
              'gpd', 'matched'
         from public.payment_notices n where n.tenant_id = $1`,
      [f.tenantId],
    );
    await tx.query(
      `update public.payment_notices n set receipt_id = r.id
         from public.payment_receipts r
        where r.tenant_id = n.tenant_id and r.payment_notice_id = n.id and n.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async payment_reminders(tx, f) {
    // A reminder of the position, by e-mail, as app.send_payment_reminders writes it.
    await tx.query(
      `with m as (
         insert into public.mail_outbox (tenant_id, to_address, subject, body_text)
         values ($1, 'mario.rossi@posta.example', 'Sollecito di pagamento', 'Gentile Mario Rossi')
         returning id
       )
       insert into public.payment_reminders (tenant_id, batch_id, debt_position_id, payer_id,
         overdue_cents, overdue_since, email_to, mail_id, push)
       select d.tenant_id, gen_random_uuid(), d.id, d.payer_id, 4500, '2026-11-30',
              'mario.rossi@posta.example', m.id, false
         from public.debt_positions d, m where d.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async enforced_collections(tx, f) {
    // A list handed over by determination, with the reminded position on it.
    await tx.query(
      `insert into public.enforced_collections (tenant_id, reference, min_days_after_reminder,
         min_payer_cents, positions_count, total_cents, created_by)
       values ($1, 'Det. n. 45/2026', 30, 3000, 1, 4500, $2)`,
      [f.tenantId, f.users.operator],
    );
  },
  async enforced_collection_positions(tx, f) {
    await tx.query(
      `insert into public.enforced_collection_positions (tenant_id, collection_id,
         debt_position_id, payer_id, overdue_cents, overdue_since, paid_cents, last_reminder_at,
         last_reminder_channel, debtor)
       select c.tenant_id, c.id, d.id, d.payer_id, 4500, '2026-11-30', 0, now(), 'email',
              '{"name": "Rossi Mario", "tax_code": "RSSMRA80A01H501U", "address": null}'
         from public.enforced_collections c
         join public.debt_positions d on d.tenant_id = c.tenant_id
        where c.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async reminder_campaigns(tx, f) {
    // A campaign of the issued run, done: one reminder sent, one payer without contact.
    await tx.query(
      `insert into public.reminder_campaigns (tenant_id, requested_by, run_id, status, total,
         done, sent, no_contact, min_days, attempts, started_at, finished_at)
       select r.tenant_id, $2, r.id, 'done', 2, 2, 1, 1, 15, 1, now(), now()
         from public.billing_runs r where r.tenant_id = $1`,
      [f.tenantId, f.users.operator],
    );
  },
  async reminder_campaign_items(tx, f) {
    await tx.query(
      `insert into public.reminder_campaign_items (tenant_id, campaign_id, debt_position_id,
         outcome, iupd, payer_name)
       select c.tenant_id, c.id, d.id, 'no_contact', d.iupd, 'Mario Rossi'
         from public.reminder_campaigns c
         join public.debt_positions d on d.tenant_id = c.tenant_id
        where c.tenant_id = $1`,
      [f.tenantId],
    );
  },
  async instalment_plans(tx, f) {
    // The position spread over three instalments: a new position that replaces it.
    await tx.query(
      `with p as (
         insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
           period_start, period_end, description, amount_cents, taxonomy_code, debtor,
           gpd_status, replaces_position_id)
         select d.tenant_id, d.run_id, 'PZ-R-2026-000001', d.payer_id, d.service_id,
                d.period_start, d.period_end, d.description, d.amount_cents, d.taxonomy_code,
                d.debtor, 'none', d.id
           from public.debt_positions d where d.tenant_id = $1 and d.iupd = 'PZ-2026-000001'
         returning id, tenant_id, replaces_position_id, amount_cents
       )
       insert into public.instalment_plans (position_id, tenant_id, replaced_position_id,
         instalments, amount_cents, first_due_on, last_due_on, reference, reason, granted_by)
       select p.id, p.tenant_id, p.replaces_position_id, 3, p.amount_cents, '2026-12-31',
              '2027-02-28', 'Prot. n. 812/2026', 'Difficoltà economiche temporanee', $2
         from p`,
      [f.tenantId, f.users.operator],
    );
  },
  async instalment_plan_requests(tx, f) {
    // The family's request online, granted by that plan.
    await tx.query(
      `insert into public.instalment_plan_requests (tenant_id, debt_position_id, payer_id,
         instalments, message, requested_by, status, decided_by, decided_at, plan_position_id)
       select p.tenant_id, p.replaced_position_id, d.payer_id, 3, 'Vorrei pagare a rate', $2,
              'granted', $3, now(), p.position_id
         from public.instalment_plans p
         join public.debt_positions d on d.tenant_id = p.tenant_id and d.id = p.position_id
        where p.tenant_id = $1`,
      [f.tenantId, f.users.family, f.users.operator],
    );
  },
};

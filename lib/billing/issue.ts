/**
 * Issuing an approved run: the lines of each payer (per service, or all services together when
 * the Ente aggregates) become one debt position with its pagoPA notices — the single payment
 * and, when the service allows, instalments — numbered from the Ente's counter (never reused).
 * Lines whose total is zero, negative or under the service's minimum are carried: they stay
 * without a position and join the payer's next issue, unless the office gave a credit back
 * (`carried_settlement.ts`).
 *
 * Payers are issued in batches by id, each batch in one transaction together with the run's
 * resume point; a position is unique per run, payer and service, so a resumed issue creates
 * nothing twice. Positions are queued for GPD (`gpd_status = 'to_publish'`) and the payer is
 * told by e-mail.
 *
 * @module
 */
import { addDays, romeDateOf } from "../calendar/dates.ts";
import type { Db, Tx } from "../db/types.ts";
import { createInvoicesForRun } from "../fatturapa/issue.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { emit } from "../realtime/emit.ts";
import { formatEuro } from "../tariffs/money.ts";
import { actFor, billingRunRoom } from "./run_job.ts";
import { instalmentDue, splitInstalments } from "./instalment_plan.ts";
import { defaultTaxonomy } from "./taxonomy.ts";

interface Group {
  payer_id: string;
  service_id: string | null;
  amount: number;
  line_ids: string[];
  pupils: string[];
  titles: string[];
  kinds: string[];
}

interface Payer {
  id: string;
  tax_code: string;
  full_name: string;
  email: string | null;
  address: string | null;
  resident: boolean;
}

interface ServiceFacts {
  id: string;
  title: string;
  kind: string;
  taxonomy: string | null;
  instalments: number;
  min_cents: number;
}

interface Settings {
  segregation_code: string;
  position_grouping: "per_service" | "aggregated";
  due_days: number;
  gpd_enabled: boolean;
}

export interface IssueOptions {
  batchSize?: number;
  /** The issue date (Europe/Rome); today by default. */
  today?: string;
  crashAfterBatches?: number;
}

/** Causale (≤ 140 characters): service, period and pupils — the family's proof of payment. */
export function remittance(titles: string[], label: string, pupils: string[]): string {
  const head = `${titles.join(", ")} - ${label}`;
  const who = pupils.length ? ` - ${pupils.join(", ")}` : "";
  const text = `${head}${who}`;
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}

async function groupsOf(
  tx: Tx,
  runId: string,
  tenantId: string,
  payers: string[],
  aggregated: boolean,
): Promise<Group[]> {
  return await tx.query<Group>(
    `select cl.payer_id, case when $4 then null else cl.service_id end as service_id,
            sum(cl.amount_cents)::bigint as amount, array_agg(cl.id order by cl.period_start) as line_ids,
            coalesce(array_agg(distinct pb.name || ' ' || pb.surname)
              filter (where pb.id is not null), '{}') as pupils,
            array_agg(distinct s.title) as titles, array_agg(distinct s.kind) as kinds
       from public.charge_lines cl
       join public.billing_runs r on r.tenant_id = cl.tenant_id and r.id = cl.run_id
       join public.services s on s.tenant_id = cl.tenant_id and s.id = cl.service_id
       left join public.people pb on pb.tenant_id = cl.tenant_id and pb.id = cl.beneficiary_id
      where cl.tenant_id = $1 and cl.payer_id = any ($3::uuid[]) and cl.deleted_at is null
        and cl.debt_position_id is null and cl.carried_settlement_id is null
        and (cl.run_id = $2 or r.status = 'issued')
      group by 1, 2
      order by 1, 2`,
    [tenantId, runId, payers, aggregated],
  );
}

/** Issues (or resumes issuing) run `runId`, claimed by the caller in status `issuing`. */
export async function issueRun(db: Db, runId: string, opts: IssueOptions = {}): Promise<void> {
  const batchSize = opts.batchSize ?? 500;
  const today = opts.today ?? romeDateOf();
  let batches = 0;
  const head = await db.asService(async (tx) => {
    const [run] = await tx.query<
      { tenant_id: string; number: number; label: string; issue_total: number }
    >(
      "select tenant_id, number, label, issue_total from public.billing_runs where id = $1",
      [runId],
    );
    if (!run) throw new Error(`billing run ${runId} not found`);
    await actFor(tx, run.tenant_id);
    if (run.issue_total === 0) {
      await tx.query(
        `update public.billing_runs r set cursor_enrollment = null, issue_done = 0,
                issue_total = (select count(distinct payer_id) from public.charge_lines cl
                                where cl.tenant_id = r.tenant_id and cl.run_id = r.id
                                  and cl.deleted_at is null),
                heartbeat_at = now()
          where r.id = $1`,
        [runId],
      );
    }
    return run;
  });
  while (true) {
    const finished = await db.asService(async (tx) => {
      await actFor(tx, head.tenant_id);
      const [run] = await tx.query<{ cursor_enrollment: string | null }>(
        "select cursor_enrollment from public.billing_runs where id = $1 for update",
        [runId],
      );
      const payers = (await tx.query<{ payer_id: string }>(
        `select distinct payer_id from public.charge_lines
          where tenant_id = $1 and run_id = $2 and deleted_at is null
            and ($3::uuid is null or payer_id > $3::uuid)
          order by payer_id limit $4`,
        [head.tenant_id, runId, run.cursor_enrollment, batchSize],
      )).map((r) => r.payer_id);
      if (payers.length === 0) return true;
      await issueBatch(tx, runId, head, payers, today);
      await tx.query(
        `update public.billing_runs set cursor_enrollment = $2, heartbeat_at = now(),
                issue_done = least(issue_total, issue_done + $3)
          where id = $1`,
        [runId, payers[payers.length - 1], payers.length],
      );
      const [p] = await tx.query<{ done: number; total: number }>(
        "select issue_done as done, issue_total as total from public.billing_runs where id = $1",
        [runId],
      );
      await emit(tx, billingRunRoom(runId), "billing.progress", { status: "issuing", ...p });
      return payers.length < batchSize;
    });
    batches++;
    if (opts.crashAfterBatches !== undefined && batches >= opts.crashAfterBatches) {
      throw new Error(`simulated crash after ${batches} issue batches`);
    }
    if (finished) break;
  }
  await db.asService(async (tx) => {
    await actFor(tx, head.tenant_id);
    await tx.query(
      `update public.billing_runs r
          set status = 'issued', issued_at = now(), claimed_by = null, cursor_enrollment = null,
              issue_done = issue_total, error = null,
              totals = r.totals || (select jsonb_build_object(
                'positions', count(*), 'issued_cents', coalesce(sum(d.amount_cents), 0))
                from public.debt_positions d where d.tenant_id = r.tenant_id and d.run_id = r.id)
        where r.id = $1`,
      [runId],
    );
    await emit(tx, billingRunRoom(runId), "billing.progress", { status: "issued" });
  });
}

async function issueBatch(
  tx: Tx,
  runId: string,
  run: { tenant_id: string; number: number; label: string },
  payerIds: string[],
  today: string,
): Promise<void> {
  const [settings] = await tx.query<Settings>(
    `select segregation_code, position_grouping, due_days, gpd_enabled
       from public.billing_settings where tenant_id = $1`,
    [run.tenant_id],
  );
  if (!settings) throw new Error("billing settings missing");
  const [tenant] = await tx.query<{ name: string }>(
    "select name from public.tenants where id = $1",
    [run.tenant_id],
  );
  const aggregated = settings.position_grouping === "aggregated";
  const groups = await groupsOf(tx, runId, run.tenant_id, payerIds, aggregated);
  const services = new Map(
    (await tx.query<ServiceFacts>(
      `select s.id, s.title, s.kind, b.taxonomy_code as taxonomy,
              coalesce(b.instalments, 1) as instalments,
              coalesce(b.min_notice_cents, 0)::bigint as min_cents
         from public.services s
         left join public.service_billing b on b.tenant_id = s.tenant_id and b.service_id = s.id
        where s.tenant_id = $1`,
      [run.tenant_id],
    )).map((s) => [s.id, s]),
  );
  const payers = new Map(
    (await tx.query<Payer>(
      `select id, tax_code, name || ' ' || surname as full_name, email,
              coalesce(postal_address, residence_address) as address, resident
         from public.people where tenant_id = $1 and id = any ($2::uuid[])`,
      [run.tenant_id, payerIds],
    )).map((p) => [p.id, p]),
  );
  const due = addDays(today, settings.due_days);
  const positions: Record<string, unknown>[] = [];
  const notices: { position: string; instalment: number; cents: number; due: string }[] = [];
  const links: { position: string; line: string }[] = [];
  const mails: { to: string; subject: string; text: string }[] = [];
  for (const g of groups) {
    const amount = Number(g.amount);
    const svc = g.service_id ? services.get(g.service_id)! : null;
    const min = svc ? Number(svc.min_cents) : 0;
    if (amount <= 0 || amount < min) continue;
    const payer = payers.get(g.payer_id);
    if (!payer?.tax_code) continue;
    const id = crypto.randomUUID();
    const kind = svc?.kind ?? g.kinds[0];
    const taxonomy = svc?.taxonomy ?? defaultTaxonomy(kind);
    const n = svc ? Math.max(1, svc.instalments) : 1;
    const instalments = n > 1 && amount >= n * 100 ? n : 1;
    positions.push({
      id,
      iupd: `PZ-${run.number}-${id.replaceAll("-", "").slice(0, 20).toUpperCase()}`,
      payer_id: g.payer_id,
      service_id: g.service_id,
      description: remittance(g.titles.sort(), run.label, g.pupils.sort()),
      amount_cents: amount,
      taxonomy_code: taxonomy,
      debtor: {
        type: "F",
        fiscal_code: payer.tax_code,
        full_name: payer.full_name,
        email: payer.email,
        address: payer.address,
      },
    });
    notices.push({ position: id, instalment: 0, cents: amount, due });
    if (instalments > 1) {
      splitInstalments(amount, instalments).forEach((cents, i) =>
        notices.push({ position: id, instalment: i + 1, cents, due: instalmentDue(due, i + 1) })
      );
    }
    for (const line of g.line_ids) links.push({ position: id, line });
    if (payer.email) {
      mails.push({
        to: payer.email,
        subject: `${tenant.name}: nuovo avviso di pagamento pagoPA`,
        text: `Gentile ${payer.full_name},\n\n` +
          `è disponibile l'avviso di pagamento pagoPA per: ${
            remittance(g.titles, run.label, g.pupils)
          }.\n` +
          `Importo: ${formatEuro(amount, "it")}, da pagare entro il ${due.slice(8, 10)}/${
            due.slice(5, 7)
          }/${due.slice(0, 4)}${instalments > 1 ? ` (oppure in ${instalments} rate)` : ""}.\n\n` +
          `Trova l'avviso, il dettaglio degli addebiti e il pulsante "Paga con pagoPA" nell'area ` +
          `Servizi Online, sezione Pagamenti.\n\n${tenant.name}`,
      });
    }
  }
  if (positions.length === 0) return;
  const [{ first }] = await tx.query<{ first: number }>(
    "select app.reserve_notice_bases($1, $2) as first",
    [settings.segregation_code, notices.length],
  );
  await tx.query(
    `insert into public.debt_positions (id, tenant_id, run_id, iupd, payer_id, service_id,
       period_start, period_end, description, amount_cents, taxonomy_code, debtor, gpd_status)
     select x.id, $1, $2, x.iupd, x.payer_id, x.service_id, r.period_start, r.period_end,
            x.description, x.amount_cents, x.taxonomy_code, x.debtor, $4
       from jsonb_to_recordset($3::jsonb -> 'rows') as x(id uuid, iupd text, payer_id uuid,
              service_id uuid, description text, amount_cents bigint, taxonomy_code text,
              debtor jsonb)
       join public.billing_runs r on r.id = $2`,
    [run.tenant_id, runId, { rows: positions }, settings.gpd_enabled ? "to_publish" : "none"],
  );
  await tx.query(
    `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
       iuv, amount_cents, due_on)
     select $1, x.position, x.instalment, n.nav, substr(n.nav, 2), x.cents, x.due
       from jsonb_to_recordset($2::jsonb -> 'rows') as x(position uuid, instalment int,
              cents bigint, due date, i bigint)
       cross join lateral (select app.notice_number($3, $4::bigint + x.i) as nav) n`,
    [
      run.tenant_id,
      { rows: notices.map((n, i) => ({ ...n, i })) },
      settings.segregation_code,
      Number(first),
    ],
  );
  await tx.query(
    `update public.charge_lines cl set debt_position_id = x.position
       from jsonb_to_recordset($2::jsonb -> 'rows') as x(position uuid, line uuid)
      where cl.tenant_id = $1 and cl.id = x.line`,
    [run.tenant_id, { rows: links }],
  );
  // Services billed by invoice: a FatturaPA invoice per position, in the same transaction.
  await createInvoicesForRun(tx, runId, {
    positionIds: positions.map((p) => p.id as string),
    today,
  });
  for (const m of mails) {
    await enqueueMail(tx, { tenantId: run.tenant_id, ...m });
  }
}

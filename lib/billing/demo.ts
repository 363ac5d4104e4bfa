/**
 * The demo Comune's billing, loaded when the app starts on a fresh demo database: the Ente's
 * pagoPA settings (segregation code, IBAN, CBILL, office), how each service is billed — the
 * canteen and the summer camp by pagoPA notice, the school bus in three instalments, the nursery
 * by FatturaPA invoice, pre-school prepaid with a wallet — and September 2026 billed, approved
 * and issued, so the office finds positions, notices and an invoice to look at and the families
 * of the enrolled children their notices.
 *
 * Tests seed the demo without it (they configure billing themselves, including its absence).
 *
 * @module
 */
import type { Claims, Db } from "../db/types.ts";
import { DEMO_TENANT } from "../seed/demo.ts";
import { issueRun } from "./issue.ts";
import { computeRun } from "./run_job.ts";
import { approveRun, createRun, requestIssue } from "./runs.ts";

const MODES: [code: string, mode: string, taxonomy: string, instalments: number][] = [
  ["MENSA", "notice", "9/0107101TS/", 1],
  ["TRASPORTO", "notice", "9/0107102SP/", 3],
  ["NIDO", "invoice", "9/0107106SP/", 1],
  ["PRESCUOLA", "prepaid", "9/0107103SP/", 1],
  ["ESTATE", "notice", "9/0108103TS/", 1],
];

/** Configures billing and issues September 2026; returns the run id (null when already done). */
export async function seedDemoBilling(db: Db, today = "2026-10-05"): Promise<string | null> {
  const setup = await db.asOwner(async (tx) => {
    const [t] = await tx.query<{ id: string; operator: string; done: boolean }>(
      `select t.id, m.user_id as operator,
              exists (select 1 from public.billing_settings b where b.tenant_id = t.id) as done
         from public.tenants t
         join public.memberships m on m.tenant_id = t.id and m.role = 'operator'
         join public.users u on u.id = m.user_id
        where t.istat_code = $1
        order by u.email limit 1`,
      [DEMO_TENANT.istatCode],
    );
    if (!t || t.done) return null;
    await tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban, cbill, office_name,
         office_contact, position_grouping, due_days, gpd_enabled)
       values ($1, '02', 'IT60X0542811101000000123456', 'A1B2C', 'Ufficio Servizi Scolastici',
               'servizi.scolastici@comune.valdiponte.example · 055 123 4567', 'per_service', 30,
               true)`,
      [t.id],
    );
    await tx.query(
      `insert into public.invoice_settings (tenant_id, vat_number, tax_code, name, address,
         street_number, postal_code, municipality, province, tax_regime, number_prefix,
         vat_references)
       values ($1, $2, $2, $3, 'Piazza del Municipio', '1', '50099', 'Valdiponte', 'FI', 'RF01',
               'FE', '{"N4": "Esente art. 10 c.1 n. 20 DPR 633/72"}')
       on conflict (tenant_id) do nothing`,
      [t.id, DEMO_TENANT.taxCode, DEMO_TENANT.name],
    );
    for (const [code, mode, taxonomy, instalments] of MODES) {
      await tx.query(
        `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code,
           instalments, vat_nature)
         select s.tenant_id, s.id, $2, $3, $4, case when $2 = 'invoice' then 'N4' end
           from public.services s where s.tenant_id = $1 and s.code = $5
         on conflict (tenant_id, service_id) do nothing`,
        [t.id, mode, taxonomy, instalments, code],
      );
    }
    const services = await tx.query<{ id: string }>(
      `select s.id from public.services s
         join public.service_billing b on b.tenant_id = s.tenant_id and b.service_id = s.id
        where s.tenant_id = $1 and b.mode <> 'prepaid'
          and exists (select 1 from public.enrollments e where e.service_id = s.id)
        order by s.code`,
      [t.id],
    );
    return { tenantId: t.id, operator: t.operator, services: services.map((s) => s.id) };
  });
  if (!setup || setup.services.length === 0) return null;
  const claims: Claims = {
    sub: setup.operator,
    role: "authenticated",
    app_metadata: { tenant_id: setup.tenantId, roles: ["operator"] },
  } as Claims;
  const runId = await db.asUser(claims, (tx) =>
    createRun(tx, {
      periodStart: "2026-09-01",
      periodEnd: "2026-09-30",
      serviceIds: setup.services,
    }, setup.operator));
  await claimForDemo(db, runId, "computing");
  await computeRun(db, runId);
  await db.asUser(claims, (tx) => approveRun(tx, runId, setup.operator));
  await db.asUser(claims, (tx) => requestIssue(tx, runId, setup.operator));
  await claimForDemo(db, runId, "issuing");
  await issueRun(db, runId, { today });
  return runId;
}

/** Marks the run as taken by this process, so the background jobs leave it alone. */
async function claimForDemo(db: Db, runId: string, status: string): Promise<void> {
  await db.asService((tx) =>
    tx.query(
      `update public.billing_runs set status = $2, claimed_by = 'demo-seed', heartbeat_at = now()
        where id = $1`,
      [runId, status],
    )
  );
}

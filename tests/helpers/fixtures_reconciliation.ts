import type { Claims, Db } from "../../lib/db/types.ts";
import type { FlowPayment } from "../../lib/reconciliation/fdr_xml.ts";
import { DEMO_TENANT, DEMO_USERS } from "../../lib/seed/demo.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * Reconciliation: a flow that reports the billing fixture's receipt (matched), its payment, and
 * the treasury movement that carried it.
 */
export const RECONCILIATION_FIXTURES: Record<string, Fixture> = {
  async fdr_flows(tx, f) {
    await tx.query(
      `insert into public.fdr_flows (tenant_id, flow_ref, flow_at, regulation_ref, regulation_date,
         psp_id, psp_name, receiver_id, receiver_name, declared_count, declared_cents, source,
         raw, status)
       select t.id, '2026-11-0288888888888-0000000001', '2026-11-03T08:00:00Z', 'TRN0001',
              '2026-11-02', '88888888888', 'PSP di test', t.tax_code, t.name, 1, 4500, 'xml',
              '<FlussoRiversamento/>', 'matched'
         from public.tenants t where t.id = $1`,
      [f.tenantId],
    );
  },
  async fdr_payments(tx, f) {
    await tx.query(
      `insert into public.fdr_payments (tenant_id, flow_id, idx, iuv, iur, transfer_index,
         amount_cents, outcome_code, outcome_date, receipt_id, match_status, matched_at)
       select r.tenant_id, fl.id, 1, r.iuv, r.receipt_ref, 1, r.amount_cents, 0, '2026-11-01',
              r.id, 'matched', now()
         from public.payment_receipts r
         join public.fdr_flows fl on fl.tenant_id = r.tenant_id
        where r.tenant_id = $1 limit 1`,
      [f.tenantId],
    );
  },
  async treasury_movements(tx, f) {
    await tx.query(
      `insert into public.treasury_movements (tenant_id, booked_on, amount_cents, causale,
         kind, flow_ref, fdr_flow_id, match_status, fingerprint)
       select fl.tenant_id, '2026-11-03', 4500,
              '/PUR/LGPE-RIVERSAMENTO/URI/' || fl.flow_ref, 'flow', fl.flow_ref, fl.id, 'matched',
              encode(sha256(convert_to(fl.id::text, 'UTF8')), 'hex')
         from public.fdr_flows fl where fl.tenant_id = $1`,
      [f.tenantId],
    );
  },
};

/**
 * Claims of a member of the demo Comune (the operator m.rossi by default), as a session would
 * carry them. (Not through second_tenant.ts: that module imports this one.)
 */
export async function demoOperator(db: Db, role: "operator" | "teacher" | "family" = "operator") {
  const email = DEMO_USERS.find((u) => u.role === role)!.email;
  const [row] = await db.asOwner((tx) =>
    tx.query<{ tenant_id: string; user_id: string }>(
      `select t.id as tenant_id, u.id as user_id from public.tenants t, public.users u
        where t.istat_code = $1 and lower(u.email) = lower($2)`,
      [DEMO_TENANT.istatCode, email],
    )
  );
  return {
    tenantId: row.tenant_id,
    claims: {
      sub: row.user_id,
      role: "authenticated",
      app_metadata: { tenant_id: row.tenant_id, roles: [role] },
    } satisfies Claims as Claims,
  };
}

const euro = (c: number) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, "0")}`;

/** An FdR XML (FlussoRiversamento 1.0.4) for the demo Comune. */
export function flowXml(opts: {
  flowRef: string;
  payments: Omit<FlowPayment, "idx" | "outcome_date" | "transfer_index">[];
  receiver?: string;
  declaredCents?: number;
  regulationDate?: string;
}): string {
  const total = opts.declaredCents ?? opts.payments.reduce((s, p) => s + p.amount_cents, 0);
  const day = opts.regulationDate ?? "2026-11-02";
  return `<?xml version="1.0" encoding="UTF-8"?>
<FlussoRiversamento xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">
  <versioneOggetto>1.0</versioneOggetto>
  <identificativoFlusso>${opts.flowRef}</identificativoFlusso>
  <dataOraFlusso>${day}T08:00:00</dataOraFlusso>
  <identificativoUnivocoRegolamento>TRN-${
    opts.flowRef.slice(-10)
  }</identificativoUnivocoRegolamento>
  <dataRegolamento>${day}</dataRegolamento>
  <istitutoMittente>
    <identificativoUnivocoMittente>
      <tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco>
      <codiceIdentificativoUnivoco>88888888888</codiceIdentificativoUnivoco>
    </identificativoUnivocoMittente>
    <denominazioneMittente>PSP di test</denominazioneMittente>
  </istitutoMittente>
  <istitutoRicevente>
    <identificativoUnivocoRicevente>
      <tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco>
      <codiceIdentificativoUnivoco>${
    opts.receiver ?? DEMO_TENANT.taxCode
  }</codiceIdentificativoUnivoco>
    </identificativoUnivocoRicevente>
    <denominazioneRicevente>${DEMO_TENANT.name}</denominazioneRicevente>
  </istitutoRicevente>
  <numeroTotalePagamenti>${opts.payments.length}</numeroTotalePagamenti>
  <importoTotalePagamenti>${euro(total)}</importoTotalePagamenti>
${
    opts.payments.map((p) =>
      `  <datiSingoliPagamenti>
    <identificativoUnivocoVersamento>${p.iuv}</identificativoUnivocoVersamento>
    <identificativoUnivocoRiscossione>${p.iur}</identificativoUnivocoRiscossione>
    <indiceDatiSingoloPagamento>1</indiceDatiSingoloPagamento>
    <singoloImportoPagato>${euro(p.amount_cents)}</singoloImportoPagato>
    <codiceEsitoSingoloPagamento>${p.outcome_code}</codiceEsitoSingoloPagamento>
    <dataEsitoSingoloPagamento>${day}</dataEsitoSingoloPagamento>
  </datiSingoliPagamenti>`
    ).join("\n")
  }
</FlussoRiversamento>
`;
}

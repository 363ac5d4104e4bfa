import type { Claims, Db } from "../../lib/db/types.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * Invoices: the Ente as cedente/prestatore and one invoice for the billing fixtures' debt
 * position (rows written directly: the isolation tests need a row, not a valid invoice).
 */
export const INVOICE_FIXTURES: Record<string, Fixture> = {
  async invoice_settings(tx, f) {
    await tx.query(
      `insert into public.invoice_settings (tenant_id, vat_number, tax_code, name, address,
         street_number, postal_code, municipality, province)
       values ($1, '01234560488', '80001250481', 'Comune di Prova', 'Piazza del Municipio', '1',
               '50099', 'Prova', 'FI')`,
      [f.tenantId],
    );
  },
  async invoices(tx, f) {
    await tx.query(
      `insert into public.invoices (tenant_id, year, number, numero, issued_on, payer_id,
         debt_position_id, run_id, customer, lines, summary, description, taxable_cents,
         vat_cents, total_cents, transmission_id, file_name, xml)
       select d.tenant_id, 2026, 1, '1/2026', '2026-11-02', d.payer_id, d.id, d.run_id,
              '{"fiscal_code": "RSSMRA80A01H501U"}', '[{"description": "Mensa", "amountCents": 4500}]',
              '[]', d.description, 4327, 173, 4500, '00001', 'IT01234560488_00001.xml', '<fattura/>'
         from public.debt_positions d where d.tenant_id = $1
        order by d.created_at limit 1`,
      [f.tenantId],
    );
  },
};

export interface InvoiceScenario {
  tenantId: string;
  op: Claims;
  runId: string;
  positionId: string;
  payerId: string;
  serviceId: string;
  noticeNumber: string;
}

let runCounter = 100;

/**
 * An issued run of the demo Comune with one debt position of a service billed by invoice (4%
 * VAT): a usage line of 18 meals (46.80 €) and a credit (−2.60 €), paid through one pagoPA
 * notice. The payer is Sofia Ricci's (household Ricci Colombo) unless `beneficiary` names
 * another child. `invoiceSettings: false` leaves the Ente's invoice data unconfigured.
 */
export async function invoiceScenario(
  db: Db,
  opts: {
    invoiceSettings?: boolean;
    beneficiary?: [string, string];
    vat?: { rateBp: number; nature: string | null };
  } = {},
): Promise<InvoiceScenario> {
  const [name, surname] = opts.beneficiary ?? ["Sofia", "Ricci"];
  const vat = opts.vat ?? { rateBp: 400, nature: null };
  return await db.asOwner(async (tx) => {
    const [u] = await tx.query<{ id: string; tenant_id: string }>(
      `select u.id, m.tenant_id from public.users u
         join public.memberships m on m.user_id = u.id where u.email = $1`,
      ["m.rossi@comune.valdiponte.example"],
    );
    // Charges need no enrollment (an office's one-off line has none): the payer is the
    // child's parent of the household, the service the canteen.
    const [e] = await tx.query<
      { id: null; service_id: string; payer_id: string; beneficiary_id: string }
    >(
      `select null as id, s.id as service_id, p.id as payer_id, b.id as beneficiary_id
         from public.people b
         join public.household_members hb on hb.tenant_id = b.tenant_id and hb.person_id = b.id
         join public.household_members hp on hp.tenant_id = b.tenant_id
                                        and hp.household_id = hb.household_id
                                        and hp.person_id <> b.id
         join public.people p on p.tenant_id = b.tenant_id and p.id = hp.person_id
         join public.services s on s.tenant_id = b.tenant_id and s.code = 'MENSA'
        where b.tenant_id = $1 and b.name = $2 and b.surname = $3 and p.tax_code is not null
          and hp.role in ('parent', 'legal_guardian')
        order by p.name limit 1`,
      [u.tenant_id, name, surname],
    );
    if (!e) throw new Error(`no parent for ${name} ${surname}`);
    await tx.query(
      `insert into public.billing_settings (tenant_id, segregation_code, iban)
       values ($1, '02', 'IT60X0542811101000000123456') on conflict (tenant_id) do nothing`,
      [u.tenant_id],
    );
    await tx.query(
      `insert into public.service_billing (tenant_id, service_id, mode, taxonomy_code, vat_rate_bp, vat_nature)
       values ($1, $2, 'invoice', '9/0107101TS/', $3, $4)
       on conflict (tenant_id, service_id) do update set mode = 'invoice',
         vat_rate_bp = excluded.vat_rate_bp, vat_nature = excluded.vat_nature`,
      [u.tenant_id, e.service_id, vat.rateBp, vat.nature],
    );
    if (opts.invoiceSettings !== false) {
      await tx.query(
        `insert into public.invoice_settings (tenant_id, vat_number, tax_code, name, address,
           street_number, postal_code, municipality, province, number_prefix)
         values ($1, '01234560488', '80001250481', 'Comune di Valdiponte', 'Piazza del Municipio',
                 '1', '50099', 'Valdiponte', 'FI', 'FE')
         on conflict (tenant_id) do nothing`,
        [u.tenant_id],
      );
    }
    const number = ++runCounter;
    const [run] = await tx.query<{ id: string }>(
      `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
         service_ids, status, computed_at, approved_at, issued_at)
       values ($1, $2, '2026-10-01', '2026-10-31', 'Ottobre 2026', array[$3::uuid], 'issued',
               now(), now(), now())
       returning id`,
      [u.tenant_id, number, e.service_id],
    );
    const [pos] = await tx.query<{ id: string }>(
      `insert into public.debt_positions (tenant_id, run_id, iupd, payer_id, service_id,
         period_start, period_end, description, amount_cents, taxonomy_code, debtor)
       values ($1, $2, $3, $4, $5, '2026-10-01', '2026-10-31',
               'Refezione scolastica - Ottobre 2026 - ' || $6, 4420, '9/0107101TS/',
               '{"type": "F"}')
       returning id`,
      [u.tenant_id, run.id, `PZ-INV-${number}`, e.payer_id, e.service_id, `${name} ${surname}`],
    );
    await tx.query(
      `insert into public.charge_lines (tenant_id, run_id, enrollment_id, service_id, payer_id,
         beneficiary_id, period_start, period_end, kind, source, quantity, unit, unit_cents,
         amount_cents, computed_cents, description, reason, debt_position_id)
       values ($1, $2, $3, $4, $5, $6, '2026-10-01', '2026-10-31', 'usage', 'computed', 18, 'meal',
               260, 4680, 4680, '18 pasti a 2,60 €', null, $7),
              ($1, $2, $3, $4, $5, $6, '2026-10-01', '2026-10-31', 'credit', 'operator', 1, 'once',
               null, -260, null, 'Storno pasto non consumato', 'Uscita didattica del 14/10', $7)`,
      [u.tenant_id, run.id, e.id, e.service_id, e.payer_id, e.beneficiary_id, pos.id],
    );
    const [n] = await tx.query<{ nav: string }>(
      `insert into public.payment_notices (tenant_id, debt_position_id, instalment, notice_number,
         iuv, amount_cents, due_on)
       values ($1, $2, 0, app.notice_number('02', $3), substr(app.notice_number('02', $3), 2),
               4420, '2026-12-28')
       returning notice_number as nav`,
      [u.tenant_id, pos.id, 900000 + number],
    );
    return {
      tenantId: u.tenant_id,
      op: {
        sub: u.id,
        role: "authenticated",
        app_metadata: { tenant_id: u.tenant_id, roles: ["operator"] },
      } as Claims,
      runId: run.id,
      positionId: pos.id,
      payerId: e.payer_id,
      serviceId: e.service_id,
      noticeNumber: n.nav,
    };
  });
}

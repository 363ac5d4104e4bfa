/**
 * The life of a billing run as the office drives it: create (queued for the job), compute again
 * or resume, approve, issue, cancel. Each step checks the run's state and answers with a
 * `BillingError` in words; the work itself (computing, issuing) is done by the jobs in
 * `lib/jobs/billing.ts`, which pick the run up within seconds.
 *
 * Functions take the caller's transaction (`db.asUser`), so row-level security decides who may.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { emit } from "../realtime/emit.ts";
import { monthName } from "../tariffs/labels.ts";
import { BillingError } from "./errors.ts";
import { billingRunRoom } from "./run_job.ts";

export interface NewRun {
  periodStart: string;
  periodEnd: string;
  serviceIds: string[];
  label?: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  ISO.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

function lastOfMonth(iso: string): string {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7), 0));
  return d.toISOString().slice(0, 10);
}

const itDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** "Ottobre 2026" for a whole month, "Settembre–dicembre 2026" for whole months, else the dates. */
export function defaultLabel(from: string, to: string): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const whole = from.endsWith("-01") && to === lastOfMonth(to);
  if (!whole) return `Dal ${itDate(from)} al ${itDate(to)}`;
  const m1 = monthName(+from.slice(5, 7), "it");
  const m2 = monthName(+to.slice(5, 7), "it");
  if (from.slice(0, 7) === to.slice(0, 7)) return `${cap(m1)} ${from.slice(0, 4)}`;
  if (from.slice(0, 4) === to.slice(0, 4)) return `${cap(m1)}–${m2} ${from.slice(0, 4)}`;
  return `${cap(m1)} ${from.slice(0, 4)} – ${m2} ${to.slice(0, 4)}`;
}

/** Queues a new run. Refuses bad periods, prepaid services and overlaps with an open run. */
export async function createRun(tx: Tx, input: NewRun, userId: string | null): Promise<string> {
  const { periodStart: from, periodEnd: to } = input;
  if (!validDate(from) || !validDate(to)) {
    throw new BillingError(
      "invalid",
      "Indica il periodo con date valide (inizio e fine).",
      "Give the period with valid dates (start and end).",
    );
  }
  if (to < from) {
    throw new BillingError(
      "invalid",
      "La fine del periodo non può precedere l'inizio.",
      "The end of the period cannot come before its start.",
    );
  }
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) {
    throw new BillingError(
      "invalid",
      "Il periodo di un'elaborazione non può superare un anno.",
      "A billing run cannot cover more than a year.",
    );
  }
  const ids = [...new Set(input.serviceIds)];
  if (ids.length === 0) {
    throw new BillingError(
      "invalid",
      "Scegli almeno un servizio da fatturare.",
      "Choose at least one service to bill.",
    );
  }
  const services = await tx.query<{ id: string; title: string; mode: string | null }>(
    `select s.id, s.title, b.mode from public.services s
       left join public.service_billing b on b.tenant_id = s.tenant_id and b.service_id = s.id
      where s.id = any ($1::uuid[])`,
    [ids],
  );
  if (services.length !== ids.length) {
    throw new BillingError(
      "invalid",
      "Uno dei servizi scelti non esiste.",
      "One of the chosen services does not exist.",
    );
  }
  const prepaid = services.filter((s) => s.mode === "prepaid");
  if (prepaid.length > 0) {
    throw new BillingError(
      "prepaid_service",
      `${
        prepaid.map((s) => s.title).join(", ")
      }: servizio prepagato, gli utilizzi si scalano ogni giorno dal borsellino.`,
      `${
        prepaid.map((s) => s.title).join(", ")
      }: prepaid service, uses are deducted daily from the wallet.`,
    );
  }
  const [clash] = await tx.query<{ number: number; label: string }>(
    `select number, label from public.billing_runs
      where status not in ('issued', 'cancelled') and service_ids && $1::uuid[]
        and daterange(period_start, period_end, '[]') && daterange($2::date, $3::date, '[]')
      limit 1`,
    [ids, from, to],
  );
  if (clash) {
    throw new BillingError(
      "overlapping_run",
      `L'elaborazione n. ${clash.number} (${clash.label}) per gli stessi servizi e periodo non è ancora emessa: completala o annullala prima.`,
      `Run no. ${clash.number} (${clash.label}) for the same services and period is not issued yet: finish or cancel it first.`,
    );
  }
  const label = input.label?.trim() || defaultLabel(from, to);
  const [run] = await tx.query<{ id: string }>(
    `insert into public.billing_runs (tenant_id, number, period_start, period_end, label,
       service_ids, created_by)
     values (app.tenant_id(), app.next_billing_run_number(), $1, $2, $3, $4, $5)
     returning id`,
    [from, to, label.slice(0, 120), ids, userId],
  );
  await emit(tx, billingRunRoom(run.id), "billing.progress", {
    status: "queued",
    done: 0,
    total: 0,
  });
  return run.id;
}

interface RunState {
  id: string;
  status: string;
  number: number;
}

async function lockRun(tx: Tx, runId: string): Promise<RunState> {
  const [r] = await tx.query<RunState>(
    "select id, status, number from public.billing_runs where id = $1 for update",
    [runId],
  );
  if (!r) {
    throw new BillingError(
      "not_found",
      "Elaborazione non trovata.",
      "Billing run not found.",
    );
  }
  return r;
}

const STATUS_IT: Record<string, string> = {
  queued: "in coda",
  computing: "in calcolo",
  computed: "da verificare",
  failed: "interrotta",
  approved: "approvata",
  issuing: "in emissione",
  issued: "emessa",
  cancelled: "annullata",
};

function wrong(r: RunState, what: string, whatEn: string): BillingError {
  return new BillingError(
    "wrong_status",
    `Non si può ${what}: l'elaborazione n. ${r.number} è ${STATUS_IT[r.status] ?? r.status}.`,
    `Cannot ${whatEn}: run no. ${r.number} is ${r.status}.`,
  );
}

/** Approves a computed run: its lines can no longer change; it can be issued. */
export async function approveRun(tx: Tx, runId: string, userId: string | null): Promise<void> {
  const r = await lockRun(tx, runId);
  if (r.status !== "computed") throw wrong(r, "approvare", "approve");
  await tx.query(
    `update public.billing_runs set status = 'approved', approved_by = $2, approved_at = now()
      where id = $1`,
    [runId, userId],
  );
  await emit(tx, billingRunRoom(runId), "billing.progress", { status: "approved" });
}

/** Takes an approved run back to review (before it is issued). */
export async function reopenRun(tx: Tx, runId: string): Promise<void> {
  const r = await lockRun(tx, runId);
  if (r.status !== "approved") throw wrong(r, "riaprire", "reopen");
  await tx.query(
    `update public.billing_runs set status = 'computed', approved_by = null, approved_at = null
      where id = $1`,
    [runId],
  );
  await emit(tx, billingRunRoom(runId), "billing.progress", { status: "computed" });
}

/**
 * Computes a run in review again from the current facts: lines the office added, changed or
 * deleted stay as they are (a computed line is never inserted twice); a failed run resumes.
 */
export async function recomputeRun(tx: Tx, runId: string): Promise<void> {
  const r = await lockRun(tx, runId);
  if (r.status === "failed") {
    await tx.query(
      "update public.billing_runs set status = 'queued', error = null where id = $1",
      [runId],
    );
    await emit(tx, billingRunRoom(runId), "billing.progress", { status: "queued" });
    return;
  }
  if (r.status !== "computed") throw wrong(r, "ricalcolare", "compute again");
  await tx.query(
    `delete from public.charge_lines
      where run_id = $1 and source = 'computed' and updated_at is null and deleted_at is null`,
    [runId],
  );
  await tx.query("delete from public.billing_problems where run_id = $1", [runId]);
  await tx.query(
    `update public.billing_runs
        set status = 'queued', started_at = null, cursor_enrollment = null, cursor_period = null,
            cursor_phase = 'period', progress_done = 0, progress_total = 0, computed_at = null,
            error = null, totals = '{}'
      where id = $1`,
    [runId],
  );
  await emit(tx, billingRunRoom(runId), "billing.progress", { status: "queued" });
}

/** Cancels a run that was not issued: its lines are kept for the record, never billed. */
export async function cancelRun(tx: Tx, runId: string, userId: string | null): Promise<void> {
  const r = await lockRun(tx, runId);
  if (!["queued", "computed", "failed", "approved"].includes(r.status)) {
    throw wrong(r, "annullare", "cancel");
  }
  await tx.query(
    `update public.billing_runs set status = 'cancelled', cancelled_by = $2, cancelled_at = now()
      where id = $1`,
    [runId, userId],
  );
  await emit(tx, billingRunRoom(runId), "billing.progress", { status: "cancelled" });
}

/**
 * Asks the job to issue an approved run: positions and notices. Refused while the Ente has no
 * account pagoPA can credit.
 */
export async function requestIssue(tx: Tx, runId: string, userId: string | null): Promise<void> {
  const r = await lockRun(tx, runId);
  if (r.status !== "approved") throw wrong(r, "emettere", "issue");
  const [s] = await tx.query<{ iban: string | null; postal_iban: string | null }>(
    "select iban, postal_iban from public.billing_settings where tenant_id = app.tenant_id()",
  );
  if (!s) {
    throw new BillingError(
      "settings_missing",
      "Configura prima le impostazioni pagoPA dell'Ente (codice di segregazione, IBAN).",
      "Configure the Ente's pagoPA settings first (segregation code, IBAN).",
    );
  }
  if (!s.iban && !s.postal_iban) {
    throw new BillingError(
      "iban_missing",
      "L'Ente non ha un IBAN di accredito configurato: gli avvisi pagoPA non possono essere emessi.",
      "The Ente has no IBAN configured: pagoPA notices cannot be issued.",
    );
  }
  const [invoiced] = await tx.query<{ titles: string[] | null; settings: boolean }>(
    `select array_agg(s.title) as titles,
            exists (select 1 from public.invoice_settings i where i.tenant_id = app.tenant_id())
              as settings
       from public.billing_runs r
       join public.service_billing b on b.tenant_id = r.tenant_id and b.service_id = any (r.service_ids)
       join public.services s on s.tenant_id = b.tenant_id and s.id = b.service_id
      where r.id = $1 and b.mode = 'invoice'`,
    [runId],
  );
  if (invoiced?.titles?.length && !invoiced.settings) {
    throw new BillingError(
      "settings_missing",
      `${
        invoiced.titles.join(", ")
      }: servizio fatturato con fattura elettronica, ma mancano i dati dell'Ente per la fattura (Fatture → Impostazioni).`,
      `${
        invoiced.titles.join(", ")
      }: billed by e-invoice, but the Ente's invoicing data are missing (Invoices → Settings).`,
    );
  }
  await tx.query(
    `update public.billing_runs set status = 'issuing', issued_by = $2, claimed_by = null
      where id = $1`,
    [runId, userId],
  );
  await emit(tx, billingRunRoom(runId), "billing.progress", { status: "issuing" });
}

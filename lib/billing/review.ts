/**
 * What the office reviews before approving a billing run: the run itself, its problems, totals
 * by service, site and payer (set-based aggregates over the lines not deleted), the comparison
 * with the previous run of the same services, and the lines with filters and paging.
 *
 * @module
 */
import type { Tx } from "../db/types.ts";

export const RUN_STATUSES = [
  "queued",
  "computing",
  "computed",
  "failed",
  "approved",
  "issuing",
  "issued",
  "cancelled",
] as const;
export type RunStatus = typeof RUN_STATUSES[number];

export const RUN_STATUS_LABELS: Record<RunStatus, { it: string; en: string; badge: string }> = {
  queued: { it: "In coda", en: "Queued", badge: "secondary" },
  computing: { it: "In calcolo", en: "Computing", badge: "info" },
  computed: { it: "Da verificare", en: "In review", badge: "warning" },
  failed: { it: "Interrotta", en: "Failed", badge: "danger" },
  approved: { it: "Approvata", en: "Approved", badge: "primary" },
  issuing: { it: "In emissione", en: "Issuing", badge: "info" },
  issued: { it: "Emessa", en: "Issued", badge: "success" },
  cancelled: { it: "Annullata", en: "Cancelled", badge: "dark" },
};

/** Lines may change while the run is in review (the same rule as `app.run_is_open`). */
export const isOpen = (s: RunStatus) =>
  s === "queued" || s === "computing" || s === "computed" || s === "failed";

export const LINE_KINDS = ["usage", "fee", "one_off", "adjustment", "credit", "debit"] as const;
export type LineKind = typeof LINE_KINDS[number];
export const LINE_KIND_LABELS: Record<LineKind, { it: string; en: string }> = {
  usage: { it: "Consumo", en: "Usage" },
  fee: { it: "Retta/quota", en: "Fee" },
  one_off: { it: "Una tantum", en: "One-off" },
  adjustment: { it: "Conguaglio", en: "Adjustment" },
  credit: { it: "Accredito", en: "Credit" },
  debit: { it: "Addebito", en: "Debit" },
};

export interface Run {
  id: string;
  number: number;
  label: string;
  period_start: string;
  period_end: string;
  service_ids: string[];
  services: { id: string; title: string }[];
  status: RunStatus;
  progress_done: number;
  progress_total: number;
  issue_done: number;
  issue_total: number;
  error: string | null;
  created_at: string;
  computed_at: string | null;
  approved_at: string | null;
  issued_at: string | null;
  cancelled_at: string | null;
  total_cents: number;
  line_count: number;
  problem_count: number;
  position_count: number;
}

const RUN_SELECT = `
  select r.id, r.number, r.label, r.period_start::text, r.period_end::text, r.service_ids,
         coalesce((select jsonb_agg(jsonb_build_object('id', s.id, 'title', s.title) order by s.title)
                     from public.services s
                    where s.tenant_id = r.tenant_id and s.id = any (r.service_ids)), '[]') as services,
         r.status, r.progress_done, r.progress_total, r.issue_done, r.issue_total, r.error,
         r.created_at::text, r.computed_at::text, r.approved_at::text, r.issued_at::text,
         r.cancelled_at::text,
         coalesce(l.total, 0)::bigint as total_cents, coalesce(l.n, 0)::int as line_count,
         (select count(*) from public.billing_problems p
           where p.tenant_id = r.tenant_id and p.run_id = r.id)::int as problem_count,
         (select count(*) from public.debt_positions d
           where d.tenant_id = r.tenant_id and d.run_id = r.id)::int as position_count
    from public.billing_runs r
    left join lateral (select sum(c.amount_cents) as total, count(*) as n
                         from public.charge_lines c
                        where c.tenant_id = r.tenant_id and c.run_id = r.id
                          and c.deleted_at is null) l on true`;

/** The Ente's runs, newest period first. */
export async function listRuns(
  tx: Tx,
  opts: { status?: RunStatus | null; limit: number; offset: number },
): Promise<{ items: Run[]; total: number }> {
  const where = `r.tenant_id = (select app.tenant_id()) and ($1::text is null or r.status = $1)`;
  const items = opts.limit > 0
    ? await tx.query<Run>(
      `${RUN_SELECT} where ${where}
        order by r.period_start desc, r.number desc limit $2 offset $3`,
      [opts.status ?? null, opts.limit, opts.offset],
    )
    : [];
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.billing_runs r where ${where}`,
    [opts.status ?? null],
  );
  return { items, total: n };
}

/** One run (null when it is not the caller's Ente's or not readable). */
export async function getRun(tx: Tx, id: string): Promise<Run | null> {
  const [row] = await tx.query<Run>(`${RUN_SELECT} where r.id = $1::uuid`, [id]);
  return row ?? null;
}

export interface Problem {
  id: string;
  enrollment_id: string | null;
  payer_id: string | null;
  code: string;
  message: string;
  message_en: string;
  beneficiary_name: string | null;
  payer_name: string | null;
  service_title: string | null;
}

/** The run's problems, by pupil. */
export async function listProblems(tx: Tx, runId: string, limit = 500): Promise<Problem[]> {
  return await tx.query<Problem>(
    `select p.id, p.enrollment_id, p.payer_id, p.code, p.message, p.message_en,
            nullif(btrim(coalesce(b.surname, '') || ' ' || coalesce(b.name, '')), '') as beneficiary_name,
            coalesce(nullif(btrim(coalesce(pp.surname, '') || ' ' || coalesce(pp.name, '')), ''),
                     nullif(btrim(coalesce(ep.surname, '') || ' ' || coalesce(ep.name, '')), '')) as payer_name,
            s.title as service_title
       from public.billing_problems p
       left join public.enrollments e on e.tenant_id = p.tenant_id and e.id = p.enrollment_id
       left join public.people b on b.tenant_id = e.tenant_id and b.id = e.beneficiary_id
       left join public.people ep on ep.tenant_id = e.tenant_id and ep.id = e.payer_id
       left join public.people pp on pp.tenant_id = p.tenant_id and pp.id = p.payer_id
       left join public.services s on s.tenant_id = e.tenant_id and s.id = e.service_id
      where p.tenant_id = (select app.tenant_id()) and p.run_id = $1::uuid
      order by b.surname nulls last, b.name, p.code
      limit $2`,
    [runId, limit],
  );
}

export interface Total {
  key: string | null;
  label: string | null;
  lines: number;
  cents: number;
}

export interface Totals {
  total_cents: number;
  lines: number;
  payers: number;
  by_service: Total[];
  by_site: Total[];
  /** The payers with the largest amounts (at most `payerLimit`). */
  by_payer: Total[];
}

const LIVE =
  `c.tenant_id = (select app.tenant_id()) and c.run_id = $1::uuid and c.deleted_at is null`;

/** Totals of the run's lines not deleted, by service, site and payer. */
export async function runTotals(tx: Tx, runId: string, payerLimit = 20): Promise<Totals> {
  const [all] = await tx.query<{ cents: number; lines: number; payers: number }>(
    `select coalesce(sum(c.amount_cents), 0)::bigint as cents, count(*)::int as lines,
            count(distinct c.payer_id)::int as payers
       from public.charge_lines c where ${LIVE}`,
    [runId],
  );
  const by_service = await tx.query<Total>(
    `select c.service_id::text as key, s.title as label, count(*)::int as lines,
            sum(c.amount_cents)::bigint as cents
       from public.charge_lines c
       join public.services s on s.tenant_id = c.tenant_id and s.id = c.service_id
      where ${LIVE} group by c.service_id, s.title order by s.title`,
    [runId],
  );
  const by_site = await tx.query<Total>(
    `select c.site_id::text as key, si.name as label, count(*)::int as lines,
            sum(c.amount_cents)::bigint as cents
       from public.charge_lines c
       left join public.sites si on si.tenant_id = c.tenant_id and si.id = c.site_id
      where ${LIVE} group by c.site_id, si.name order by si.name nulls last`,
    [runId],
  );
  const by_payer = await tx.query<Total>(
    `select c.payer_id::text as key, btrim(p.surname || ' ' || p.name) as label,
            count(*)::int as lines, sum(c.amount_cents)::bigint as cents
       from public.charge_lines c
       join public.people p on p.tenant_id = c.tenant_id and p.id = c.payer_id
      where ${LIVE} group by c.payer_id, p.surname, p.name
      order by sum(c.amount_cents) desc, p.surname, p.name limit $2`,
    [runId, payerLimit],
  );
  return {
    total_cents: all.cents,
    lines: all.lines,
    payers: all.payers,
    by_service,
    by_site,
    by_payer,
  };
}

export interface Comparison {
  previous: { id: string; number: number; label: string } | null;
  rows: {
    key: string;
    label: string;
    current_cents: number;
    previous_cents: number;
    diff_cents: number;
    /** Percent change with one decimal, null when the previous amount was zero. */
    pct: number | null;
  }[];
}

/** Difference and percent change (one decimal) from `previous` to `current`. */
export function change(current: number, previous: number): { diff: number; pct: number | null } {
  const diff = current - previous;
  if (previous === 0) return { diff, pct: null };
  return { diff, pct: Math.round((diff * 1000) / Math.abs(previous)) / 10 };
}

/**
 * The run's totals by service against the latest earlier run (not cancelled) that billed at
 * least one of the same services.
 */
export async function compareWithPrevious(tx: Tx, run: Run): Promise<Comparison> {
  const [prev] = await tx.query<{ id: string; number: number; label: string }>(
    `select r.id, r.number, r.label from public.billing_runs r
      where r.tenant_id = (select app.tenant_id()) and r.id <> $1::uuid and r.status <> 'cancelled'
        and r.period_start < $2::date and r.service_ids && $3::uuid[]
      order by r.period_start desc, r.number desc limit 1`,
    [run.id, run.period_start, run.service_ids],
  );
  const rows = await tx.query<{ key: string; label: string; cur: number; prev: number }>(
    `select s.id::text as key, s.title as label,
            coalesce(sum(c.amount_cents) filter (where c.run_id = $1::uuid), 0)::bigint as cur,
            coalesce(sum(c.amount_cents) filter (where c.run_id = $2::uuid), 0)::bigint as prev
       from public.services s
       left join public.charge_lines c
         on c.tenant_id = s.tenant_id and c.service_id = s.id and c.deleted_at is null
        and c.run_id in ($1::uuid, coalesce($2::uuid, $1::uuid))
      where s.tenant_id = (select app.tenant_id()) and s.id = any ($3::uuid[])
      group by s.id, s.title order by s.title`,
    [run.id, prev?.id ?? null, run.service_ids],
  );
  return {
    previous: prev ?? null,
    rows: rows.map((r) => {
      const previous = prev ? r.prev : 0;
      const { diff, pct } = change(r.cur, previous);
      return {
        key: r.key,
        label: r.label,
        current_cents: r.cur,
        previous_cents: previous,
        diff_cents: diff,
        pct,
      };
    }),
  };
}

export interface LineFilters {
  payer?: string | null;
  pupil?: string | null;
  service_id?: string | null;
  kind?: LineKind | null;
  include_deleted?: boolean;
}

export interface Line {
  id: string;
  run_id: string;
  enrollment_id: string | null;
  service_id: string;
  service_title: string;
  payer_id: string;
  payer_name: string;
  payer_tax_code: string | null;
  beneficiary_id: string | null;
  beneficiary_name: string | null;
  site_id: string | null;
  period_start: string;
  period_end: string;
  kind: LineKind;
  source: "computed" | "operator";
  quantity: number;
  unit: string | null;
  unit_cents: number | null;
  amount_cents: number;
  description: string;
  explanation: Record<string, unknown>;
  reason: string | null;
  deleted_at: string | null;
  delete_reason: string | null;
  debt_position_id: string | null;
  created_at: string;
  updated_at: string | null;
}

const LINE_COLUMNS = `c.id, c.run_id, c.enrollment_id, c.service_id, s.title as service_title,
  c.payer_id, btrim(p.surname || ' ' || p.name) as payer_name, p.tax_code as payer_tax_code,
  c.beneficiary_id,
  nullif(btrim(coalesce(b.surname, '') || ' ' || coalesce(b.name, '')), '') as beneficiary_name,
  c.site_id, c.period_start::text, c.period_end::text, c.kind, c.source,
  c.quantity::float8 as quantity, c.unit, c.unit_cents, c.amount_cents, c.description,
  c.reason, c.deleted_at::text, c.delete_reason, c.debt_position_id,
  c.created_at::text, c.updated_at::text`;
const LINE_FROM = `from public.charge_lines c
    join public.services s on s.tenant_id = c.tenant_id and s.id = c.service_id
    join public.people p on p.tenant_id = c.tenant_id and p.id = c.payer_id
    left join public.people b on b.tenant_id = c.tenant_id and b.id = c.beneficiary_id`;

export const LINE_SELECT = `select ${LINE_COLUMNS}, c.explanation ${LINE_FROM}`;

const like = (q: string | null | undefined) =>
  q && q.trim() ? `%${q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;

/** The filters of a run's lines as SQL over `LINE_SELECT`'s aliases, with parameters $1…$6. */
function lineWhere(runId: string, f: LineFilters): { where: string; params: unknown[] } {
  return {
    where: `c.tenant_id = (select app.tenant_id()) and c.run_id = $1::uuid
    and ($2::text is null or (p.surname || ' ' || p.name) ilike $2 or (p.name || ' ' || p.surname) ilike $2
         or p.tax_code ilike $2)
    and ($3::text is null or (b.surname || ' ' || b.name) ilike $3 or (b.name || ' ' || b.surname) ilike $3)
    and ($4::uuid is null or c.service_id = $4)
    and ($5::text is null or c.kind = $5)
    and ($6::boolean or c.deleted_at is null)`,
    params: [
      runId,
      like(f.payer),
      like(f.pupil),
      f.service_id ?? null,
      f.kind ?? null,
      f.include_deleted ?? false,
    ],
  };
}

const LINE_ORDER =
  "p.surname, p.name, b.surname nulls first, b.name, s.title, c.period_start, c.created_at, c.id";

/** The run's lines, filtered and paged, by payer then pupil. */
export async function listLines(
  tx: Tx,
  runId: string,
  f: LineFilters,
  limit: number,
  offset: number,
): Promise<{ items: Line[]; total: number }> {
  const { where, params } = lineWhere(runId, f);
  const items = await tx.query<Line>(
    `${LINE_SELECT} where ${where} order by ${LINE_ORDER} limit $7 offset $8`,
    [...params, limit, offset],
  );
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.charge_lines c
       join public.people p on p.tenant_id = c.tenant_id and p.id = c.payer_id
       left join public.people b on b.tenant_id = c.tenant_id and b.id = c.beneficiary_id
      where ${where}`,
    params,
  );
  return { items, total: n };
}

/** A line as exported: its explanation's summary (Italian) instead of the whole explanation. */
export interface ExportedLine extends Omit<Line, "explanation"> {
  summary: string | null;
  site_name: string | null;
  iupd: string | null;
  /** The Europe/Rome calendar day of the deletion. */
  deleted_on: string | null;
}

/**
 * The run's lines with the page's filters, in the page's order, at most `max` (a run of a large
 * city is a hundred thousand lines: the explanation's steps stay out, the summary says it).
 */
export async function exportLines(
  tx: Tx,
  runId: string,
  f: LineFilters,
  max: number,
): Promise<ExportedLine[]> {
  const { where, params } = lineWhere(runId, f);
  return await tx.query<ExportedLine>(
    `select ${LINE_COLUMNS},
            case jsonb_typeof(c.explanation -> 'summary')
              when 'string' then c.explanation ->> 'summary'
              else c.explanation #>> '{summary,it}' end as summary,
            si.name as site_name, d.iupd,
            (c.deleted_at at time zone 'Europe/Rome')::date::text as deleted_on
       ${LINE_FROM}
       left join public.sites si on si.tenant_id = c.tenant_id and si.id = c.site_id
       left join public.debt_positions d on d.tenant_id = c.tenant_id and d.id = c.debt_position_id
      where ${where} order by ${LINE_ORDER} limit $7`,
    [...params, max],
  );
}

/** One line (null when not readable). */
export async function getLine(tx: Tx, id: string): Promise<Line | null> {
  const [row] = await tx.query<Line>(`${LINE_SELECT} where c.id = $1`, [id]);
  return row ?? null;
}

export interface RunForm {
  kind: string;
  month: string;
  period_start: string;
  period_end: string;
  label: string;
  service_ids: string[];
}

const isoDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/**
 * The period of the new-run form: a month ("2026-10" → 1–31 October) or, for flat fees by term
 * or year, two dates. Field → message in both languages for what is wrong.
 */
export function runPeriodOf(f: RunForm): {
  period?: { start: string; end: string };
  issues: Record<string, { it: string; en: string }>;
} {
  const issues: Record<string, { it: string; en: string }> = {};
  let period: { start: string; end: string } | undefined;
  if (f.kind === "custom") {
    if (!isoDay(f.period_start)) {
      issues.period_start = { it: "Indica la data di inizio.", en: "Give the start date." };
    }
    if (!isoDay(f.period_end)) {
      issues.period_end = { it: "Indica la data di fine.", en: "Give the end date." };
    } else if (isoDay(f.period_start) && f.period_end < f.period_start) {
      issues.period_end = {
        it: "La fine del periodo non può precedere l'inizio.",
        en: "The end cannot come before the start.",
      };
    }
    if (!issues.period_start && !issues.period_end) {
      period = { start: f.period_start, end: f.period_end };
    }
  } else {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(f.month.trim());
    if (!m) {
      issues.month = {
        it: "Scegli il mese da fatturare (es. 2026-10).",
        en: "Choose the month to bill (e.g. 2026-10).",
      };
    } else {
      const last = new Date(Date.UTC(+m[1], +m[2], 0)).getUTCDate();
      period = { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${last}` };
    }
  }
  if (f.service_ids.length === 0) {
    issues.services = {
      it: "Scegli almeno un servizio da fatturare.",
      en: "Choose at least one service to bill.",
    };
  }
  if (f.label.trim() && (f.label.trim().length < 2 || f.label.trim().length > 120)) {
    issues.label = {
      it: "Il nome va da 2 a 120 caratteri (lascialo vuoto per generarlo).",
      en: "The name has 2 to 120 characters (leave it empty to generate it).",
    };
  }
  return { period: Object.keys(issues).length ? undefined : period, issues };
}

/**
 * The applications database: filters, one row per application in order of receipt (the server's
 * `submitted_at`, then `receipt_seq`), and the same list as CSV. Under RLS: staff see their Ente's
 * applications, a family only its household's.
 *
 * @module
 */
import { z } from "zod";
import type { Tx } from "../db/types.ts";
import { outcomeLabel } from "./review.ts";
import { APPLICATION_KINDS, APPLICATION_STATUSES, type Outcome, OUTCOMES } from "./schemas.ts";
import { csvText } from "../csv/write.ts";

export interface ApplicationFilter {
  serviceId?: string | null;
  schoolYearId?: string | null;
  kind?: "new" | "renewal" | null;
  outcome?: Outcome | null;
  status?: "draft" | "submitted" | "withdrawn" | null;
  /** Calendar days in Europe/Rome, both included: 'YYYY-MM-DD'. */
  submittedFrom?: string | null;
  submittedTo?: string | null;
  /** Part of the protocol number, of the applicant's or a child's name or codice fiscale. */
  q?: string | null;
}

export interface ApplicationListRow {
  id: string;
  protocol_number: string | null;
  submitted_at: string | null;
  status: "draft" | "submitted" | "withdrawn";
  kind: "new" | "renewal";
  channel: string;
  school_year_label: string;
  applicant_name: string;
  applicant_tax_code: string | null;
  services: string[];
  outcomes: Outcome[];
  /** When the last outcome was communicated, if every decided outcome has been. */
  communicated_at: string | null;
  children: number;
  items: number;
  pending: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereOf(f: ApplicationFilter): { where: string; params: unknown[] } {
  const where = ["a.tenant_id = app.tenant_id()"];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.schoolYearId) where.push(`a.school_year_id = ${p(f.schoolYearId)}::uuid`);
  if (f.kind) where.push(`a.kind = ${p(f.kind)}`);
  if (f.status) where.push(`a.status = ${p(f.status)}`);
  if (f.submittedFrom && DATE.test(f.submittedFrom)) {
    where.push(
      `a.submitted_at >= (${p(f.submittedFrom)}::date)::timestamp at time zone 'Europe/Rome'`,
    );
  }
  if (f.submittedTo && DATE.test(f.submittedTo)) {
    where.push(
      `a.submitted_at < (${p(f.submittedTo)}::date + 1)::timestamp at time zone 'Europe/Rome'`,
    );
  }
  const item: string[] = [];
  if (f.serviceId) item.push(`i.service_id = ${p(f.serviceId)}::uuid`);
  if (f.outcome) item.push(`i.outcome = ${p(f.outcome)}`);
  if (item.length) {
    where.push(`exists (select 1 from public.application_items i
                  where i.tenant_id = a.tenant_id and i.application_id = a.id
                    and ${item.join(" and ")})`);
  }
  const q = f.q?.trim();
  if (q) {
    const like = p(likePattern(q));
    where.push(`(a.protocol_number ilike ${like}
       or concat_ws(' ', a.applicant ->> 'surname', a.applicant ->> 'name', a.applicant ->> 'name',
                    a.applicant ->> 'surname', a.applicant ->> 'tax_code') ilike ${like}
       or exists (select 1 from public.application_items c
                   where c.tenant_id = a.tenant_id and c.application_id = a.id
                     and concat_ws(' ', c.child ->> 'surname', c.child ->> 'name',
                                   c.child ->> 'name', c.child ->> 'surname', c.child_tax_code)
                         ilike ${like}))`);
  }
  return { where: where.join(" and "), params };
}

const ROW_SQL = (where: string) =>
  `select a.id, a.protocol_number, a.submitted_at, a.status, a.kind, a.channel,
          y.label as school_year_label,
          btrim(coalesce(a.applicant ->> 'surname', '') || ' ' || coalesce(a.applicant ->> 'name', ''))
            as applicant_name,
          a.applicant ->> 'tax_code' as applicant_tax_code,
          coalesce(x.services, '{}') as services, coalesce(x.outcomes, '{}') as outcomes,
          x.communicated_at, coalesce(x.children, 0)::int as children,
          coalesce(x.items, 0)::int as items, coalesce(x.pending, 0)::int as pending
     from public.applications a
     join public.school_years y on y.tenant_id = a.tenant_id and y.id = a.school_year_id
     left join lateral (
       select array_agg(distinct s.title order by s.title) as services,
              array_agg(distinct i.outcome order by i.outcome) as outcomes,
              case when bool_and(i.outcome = 'pending' or i.communicated_at is not null)
                        and bool_or(i.communicated_at is not null)
                   then max(i.communicated_at) end as communicated_at,
              count(distinct coalesce(i.child_tax_code, i.child ->> 'name')) as children,
              count(*) as items,
              count(*) filter (where i.outcome = 'pending') as pending
         from public.application_items i
         join public.services s on s.tenant_id = i.tenant_id and s.id = i.service_id
        where i.tenant_id = a.tenant_id and i.application_id = a.id
     ) x on true
    where ${where}
    order by a.submitted_at nulls last, a.receipt_seq nulls last, a.created_at, a.id`;

const iso = (v: unknown) => v == null ? null : new Date(v as string).toISOString();

function shape(r: ApplicationListRow): ApplicationListRow {
  return { ...r, submitted_at: iso(r.submitted_at), communicated_at: iso(r.communicated_at) };
}

/**
 * One page of the applications matching `filter`, in order of receipt, and how many match.
 * `await listApplications(tx, { outcome: "pending" }, { limit: 25, offset: 0 })`
 */
export async function listApplications(
  tx: Tx,
  filter: ApplicationFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ApplicationListRow[]; total: number }> {
  const { where, params } = whereOf(filter);
  // A count alone (limit 0, as the dashboard asks) skips reading the rows.
  const rows = page.limit > 0
    ? await tx.query<ApplicationListRow>(
      `${ROW_SQL(where)} limit ${Math.trunc(page.limit)} offset ${Math.trunc(page.offset)}`,
      params,
    )
    : [];
  const [{ n }] = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.applications a where ${where}`,
    params,
  );
  return { items: rows.map(shape), total: n };
}

/** Every application matching `filter` (up to `max`), for the CSV export. */
export async function allApplications(
  tx: Tx,
  filter: ApplicationFilter,
  max = 20_000,
): Promise<ApplicationListRow[]> {
  const { where, params } = whereOf(filter);
  const rows = await tx.query<ApplicationListRow>(`${ROW_SQL(where)} limit ${max}`, params);
  return rows.map(shape);
}

const romeDateTime = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Rome",
      dateStyle: "short",
      timeStyle: "medium",
    }).format(new Date(iso))
    : "";

/** The list as CSV for Excel in Italian locale (`;`, UTF-8 with BOM, Europe/Rome times). */
export function applicationsCsv(rows: ApplicationListRow[]): string {
  const head = [
    "Protocollo",
    "Ricevuta il",
    "Stato",
    "Anno scolastico",
    "Tipo",
    "Canale",
    "Richiedente",
    "Codice fiscale richiedente",
    "Servizi",
    "Esiti",
    "Esito comunicato il",
    "Bambini",
    "Richieste",
  ];
  const status = { draft: "Bozza", submitted: "Inviata", withdrawn: "Ritirata" };
  const lines = rows.map((r) => [
    r.protocol_number ?? "",
    romeDateTime(r.submitted_at),
    status[r.status],
    r.school_year_label,
    r.kind === "new" ? "Nuova iscrizione" : "Riconferma",
    r.channel,
    r.applicant_name,
    r.applicant_tax_code ?? "",
    r.services.join(", "),
    r.outcomes.map((o) => outcomeLabel(o, "it")).join(", "),
    romeDateTime(r.communicated_at),
    String(r.children),
    String(r.items),
  ]);
  return csvText(head, lines, { bom: true });
}

const Day = z.string().regex(DATE, { error: "a date YYYY-MM-DD" });

/** Query of `GET /api/v1/applications`. */
export const ApplicationsQuery = z.object({
  service_id: z.uuid().optional(),
  school_year_id: z.uuid().optional(),
  kind: z.enum(APPLICATION_KINDS).optional(),
  outcome: z.enum(OUTCOMES).optional().describe("Applications with at least one item so"),
  status: z.enum(APPLICATION_STATUSES).optional(),
  submitted_from: Day.optional().describe("Received on or after this day (Europe/Rome)"),
  submitted_to: Day.optional().describe("Received on or before this day (Europe/Rome)"),
  q: z.string().trim().max(100).optional().describe(
    "Part of the protocol number, or of the applicant's or a child's name or codice fiscale",
  ),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ApplicationSummarySchema = z.object({
  id: z.uuid(),
  protocol_number: z.string().nullable(),
  submitted_at: z.string().nullable().describe("The server's receipt time"),
  status: z.enum(APPLICATION_STATUSES),
  kind: z.enum(APPLICATION_KINDS),
  channel: z.string(),
  school_year_label: z.string(),
  applicant_name: z.string(),
  applicant_tax_code: z.string().nullable(),
  services: z.array(z.string()),
  outcomes: z.array(z.enum(OUTCOMES)),
  communicated_at: z.string().nullable(),
  children: z.number().int(),
  items: z.number().int(),
  pending: z.number().int(),
});

export const ApplicationPage = z.object({
  items: z.array(ApplicationSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

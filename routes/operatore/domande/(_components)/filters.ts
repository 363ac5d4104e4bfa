import type { Tx } from "../../../../lib/db/types.ts";
import type { ApplicationFilter } from "../../../../lib/enrollment/list.ts";
import { OUTCOMES } from "../../../../lib/enrollment/schemas.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** The filters of the applications database as they travel in the page's query string. */
export interface Filters {
  servizio: string;
  anno: string;
  tipo: "" | "new" | "renewal";
  esito: "" | typeof OUTCOMES[number];
  stato: "" | "submitted" | "withdrawn" | "draft" | "tutte";
  dal: string;
  al: string;
  q: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(get: (k: string) => string | undefined): Filters {
  const v = (k: string) => (get(k) ?? "").trim();
  const pick = <T extends string>(x: string, allowed: readonly T[]): T | "" =>
    (allowed as readonly string[]).includes(x) ? x as T : "";
  return {
    servizio: isUuid(v("servizio")) ? v("servizio") : "",
    anno: isUuid(v("anno")) ? v("anno") : "",
    tipo: pick(v("tipo"), ["new", "renewal"] as const),
    esito: pick(v("esito"), OUTCOMES),
    stato: pick(v("stato"), ["submitted", "withdrawn", "draft", "tutte"] as const),
    dal: DATE.test(v("dal")) ? v("dal") : "",
    al: DATE.test(v("al")) ? v("al") : "",
    q: v("q").slice(0, 100),
  };
}

/** The database filter: without a status, the office sees the submitted applications. */
export function toFilter(f: Filters): ApplicationFilter {
  return {
    serviceId: f.servizio || null,
    schoolYearId: f.anno || null,
    kind: f.tipo || null,
    outcome: f.esito || null,
    status: f.stato === "tutte" ? null : f.stato || "submitted",
    submittedFrom: f.dal || null,
    submittedTo: f.al || null,
    q: f.q || null,
  };
}

export function query(f: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export interface Choices {
  services: { id: string; title: string }[];
  years: { id: string; label: string }[];
}

export async function loadChoices(tx: Tx): Promise<Choices> {
  return {
    services: await tx.query(
      "select id, title from public.services where tenant_id = app.tenant_id() order by title",
    ),
    years: await tx.query(
      `select id, label from public.school_years where tenant_id = app.tenant_id()
        order by starts_on desc`,
    ),
  };
}

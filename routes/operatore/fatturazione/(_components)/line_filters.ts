import { LINE_KINDS, type LineFilters, type LineKind } from "../../../../lib/billing/review.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/**
 * The filters of a run's lines from the query (`payer`, `pupil`, `service_id`, `kind`,
 * `eliminate`), and the same as a query string for links (pages, export).
 */
export function readLineFilters(
  get: (k: string) => string | undefined,
): { filters: LineFilters; query: string } {
  const q = (k: string) => get(k)?.trim() || null;
  const kind = q("kind");
  const service = q("service_id");
  const filters: LineFilters = {
    payer: q("payer")?.slice(0, 100) ?? null,
    pupil: q("pupil")?.slice(0, 100) ?? null,
    service_id: isUuid(service) ? service : null,
    kind: kind && LINE_KINDS.includes(kind as LineKind) ? kind as LineKind : null,
    include_deleted: get("eliminate") === "on",
  };
  const params = new URLSearchParams();
  if (filters.payer) params.set("payer", filters.payer);
  if (filters.pupil) params.set("pupil", filters.pupil);
  if (filters.service_id) params.set("service_id", filters.service_id);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.include_deleted) params.set("eliminate", "on");
  return { filters, query: params.toString() };
}

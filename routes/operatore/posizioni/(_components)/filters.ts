import {
  GPD_STATUSES,
  type GpdStatus,
  POSITION_STATUSES,
  type PositionFilters,
  type PositionStatus,
} from "../../../../lib/billing/positions_read.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

/** "Scadute e non pagate": a choice of the status filter (open or partly paid, past a due date). */
export const OVERDUE = "overdue";
/** "In riscossione coattiva": a choice of the status filter (on a live list). */
export const ENFORCED = "riscossione";

/**
 * The positions' filters from a query string, as the list and its export read them (anything
 * unknown is ignored), and the query string that gives them back.
 */
export function readPositionFilters(
  get: (k: string) => string | undefined,
): { filters: PositionFilters; query: string } {
  const q = (k: string) => get(k)?.trim() || null;
  const run = q("run_id");
  const status = q("status");
  const gpd = q("gpd_status");
  const filters: PositionFilters = {
    run_id: isUuid(run) ? run : null,
    payer: q("payer")?.slice(0, 100) ?? null,
    status: POSITION_STATUSES.includes(status as PositionStatus) ? status as PositionStatus : null,
    gpd_status: GPD_STATUSES.includes(gpd as GpdStatus) ? gpd as GpdStatus : null,
    overdue: status === OVERDUE,
    enforced: status === ENFORCED,
  };
  const params = new URLSearchParams();
  for (const k of ["run_id", "payer", "status", "gpd_status"] as const) {
    const v = filters[k];
    if (v) params.set(k, v);
  }
  if (filters.overdue) params.set("status", OVERDUE);
  if (filters.enforced) params.set("status", ENFORCED);
  return { filters, query: params.toString() };
}

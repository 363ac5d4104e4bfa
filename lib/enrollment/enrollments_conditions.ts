/**
 * The facts of an enrollment's tariff that the office certifies rather than the registry: the
 * social-services exemption, granted or revoked on an act whose reference is stored and audited,
 * and the certified disability. Each change re-prices the enrollment so its explanation says why.
 * Runs in the caller's transaction under RLS (staff write).
 *
 * @module
 */
import type { Tx } from "../db/types.ts";
import { repriceQuietly } from "./enrollments.ts";
import { EnrollmentsError } from "./enrollments_errors.ts";
import { checkExemption } from "./tariff_assignment.ts";

async function writeExemption(
  tx: Tx,
  id: string,
  exempt: boolean,
  reference: string | null,
  userId: string | null,
): Promise<boolean | null> {
  const [cur] = await tx.query<
    { tenant_id: string; exempt: boolean; reference: string | null }
  >(
    `select tenant_id, social_services_exemption as exempt,
            social_services_exemption_reference as reference
       from public.enrollments where tenant_id = app.tenant_id() and id = $1 for update`,
    [id],
  );
  if (!cur) return null;
  const plan = checkExemption(cur, { exempt, reference });
  if (plan.problems.length) {
    throw new EnrollmentsError(
      "invalid",
      plan.problems.map((p) => p.it).join(" "),
      plan.problems.map((p) => p.en).join(" "),
      plan.problems.map((p) => ({ path: p.field, it: p.it, en: p.en })),
    );
  }
  if (plan.change === "none") return false;
  await tx.query(
    `update public.enrollments set social_services_exemption = $2,
            social_services_exemption_reference = $3, social_services_exemption_by = $4,
            social_services_exemption_at = case when $2 then now() end, updated_at = now()
      where tenant_id = app.tenant_id() and id = $1`,
    [id, exempt, exempt ? plan.reference : null, exempt ? userId : null],
  );
  await tx.query("select app.audit_event($1, $2, 'enrollments', $3, $4)", [
    cur.tenant_id,
    plan.change === "revoke" ? "exemption_revoked" : "exemption_granted",
    id,
    { reference: plan.reference, before_reference: cur.reference },
  ]);
  return true;
}

/**
 * Grants, amends or revokes the social-services exemption with the reference of the act that
 * decides it (required to grant or revoke), audits it and re-prices. False when not visible.
 */
export async function setExemption(
  tx: Tx,
  id: string,
  exempt: boolean,
  reference: string | null = null,
  userId: string | null = null,
): Promise<boolean> {
  const changed = await writeExemption(tx, id, exempt, reference, userId);
  if (changed === null) return false;
  if (changed) await repriceQuietly(tx, id);
  return true;
}

export interface Conditions {
  social_services_exemption?: boolean;
  /** The act granting or revoking the exemption. */
  exemption_reference?: string | null;
  /** Certified disability (health data: the row trigger logs the change). */
  disability?: boolean;
}

/**
 * Changes the facts of the tariff the office certifies (exemption, disability) in one step:
 * all or nothing, re-priced once. False when the enrollment is not visible.
 */
export async function setConditions(
  tx: Tx,
  id: string,
  c: Conditions,
  userId: string | null,
): Promise<boolean> {
  let changed = false;
  if (c.social_services_exemption !== undefined) {
    const r = await writeExemption(
      tx,
      id,
      c.social_services_exemption,
      c.exemption_reference ?? null,
      userId,
    );
    if (r === null) return false;
    changed ||= r;
  }
  const rows = await tx.query<{ changed: boolean }>(
    `update public.enrollments e
        set disability = coalesce($2, e.disability),
            updated_at = case when $2 is distinct from e.disability and $2 is not null
                              then now() else e.updated_at end
       from (select id, disability as before from public.enrollments
              where tenant_id = app.tenant_id() and id = $1 for update) old
      where e.tenant_id = app.tenant_id() and e.id = old.id
      returning ($2::boolean is not null and $2 is distinct from old.before) as changed`,
    [id, c.disability ?? null],
  );
  if (!rows.length) return false;
  changed ||= rows[0].changed;
  if (changed) await repriceQuietly(tx, id);
  return true;
}

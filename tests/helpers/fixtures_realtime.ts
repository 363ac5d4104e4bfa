import type { Db } from "../../lib/db/types.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * Realtime and push: the administrator's phone with notifications enabled (their own row: only
 * its owner reads a subscription, and the isolation matrix's positive control signs in as admin).
 */
export const REALTIME_FIXTURES: Record<string, Fixture> = {
  async push_subscriptions(tx, f) {
    await tx.query(
      `insert into public.push_subscriptions (tenant_id, user_id, endpoint, p256dh, auth, user_agent)
       values ($1, $2, $3, $4, $5, 'Mozilla/5.0 (Android 15; Mobile) Firefox/140.0')`,
      [
        f.tenantId,
        f.users.admin,
        `https://push.example/wpush/v2/${f.tenantId}`,
        "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        "tBHItJI5svbpez7KI4CCXg",
      ],
    );
  },
};

/**
 * The demo family's sign-in (`email`) becomes a parent of a household with an effective
 * enrollment (the demo "Famiglia Ricci Colombo" has applied for nothing yet). Resolves to that
 * enrollment, its class, and an enrollment of another household.
 */
export async function familyWithEnrollment(
  db: Db,
  email: string,
  opts: { teacherEmail?: string } = {},
) {
  return await db.asOwner(async (tx) => {
    const [row] = await tx.query<{ mine: string; class_id: string | null; parent: string }>(
      `select e.id as mine, e.class_id, p.id as parent
         from public.enrollments e
         join public.household_members m on m.tenant_id = e.tenant_id
          and m.household_id = e.household_id and m.role = 'parent'
         join public.people p on p.tenant_id = m.tenant_id and p.id = m.person_id
        where e.withdrawn_on is null and e.class_id is not null and p.user_id is null
          and ($1::text is null or e.class_id in (
                select ct.class_id from public.class_teachers ct
                  join public.users u on u.id = ct.user_id where u.email = $1))
        order by e.created_at, e.id limit 1`,
      [opts.teacherEmail ?? null],
    );
    if (!row) throw new Error("no enrolled household in the demo data");
    const [user] = await tx.query<{ id: string }>(
      "select id from public.users where email = $1",
      [email],
    );
    await tx.query("update public.people set user_id = null where user_id = $1", [user.id]);
    await tx.query("update public.people set user_id = $1 where id = $2", [user.id, row.parent]);
    const [other] = await tx.query<{ id: string }>(
      `select e.id from public.enrollments e
        where e.household_id is distinct from (select household_id from public.enrollments
                                                where id = $1)
          and e.payer_id is distinct from $2 limit 1`,
      [row.mine, row.parent],
    );
    return { enrollmentId: row.mine, classId: row.class_id, otherEnrollmentId: other.id };
  });
}

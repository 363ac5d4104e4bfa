import type { Db } from "../../lib/db/types.ts";
import { DEMO_USERS } from "../../lib/seed/demo.ts";

export const OTHER_ADMIN = "admin@comune.altrove.example";

/**
 * A second Ente ("Comune di Altrove") with its own administrator, who signs in with the demo
 * password: for tests that one Ente never sees another's rows. Returns the new Ente's id.
 */
export async function addOtherTenant(db: Db): Promise<string> {
  return await db.asService(async (tx) => {
    const [tenant] = await tx.query<{ id: string }>(
      `insert into public.tenants (name, tax_code, istat_code)
       values ('Comune di Altrove', '80012345678', '099001') returning id`,
    );
    const [user] = await tx.query<{ id: string }>(
      `insert into public.users (email, full_name) values ($1, 'Piero Altrove') returning id`,
      [OTHER_ADMIN],
    );
    // The demo accounts' hash: same password, no second scrypt run.
    await tx.query(
      `insert into private.credentials (user_id, password_hash)
       select $1, c.password_hash from private.credentials c
         join public.users u on u.id = c.user_id where u.email = $2`,
      [user.id, DEMO_USERS[0].email],
    );
    await tx.query(
      "insert into public.memberships (tenant_id, user_id, role) values ($1, $2, 'admin')",
      [tenant.id, user.id],
    );
    return tenant.id;
  });
}

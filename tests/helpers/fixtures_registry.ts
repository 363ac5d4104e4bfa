import assert from "node:assert/strict";
import type { Db } from "../../lib/db/types.ts";
import { testApp } from "./app.ts";
import type { Fixture } from "./second_tenant.ts";

/**
 * The registry of the Comune di Montecalvo: one family (a parent and a child in a household, a
 * merged duplicate of the child), a caterer, and an import waiting for preview.
 */
export const REGISTRY_FIXTURES: Record<string, Fixture> = {
  async people(tx, f) {
    await tx.query(
      `insert into public.people (tenant_id, tax_code, surname, name, sex, birth_date,
         birth_place_code, birth_place_name, resident, email, kinds)
       values ($1, 'FNTDVD84C10F205F', 'Fontana', 'Davide', 'M', '1984-03-10', 'F205', 'Milano',
               true, 'davide.fontana@posta.example', '{applicant}'),
              ($1, 'FNTLCU17P49L682U', 'Fontana', 'Lucia', 'F', '2017-09-09', 'L682', 'Varese',
               true, null, '{beneficiary}')`,
      [f.tenantId],
    );
    await tx.query(
      `insert into public.people (tenant_id, surname, name, merged_into, merged_at)
       select tenant_id, 'Fontana', 'Lucia', id, now() from public.people
        where tenant_id = $1 and tax_code = 'FNTLCU17P49L682U'`,
      [f.tenantId],
    );
  },
  async households(tx, f) {
    await tx.query(
      `insert into public.households (tenant_id, name, external_code, address)
       values ($1, 'Famiglia Fontana', 'MC-0001', 'Via Varese 7, 21030 Montecalvo (VA)')`,
      [f.tenantId],
    );
  },
  async household_members(tx, f) {
    await tx.query(
      `insert into public.household_members (tenant_id, household_id, person_id, role)
       select p.tenant_id, h.id, p.id,
              case when p.birth_date > date '2008-01-01' then 'minor' else 'parent' end
         from public.people p join public.households h on h.tenant_id = p.tenant_id
        where p.tenant_id = $1 and p.tax_code is not null`,
      [f.tenantId],
    );
  },
  async organizations(tx, f) {
    await tx.query(
      `insert into public.organizations (tenant_id, name, kind, provider_kind, vat_number, tax_code,
         email)
       values ($1, 'Cooperativa Prealpi Ristorazione', 'provider', 'caterer', '01234560124',
               '01234560124', 'mensa@cooperativaprealpi.example')`,
      [f.tenantId],
    );
  },
  async person_imports(tx, f) {
    await tx.query(
      `insert into public.person_imports (tenant_id, file_name, format, resident, row_count, rows,
         created_by)
       values ($1, 'anagrafe_montecalvo.csv', 'csv', true, 1,
               '[{"line": 2, "values": {"surname": "Fontana", "name": "Marco"}}]', $2)`,
      [f.tenantId, f.users.admin],
    );
  },
};

const OPERATOR = "m.rossi@comune.valdiponte.example";

/** A signed-in operator's client for `/api/v1` (JSON in and out), for the registry tests. */
export async function operatorApi(db: Db, email = OPERATOR) {
  const { client } = await testApp(db);
  const c = client();
  assert.equal((await c.signIn(email)).status, 303);
  const csrf = await c.csrf();
  return {
    c,
    async call(method: string, path: string, body?: unknown) {
      const res = await c.request(`/api/v1${path}`, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = res.headers.get("content-type") ?? "";
      const json = res.status === 204 ? null : await res.json();
      return { status: res.status, type, json };
    },
  };
}

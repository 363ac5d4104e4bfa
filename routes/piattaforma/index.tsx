import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define, page } from "../../lib/http/define.ts";
import { listTenants, type Tenant } from "../../lib/tenancy/db.ts";

export const handler = define.handlers<Tenant[]>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(await db.asUser(claims!, (tx) => listTenants(tx)));
  },
});

/** The platform superadmin's page: the Enti on this installation. */
export default define.page<Tenant[]>(function Platform({ data, state }) {
  const it = state.lang === "it";
  return (
    <>
      <RoleSummary state={state} title={it ? "Enti della piattaforma" : "Enti on this platform"} />
      <div class="table-responsive">
        <table class="table">
          <caption>{it ? `${data.length} Enti` : `${data.length} Enti`}</caption>
          <thead>
            <tr>
              <th scope="col">{it ? "Denominazione" : "Name"}</th>
              <th scope="col">{it ? "Codice fiscale" : "Tax code"}</th>
              <th scope="col">{it ? "Codice ISTAT" : "ISTAT code"}</th>
              <th scope="col">PEC</th>
            </tr>
          </thead>
          <tbody>
            {data.map((t) => (
              <tr key={t.id}>
                <th scope="row">{t.name}</th>
                <td>{t.tax_code}</td>
                <td>{t.istat_code}</td>
                <td>{t.pec ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
});

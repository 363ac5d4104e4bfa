import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import {
  ORGANIZATION_KINDS,
  type OrganizationKind,
  organizationKindLabel,
  organizationTypeLabel,
} from "../../../../lib/registry/labels.ts";
import { listOrganizations, type Organization } from "../../../../lib/registry/organizations.ts";
import { OffsetPager } from "../(_components)/KeysetPager.tsx";
import { RegistryTabs } from "../(_components)/RegistryTabs.tsx";
import { SelectField } from "../(_components)/fields.tsx";

const PAGE_SIZE = 25;
const BASE = "/operatore/anagrafiche/organizzazioni";

interface Data {
  items: Organization[];
  total: number;
  q: string;
  kind: OrganizationKind | "";
  page: number;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const kind = ORGANIZATION_KINDS.find((k) => k === c.req.query("tipo")) ?? "";
    const pageNo = Math.max(1, Math.min(10000, Number.parseInt(c.req.query("pagina") ?? "1") || 1));
    const { items, total } = await db.asUser(claims!, (tx) =>
      listOrganizations(tx, {
        q: q || null,
        kind: kind || null,
        limit: PAGE_SIZE,
        offset: (pageNo - 1) * PAGE_SIZE,
      }));
    return page({ items, total, q, kind, page: pageNo });
  },
});

/** Legal persons: providers (caterer, bus company, cooperative), schools, others. */
export default define.page<Data>(function Organizations({ data, state }) {
  const { tr } = state;
  const href = (n: number) => {
    const p = new URLSearchParams();
    if (data.q) p.set("q", data.q);
    if (data.kind) p.set("tipo", data.kind);
    if (n > 1) p.set("pagina", String(n));
    return `${BASE}${p.size ? `?${p}` : ""}`;
  };
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"], [
          tr("Persone giuridiche", "Organizations"),
        ]]}
      />
      <h1>{tr("Persone giuridiche", "Organizations")}</h1>
      <RegistryTabs state={state} current={BASE} />
      <p>
        <a class="btn btn-primary" href={`${BASE}/nuova`}>
          {tr("Nuovo soggetto", "New organization")}
        </a>
      </p>
      <form method="get" action={BASE} class="row g-3 align-items-end mb-4" role="search">
        <div class="col-md-6">
          <div class="form-group mb-0">
            <label for="q" class="active">
              {tr(
                "Cerca per denominazione, partita IVA o codice fiscale",
                "Search by name or code",
              )}
            </label>
            <input
              id="q"
              name="q"
              type="search"
              class="form-control"
              value={data.q}
              maxLength={100}
            />
          </div>
        </div>
        <div class="col-md-3">
          <SelectField
            state={state}
            id="tipo"
            label={tr("Tipo", "Kind")}
            value={data.kind}
            errors={{}}
            options={[
              ["", tr("Tutti i tipi", "All kinds")],
              ...ORGANIZATION_KINDS.map((
                k,
              ): [string, string] => [k, organizationKindLabel(k, state.lang)]),
            ]}
          />
        </div>
        <div class="col-md-3 mb-4">
          <button type="submit" class="btn btn-outline-primary w-100">
            {tr("Cerca", "Search")}
          </button>
        </div>
      </form>
      {data.items.length === 0
        ? <p role="status">{tr("Nessun soggetto trovato.", "No organization found.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>{tr(`${data.total} soggetti`, `${data.total} organizations`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Denominazione", "Name")}</th>
                  <th scope="col">{tr("Tipo", "Kind")}</th>
                  <th scope="col">{tr("Partita IVA", "VAT number")}</th>
                  <th scope="col">{tr("Codice fiscale", "Tax code")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <a href={`${BASE}/${o.id}`}>{o.name}</a>
                    </th>
                    <td>{organizationTypeLabel(o.kind, o.provider_kind, state.lang)}</td>
                    <td>{o.vat_number ?? "—"}</td>
                    <td>{o.tax_code ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <OffsetPager
        state={state}
        page={data.page}
        pages={Math.ceil(data.total / PAGE_SIZE)}
        href={href}
      />
    </>
  );
});

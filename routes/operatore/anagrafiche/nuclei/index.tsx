import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { define, page } from "../../../../lib/http/define.ts";
import { type HouseholdSummary, listHouseholds } from "../../../../lib/registry/households.ts";
import { OffsetPager } from "../(_components)/KeysetPager.tsx";
import { RegistryTabs } from "../(_components)/RegistryTabs.tsx";

const PAGE_SIZE = 25;
const BASE = "/operatore/anagrafiche/nuclei";

interface Data {
  items: HouseholdSummary[];
  total: number;
  q: string;
  page: number;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const pageNo = Math.max(1, Math.min(10000, Number.parseInt(c.req.query("pagina") ?? "1") || 1));
    const { items, total } = await db.asUser(
      claims!,
      (tx) =>
        listHouseholds(tx, { q: q || null, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE }),
    );
    return page({ items, total, q, page: pageNo });
  },
});

/** Households (nuclei familiari) of the registry. */
export default define.page<Data>(function Households({ data, state }) {
  const { tr } = state;
  const href = (n: number) => {
    const p = new URLSearchParams();
    if (data.q) p.set("q", data.q);
    if (n > 1) p.set("pagina", String(n));
    return `${BASE}${p.size ? `?${p}` : ""}`;
  };
  return (
    <>
      <Breadcrumb
        state={state}
        items={[[tr("Anagrafiche", "Registry"), "/operatore/anagrafiche"], [
          tr("Nuclei familiari", "Households"),
        ]]}
      />
      <h1>{tr("Nuclei familiari", "Households")}</h1>
      <RegistryTabs state={state} current={BASE} />
      <p>
        <a class="btn btn-primary" href={`${BASE}/nuovo`}>{tr("Nuovo nucleo", "New household")}</a>
      </p>
      <form method="get" action={BASE} class="row g-3 align-items-end mb-4" role="search">
        <div class="col-md-9">
          <div class="form-group mb-0">
            <label for="q" class="active">
              {tr("Cerca per nome o codice famiglia", "Search by name or household code")}
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
          <button type="submit" class="btn btn-outline-primary w-100">
            {tr("Cerca", "Search")}
          </button>
        </div>
      </form>
      {data.items.length === 0
        ? <p role="status">{tr("Nessun nucleo trovato.", "No household found.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>{tr(`${data.total} nuclei familiari`, `${data.total} households`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Nucleo", "Household")}</th>
                  <th scope="col">{tr("Codice famiglia", "Household code")}</th>
                  <th scope="col">{tr("Indirizzo", "Address")}</th>
                  <th scope="col">{tr("Componenti", "Members")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">
                      <a href={`${BASE}/${h.id}`}>{h.name}</a>
                    </th>
                    <td>{h.external_code ?? "—"}</td>
                    <td>{h.address ?? "—"}</td>
                    <td>{h.member_count}</td>
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

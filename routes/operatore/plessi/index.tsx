import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { define, page, type State } from "../../../lib/http/define.ts";
import { SITE_KIND_LABELS } from "../../../lib/sites/labels.ts";
import { listSites, type Site } from "../../../lib/sites/sites.ts";

const PAGE_SIZE = 50;

interface Data {
  items: Site[];
  total: number;
  page: number;
  deleted: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const pageNo = Math.max(1, Math.min(10000, Number.parseInt(c.req.query("pagina") ?? "1") || 1));
    const { items, total } = await db.asUser(
      claims!,
      (tx) => listSites(tx, { limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE }),
    );
    return page({ items, total, page: pageNo, deleted: c.req.query("eliminato") === "1" });
  },
});

function Pager({ state, data }: { state: State; data: Data }) {
  const pages = Math.ceil(data.total / PAGE_SIZE);
  if (pages <= 1) return null;
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination">
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li class="page-item" key={n}>
            <a
              class={`page-link${n === data.page ? " active" : ""}`}
              href={`/operatore/plessi${n > 1 ? `?pagina=${n}` : ""}`}
              aria-current={n === data.page ? "page" : undefined}
            >
              <span class="visually-hidden">{state.tr("Pagina", "Page")}</span> {n}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The Ente's sites: where each is, what it offers; each name opens its page. */
export default define.page<Data>(function Sites({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Plessi", "Sites")]]} />
      <h1>{tr("Plessi", "Sites")}</h1>
      {data.deleted && <Alert kind="success">{tr("Plesso eliminato.", "Site deleted.")}</Alert>}
      <p class="lead">
        {tr(
          "Le scuole, gli asili nido e gli altri luoghi in cui l'Ente eroga i servizi, con i criteri di accesso e le foto.",
          "The schools, nurseries and other places where the Ente delivers services, with their acceptance criteria and photos.",
        )}
      </p>
      <p>
        <a class="btn btn-primary" href="/operatore/plessi/nuovo">
          {tr("Nuovo plesso", "New site")}
        </a>
      </p>
      {data.items.length === 0
        ? <p>{tr("Non ci sono ancora plessi.", "There are no sites yet.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {tr(`Plessi dell'Ente: ${data.total}`, `The Ente's sites: ${data.total}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tr("Nome", "Name")}</th>
                  <th scope="col">{tr("Tipo", "Kind")}</th>
                  <th scope="col">{tr("Indirizzo", "Address")}</th>
                  <th scope="col">{tr("Codice meccanografico", "School code")}</th>
                  <th scope="col" class="text-end">{tr("Posti", "Places")}</th>
                  <th scope="col" class="text-end">{tr("Servizi", "Services")}</th>
                  <th scope="col" class="text-end">{tr("Classi", "Classes")}</th>
                  <th scope="col" class="text-end">{tr("Foto", "Photos")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <a href={`/operatore/plessi/${s.id}`}>{s.name}</a>
                    </th>
                    <td>{tr(SITE_KIND_LABELS[s.kind].it, SITE_KIND_LABELS[s.kind].en)}</td>
                    <td>{s.address}, {s.postal_code} {s.municipality}</td>
                    <td>{s.school_code ?? "—"}</td>
                    <td class="text-end">{s.capacity ?? "—"}</td>
                    <td class="text-end">{s.service_ids.length}</td>
                    <td class="text-end">{s.class_count}</td>
                    <td class="text-end">{s.photos.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <Pager state={state} data={data} />
    </>
  );
});

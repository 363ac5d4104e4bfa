import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { WindowNote } from "../../../components/family/Service.tsx";
import { type CatalogService, publishedServices } from "../../../lib/enrollment/portal_db.ts";
import { define, page } from "../../../lib/http/define.ts";

export const handler = define.handlers<CatalogService[]>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(await db.asUser(claims!, (tx) => publishedServices(tx)));
  },
});

/** The Ente's published services, each with its enrollment window. */
export default define.page<CatalogService[]>(function Catalog({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Servizi del Comune", "Services")]]} />
      <h1>{tr("Servizi del Comune", "Services of the Comune")}</h1>
      <p class="lead">
        {tr(
          "I servizi scolastici ed educativi a domanda: che cosa offrono, quando ci si iscrive e quanto costano.",
          "School and childcare services on request: what they offer, when to apply and what they cost.",
        )}
      </p>
      {data.length === 0 && <p>{tr("Nessun servizio pubblicato.", "No published services.")}</p>}
      <div class="row">
        {data.map((s) => (
          <div class="col-12 col-lg-6 mb-3" key={s.id}>
            <div class="card card-bg h-100">
              <div class="card-body">
                <h2 class="h5 card-title">
                  <a href={`/famiglie/servizi/${s.id}`}>{s.title}</a>
                </h2>
                {s.description && <p class="card-text">{s.description}</p>}
                <WindowNote state={state} service={s} />
              </div>
            </div>
          </div>
        ))}
      </div>
    </>
  );
});

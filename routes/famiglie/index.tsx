import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define, page } from "../../lib/http/define.ts";
import { currentTenant, type Tenant } from "../../lib/tenancy/db.ts";

export const handler = define.handlers<Tenant | null>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(await db.asUser(claims!, (tx) => currentTenant(tx)));
  },
});

/** The family portal ("Servizi online"): services, charges and messages grow here. */
export default define.page<Tenant | null>(function FamilyHome({ data, state }) {
  return (
    <>
      <RoleSummary state={state} title={state.tr("Servizi online", "Online services")} />
      <section class="mb-4" aria-labelledby="services-title">
        <h2 id="services-title" class="h4">{state.tr("I tuoi servizi", "Your services")}</h2>
        <p>
          {state.tr(
            "Non risultano iscrizioni attive a tuo nome. Quando il Comune aprirà le iscrizioni, potrai presentare qui la domanda.",
            "There are no active enrollments in your name. When the Comune opens enrollment, you can apply here.",
          )}
        </p>
      </section>
      {data && (
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title" class="h4">
            {state.tr("Contatti dell'ufficio", "Office contacts")}
          </h2>
          <ul class="list-unstyled">
            <li>{data.name}</li>
            {data.address && <li>{data.address}</li>}
            {data.phone && (
              <li>
                {state.tr("Telefono", "Phone")}:{" "}
                <a href={`tel:${data.phone.replace(/\s/g, "")}`}>{data.phone}</a>
              </li>
            )}
            {data.email && (
              <li>
                E-mail: <a href={`mailto:${data.email}`}>{data.email}</a>
              </li>
            )}
            {data.pec && <li>PEC: {data.pec}</li>}
          </ul>
        </section>
      )}
    </>
  );
});

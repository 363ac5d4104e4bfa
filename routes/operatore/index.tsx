import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define, page } from "../../lib/http/define.ts";
import { hasAnyRole } from "../../lib/http/guards.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { currentTenant, memberCounts, type Tenant } from "../../lib/tenancy/db.ts";

interface Data {
  tenant: Tenant | null;
  counts: Record<string, number>;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => ({
        tenant: await currentTenant(tx),
        counts: await memberCounts(tx),
      })),
    );
  },
});

const ADMIN_LINKS = [
  { href: "/operatore/utenti", label: "Utenti e profili", en: "Users and roles" },
  { href: "/operatore/ente", label: "Dati dell'Ente", en: "The Ente's details" },
  { href: "/operatore/chiavi-api", label: "Chiavi API", en: "API keys" },
  { href: "/operatore/posta", label: "Posta in uscita", en: "Outgoing mail" },
  { href: "/operatore/registro-attivita", label: "Registro attività", en: "Audit log" },
];

/** The operator's dashboard: the Ente, its people by role, and the administration pages. */
export default define.page<Data>(function OperatorHome({ data, state }) {
  const { t } = state;
  const { tenant, counts } = data;
  return (
    <>
      <RoleSummary state={state} title={state.tr("Cruscotto dell'Ente", "Ente dashboard")} />
      {tenant && (
        <section class="mb-5" aria-labelledby="ente-title">
          <h2 id="ente-title" class="h4">{tenant.name}</h2>
          <dl class="row">
            <dt class="col-sm-3">{state.tr("Codice fiscale", "Tax code")}</dt>
            <dd class="col-sm-9">{tenant.tax_code}</dd>
            <dt class="col-sm-3">{state.tr("Codice ISTAT", "ISTAT code")}</dt>
            <dd class="col-sm-9">{tenant.istat_code}</dd>
            {tenant.pec && (
              <>
                <dt class="col-sm-3">PEC</dt>
                <dd class="col-sm-9">{tenant.pec}</dd>
              </>
            )}
            {tenant.address && (
              <>
                <dt class="col-sm-3">{state.tr("Indirizzo", "Address")}</dt>
                <dd class="col-sm-9">{tenant.address}</dd>
              </>
            )}
          </dl>
        </section>
      )}
      <section class="mb-5" aria-labelledby="people-title">
        <h2 id="people-title" class="h4">{state.tr("Persone abilitate", "People with access")}</h2>
        <div class="row">
          {(["admin", "operator", "teacher", "family", "provider"] as const).map((role) => (
            <div class="col-6 col-md-4 col-lg-2 mb-3" key={role}>
              <div class="card card-kpi shadow-sm h-100">
                <div class="card-body">
                  <p class="display-6 mb-0">{counts[role] ?? 0}</p>
                  <p class="card-text">{t(`role.${role}` as MessageKey)}</p>
                </div>
              </div>
            </div>
          ))}
        </div>
      </section>
      {hasAnyRole(state, ["admin"]) && (
        <section aria-labelledby="admin-title">
          <h2 id="admin-title" class="h4">{state.tr("Amministrazione", "Administration")}</h2>
          <ul class="link-list">
            {ADMIN_LINKS.map((l) => (
              <li key={l.href}>
                <a class="list-item" href={l.href}>{state.tr(l.label, l.en)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
});

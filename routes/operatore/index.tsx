import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define, page, type State } from "../../lib/http/define.ts";
import { hasAnyRole } from "../../lib/http/guards.ts";
import type { MessageKey } from "../../lib/i18n/mod.ts";
import { officeTodo, type TodoItem, type TodoKey } from "../../lib/office/todo.ts";
import { currentTenant, memberCounts, type Tenant } from "../../lib/tenancy/db.ts";
import { formatEuro } from "../../lib/tariffs/money.ts";

interface Data {
  tenant: Tenant | null;
  counts: Record<string, number>;
  todo: TodoItem[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => ({
        tenant: await currentTenant(tx),
        counts: await memberCounts(tx),
        todo: await officeTodo(tx),
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

/** Each queue in words: what it holds (singular, plural) and, when it is money, of what. */
const TODO_TEXT: Record<TodoKey, { it: [string, string]; en: [string, string] }> = {
  applications: {
    it: ["domanda da esaminare", "domande da esaminare"],
    en: ["application to review", "applications to review"],
  },
  isee: {
    it: ["persona senza ISEE valido", "persone senza ISEE valido"],
    en: ["person without a valid ISEE", "people without a valid ISEE"],
  },
  runs_to_approve: {
    it: ["elaborazione da verificare e approvare", "elaborazioni da verificare e approvare"],
    en: ["billing run to review and approve", "billing runs to review and approve"],
  },
  runs_failed: {
    it: ["elaborazione non riuscita", "elaborazioni non riuscite"],
    en: ["billing run failed", "billing runs failed"],
  },
  overdue: {
    it: ["posizione scaduta e non pagata", "posizioni scadute e non pagate"],
    en: ["position overdue and unpaid", "positions overdue and unpaid"],
  },
  instalment_requests: {
    it: ["richiesta di rateizzazione da esaminare", "richieste di rateizzazione da esaminare"],
    en: ["instalment plan request to review", "instalment plan requests to review"],
  },
  lapses_due: {
    it: [
      "piano di rateizzazione con la decadenza maturata",
      "piani di rateizzazione con la decadenza maturata",
    ],
    en: ["instalment plan meeting the lapse rule", "instalment plans meeting the lapse rule"],
  },
  instalments_missed: {
    it: ["piano di rateizzazione con rate scadute", "piani di rateizzazione con rate scadute"],
    en: ["instalment plan with instalments missed", "instalment plans with instalments missed"],
  },
  gpd_failed: {
    it: [
      "posizione non pubblicata su pagoPA per errore",
      "posizioni non pubblicate su pagoPA per errore",
    ],
    en: ["position not published on pagoPA (error)", "positions not published on pagoPA (error)"],
  },
  receipts: {
    it: ["ricevuta pagoPA da verificare", "ricevute pagoPA da verificare"],
    en: ["pagoPA receipt to check", "pagoPA receipts to check"],
  },
  reconciliation: {
    it: ["differenza di riconciliazione", "differenze di riconciliazione"],
    en: ["reconciliation difference", "reconciliation differences"],
  },
  credits: {
    it: ["credito di una famiglia da restituire", "crediti di famiglie da restituire"],
    en: ["family credit to give back", "family credits to give back"],
  },
};

/** What waits for the office: each queue with its count, linked to its list already filtered. */
function Todo({ state, items }: { state: State; items: TodoItem[] }) {
  const tr = state.tr;
  return (
    <section class="mb-5" aria-labelledby="todo-title">
      <h2 id="todo-title" class="h4">{tr("Da fare", "To do")}</h2>
      {items.length === 0
        ? <p>{tr("Nessuna attività in attesa.", "Nothing is waiting.")}</p>
        : (
          <ul class="list-group">
            {items.map((i) => {
              const [one, many] = TODO_TEXT[i.key][state.lang === "en" ? "en" : "it"];
              return (
                <li class="list-group-item d-flex align-items-baseline gap-3" key={i.key}>
                  <span class="h4 mb-0 text-end todo-count">
                    {i.count}
                    {i.capped && "+"}
                  </span>
                  <a href={i.href}>{i.count === 1 ? one : many}</a>
                  {i.cents !== null && (
                    <span class="ms-auto text-nowrap">{formatEuro(i.cents, state.lang)}</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
    </section>
  );
}

/** The operator's dashboard: what waits, the Ente, its people by role, the administration pages. */
export default define.page<Data>(function OperatorHome({ data, state }) {
  const { t } = state;
  const { tenant, counts } = data;
  return (
    <>
      <RoleSummary state={state} title={state.tr("Cruscotto dell'Ente", "Ente dashboard")} />
      <Todo state={state} items={data.todo} />
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
            <div class="col-6 col-md-4 mb-3" key={role}>
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

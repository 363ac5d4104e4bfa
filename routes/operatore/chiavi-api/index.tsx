import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import {
  type ApiKey,
  type ApiKeyStatus,
  apiKeyStatus,
  listApiKeys,
  maskedToken,
} from "../../../lib/auth/api_keys.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";

interface Data {
  keys: ApiKey[];
  revoked: string | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const keys = await db.asUser(claims!, (tx) => listApiKeys(tx));
    const revokedId = c.req.query("revocata");
    return page({ keys, revoked: keys.find((k) => k.id === revokedId)?.name ?? null });
  },
});

export function scopeLabel(state: State, scope: string): string {
  return scope === "write" ? state.tr("Scrittura", "Write") : state.tr("Lettura", "Read");
}

export function StatusBadge({ state, status }: { state: State; status: ApiKeyStatus }) {
  const [cls, label] = status === "active"
    ? ["bg-success", state.tr("Attiva", "Active")]
    : status === "expired"
    ? ["bg-warning text-dark", state.tr("Scaduta", "Expired")]
    : ["bg-danger", state.tr("Revocata", "Revoked")];
  return <span class={`badge ${cls}`}>{label}</span>;
}

/** The Ente's API keys: who made each, what it may do, when it was last used; create, revoke. */
export default define.page<Data>(function ApiKeys({ data, state }) {
  const { lang } = state;
  const when = (d: Date | null, none: string) => d ? formatDateTime(lang, d) : none;
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Chiavi API", "API keys")]]} />
      <h1>{state.tr("Chiavi API", "API keys")}</h1>
      <p class="lead">
        {state.tr(
          "Le chiavi API permettono ai programmi dell'Ente (contabilità, protocollo, statistiche) di usare l'API REST di Piazza. Ogni chiave agisce solo su questo Ente e ogni suo uso è registrato.",
          "API keys let the Ente's programs (accounting, records, statistics) use Piazza's REST API. Each key acts only within this Ente and every use of it is recorded.",
        )}
      </p>
      <p>
        {state.tr("Documentazione:", "Documentation:")}{" "}
        <a href="/api/v1/openapi.json">{state.tr("descrizione OpenAPI", "OpenAPI description")}</a>
      </p>
      {data.revoked && (
        <Alert kind="success">
          {state.tr(
            `La chiave «${data.revoked}» è stata revocata: da ora non funziona più.`,
            `The key “${data.revoked}” has been revoked: it no longer works.`,
          )}
        </Alert>
      )}
      <p>
        <a class="btn btn-primary" href="/operatore/chiavi-api/nuova">
          {state.tr("Crea una nuova chiave", "Create a new key")}
        </a>
      </p>
      {data.keys.length === 0
        ? <p>{state.tr("L'Ente non ha ancora chiavi API.", "The Ente has no API keys yet.")}</p>
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {state.tr(
                  `${data.keys.length} chiavi API dell'Ente`,
                  `${data.keys.length} API keys`,
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Nome", "Name")}</th>
                  <th scope="col">{state.tr("Chiave", "Key")}</th>
                  <th scope="col">{state.tr("Permessi", "Scopes")}</th>
                  <th scope="col">{state.tr("Creata", "Created")}</th>
                  <th scope="col">{state.tr("Ultimo uso", "Last used")}</th>
                  <th scope="col">{state.tr("Scadenza", "Expires")}</th>
                  <th scope="col">{state.tr("Stato", "Status")}</th>
                  <th scope="col">{state.tr("Azioni", "Actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.keys.map((k) => {
                  const status = apiKeyStatus(k);
                  return (
                    <tr key={k.id}>
                      <th scope="row">{k.name}</th>
                      <td>
                        <code>{maskedToken(k.prefix)}</code>
                      </td>
                      <td>{k.scopes.map((s) => scopeLabel(state, s)).join(", ")}</td>
                      <td>
                        {formatDateTime(lang, k.created_at)}
                        <br />
                        <span class="small">
                          {state.tr("da", "by")} {k.created_by_name ?? "—"}
                        </span>
                      </td>
                      <td>{when(k.last_used_at, state.tr("Mai", "Never"))}</td>
                      <td>{when(k.expires_at, state.tr("Nessuna", "None"))}</td>
                      <td>
                        <StatusBadge state={state} status={status} />
                        {k.revoked_at && (
                          <span class="d-block small">{formatDateTime(lang, k.revoked_at)}</span>
                        )}
                      </td>
                      <td>
                        {status !== "revoked" && (
                          <a href={`/operatore/chiavi-api/${k.id}/revoca`}>
                            {state.tr("Revoca", "Revoke")}
                            <span class="visually-hidden">{` ${k.name}`}</span>
                          </a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
});

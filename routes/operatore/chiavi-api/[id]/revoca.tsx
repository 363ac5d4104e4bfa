import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../../components/CsrfField.tsx";
import {
  type ApiKey,
  apiKeyStatus,
  getApiKey,
  maskedToken,
  revokeApiKey,
} from "../../../../lib/auth/api_keys.ts";
import { type Ctx, define, HttpError, page } from "../../../../lib/http/define.ts";
import { formatDateTime } from "../../../../lib/i18n/mod.ts";
import { scopeLabel, StatusBadge } from "../index.tsx";
import { isUuid } from "../../../../lib/codes/uuid.ts";

function keyId(c: Ctx): string {
  const id = c.req.param("id") ?? "";
  if (!isUuid(id)) throw new HttpError(404, "No such API key", { code: "not_found" });
  return id;
}

export const handler = define.handlers<ApiKey>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const key = await db.asUser(claims!, (tx) => getApiKey(tx, keyId(c)));
    if (!key) throw new HttpError(404, "No such API key", { code: "not_found" });
    return page(key);
  },
  async POST(c) {
    const { db, claims } = c.get("state");
    const key = await db.asUser(claims!, (tx) => revokeApiKey(tx, keyId(c)));
    if (!key) throw new HttpError(404, "No such API key", { code: "not_found" });
    return c.redirect(`/operatore/chiavi-api?revocata=${key.id}`, 303);
  },
});

/** Asks for confirmation before a key stops working (revocation cannot be undone). */
export default define.page<ApiKey>(function RevokeApiKey({ data: key, state }) {
  const status = apiKeyStatus(key);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [state.tr("Chiavi API", "API keys"), "/operatore/chiavi-api"],
          [state.tr("Revoca", "Revoke")],
        ]}
      />
      <h1>{state.tr(`Revocare la chiave «${key.name}»?`, `Revoke the key “${key.name}”?`)}</h1>
      <dl class="row">
        <dt class="col-sm-3">{state.tr("Chiave", "Key")}</dt>
        <dd class="col-sm-9">
          <code>{maskedToken(key.prefix)}</code>
        </dd>
        <dt class="col-sm-3">{state.tr("Permessi", "Scopes")}</dt>
        <dd class="col-sm-9">{key.scopes.map((s) => scopeLabel(state, s)).join(", ")}</dd>
        <dt class="col-sm-3">{state.tr("Ultimo uso", "Last used")}</dt>
        <dd class="col-sm-9">
          {key.last_used_at
            ? formatDateTime(state.lang, key.last_used_at)
            : state.tr("Mai", "Never")}
        </dd>
        <dt class="col-sm-3">{state.tr("Stato", "Status")}</dt>
        <dd class="col-sm-9">
          <StatusBadge state={state} status={status} />
        </dd>
      </dl>
      {status === "revoked"
        ? (
          <>
            <Alert kind="info">
              {state.tr(
                `Questa chiave è già stata revocata il ${
                  formatDateTime(state.lang, key.revoked_at!)
                }.`,
                `This key was already revoked on ${formatDateTime(state.lang, key.revoked_at!)}.`,
              )}
            </Alert>
            <a class="btn btn-primary" href="/operatore/chiavi-api">
              {state.tr("Torna all'elenco", "Back to the list")}
            </a>
          </>
        )
        : (
          <form method="post" action={`/operatore/chiavi-api/${key.id}/revoca`}>
            <CsrfField state={state} />
            <Alert kind="warning">
              {state.tr(
                "Dopo la revoca i programmi che usano questa chiave riceveranno subito un errore di autenticazione. La revoca non si può annullare.",
                "Once revoked, programs using this key get an authentication error at once. Revocation cannot be undone.",
              )}
            </Alert>
            <button type="submit" class="btn btn-danger">
              {state.tr("Sì, revoca la chiave", "Yes, revoke the key")}
            </button>
            <a class="btn btn-outline-primary ms-2" href="/operatore/chiavi-api">
              {state.tr("Annulla", "Cancel")}
            </a>
          </form>
        )}
    </>
  );
});

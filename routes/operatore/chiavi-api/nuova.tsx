import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import {
  describedBy,
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../components/FormErrors.tsx";
import { type ApiScope, createApiKey, romeEndOfDay } from "../../../lib/auth/api_keys.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../lib/i18n/mod.ts";
import { scopeLabel } from "./index.tsx";

interface Form {
  name: string;
  scopes: ApiScope[];
  expires: string;
}

type Data =
  | { step: "form"; form: Form; errors: FieldErrors }
  | { step: "created"; name: string; token: string; scopes: ApiScope[]; expires: string };

const SCOPES: ApiScope[] = ["read", "write"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readForm(body: Record<string, string | File | (string | File)[]>): Form {
  const str = (v: unknown) => typeof v === "string" ? v : "";
  const raw = body.scopes;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(str);
  return {
    name: str(body.name).trim(),
    scopes: SCOPES.filter((s) => list.includes(s)),
    expires: str(body.expires).trim(),
  };
}

function validate(state: State, form: Form): FieldErrors {
  const errors: FieldErrors = {};
  if (form.name.length < 2 || form.name.length > 100) {
    errors.name = state.tr(
      "Inserisci un nome da 2 a 100 caratteri che dica a cosa serve la chiave.",
      "Enter a name of 2 to 100 characters saying what the key is for.",
    );
  }
  if (form.scopes.length === 0) {
    errors["scope-read"] = state.tr(
      "Scegli almeno un permesso: lettura, scrittura o entrambi.",
      "Choose at least one scope: read, write or both.",
    );
  }
  if (form.expires && (!DATE.test(form.expires) || Number.isNaN(Date.parse(form.expires)))) {
    errors.expires = state.tr(
      "La data di scadenza non è valida: usa il formato gg/mm/aaaa.",
      "The expiry date is not valid.",
    );
  } else if (form.expires && form.expires < romeDate()) {
    errors.expires = state.tr(
      "La data di scadenza è già passata: scegli oggi o un giorno futuro.",
      "The expiry date has passed: choose today or a later day.",
    );
  }
  return errors;
}

export const handler = define.handlers<Data>({
  GET() {
    return page({ step: "form", form: { name: "", scopes: ["read"], expires: "" }, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const claims = state.claims!;
    const form = readForm(await c.req.parseBody({ all: true }));
    const errors = validate(state, form);
    if (Object.keys(errors).length) return page({ step: "form", form, errors }, { status: 422 });
    const { token } = await state.db.asUser(claims, (tx) =>
      createApiKey(tx, {
        tenantId: claims.app_metadata.tenant_id!,
        name: form.name,
        scopes: form.scopes,
        createdBy: claims.sub,
        expiresAt: form.expires ? romeEndOfDay(form.expires) : null,
      }));
    // The only response that ever carries the secret: never stored by a cache or the history.
    return page(
      { step: "created", name: form.name, token, scopes: form.scopes, expires: form.expires },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  },
});

function Created({ state, data }: { state: State; data: Extract<Data, { step: "created" }> }) {
  const origin = state.config.publicUrl;
  return (
    <>
      <h1>{state.tr(`Chiave API «${data.name}» creata`, `API key “${data.name}” created`)}</h1>
      <Alert kind="warning">
        <strong>{state.tr("Copia la chiave adesso.", "Copy the key now.")}</strong> {state.tr(
          "Per sicurezza Piazza ne conserva solo un'impronta: la chiave non verrà mostrata di nuovo. Se la perdi, revocala e creane un'altra.",
          "For security Piazza keeps only a fingerprint of it: the key will not be shown again. If you lose it, revoke it and create another.",
        )}
      </Alert>
      <div class="form-group mt-4">
        <label for="token" class="active">{state.tr("Chiave segreta", "Secret key")}</label>
        <input
          id="token"
          class="form-control font-monospace"
          type="text"
          readOnly
          value={data.token}
          aria-describedby="token-hint"
          autocomplete="off"
          spellcheck={false}
        />
        <small id="token-hint" class="form-text">
          {state.tr(
            "Conservala in un gestore di segreti; non inviarla per e-mail.",
            "Keep it in a secrets manager; do not send it by e-mail.",
          )}
        </small>
      </div>
      <dl class="row">
        <dt class="col-sm-3">{state.tr("Permessi", "Scopes")}</dt>
        <dd class="col-sm-9">{data.scopes.map((s) => scopeLabel(state, s)).join(", ")}</dd>
        <dt class="col-sm-3">{state.tr("Scadenza", "Expires")}</dt>
        <dd class="col-sm-9">
          {data.expires
            ? state.tr(
              `Valida fino al ${formatDate(state.lang, data.expires)} compreso`,
              `Valid through ${formatDate(state.lang, data.expires)}`,
            )
            : state.tr("Nessuna", "None")}
        </dd>
      </dl>
      <h2 class="h5">{state.tr("Come si usa", "How to use it")}</h2>
      <p>
        {state.tr(
          "Invia la chiave nell'intestazione Authorization di ogni richiesta, ad esempio:",
          "Send the key in the Authorization header of every request, for example:",
        )}
      </p>
      <pre
        class="bg-light p-3"
        style="white-space: pre-wrap; overflow-wrap: anywhere;"
      ><code>{`curl -H "Authorization: Bearer ${data.token}" ${origin}/api/v1/me`}</code></pre>
      <a class="btn btn-primary" href="/operatore/chiavi-api">
        {state.tr(
          "Ho copiato la chiave: torna all'elenco",
          "I have copied the key: back to the list",
        )}
      </a>
    </>
  );
}

/** Creates a key; the result page shows the secret once. */
export default define.page<Data>(function NewApiKey({ data, state }) {
  const crumbs: [string, string?][] = [
    [state.tr("Chiavi API", "API keys"), "/operatore/chiavi-api"],
    [state.tr("Nuova chiave", "New key")],
  ];
  if (data.step === "created") {
    return (
      <>
        <Breadcrumb state={state} items={crumbs} />
        <Created state={state} data={data} />
      </>
    );
  }
  const { form, errors } = data;
  const invalid = (f: string) => errors[f] ? "true" : undefined;
  return (
    <>
      <Breadcrumb state={state} items={crumbs} />
      <h1>{state.tr("Nuova chiave API", "New API key")}</h1>
      <ErrorSummary state={state} errors={errors} />
      <form method="post" action="/operatore/chiavi-api/nuova" class="mt-4" noValidate>
        <CsrfField state={state} />
        <div class="form-group">
          <label for="name" class="active">{state.tr("Nome della chiave", "Key name")}</label>
          <input
            id="name"
            name="name"
            type="text"
            class={`form-control${errors.name ? " is-invalid" : ""}`}
            required
            maxLength={100}
            value={form.name}
            aria-invalid={invalid("name")}
            aria-describedby={describedBy("name", errors, "name-hint")}
          />
          <small id="name-hint" class="form-text">
            {state.tr(
              "A cosa serve, ad esempio «Esportazione verso la contabilità».",
              "What it is for, e.g. “Export to accounting”.",
            )}
          </small>
          <FieldError field="name" errors={errors} />
        </div>
        <fieldset
          class="mb-4"
          aria-describedby={describedBy("scope-read", errors, "scopes-hint")}
        >
          <legend class="h6">{state.tr("Permessi", "Scopes")}</legend>
          <p id="scopes-hint" class="small mb-2">
            {state.tr(
              "Lettura: consultare i dati dell'Ente. Scrittura: modificarli. Concedi solo ciò che serve.",
              "Read: look up the Ente's data. Write: change it. Grant only what is needed.",
            )}
          </p>
          {SCOPES.map((s) => (
            <div class="form-check" key={s}>
              <input
                id={`scope-${s}`}
                name="scopes"
                type="checkbox"
                value={s}
                checked={form.scopes.includes(s)}
                aria-invalid={s === "read" ? invalid("scope-read") : undefined}
              />
              <label for={`scope-${s}`}>{scopeLabel(state, s)}</label>
            </div>
          ))}
          <FieldError field="scope-read" errors={errors} />
        </fieldset>
        <div class="form-group">
          <label for="expires" class="active">
            {state.tr("Scadenza (facoltativa)", "Expiry date (optional)")}
          </label>
          <input
            id="expires"
            name="expires"
            type="date"
            class={`form-control${errors.expires ? " is-invalid" : ""}`}
            min={romeDate()}
            value={form.expires}
            aria-invalid={invalid("expires")}
            aria-describedby={describedBy("expires", errors, "expires-hint")}
          />
          <small id="expires-hint" class="form-text">
            {state.tr(
              "La chiave smette di funzionare alla fine del giorno indicato (ora italiana). Lascia vuoto per una chiave senza scadenza.",
              "The key stops working at the end of that day (Italian time). Leave empty for no expiry.",
            )}
          </small>
          <FieldError field="expires" errors={errors} />
        </div>
        <button type="submit" class="btn btn-primary">
          {state.tr("Crea la chiave", "Create key")}
        </button>
        <a class="btn btn-outline-primary ms-2" href="/operatore/chiavi-api">
          {state.tr("Annulla", "Cancel")}
        </a>
      </form>
    </>
  );
});

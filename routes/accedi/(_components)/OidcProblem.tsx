import { Alert } from "../../../components/Alert.tsx";
import type { Office } from "../../../lib/auth/oidc_accounts.ts";
import type { State } from "../../../lib/http/define.ts";

/** Every way a sign-in through SPID/CIE can end without a session. */
export type OidcProblemReason =
  | "unavailable"
  | "denied"
  | "expired"
  | "state"
  | "rejected"
  | "missing_cf"
  | "invalid_cf"
  | "unknown"
  | "no_email"
  | "email_taken"
  | "ambiguous"
  | "no_access";

export interface OidcProblemData {
  reason: OidcProblemReason;
  office: Office | null;
}

export const PROBLEM_STATUS: Record<OidcProblemReason, number> = {
  unavailable: 502,
  denied: 401,
  expired: 400,
  state: 400,
  rejected: 400,
  missing_cf: 403,
  invalid_cf: 403,
  unknown: 403,
  no_email: 403,
  email_taken: 409,
  ambiguous: 409,
  no_access: 403,
};

/** Reasons where only the office can help: its contacts are shown. */
const ASK_OFFICE = new Set<OidcProblemReason>([
  "missing_cf",
  "invalid_cf",
  "unknown",
  "no_email",
  "email_taken",
  "ambiguous",
  "no_access",
]);

function copy(tr: State["tr"], reason: OidcProblemReason): [string, string] {
  switch (reason) {
    case "unavailable":
      return [
        tr("Servizio di accesso non disponibile", "Sign-in service unavailable"),
        tr(
          "Il gestore dell'identità digitale non risponde in questo momento. Riprova tra qualche minuto oppure accedi con e-mail e password.",
          "The digital identity provider is not answering right now. Try again in a few minutes or sign in with e-mail and password.",
        ),
      ];
    case "denied":
      return [
        tr("Accesso annullato", "Sign-in cancelled"),
        tr(
          "L'accesso con SPID o CIE è stato annullato oppure il gestore dell'identità non l'ha autorizzato. Puoi riprovare quando vuoi.",
          "Sign-in with SPID or CIE was cancelled or not authorised by the identity provider. You can try again whenever you like.",
        ),
      ];
    case "expired":
      return [
        tr("Richiesta di accesso scaduta", "Sign-in request expired"),
        tr(
          "La richiesta di accesso è scaduta o è già stata usata. Per sicurezza va ripetuta dall'inizio.",
          "The sign-in request has expired or was already used. For your security, start again.",
        ),
      ];
    case "state":
      return [
        tr("Richiesta di accesso non valida", "Invalid sign-in request"),
        tr(
          "La risposta del gestore dell'identità non corrisponde alla richiesta partita da questo browser. Per sicurezza l'accesso è stato bloccato: riprova dall'inizio.",
          "The identity provider's answer does not match the request made by this browser. For your security sign-in was blocked: start again.",
        ),
      ];
    case "rejected":
      return [
        tr("Accesso non riuscito", "Sign-in failed"),
        tr(
          "Il gestore dell'identità non ha confermato la tua identità. Riprova dall'inizio.",
          "The identity provider did not confirm your identity. Start again.",
        ),
      ];
    case "missing_cf":
      return [
        tr("Codice fiscale non ricevuto", "Fiscal code not received"),
        tr(
          "Il gestore dell'identità non ha trasmesso il tuo codice fiscale, che serve per riconoscerti tra i genitori registrati presso il Comune.",
          "The identity provider did not send your fiscal code, which is needed to recognise you among the parents registered with the Comune.",
        ),
      ];
    case "invalid_cf":
      return [
        tr("Codice fiscale non valido", "Invalid fiscal code"),
        tr(
          "Il codice fiscale trasmesso dal gestore dell'identità non è un codice fiscale italiano valido di una persona.",
          "The fiscal code sent by the identity provider is not a valid Italian fiscal code of a person.",
        ),
      ];
    case "unknown":
      return [
        tr("Codice fiscale non riconosciuto", "Fiscal code not recognised"),
        tr(
          "Il tuo codice fiscale non risulta tra i genitori registrati presso il Comune. Per usare i servizi online contatta l'ufficio: verificherà i dati dell'anagrafe e ti abiliterà all'accesso.",
          "Your fiscal code is not among the parents registered with the Comune. To use the online services contact the office: it will check the registry and enable your access.",
        ),
      ];
    case "no_email":
      return [
        tr("Manca un indirizzo e-mail", "An e-mail address is missing"),
        tr(
          "Il gestore dell'identità non ha trasmesso un indirizzo e-mail e l'anagrafe del Comune non ne ha uno a tuo nome: serve per le comunicazioni sulle domande.",
          "The identity provider sent no e-mail address and the Comune's registry has none for you: it is needed to write to you about your applications.",
        ),
      ];
    case "email_taken":
      return [
        tr("Account già esistente", "Account already exists"),
        tr(
          "Esiste già un account con l'indirizzo e-mail trasmesso dal gestore dell'identità. Accedi con e-mail e password, oppure chiedi all'ufficio di collegarlo al tuo codice fiscale.",
          "An account with the e-mail address sent by the identity provider already exists. Sign in with e-mail and password, or ask the office to link it to your fiscal code.",
        ),
      ];
    case "ambiguous":
      return [
        tr("Accesso da verificare", "Sign-in needs checking"),
        tr(
          "Il tuo codice fiscale risulta collegato a più account. Per sicurezza l'accesso è sospeso finché l'ufficio non lo verifica.",
          "Your fiscal code is linked to more than one account. For your security sign-in is on hold until the office checks it.",
        ),
      ];
    case "no_access":
      return [
        tr("Nessun servizio abilitato", "No service enabled"),
        tr(
          "Il tuo account non è abilitato ad alcun servizio del Comune.",
          "Your account is not enabled for any of the Comune's services.",
        ),
      ];
  }
}

/** The page shown instead of a session: what happened, what to do, whom to call. */
export function OidcProblem({ data, state }: { data: OidcProblemData; state: State }) {
  const { tr } = state;
  const [title, text] = copy(tr, data.reason);
  const office = ASK_OFFICE.has(data.reason) ? data.office : null;
  const retry = !ASK_OFFICE.has(data.reason);
  return (
    <div class="row justify-content-center">
      <div class="col-md-10 col-lg-8">
        <h1>{title}</h1>
        <Alert kind={retry ? "warning" : "danger"} id="oidc-problem">
          <p class="mb-0">{text}</p>
        </Alert>
        {office && (
          <section class="mt-4" aria-labelledby="office-title">
            <h2 id="office-title" class="h4">{tr("Contatti dell'ufficio", "Office contacts")}</h2>
            <ul class="list-unstyled">
              <li>{office.name}</li>
              {office.address && <li>{office.address}</li>}
              {office.phone && (
                <li>
                  {tr("Telefono", "Phone")}:{" "}
                  <a href={`tel:${office.phone.replace(/\s/g, "")}`}>{office.phone}</a>
                </li>
              )}
              {office.email && (
                <li>
                  E-mail: <a href={`mailto:${office.email}`}>{office.email}</a>
                </li>
              )}
              {office.pec && <li>PEC: {office.pec}</li>}
            </ul>
          </section>
        )}
        <div class="d-flex flex-wrap gap-2 mt-4">
          {retry && <a class="btn btn-primary" href="/accedi/oidc">{tr("Riprova", "Try again")}</a>}
          <a class={`btn ${retry ? "btn-outline-primary" : "btn-primary"}`} href="/accedi">
            {tr("Torna alla pagina di accesso", "Back to the sign-in page")}
          </a>
        </div>
      </div>
    </div>
  );
}

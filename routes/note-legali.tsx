import { define, page } from "../lib/http/define.ts";
import { currentTenant, type Tenant } from "../lib/tenancy/db.ts";

export const handler = define.handlers<Tenant | null>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(claims ? await db.asUser(claims, currentTenant) : null);
  },
});

/** Legal notes: who runs the service, licences of content and software, terms of use. */
export default define.page<Tenant | null>(function LegalNotes({ data: tenant, state }) {
  const { tr } = state;
  const ente = tenant?.name ?? tr("l'Ente", "the Ente");
  return (
    <div class="row">
      <article class="col-lg-9">
        <h1>{tr("Note legali", "Legal notes")}</h1>

        <h2>{tr("Chi gestisce il servizio", "Who runs the service")}</h2>
        <p>
          {tr(
            `Piazza è il servizio online con cui ${ente} gestisce i servizi scolastici e a domanda individuale: iscrizioni, presenze, tariffe, pagamenti pagoPA e comunicazioni con le famiglie, il personale scolastico e i gestori dei servizi. L'Ente è responsabile dei contenuti e dei dati che tratta con il servizio.`,
            `Piazza is the online service with which ${ente} runs its school and on-demand services: enrolment, attendance, tariffs, pagoPA payments and communication with families, school staff and service providers. The Ente is responsible for the content and the data it processes with the service.`,
          )}
        </p>
        {tenant && (
          <ul>
            <li>{tenant.name}{tenant.address && <>, {tenant.address}</>}</li>
            <li>{tr("Codice fiscale", "Tax code")}: {tenant.tax_code}</li>
            {tenant.pec && <li>PEC: {tenant.pec}</li>}
          </ul>
        )}

        <h2>{tr("Diritto d'autore e licenze", "Copyright and licences")}</h2>
        <p>
          {tr(
            "Salvo diversa indicazione, i contenuti pubblicati dall'Ente in questo servizio (testi, avvisi, regolamenti, tariffe) sono rilasciati con licenza Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0): puoi riutilizzarli citando la fonte. La licenza non si applica ai dati personali, che non possono essere riutilizzati, né ai marchi e ai loghi.",
            "Unless stated otherwise, the content published by the Ente in this service (texts, notices, regulations, tariffs) is released under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): you may reuse it, citing the source. The licence does not apply to personal data, which may not be reused, nor to trademarks and logos.",
          )}
        </p>
        <p>
          {tr(
            "Piazza è software libero realizzato per i Comuni: le amministrazioni possono riutilizzarlo, come previsto dall'articolo 69 del Codice dell'amministrazione digitale (D.Lgs. 82/2005). L'interfaccia usa Bootstrap Italia, la libreria di Designers Italia. pagoPA e App IO sono marchi di PagoPA S.p.A.",
            "Piazza is free software made for Comuni: public administrations may reuse it, as provided by Article 69 of the Digital Administration Code (Legislative Decree 82/2005). The interface uses Bootstrap Italia, the Designers Italia library. pagoPA and App IO are trademarks of PagoPA S.p.A.",
          )}
        </p>

        <h2>{tr("Uso del servizio", "Using the service")}</h2>
        <ul>
          <li>
            {tr(
              "Le credenziali di accesso sono personali: non condividerle. Se pensi che qualcuno le conosca, cambia subito la password dal tuo profilo.",
              "Sign-in credentials are personal: do not share them. If you think someone knows them, change your password from your profile straight away.",
            )}
          </li>
          <li>
            {tr(
              "Le operazioni svolte nel servizio sono registrate con la data, l'ora e l'autore, anche a tutela di chi le compie.",
              "Operations performed in the service are logged with date, time and author, also to protect whoever performs them.",
            )}
          </li>
          <li>
            {tr(
              "L'Ente può sospendere un account in caso di uso improprio o per motivi di sicurezza.",
              "The Ente may suspend an account in case of misuse or for security reasons.",
            )}
          </li>
        </ul>

        <h2>{tr("Valore delle informazioni", "Value of the information")}</h2>
        <p>
          {tr(
            "L'Ente cura l'esattezza delle informazioni pubblicate. Fanno fede gli atti ufficiali (regolamenti, deliberazioni, determinazioni) pubblicati all'albo pretorio e nella sezione «Amministrazione trasparente» del sito istituzionale dell'Ente: in caso di differenze, prevalgono gli atti ufficiali.",
            'The Ente takes care that the information published is accurate. The official acts (regulations, resolutions, decisions) published on the Ente\'s official notice board and in the "Amministrazione trasparente" section of its website are authoritative: in case of differences, the official acts prevail.',
          )}
        </p>

        <h2>{tr("Collegamenti ad altri siti", "Links to other sites")}</h2>
        <p>
          {tr(
            "Il servizio contiene collegamenti a siti di altre amministrazioni e soggetti, ad esempio per i pagamenti pagoPA. L'Ente non è responsabile dei contenuti e del trattamento dei dati di quei siti.",
            "The service links to sites of other administrations and parties, for example for pagoPA payments. The Ente is not responsible for the content of those sites or for how they process data.",
          )}
        </p>

        <h2>{tr("Privacy e accessibilità", "Privacy and accessibility")}</h2>
        <ul>
          <li>
            <a href="/privacy">{state.t("footer.privacy")}</a>
          </li>
          <li>
            <a href="/accessibilita">{state.t("footer.accessibility")}</a>
          </li>
        </ul>
      </article>
    </div>
  );
});

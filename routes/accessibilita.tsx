import { define, page } from "../lib/http/define.ts";
import { formatDate } from "../lib/i18n/mod.ts";
import { currentTenant, type Tenant } from "../lib/tenancy/db.ts";

/** When this statement was drawn up and last reviewed: update both at each review. */
const DRAWN_UP = "2026-11-28";
const REVIEWED = "2026-11-28";
const AGID_FORM = "https://form.agid.gov.it";

export const handler = define.handlers<Tenant | null>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(claims ? await db.asUser(claims, currentTenant) : null);
  },
});

/**
 * Accessibility statement in the structure of AgID's model (Linee guida sull'accessibilità degli
 * strumenti informatici): conformity status, non-accessible content, how it was drawn up,
 * feedback mechanism and the enforcement procedure.
 */
export default define.page<Tenant | null>(function AccessibilityStatement({ data: tenant, state }) {
  const { tr, lang, config } = state;
  const ente = tenant?.name ?? tr("l'Ente", "the Ente");
  const Ente = tenant?.name ?? tr("L'Ente", "The Ente");
  const contact = tenant?.email ?? tenant?.pec;
  return (
    <div class="row">
      <article class="col-lg-9">
        <h1>{tr("Dichiarazione di accessibilità", "Accessibility statement")}</h1>
        <p class="lead">
          {tr(
            `${Ente} si impegna a rendere accessibile il proprio servizio online Piazza, in conformità alla legge 9 gennaio 2004, n. 4 e alle Linee guida sull'accessibilità degli strumenti informatici emanate dall'Agenzia per l'Italia Digitale (AgID), in attuazione della direttiva (UE) 2016/2102.`,
            `${Ente} is committed to making its online service Piazza accessible, in accordance with Law no. 4 of 9 January 2004 and the Guidelines on the accessibility of IT tools issued by the Agency for Digital Italy (AgID), implementing Directive (EU) 2016/2102.`,
          )}
        </p>
        <p>
          {tr(
            "La dichiarazione si applica al servizio online per i servizi scolastici e a domanda individuale all'indirizzo",
            "This statement applies to the online service for school and on-demand services at",
          )} <a href={config.publicUrl}>{config.publicUrl}</a>.
        </p>

        <h2>{tr("Stato di conformità", "Compliance status")}</h2>
        <p>
          {tr(
            "Questo servizio è parzialmente conforme ai requisiti previsti dall'allegato A della norma UNI CEI EN 301549, che richiama le Web Content Accessibility Guidelines (WCAG) 2.1 al livello AA, a causa dei casi di non conformità elencati di seguito.",
            "This service is partially compliant with the requirements of Annex A of standard UNI CEI EN 301549, which refers to the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, due to the non-compliances listed below.",
          )}
        </p>

        <h2>{tr("Contenuti non accessibili", "Non-accessible content")}</h2>
        <ul>
          <li>
            {tr(
              "Documenti PDF: alcuni documenti scaricabili, come gli avvisi di pagamento pagoPA e gli allegati pubblicati dall'Ente, potrebbero non essere pienamente accessibili. Puoi chiederne il contenuto in un formato accessibile con il meccanismo di feedback descritto sotto.",
              "PDF documents: some downloadable documents, such as pagoPA payment notices and attachments published by the Ente, may not be fully accessible. You can ask for their content in an accessible format through the feedback mechanism described below.",
            )}
          </li>
          <li>
            {tr(
              "Verifica in corso: le funzioni introdotte più di recente sono controllate con strumenti automatici, che però non coprono tutti i criteri WCAG; la verifica manuale completa (tastiera e lettori di schermo) è in corso.",
              "Evaluation in progress: the most recently introduced features are checked with automated tools, which do not cover every WCAG criterion; the full manual evaluation (keyboard and screen readers) is in progress.",
            )}
          </li>
          <li>
            {tr(
              "Contenuti di terze parti: le pagine di pagamento del circuito pagoPA e le app di terzi collegate al servizio non sono sotto il controllo dell'Ente.",
              "Third-party content: the payment pages of the pagoPA network and third-party apps linked to the service are not under the Ente's control.",
            )}
          </li>
        </ul>

        <h2>{tr("Redazione della dichiarazione", "Preparation of this statement")}</h2>
        <p>
          {tr(
            `La dichiarazione è stata redatta il ${
              formatDate(lang, DRAWN_UP)
            } e riesaminata l'ultima volta il ${
              formatDate(lang, REVIEWED)
            }, sulla base di un'autovalutazione secondo il modello di AgID, con verifiche automatiche delle pagine (axe-core) svolte a ogni modifica del software. La versione ufficiale della dichiarazione di ${ente} è compilata sulla piattaforma di AgID e aggiornata ogni anno entro il 23 settembre.`,
            `This statement was drawn up on ${formatDate(lang, DRAWN_UP)} and last reviewed on ${
              formatDate(lang, REVIEWED)
            }, based on a self-assessment following AgID's model, with automated checks of the pages (axe-core) run at every change of the software. The official version of the statement of ${ente} is filed on AgID's platform and updated every year by 23 September.`,
          )}
        </p>

        <h2>{tr("Segnala un problema di accessibilità", "Report an accessibility problem")}</h2>
        <p>
          {tr(
            "Puoi segnalare casi di mancata conformità, oppure chiedere le informazioni e i contenuti esclusi dall'ambito della direttiva, scrivendo",
            "You can report non-compliance, or ask for information and content excluded from the scope of the Directive, by writing",
          )} {contact
            ? (
              <>
                {tr("a", "to")} <a href={`mailto:${contact}`}>{contact}</a>
              </>
            )
            : tr(
              "all'indirizzo e-mail dell'Ente indicato nella sua dichiarazione di accessibilità sul sito istituzionale (dopo l'accesso lo trovi anche in questa pagina)",
              "to the Ente's e-mail address given in its accessibility statement on its website (after signing in you also find it on this page)",
            )}
          . {tr(
            "Indica la pagina, il problema riscontrato e, se la usi, la tecnologia assistiva (ad esempio il lettore di schermo e il browser). L'Ente risponde entro 30 giorni.",
            "Tell us the page, the problem you found and, if you use one, the assistive technology (for example the screen reader and browser). The Ente answers within 30 days.",
          )}
        </p>

        <h2>{tr("Procedura di attuazione", "Enforcement procedure")}</h2>
        <p>
          {tr(
            "In caso di risposta insoddisfacente o di mancata risposta entro trenta giorni dalla segnalazione, puoi ricorrere al Difensore civico per il digitale presso AgID, come previsto dall'articolo 3-quinquies della legge 4/2004, con la procedura di attuazione disponibile su",
            "If the answer is unsatisfactory or you get no answer within thirty days of your report, you can turn to the Digital Ombudsman at AgID, as provided by Article 3-quinquies of Law 4/2004, through the enforcement procedure available at",
          )} <a href={AGID_FORM}>form.agid.gov.it</a>.
        </p>

        <h2>{tr("Informazioni sul servizio", "About the service")}</h2>
        <p>
          {tr(
            "Piazza è software libero per i Comuni. L'interfaccia usa Bootstrap Italia, la libreria di Designers Italia che segue le linee guida di design per i servizi digitali della pubblica amministrazione; è disponibile in italiano e in inglese e funziona anche senza JavaScript per le operazioni essenziali.",
            "Piazza is free software for Comuni. The interface uses Bootstrap Italia, the Designers Italia library that follows the design guidelines for the digital services of the public administration; it is available in Italian and English and the essential operations also work without JavaScript.",
          )}
        </p>
      </article>
    </div>
  );
});

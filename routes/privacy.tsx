import { define, page } from "../lib/http/define.ts";
import { formatDate } from "../lib/i18n/mod.ts";
import { currentTenant, type Tenant } from "../lib/tenancy/db.ts";

/** Date of the last revision of this notice: change it with the text. */
const UPDATED = "2026-11-28";

export const handler = define.handlers<Tenant | null>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(claims ? await db.asUser(claims, currentTenant) : null);
  },
});

/**
 * Information notice (GDPR arts. 13 and 14) for the people whose data the Ente processes in Piazza:
 * applicants, children, school and provider staff. Generic about "l'Ente", named when known.
 */
export default define.page<Tenant | null>(function Privacy({ data: tenant, state }) {
  const { tr, lang } = state;
  const ente = tenant?.name ?? tr("l'Ente", "the Ente");
  const Ente = tenant?.name ?? tr("L'Ente", "The Ente");
  return (
    <div class="row">
      <article class="col-lg-9">
        <h1>{tr("Informativa sul trattamento dei dati personali", "Privacy notice")}</h1>
        <p class="lead">
          {tr(
            `Ai sensi degli articoli 13 e 14 del Regolamento (UE) 2016/679 ("GDPR"), questa pagina spiega come ${ente} tratta i dati personali delle persone che usano Piazza per i servizi scolastici e a domanda individuale: genitori e altri richiedenti, bambini e ragazzi che usufruiscono dei servizi, personale scolastico, personale dei gestori dei servizi e dell'Ente.`,
            `Under Articles 13 and 14 of Regulation (EU) 2016/679 ("GDPR"), this page explains how ${ente} processes the personal data of the people who use Piazza for school and on-demand services: parents and other applicants, the children who use the services, school staff, the staff of service providers and of the Ente.`,
          )}
        </p>

        <h2>{tr("Titolare del trattamento", "Data controller")}</h2>
        {tenant
          ? (
            <>
              <p>
                {tr("Il titolare del trattamento è", "The data controller is")}{" "}
                <strong>{tenant.name}</strong>
                {tenant.address && <>, {tenant.address}</>}.
              </p>
              <ul>
                {tenant.pec && <li>PEC: {tenant.pec}</li>}
                {tenant.email && (
                  <li>
                    E-mail: <a href={`mailto:${tenant.email}`}>{tenant.email}</a>
                  </li>
                )}
                {tenant.phone && <li>{tr("Telefono", "Phone")}: {tenant.phone}</li>}
                {tenant.website && (
                  <li>
                    {tr("Sito istituzionale", "Website")}:{" "}
                    <a href={tenant.website}>{tenant.website}</a>
                  </li>
                )}
              </ul>
            </>
          )
          : (
            <p>
              {tr(
                "Il titolare del trattamento è l'Ente (il Comune o l'Unione di Comuni) che eroga il servizio a cui ti iscrivi o per cui lavori. I suoi dati di contatto sono pubblicati sul suo sito istituzionale; dopo l'accesso li trovi anche in questa pagina.",
                "The data controller is the Ente (the Comune or union of Comuni) that provides the service you enrol in or work for. Its contact details are published on its website; after signing in you also find them on this page.",
              )}
            </p>
          )}

        <h2>{tr("Responsabile della protezione dei dati", "Data Protection Officer")}</h2>
        <p>
          {tr(
            `${Ente} ha designato un Responsabile della protezione dei dati (RPD, in inglese DPO) ai sensi dell'articolo 37 del GDPR. Puoi rivolgerti al RPD per qualsiasi questione sul trattamento dei tuoi dati e per esercitare i tuoi diritti. I dati di contatto del RPD sono pubblicati sul sito istituzionale dell'Ente, nella sezione dedicata alla privacy; puoi anche scrivere alla PEC dell'Ente indicando "all'attenzione del Responsabile della protezione dei dati".`,
            `${Ente} has appointed a Data Protection Officer (DPO, in Italian RPD) under Article 37 GDPR. You can contact the DPO about any matter concerning the processing of your data and to exercise your rights. The DPO's contact details are published on the Ente's website, in its privacy section; you can also write to the Ente's PEC address marked "for the attention of the Data Protection Officer".`,
          )}
        </p>

        <h2>{tr("Quali dati trattiamo", "What data we process")}</h2>
        <ul>
          <li>
            {tr(
              "Dati anagrafici e di contatto del richiedente e del nucleo familiare: nome, codice fiscale, residenza, e-mail, telefono.",
              "Identity and contact data of the applicant and the household: name, tax code, residence, e-mail, phone.",
            )}
          </li>
          <li>
            {tr(
              "Dati dei bambini e dei ragazzi che usufruiscono dei servizi: dati anagrafici, scuola, classe, plesso, presenze, fermate del trasporto, diario.",
              "Data of the children who use the services: identity data, school, class, site, attendance, transport stops, diary.",
            )}
          </li>
          <li>
            {tr(
              "Dati economici: attestazione ISEE, tariffe applicate, agevolazioni, pagamenti e avvisi pagoPA.",
              "Financial data: ISEE certificate, applied tariffs, reductions, payments and pagoPA notices.",
            )}
          </li>
          <li>
            {tr(
              "Categorie particolari di dati (articolo 9 GDPR): dati relativi alla salute necessari per le diete speciali (allergie, intolleranze, patologie) e per la disabilità (assistenza, accompagnamento sul trasporto, criteri di priorità); convinzioni religiose o filosofiche che possono emergere dalla richiesta di una dieta per motivi etici o religiosi.",
              "Special categories of data (Article 9 GDPR): health data needed for special diets (allergies, intolerances, conditions) and for disability (assistance, escort on transport, priority criteria); religious or philosophical beliefs that a diet requested for ethical or religious reasons may reveal.",
            )}
          </li>
          <li>
            {tr(
              "Dati degli account: credenziali di accesso (la password è conservata solo in forma cifrata irreversibile), accessi e registro delle operazioni svolte.",
              "Account data: sign-in credentials (the password is stored only as an irreversible hash), sign-ins and a log of the operations performed.",
            )}
          </li>
        </ul>
        <p>
          {tr(
            "I dati dei bambini sono forniti da chi esercita la responsabilità genitoriale; l'ISEE può essere acquisito direttamente dall'INPS; i dati sulle presenze sono registrati dal personale scolastico e dai gestori dei servizi.",
            "Children's data are provided by whoever exercises parental responsibility; the ISEE may be obtained directly from INPS; attendance is recorded by school staff and service providers.",
          )}
        </p>

        <h2>{tr("Finalità e basi giuridiche", "Purposes and legal bases")}</h2>
        <ul>
          <li>
            {tr(
              "Gestione delle domande di iscrizione, delle graduatorie e dei servizi (mensa, trasporto scolastico, asilo nido, pre e post scuola, centri estivi), delle presenze e delle comunicazioni con le famiglie: esecuzione di un compito di interesse pubblico o connesso all'esercizio di pubblici poteri di cui è investito l'Ente (articolo 6, paragrafo 1, lettera e) GDPR), in base al Testo unico degli enti locali (D.Lgs. 267/2000), alle leggi regionali sul diritto allo studio e ai regolamenti dell'Ente.",
              "Managing applications, rankings and services (canteen, school transport, nursery, before and after school, summer camps), attendance and communication with families: performance of a task carried out in the public interest or in the exercise of official authority vested in the Ente (Article 6(1)(e) GDPR), under the Consolidated Law on Local Authorities (Legislative Decree 267/2000), regional laws on the right to education and the Ente's regulations.",
            )}
          </li>
          <li>
            {tr(
              "Calcolo delle tariffe e delle agevolazioni in base all'ISEE (D.P.C.M. 159/2013): articolo 6, paragrafo 1, lettera e) GDPR.",
              "Calculating tariffs and reductions based on the ISEE (Prime Ministerial Decree 159/2013): Article 6(1)(e) GDPR.",
            )}
          </li>
          <li>
            {tr(
              "Riscossione, pagamenti tramite pagoPA, contabilità e adempimenti fiscali (ad esempio la comunicazione delle spese per la dichiarazione precompilata): adempimento di obblighi di legge (articolo 6, paragrafo 1, lettera c) GDPR).",
              "Collection, pagoPA payments, accounting and tax obligations (for example reporting expenses for the pre-filled tax return): compliance with legal obligations (Article 6(1)(c) GDPR).",
            )}
          </li>
          <li>
            {tr(
              "Diete speciali e servizi per bambini con disabilità: motivi di interesse pubblico rilevante sulla base del diritto nazionale (articolo 9, paragrafo 2, lettera g) GDPR e articolo 2-sexies del Codice in materia di protezione dei dati personali, D.Lgs. 196/2003), in particolare per l'istruzione e per le attività a tutela dei minori.",
              "Special diets and services for children with disabilities: reasons of substantial public interest on the basis of national law (Article 9(2)(g) GDPR and Article 2-sexies of the Italian Data Protection Code, Legislative Decree 196/2003), in particular for education and the protection of minors.",
            )}
          </li>
          <li>
            {tr(
              "Sicurezza del sistema e verificabilità delle operazioni (registri di accesso e di attività): articolo 6, paragrafo 1, lettera e) e articolo 32 GDPR.",
              "Security of the system and accountability of operations (access and activity logs): Article 6(1)(e) and Article 32 GDPR.",
            )}
          </li>
        </ul>
        <p>
          {tr(
            "Per queste finalità il consenso non è richiesto e non costituisce la base del trattamento.",
            "Consent is not required for these purposes and is not the legal basis of the processing.",
          )}
        </p>

        <h2>{tr("Conferimento dei dati", "Whether you must provide the data")}</h2>
        <p>
          {tr(
            "Il conferimento dei dati richiesti nei moduli è necessario per accedere ai servizi: senza di essi la domanda non può essere istruita. Se non presenti l'ISEE si applica la tariffa massima; senza la documentazione sulla dieta speciale il servizio non può garantirla.",
            "Providing the data requested in the forms is necessary to access the services: without them the application cannot be processed. Without an ISEE the highest tariff applies; without documentation of the special diet the service cannot provide it.",
          )}
        </p>

        <h2>{tr("Modalità del trattamento", "How the data are processed")}</h2>
        <p>
          {tr(
            "I dati sono trattati con strumenti informatici da personale autorizzato, ciascuno solo per quanto serve al proprio ruolo: i docenti vedono le proprie classi, le famiglie i propri figli, i gestori dei servizi i dati necessari alla loro attività. Chi prepara i pasti riceve l'indicazione della dieta da seguire per ciascun bambino, non la documentazione medica. Le connessioni sono cifrate e ogni operazione su dati economici ed esiti è registrata.",
            "Data are processed electronically by authorised staff, each only as far as their role requires: teachers see their own classes, families their own children, service providers the data they need for their work. Whoever prepares meals receives the diet to follow for each child, not the medical documentation. Connections are encrypted and every operation on financial data and outcomes is logged.",
          )}
        </p>
        <p>
          {tr(
            "Le graduatorie sono calcolate applicando i criteri del regolamento dell'Ente e sono approvate dagli uffici: non vengono prese decisioni basate unicamente su un trattamento automatizzato ai sensi dell'articolo 22 GDPR.",
            "Rankings are computed by applying the criteria of the Ente's regulations and are approved by its offices: no decision is based solely on automated processing within the meaning of Article 22 GDPR.",
          )}
        </p>

        <h2>{tr("Destinatari dei dati", "Recipients of the data")}</h2>
        <ul>
          <li>
            {tr(
              "Personale dell'Ente autorizzato al trattamento.",
              "Staff of the Ente authorised to process the data.",
            )}
          </li>
          <li>
            {tr(
              "Responsabili del trattamento nominati dall'Ente ai sensi dell'articolo 28 GDPR: i gestori dei servizi (ristorazione, trasporto, cooperative educative) e il fornitore che gestisce la piattaforma.",
              "Processors appointed by the Ente under Article 28 GDPR: the service providers (catering, transport, educational cooperatives) and the supplier that runs the platform.",
            )}
          </li>
          <li>
            {tr(
              "Le istituzioni scolastiche, per l'organizzazione dei servizi durante l'orario scolastico.",
              "Schools, to organise the services during school hours.",
            )}
          </li>
          <li>
            {tr(
              "Altre pubbliche amministrazioni e soggetti previsti dalla legge: PagoPA S.p.A. e i prestatori di servizi di pagamento (pagamenti e messaggi su App IO), l'INPS (ISEE e banche dati delle prestazioni sociali), l'Agenzia delle Entrate (adempimenti fiscali), la piattaforma SEND per le notifiche digitali.",
              "Other public administrations and parties provided for by law: PagoPA S.p.A. and payment service providers (payments and App IO messages), INPS (ISEE and social benefits databases), the Revenue Agency (tax obligations), the SEND platform for digital notifications.",
            )}
          </li>
        </ul>
        <p>
          {tr(
            "I dati non sono diffusi, salvo gli obblighi di pubblicazione previsti dalla legge; i dati relativi alla salute non sono mai diffusi (articolo 2-septies, comma 8, del Codice). L'Ente non trasferisce i dati in paesi al di fuori dell'Unione europea; se dovesse farlo, avverrà solo alle condizioni del capo V del GDPR e questa informativa sarà aggiornata.",
            "Data are not disclosed to the public, except where publication is required by law; health data are never disclosed (Article 2-septies(8) of the Code). The Ente does not transfer data to countries outside the European Union; should it do so, it will only be under the conditions of Chapter V GDPR and this notice will be updated.",
          )}
        </p>

        <h2>{tr("Periodo di conservazione", "How long data are kept")}</h2>
        <ul>
          <li>
            {tr(
              "Domande, iscrizioni e presenze: per la durata del servizio e successivamente per i tempi previsti dal piano di conservazione degli archivi dell'Ente.",
              "Applications, enrolments and attendance: for the duration of the service and then for the periods set by the Ente's records retention plan.",
            )}
          </li>
          <li>
            {tr(
              "Dati contabili e di pagamento: dieci anni, come previsto dalle norme civilistiche, contabili e fiscali.",
              "Accounting and payment data: ten years, as required by civil, accounting and tax rules.",
            )}
          </li>
          <li>
            {tr(
              "Dati relativi alla salute e alla disabilità: solo per l'anno scolastico o educativo in cui servono, salvo i documenti che devono restare agli atti del procedimento.",
              "Health and disability data: only for the school or educational year in which they are needed, except for documents that must remain in the case file.",
            )}
          </li>
          <li>
            {tr(
              "Account: finché l'account è attivo; registri di accesso e di attività: per il tempo necessario alla sicurezza del sistema e alla verifica delle operazioni, secondo le misure stabilite dall'Ente.",
              "Accounts: while the account is active; access and activity logs: for as long as needed for system security and to verify operations, as established by the Ente.",
            )}
          </li>
        </ul>

        <h2>{tr("I tuoi diritti", "Your rights")}</h2>
        <p>
          {tr(
            "Puoi chiedere all'Ente l'accesso ai tuoi dati e a quelli dei minori su cui eserciti la responsabilità genitoriale (articolo 15 GDPR), la rettifica (articolo 16), la cancellazione nei limiti in cui il trattamento non sia necessario per un compito di interesse pubblico o per obblighi di legge (articolo 17), la limitazione (articolo 18) e puoi opporti al trattamento per motivi connessi alla tua situazione particolare (articolo 21). Il diritto alla portabilità non si applica ai trattamenti svolti per compiti di interesse pubblico (articolo 20, paragrafo 3).",
            "You can ask the Ente for access to your data and to those of the minors for whom you exercise parental responsibility (Article 15 GDPR), rectification (Article 16), erasure insofar as the processing is not needed for a task in the public interest or a legal obligation (Article 17), restriction (Article 18), and you can object to processing on grounds relating to your particular situation (Article 21). The right to data portability does not apply to processing carried out for tasks in the public interest (Article 20(3)).",
          )}
        </p>
        <p>
          {tr(
            "Per esercitare i diritti scrivi all'Ente o al suo Responsabile della protezione dei dati: riceverai risposta entro un mese, prorogabile di due mesi nei casi complessi (articolo 12 GDPR).",
            "To exercise your rights, write to the Ente or its Data Protection Officer: you will receive an answer within one month, extendable by two months in complex cases (Article 12 GDPR).",
          )}
        </p>

        <h2>{tr("Reclamo al Garante", "Complaint to the supervisory authority")}</h2>
        <p>
          {tr(
            "Se ritieni che il trattamento violi il GDPR puoi proporre reclamo al Garante per la protezione dei dati personali (articolo 77 GDPR), Piazza Venezia 11, 00187 Roma, ",
            "If you believe the processing infringes the GDPR you can lodge a complaint with the Italian supervisory authority, the Garante per la protezione dei dati personali (Article 77 GDPR), Piazza Venezia 11, 00187 Rome, ",
          )}
          <a href="https://www.garanteprivacy.it">www.garanteprivacy.it</a>
          {tr(
            ", oppure ricorrere all'autorità giudiziaria (articolo 79 GDPR).",
            ", or bring proceedings before a court (Article 79 GDPR).",
          )}
        </p>

        <h2>{tr("Cookie", "Cookies")}</h2>
        <p>
          {tr(
            "Piazza usa solo cookie tecnici, necessari al funzionamento del servizio, per i quali non è richiesto il consenso: piazza_session (la sessione dopo l'accesso, al massimo 10 ore), piazza_csrf (protegge i moduli da invii contraffatti, fino alla chiusura del browser), piazza_lang (la lingua scelta, un anno). Non usiamo cookie di profilazione né di statistica di terze parti.",
            "Piazza only uses technical cookies, needed for the service to work, which do not require consent: piazza_session (your session after signing in, at most 10 hours), piazza_csrf (protects forms from forged submissions, until the browser is closed), piazza_lang (the language you chose, one year). We use no profiling cookies and no third-party analytics.",
          )}
        </p>

        <p class="text-secondary small mt-5">
          {tr("Ultimo aggiornamento:", "Last updated:")} {formatDate(lang, UPDATED)}
        </p>
      </article>
    </div>
  );
});

import { Alert } from "../../components/Alert.tsx";
import { calendarDate, StatusBadge } from "../../components/family/Family.tsx";
import { PlaceOffers } from "../../components/family/PlaceOffers.tsx";
import { RoleSummary } from "../../components/RoleSummary.tsx";
import PushOptIn from "../../islands/PushOptIn.tsx";
import {
  type CatalogService,
  type FamilyApplication,
  familyApplications,
  type FamilyEnrollment,
  familyEnrollments,
  type Household,
  myHousehold,
  publishedServices,
} from "../../lib/enrollment/portal_db.ts";
import { myPositions, owed } from "../../lib/billing/family_read.ts";
import type { Tx } from "../../lib/db/types.ts";
import { define, page, type State } from "../../lib/http/define.ts";
import { romeDate } from "../../lib/i18n/mod.ts";
import { formatEuro } from "../../lib/tariffs/money.ts";
import { myOffers, type PlaceOffer } from "../../lib/rankings/offers.ts";
import { currentTenant, type Tenant } from "../../lib/tenancy/db.ts";

interface Data {
  tenant: Tenant | null;
  household: Household | null;
  enrollments: FamilyEnrollment[];
  applications: FamilyApplication[];
  open: CatalogService[];
  offers: PlaceOffer[];
  /** What is left to pay, when anything is. */
  due: { count: number; cents: number; overdue: number } | null;
  /** Set after a draft was deleted. */
  deleted?: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    return page(
      await db.asUser(claims!, async (tx) => ({
        tenant: await currentTenant(tx),
        household: await myHousehold(tx),
        enrollments: await familyEnrollments(tx),
        applications: await familyApplications(tx),
        open: (await publishedServices(tx)).filter((s) => s.window.state === "open"),
        offers: await myOffers(tx),
        due: await dueOf(tx),
        deleted: c.req.query("bozza") === "eliminata",
      })),
    );
  },
});

async function dueOf(tx: Tx): Promise<Data["due"]> {
  const o = owed((await myPositions(tx, { today: romeDate() })).positions);
  return o.positions.length
    ? { count: o.positions.length, cents: o.cents, overdue: o.overdue }
    : null;
}

/** What is left to pay, first thing on the home page: late ones in red. */
function DueAlert({ state, due }: { state: State; due: NonNullable<Data["due"]> }) {
  const tr = state.tr;
  const amount = formatEuro(due.cents, state.lang);
  const what = due.count === 1
    ? tr(`Hai 1 avviso da pagare, per ${amount}`, `You have 1 notice to pay, for ${amount}`)
    : tr(
      `Hai ${due.count} avvisi da pagare, per ${amount}`,
      `You have ${due.count} notices to pay, for ${amount}`,
    );
  const late = due.overdue === 0 ? "" : due.overdue === 1
    ? tr(
      due.count === 1 ? ", scaduto" : ", di cui 1 scaduto",
      due.count === 1 ? ", overdue" : ", 1 overdue",
    )
    : tr(`, di cui ${due.overdue} scaduti`, `, ${due.overdue} overdue`);
  return (
    <Alert kind={due.overdue ? "danger" : "info"}>
      <p class="mb-0">
        {what}
        {late}. <a href="/famiglie/pagamenti">{tr("Vai ai pagamenti", "Go to payments")}</a>
      </p>
    </Alert>
  );
}

/** The family portal ("Servizi online"): children, enrollments, applications, open services. */
export default define.page<Data>(function FamilyHome({ data, state }) {
  const tr = state.tr;
  const { household, enrollments, applications, open } = data;
  const active = enrollments.filter((e) => !e.withdrawn_on);
  return (
    <>
      <RoleSummary state={state} title={tr("Servizi online", "Online services")} />
      {data.due && <DueAlert state={state} due={data.due} />}
      {data.deleted && (
        <Alert kind="success">
          {tr(
            "Bozza eliminata, con i dati e i documenti inseriti.",
            "Draft deleted, with the data and documents entered.",
          )}
        </Alert>
      )}
      {!household && (
        <Alert kind="warning">
          {tr(
            "Il tuo profilo non è ancora collegato a un nucleo familiare dell'anagrafe del Comune: per presentare domande contatta l'ufficio.",
            "Your profile is not yet linked to a household in the Comune's registry: contact the office to apply.",
          )}
        </Alert>
      )}
      {open.length > 0 && (
        <section class="mb-4" aria-labelledby="open-title">
          <h2 id="open-title" class="h4">{tr("Iscrizioni aperte", "Open for enrollment")}</h2>
          <ul>
            {open.map((s) => (
              <li key={s.id}>
                <a href={`/famiglie/servizi/${s.id}`}>{s.title}</a> {s.window.state === "open" &&
                  tr(
                    `(fino al ${calendarDate(state, romeDate(new Date(s.window.closes)))})`,
                    `(until ${calendarDate(state, romeDate(new Date(s.window.closes)))})`,
                  )}
              </li>
            ))}
          </ul>
          {household && (
            <a class="btn btn-primary" href="/famiglie/domande/nuova">
              {tr("Presenta una domanda", "Apply")}
            </a>
          )}
        </section>
      )}
      {household && (
        <section class="mb-4" aria-labelledby="children-title">
          <h2 id="children-title" class="h4">{tr("I tuoi figli", "Your children")}</h2>
          {household.minors.length === 0
            ? (
              <p>
                {tr("Nel nucleo non risultano minori.", "There are no minors in the household.")}
              </p>
            )
            : (
              <ul>
                {household.minors.map((m) => (
                  <li key={m.id}>
                    {m.name} {m.surname}
                    {m.birth_date &&
                      tr(
                        `, nato/a il ${calendarDate(state, m.birth_date)}`,
                        `, born ${calendarDate(state, m.birth_date)}`,
                      )}
                  </li>
                ))}
              </ul>
            )}
        </section>
      )}
      <section class="mb-4" aria-labelledby="enrollments-title">
        <h2 id="enrollments-title" class="h4">{tr("Iscrizioni attive", "Active enrollments")}</h2>
        {active.length === 0
          ? (
            <p>
              {tr(
                "Non risultano iscrizioni attive ai servizi.",
                "There are no active enrollments.",
              )}
            </p>
          )
          : (
            <ul>
              {active.map((e) => (
                <li key={e.id}>
                  <a href={`/famiglie/iscrizioni/${e.id}`}>
                    {e.child_name} – {e.service_title} {e.school_year_label}
                  </a>
                  {e.site_name && ` · ${e.site_name}`}
                  {e.class_name && ` · ${tr("classe", "class")} ${e.class_name}`}
                  {" · "}
                  <a href={`/famiglie/presenze/${e.id}`}>
                    {tr("Presenze", "Attendance")}
                    <span class="visually-hidden">: {e.child_name}, {e.service_title}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
      </section>
      <PlaceOffers state={state} offers={data.offers} />
      <section class="mb-4" aria-labelledby="applications-title">
        <h2 id="applications-title" class="h4">{tr("Le tue domande", "Your applications")}</h2>
        {applications.length === 0
          ? <p>{tr("Non hai ancora presentato domande.", "You have not applied yet.")}</p>
          : (
            <div class="table-responsive">
              <table class="table">
                <caption class="visually-hidden">
                  {tr("Domande del nucleo familiare", "Applications of the household")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{tr("Protocollo", "Protocol")}</th>
                    <th scope="col">{tr("Servizi", "Services")}</th>
                    <th scope="col">{tr("Bambini", "Children")}</th>
                    <th scope="col">{tr("Stato", "Status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {applications.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <a href={`/famiglie/domande/${a.id}`}>
                          {a.protocol_number ??
                            tr("Bozza da completare", "Draft to complete")}
                        </a>
                      </td>
                      <td>{a.services.join(", ") || "—"}</td>
                      <td>{a.children.join(", ") || "—"}</td>
                      <td>
                        <StatusBadge state={state} status={a.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </section>
      <p>
        <a href="/famiglie/servizi">
          {tr("Tutti i servizi del Comune", "All services of the Comune")}
        </a>
        {" · "}
        <a href="/famiglie/pagamenti">
          {tr("Pagamenti e ricevute pagoPA", "pagoPA payments and receipts")}
        </a>
        {" · "}
        <a href="/famiglie/borsellino">
          {tr("Borsellino prepagato", "Prepaid wallet")}
        </a>
      </p>
      {data.tenant && (
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title" class="h4">
            {tr("Contatti dell'ufficio", "Office contacts")}
          </h2>
          <ul class="list-unstyled">
            <li>{data.tenant.name}</li>
            {data.tenant.address && <li>{data.tenant.address}</li>}
            {data.tenant.phone && (
              <li>
                {tr("Telefono", "Phone")}:{" "}
                <a href={`tel:${data.tenant.phone.replace(/\s/g, "")}`}>{data.tenant.phone}</a>
              </li>
            )}
            {data.tenant.email && (
              <li>
                E-mail: <a href={`mailto:${data.tenant.email}`}>{data.tenant.email}</a>
              </li>
            )}
            {data.tenant.pec && <li>PEC: {data.tenant.pec}</li>}
          </ul>
        </section>
      )}
      <PushOptIn lang={state.lang} csrf={state.csrfToken} />
    </>
  );
});

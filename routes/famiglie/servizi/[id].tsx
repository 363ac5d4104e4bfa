import { FamilyBreadcrumb } from "../../../components/family/Family.tsx";
import { CalendarSummary, TariffSummary, WindowNote } from "../../../components/family/Service.tsx";
import {
  calendarSummary,
  type CatalogService,
  publishedService,
  type PublishedTariff,
  publishedTariffs,
  type ServiceCalendarSummary,
} from "../../../lib/enrollment/portal_db.ts";
import { define, HttpError, page } from "../../../lib/http/define.ts";

interface Data {
  service: CatalogService;
  calendar: ServiceCalendarSummary;
  tariffs: PublishedTariff[];
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const data = await db.asUser(claims!, async (tx) => {
      const service = await publishedService(tx, c.req.param("id")!);
      if (!service) return null;
      return {
        service,
        calendar: await calendarSummary(tx, service.id),
        tariffs: await publishedTariffs(tx, service.id),
      };
    });
    if (!data) throw new HttpError(404, "No such service", { code: "not_found" });
    return page(data);
  },
});

/** A published service as a family reads it: text, window, calendar and tariffs. */
export default define.page<Data>(function ServicePage({ data, state }) {
  const tr = state.tr;
  const s = data.service;
  return (
    <>
      <FamilyBreadcrumb
        state={state}
        items={[[tr("Servizi del Comune", "Services"), "/famiglie/servizi"], [s.title]]}
      />
      <h1>{s.title}</h1>
      {s.description && <p class="lead">{s.description}</p>}
      <WindowNote state={state} service={s} />
      {s.window.state === "open" && (
        <p>
          <a class="btn btn-primary" href={`/famiglie/domande/nuova?servizio=${s.id}`}>
            {tr("Presenta la domanda", "Apply")}
          </a>
        </p>
      )}
      {s.citizen_info && (
        <section class="mb-4" aria-labelledby="info-title">
          <h2 id="info-title" class="h4">{tr("Informazioni per le famiglie", "Information")}</h2>
          {s.citizen_info.split(/\n{2,}/).map((p, i) => <p key={i}>{p}</p>)}
        </section>
      )}
      <CalendarSummary state={state} calendar={data.calendar} years={s.years} />
      <TariffSummary state={state} tariffs={data.tariffs} />
    </>
  );
});

import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { cardChoices, type Choices } from "../../../lib/attendance/cards.ts";
import { getClass, loadRoster, type Roster } from "../../../lib/attendance/roster.ts";
import { isIsoDate, romeDateOf } from "../../../lib/calendar/dates.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { formatDate } from "../../../lib/i18n/mod.ts";

interface Data {
  choices: Choices;
  day: string;
  classId: string | null;
  roster: Roster | null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const q = c.req.query("giorno");
    const day = q && isIsoDate(q) ? q : romeDateOf();
    const classId = c.req.query("classe") || null;
    return page(
      await state.db.asUser(state.claims!, async (tx) => {
        const choices = await cardChoices(tx);
        const cls = classId ? await getClass(tx, classId) : null;
        return {
          choices,
          day,
          classId: cls?.id ?? null,
          roster: cls ? await loadRoster(tx, cls, day) : null,
        };
      }),
    );
  },
});

const STATUS: Record<string, [string, string]> = {
  present: ["Presente", "Present"],
  absent: ["Assente", "Absent"],
  cancelled: ["Pasto disdetto", "Meal cancelled"],
};

function RosterTables({ state, roster }: { state: State; roster: Roster }) {
  const { tr } = state;
  if (!roster.services.length) {
    return (
      <p>
        {tr("Nessun bambino iscritto in questa classe quel giorno.", "No child enrolled that day.")}
      </p>
    );
  }
  return (
    <>
      {roster.services.map((s) => (
        <div class="table-responsive mb-4" key={s.id}>
          <table class="table">
            <caption>
              {s.title} — {roster.class.name}, {roster.class.site_name} — {tr(
                `${s.counts.present} presenti, ${s.counts.absent} assenti, ${s.counts.unmarked} da rilevare`,
                `${s.counts.present} present, ${s.counts.absent} absent, ${s.counts.unmarked} not marked`,
              )}
              {!s.day_status.open && ` — ${tr("servizio chiuso", "service closed")}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr("Bambino", "Child")}</th>
                <th scope="col">{tr("Dieta", "Diet")}</th>
                <th scope="col">{tr("Stato", "Status")}</th>
                <th scope="col">{tr("Registrata da", "Recorded by")}</th>
              </tr>
            </thead>
            <tbody>
              {s.children.map((ch) => (
                <tr key={ch.enrollment_id}>
                  <th scope="row">{ch.surname} {ch.name}</th>
                  <td>{ch.diet?.name ?? "—"}</td>
                  <td>
                    {ch.mark
                      ? tr(...STATUS[ch.mark.status]) +
                        (ch.mark.meal === "white" ? tr(" (in bianco)", " (plain meal)") : "") +
                        (ch.mark.voided ? tr(" — annullata", " — voided") : "")
                      : tr("Da rilevare", "Not marked")}
                  </td>
                  <td>
                    {ch.mark
                      ? `${ch.mark.recorded_by_name ?? ch.mark.source} (${ch.mark.source})`
                      : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

/** The office's attendance: a class's day, and the tools (file import, cards, scanner). */
export default define.page<Data>(function AttendanceDay({ data, state }) {
  const { tr } = state;
  const { choices } = data;
  return (
    <>
      <Breadcrumb state={state} items={[[tr("Presenze", "Attendance")]]} />
      <h1>{tr("Presenze", "Attendance")}</h1>
      <ul class="list-inline">
        <li class="list-inline-item">
          <a class="btn btn-outline-primary" href="/operatore/presenze/importa">
            {tr("Importa da CSV", "Import from CSV")}
          </a>
        </li>
        <li class="list-inline-item">
          <a class="btn btn-outline-primary" href="/operatore/presenze/scansione">
            {tr("Scansione tessere", "Card scanning")}
          </a>
        </li>
      </ul>
      <section aria-labelledby="day-title" class="mb-5">
        <h2 id="day-title" class="h4">{tr("Giornata di una classe", "A class's day")}</h2>
        <form method="get" action="/operatore/presenze" class="row g-3 align-items-end mb-4">
          <div class="col-md-5">
            <label for="classe" class="form-label">{tr("Classe", "Class")}</label>
            <select id="classe" name="classe" class="form-select">
              <option value="">{tr("Scegli…", "Choose…")}</option>
              {choices.classes.map((c) => (
                <option key={c.id} value={c.id} selected={c.id === data.classId}>
                  {c.site} — {c.name}
                </option>
              ))}
            </select>
          </div>
          <div class="col-md-4">
            <label for="giorno" class="form-label">{tr("Giorno", "Day")}</label>
            <input id="giorno" name="giorno" type="date" class="form-control" value={data.day} />
          </div>
          <div class="col-md-3">
            <button type="submit" class="btn btn-primary">{tr("Mostra", "Show")}</button>
          </div>
        </form>
        {data.roster && (
          <>
            <p>{formatDate(state.lang, data.day)}</p>
            <RosterTables state={state} roster={data.roster} />
          </>
        )}
      </section>
      <section aria-labelledby="cards-title">
        <h2 id="cards-title" class="h4">{tr("Tessere con QR", "QR cards")}</h2>
        <p>
          {tr(
            "Un PDF con una tessera per ogni bambino iscritto (formato carta di credito): nome, servizio, plesso e classe, e un QR che non contiene dati personali. Le tessere servono per la scansione alla salita sullo scuolabus o all'ingresso in mensa.",
            "A PDF with one card per enrolled child (credit-card size): name, service, site and class, and a QR holding no personal data. Cards are scanned when boarding the school bus or entering the canteen.",
          )}
        </p>
        <form method="get" action="/operatore/presenze/tessere" class="row g-3 align-items-end">
          <div class="col-md-5">
            <label for="service_id" class="form-label">{tr("Servizio", "Service")}</label>
            <select id="service_id" name="service_id" class="form-select" required>
              {choices.services.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
            </select>
          </div>
          <div class="col-md-4">
            <label for="class_id" class="form-label">
              {tr("Classe (facoltativa)", "Class (optional)")}
            </label>
            <select id="class_id" name="class_id" class="form-select">
              <option value="">{tr("Tutto il servizio", "The whole service")}</option>
              {choices.classes.map((c) => (
                <option key={c.id} value={c.id}>{c.site} — {c.name}</option>
              ))}
            </select>
          </div>
          <div class="col-md-3">
            <button type="submit" class="btn btn-primary">
              {tr("Scarica le tessere (PDF)", "Download the cards (PDF)")}
            </button>
          </div>
        </form>
      </section>
    </>
  );
});

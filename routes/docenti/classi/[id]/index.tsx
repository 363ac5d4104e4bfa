import { Alert } from "../../../../components/Alert.tsx";
import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import AttendanceRoster, {
  type RosterServiceProps,
} from "../../../../islands/AttendanceRoster.tsx";
import { getClass, loadRoster, type Roster } from "../../../../lib/attendance/roster.ts";
import { dayNav, rosterDay } from "../../../../lib/attendance/roster_rules.ts";
import { describeClosed } from "../../../../lib/calendar/service_calendar.ts";
import { define, HttpError, page, type State } from "../../../../lib/http/define.ts";
import { formatDate, romeDate } from "../../../../lib/i18n/mod.ts";

interface Data {
  roster: Roster;
  today: string;
  notice: { kind: "success" | "danger" | "warning"; text: [string, string] } | null;
}

/** What the `segna` and `giustifica` forms come back with (no JavaScript). */
const NOTICES: Record<string, Data["notice"]> = {
  registrata: { kind: "success", text: ["Presenza registrata.", "Attendance recorded."] },
  tutti: {
    kind: "success",
    text: ["Segnati presenti i bambini non ancora segnati.", "Unmarked children marked present."],
  },
  invariata: { kind: "success", text: ["Era già registrata così.", "It was already recorded."] },
  superata: {
    kind: "warning",
    text: [
      "Non registrata: un'altra modifica più recente ha prevalso.",
      "Not recorded: a more recent change prevailed.",
    ],
  },
  giustificata: { kind: "success", text: ["Assenza giustificata.", "Absence justified."] },
};
const REJECTIONS: Record<string, [string, string]> = {
  not_found: ["Il bambino non è iscritto in questa classe.", "The child is not in this class."],
  not_enrolled: [
    "Quel giorno il bambino non risulta iscritto al servizio.",
    "That day the child is not enrolled in the service.",
  ],
  closed_day: ["Quel giorno il servizio è chiuso.", "The service is closed that day."],
  future: [
    "Non si può registrare una presenza per un giorno futuro.",
    "Attendance cannot be recorded for a future day.",
  ],
  invalid: ["Richiesta non valida.", "Invalid request."],
  after_cutoff: ["Oltre l'orario limite.", "After the cut-off."],
  justify_invalid: [
    "Scrivi la giustificazione (da 3 a 1000 caratteri).",
    "Write the justification (3 to 1000 characters).",
  ],
  justify_not_found: [
    "Non c'è un'assenza registrata per quel giorno: segna prima l'assenza.",
    "No absence is recorded for that day: mark the absence first.",
  ],
  justify_present: [
    "Quel giorno il bambino risulta presente: non c'è nulla da giustificare.",
    "The child was present that day: there is nothing to justify.",
  ],
};

export function rosterProps(state: State, roster: Roster): RosterServiceProps[] {
  return roster.services.map((s) => ({
    id: s.id,
    title: s.title,
    kind: s.kind,
    day_status: s.day_status.open
      ? { open: true }
      : { open: false, label: describeClosed(s.day_status.reason, state.lang) },
    children: s.children,
  }));
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const state = c.get("state");
    const today = romeDate();
    const day = rosterDay(c.req.query("giorno"), today);
    const roster = await db.asUser(claims!, async (tx) => {
      const cls = await getClass(tx, c.req.param("id")!);
      // Another teacher's class is simply not there.
      if (!cls) throw new HttpError(404, "No such class", { code: "not_found" });
      return await loadRoster(tx, cls, day);
    });
    if (c.req.header("accept")?.includes("application/json")) {
      return c.json({ day, services: rosterProps(state, roster) });
    }
    const esito = c.req.query("esito") ?? "";
    const motivo = c.req.query("motivo") ?? "";
    const notice = esito === "rifiutata"
      ? { kind: "danger" as const, text: REJECTIONS[motivo] ?? REJECTIONS.invalid }
      : NOTICES[esito] ?? null;
    return page({ roster, today, notice }, { status: esito === "rifiutata" ? 422 : 200 });
  },
});

/** The roster of one of the teacher's classes for a day (today by default). */
export default define.page<Data>(function ClassRoster({ data, state }) {
  const { roster, today, notice } = data;
  const tr = state.tr;
  const nav = dayNav(roster.day, today);
  const base = `/docenti/classi/${roster.class.id}`;
  return (
    <>
      <Breadcrumb
        state={state}
        home={["/docenti", tr("Oggi", "Today")]}
        items={[[tr(`Classe ${roster.class.name}`, `Class ${roster.class.name}`)]]}
      />
      <h1>{tr(`Presenze ${roster.class.name}`, `Attendance ${roster.class.name}`)}</h1>
      <p class="mb-2">
        {roster.class.site_name} — <strong>{formatDate(state.lang, roster.day)}</strong>
        {roster.day === today && tr(" (oggi)", " (today)")}
      </p>
      <nav aria-label={tr("Giorni", "Days")} class="d-flex flex-wrap gap-2 mb-3">
        <a class="btn btn-outline-primary" href={`${base}?giorno=${nav.prev}`}>
          ← {tr("Giorno precedente", "Previous day")}
        </a>
        {nav.next && (
          <a class="btn btn-outline-primary" href={`${base}?giorno=${nav.next}`}>
            {tr("Giorno successivo", "Next day")} →
          </a>
        )}
        {roster.day !== today && (
          <a class="btn btn-outline-primary" href={base}>{tr("Oggi", "Today")}</a>
        )}
        <a class="btn btn-outline-secondary" href={`${base}/assenze`}>
          {tr("Assenze programmate", "Planned absences")}
        </a>
      </nav>
      <form method="get" action={base} class="d-flex flex-wrap gap-2 align-items-end mb-3">
        <div class="form-group mb-0">
          <label for="giorno" class="active">{tr("Vai al giorno", "Go to day")}</label>
          <input
            id="giorno"
            name="giorno"
            type="date"
            class="form-control"
            max={today}
            value={roster.day}
          />
        </div>
        <button type="submit" class="btn btn-outline-primary">{tr("Mostra", "Show")}</button>
      </form>
      {notice && (
        <Alert kind={notice.kind} id="notice">
          {tr(...notice.text)}
        </Alert>
      )}
      {roster.services.length === 0
        ? (
          <p>
            {tr(
              "Nessun bambino della classe è iscritto a un servizio in questo giorno.",
              "No child of the class is enrolled in a service on this day.",
            )}
          </p>
        )
        : (
          <AttendanceRoster
            lang={state.lang}
            csrf={state.csrfToken}
            classId={roster.class.id}
            day={roster.day}
            services={rosterProps(state, roster)}
          />
        )}
    </>
  );
});
